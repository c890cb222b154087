"""Time expressions: find them in English news text and normalise them to TIMEX3 values and intervals.

The core is a rule grammar (:mod:`.lexicon` words -> named regex parts -> :mod:`.rules_calendar`,
:mod:`.rules_relative`, :mod:`.rules_spans`), run by :mod:`.grammar` and :mod:`.finder`; :mod:`.stage` wraps
it as the pipeline stage.

Why not dateparser for the core: it parses a string it is handed, but it does not find expressions in
running text with offsets (``search_dates`` returns substrings, misreads "may"/"march" as dates and has no
durations or sets), it resolves relative dates against one global "prefer past/future" setting rather than
the tense of each clause, and it returns a datetime, not the stated granularity ("March last year" must stay
a month). The grammar keeps those decisions explicit and testable.
"""

from __future__ import annotations

from dateline.stages.temporal.finder import find_in_window, find_time_expressions, resolve_relative
from dateline.stages.temporal.stage import TimeExpressions
from dateline.stages.temporal.tense import Tense, TenseHint

__all__ = [
    "Tense",
    "TenseHint",
    "TimeExpressions",
    "find_in_window",
    "find_time_expressions",
    "resolve_relative",
]
