"""Find and normalise the time expressions of a text: the public, model-free entry points.

Candidates from every rule are settled leftmost-longest (:func:`grammar.select`), then normalised in text
order so that each can lean on what came before it (:class:`_Narrative`); clock times are finally joined to
the day they name ("10 p.m. Wednesday").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateline.model import Span, TimeExpr, TimeInterval
from dateline.stages.temporal.calendar_math import interval_of_value
from dateline.stages.temporal.grammar import (
    NONE,
    Candidate,
    Context,
    Gate,
    Reading,
    Rule,
    candidates,
    select,
)
from dateline.stages.temporal.rules_calendar import CALENDAR_RULES
from dateline.stages.temporal.rules_relative import RELATIVE_RULES
from dateline.stages.temporal.rules_spans import SPAN_RULES
from dateline.stages.temporal.tense import Tense, TenseHint, guess_tense

__all__ = ["RULES", "find_in_window", "find_time_expressions", "resolve_relative"]

# Earlier rules win ties between equally long matches (a calendar reading beats a duration reading).
RULES: tuple[Rule, ...] = CALENDAR_RULES + RELATIVE_RULES + SPAN_RULES
_ORDER = {rule.name: i for i, rule in enumerate(RULES)}
_GATE = Gate(RULES)
_PROBE = Context(anchor=None)
_QUARTER_VALUE = re.compile(r"^\d{4}-Q\d$")
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}){0,2}")
# Fallback sentence breaks when no parse is given: end punctuation before a capital, or a blank line.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=(?:``|''|[\"“'‘(])?[A-Z0-9])|\n\s*\n")
# A period after these ends an abbreviation, not a sentence ("4 a.m. EDT", "Mr. Bush", "Aug. 7").
_ABBREVIATION = re.compile(
    r"(?:\b(?:a\.m|p\.m|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Col|Lt|Sgt|Capt|St|No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|"
    r"Dec|Inc|Corp|Co|Ltd|Jr|Sr|vs|U\.S|U\.N|[A-Z])\.)$"
)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans for the tense guess when the caller has no parse (spaCy's are better)."""
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.group(0).count("\n") < 2 and _ABBREVIATION.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        spans.append(Span(start, m.start()))
        start = m.end()
    spans.append(Span(start, len(text)))
    return spans


@dataclass
class _Narrative:
    """What the text has said so far that later expressions lean on: the latest date named in the current
    sentence ("... a year earlier") and the latest quarter named in the document ("the year-ago quarter")."""

    sentence: int = -1
    previous: str | None = None
    last_quarter: str | None = None

    def context(self, anchor: date | None, tense: Tense | None, sentence: int) -> Context:
        previous = self.previous if sentence == self.sentence else None
        return Context(anchor, tense, previous, self.last_quarter)

    def record(self, rule: Rule, reading: Reading, sentence: int) -> None:
        if rule.name == "nth-quarter" and _QUARTER_VALUE.match(reading.value):
            self.last_quarter = reading.value
        if reading.timex_type in ("DATE", "TIME") and _DATE_VALUE.match(reading.value):
            self.sentence, self.previous = sentence, reading.value


def find_time_expressions(
    text: str,
    *,
    anchor: date | None,
    tense_hint: TenseHint | None = None,
    sentences: Sequence[Span] | None = None,
) -> list[TimeExpr]:
    """Every time expression in ``text``, normalised against ``anchor`` (the article's date).

    With ``anchor`` None, relative expressions ("Thursday", "last week") come back unresolved with
    ``anchor_kind`` "none"; absolute ones ("March 5, 1946") resolve regardless. ``tense_hint`` tells whether
    the clause around a span is past or future (default: the nearest tense marker in its sentence);
    ``sentences`` are the sentence spans (default: split on end punctuation).
    """
    bounds = list(sentences) if sentences else split_sentences(text)
    starts = [s.start for s in bounds]
    narrative = _Narrative()
    found: list[TimeExpr] = []
    windows = _GATE.windows(text, bounds) if bounds else None
    for c in select(candidates(text, RULES, probe=_PROBE, windows=windows), _ORDER):
        index = max(bisect_right(starts, c.span.start) - 1, 0)
        sentence = bounds[index] if bounds else Span(0, len(text))
        tense = tense_hint(c.span) if tense_hint is not None else guess_tense(text, c.span, sentence)
        reading = _normalise(c, narrative.context(anchor, tense, index))
        if reading is not None:
            found.append(_to_time_expr(c, reading, anchor))
            narrative.record(c.rule, reading, index)
    return _attach_clock_times(text, found)


_CLOCK_JOINER = re.compile(r"^(?:\s?,?\s+(?:on\s+)?|\s+at\s+)$")


def _attach_clock_times(text: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """ "10 p.m. Wednesday", "noon Thursday", "Nov. 9 at 5 p.m.": one TIME expression on that day."""
    merged: list[TimeExpr] = []
    for expr in found:
        if merged and _CLOCK_JOINER.match(text[merged[-1].span.end : expr.span.start]):
            joined = _join_clock_and_day(merged[-1], expr)
            if joined is not None:
                merged[-1] = joined
                continue
        merged.append(expr)
    return merged


def _join_clock_and_day(first: TimeExpr, second: TimeExpr) -> TimeExpr | None:
    clock, day = (first, second) if first.timex_type == "TIME" else (second, first)
    if clock.timex_type != "TIME" or "T" not in clock.value or day.timex_type != "DATE":
        return None
    if not re.fullmatch(r"(?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)", day.value):
        return None
    value = day.value + clock.value[clock.value.index("T") :]
    span = Span(first.span.start, second.span.end)
    return TimeExpr(span, day.interval, day.anchor_kind, "TIME", value)


def _normalise(c: Candidate, ctx: Context) -> Reading | None:
    try:
        return c.rule.normalise(c.match, ctx)
    except (ValueError, OverflowError):
        # Calendar arithmetic left the representable years (an anchor near 1 AD or 9999): the expression
        # is still found, but it cannot be placed.
        return Reading("XXXX", "DATE", NONE)


def _to_time_expr(c: Candidate, reading: Reading, anchor: date | None) -> TimeExpr:
    if reading.timex_type in ("DURATION", "SET"):
        interval = TimeInterval.unresolved()  # a stretch or a frequency is not a date
    else:
        interval = interval_of_value(reading.value, anchor=anchor)
    anchor_kind = reading.anchor_kind if interval.is_resolved else NONE  # nothing was anchored after all
    return TimeExpr(c.span, interval, anchor_kind, reading.timex_type, reading.value)


def find_in_window(
    text: str,
    *,
    earliest: date,
    latest: date,
    tense_hint: TenseHint | None = None,
    sentences: Sequence[Span] | None = None,
) -> list[TimeExpr]:
    """Time expressions of an article known only to date from ``earliest`` to ``latest``.

    Each relative expression is resolved against both ends of the window and widened to cover both readings
    ("on Thursday" in an article of some day in [Mon 6, Sun 12] spans the Thursdays from the 2nd to the 9th).
    Values (for evaluation) are the reading against ``latest``.
    """
    late = find_time_expressions(text, anchor=latest, tense_hint=tense_hint, sentences=sentences)
    if earliest >= latest:
        return late
    early = {
        e.span: e
        for e in find_time_expressions(text, anchor=earliest, tense_hint=tense_hint, sentences=sentences)
    }
    return [_widen(e, early.get(e.span)) for e in late]


def _widen(late: TimeExpr, early: TimeExpr | None) -> TimeExpr:
    if (
        early is None
        or late.anchor_kind == "absolute"
        or not (late.interval.is_resolved and early.interval.is_resolved)
    ):
        return late
    assert late.interval.start and late.interval.end and early.interval.start and early.interval.end
    start = min(late.interval.start, early.interval.start)
    end = max(late.interval.end, early.interval.end)
    return TimeExpr(late.span, TimeInterval(start, end, late.interval.granularity), late.anchor_kind,
                    late.timex_type, late.value)  # fmt: skip


def resolve_relative(expr_text: str, anchor: date, *, past: bool = True) -> TimeInterval:
    """The interval one time expression denotes ("March last year", "on Thursday") against ``anchor``;
    ``past`` says whether its clause is past (the default for news) or future. Unresolved if none is found."""
    tense = Tense.PAST if past else Tense.FUTURE
    found = find_time_expressions(expr_text, anchor=anchor, tense_hint=lambda _span: tense)
    if not found:
        return TimeInterval.unresolved()
    return max(found, key=lambda e: len(e.span)).interval
