"""A model-free guess at whether a time expression sits in a past or a future clause.

"Friday" in a news report means the latest Friday when the clause is past ("said Friday") and the next one
when it is future ("will meet Friday"). With no parser available we read the nearest tense marker in the
same sentence; a parser-backed hint can be passed instead (``tense_hint``), e.g. from spaCy's VBD/MD tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from dateline.model import Span

__all__ = ["Tense", "TenseHint", "guess_tense"]


class Tense(StrEnum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


TenseHint = Callable[[Span], "Tense | None"]

_FUTURE = re.compile(
    r"\b(?:will|won't|wo n't|shall|'ll|going to|plans? to|scheduled|expects? to|expected"
    r"|is to|are to|to be held|would|upcoming|due to|intends? to|hopes? to|set to|as soon as|as early as"
    r"|(?-i:may|might)|payable|slated|planned for|scheduled for"
    # an infinitive of intent points ahead: "decided to admit Poland in March"
    r"|(?:decided|agreed|pledged|promised|vowed|threatened|aims?|aimed|wants?|wanted|seeks?|sought) to"
    # the present progressive of a dated action is a plan: "we're meeting on Saturday"
    r"|(?:is|are|am|'re)\s+(?!being\b)\w{3,}ing)\b",
    re.IGNORECASE,
)
# "-ed" catches regular past verbs (not a passive participle after "be": "will be held"); frequent
# irregular ones are listed. Adjectival "-ed" words do mislead it, which is why the nearest marker (usually
# the clause's own verb) wins rather than a count.
_PAST = re.compile(
    r"\b(?:said|was|were|had|did|told|came|went|took|made|gave|began|met|saw|won|lost|fell|rose|sold|"
    r"bought|brought|left|paid|sent|found|thought|became|led|kept|spent|built|struck|broke|chose|fought|ran|"
    r"wrote|spoke|stood|drove|flew|grew|knew|threw|sought|caught|fled|shot|ago|last|earlier|"
    r"(?<!be )(?<!been )(?:held|\w{3,}ed))\b",
    re.IGNORECASE,
)
# Markers further than this many characters from the expression are more likely to belong to another
# clause than to the one the expression modifies.
MAX_MARKER_DISTANCE = 60


_QUOTE = re.compile(r"``|''|[\"“”]")


def _quotation_around(text: str, span: Span, sentence: Span) -> Span:
    """The quotation holding ``span``, else the sentence: a quote keeps its own tense ("He will leave
    Thursday," Castro said), so the reporting verb outside it must not decide."""
    marks = [m for m in _QUOTE.finditer(text, sentence.start, sentence.end)]
    before = [m for m in marks if m.end() <= span.start]
    after = [m for m in marks if m.start() >= span.end]
    if len(before) % 2 == 1 and after:
        return Span(before[-1].end(), after[0].start())
    return sentence


def guess_tense(text: str, span: Span, sentence: Span) -> Tense | None:
    """Past or future from the tense marker nearest to ``span`` inside ``sentence``; None if there is none."""
    clause = _quotation_around(text, span, sentence)
    best: tuple[int, Tense] | None = None
    for pattern, tense in ((_FUTURE, Tense.FUTURE), (_PAST, Tense.PAST)):
        for m in pattern.finditer(text, clause.start, clause.end):
            if span.start <= m.start() < span.end:
                continue  # a word of the expression itself ("last", "next") is not the clause's tense
            distance = span.start - m.end() if m.end() <= span.start else m.start() - span.end
            if distance <= MAX_MARKER_DISTANCE and (best is None or distance < best[0]):
                best = (distance, tense)
    return best[1] if best else None
