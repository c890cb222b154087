"""The rule engine: named rules (a compiled pattern + a normaliser) matched over a text.

A :class:`Rule` pairs a regular expression, compiled from the named parts in :mod:`.lexicon`, with a function
that turns one match into a :class:`Reading` (TIMEX3 value, type, anchor kind) given a :class:`Context` (the
anchor date, the clause's tense, the narrative so far). Overlapping matches are settled leftmost-longest, the
way TIMEX3 annotates the maximal expression ("late on Thursday", not "Thursday").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from dateline.model import Span
from dateline.stages.temporal.tense import Tense

__all__ = ["Candidate", "Context", "Reading", "Rule", "candidates", "compile_rule", "select"]

ABSOLUTE = "absolute"
PUBLICATION = "publication"
NARRATIVE = "narrative"
NONE = "none"


@dataclass(frozen=True, slots=True)
class Context:
    """What a normaliser may look at besides the match itself.

    ``previous``: the value of the latest resolved DATE earlier in the same sentence (the narrative anchor of
    "a year earlier"); ``last_quarter``: the latest quarter value in the document ("the year-ago quarter").
    """

    anchor: date | None
    tense: Tense | None = None
    previous: str | None = None
    last_quarter: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What one match means: its TIMEX3 value and type, and what it was resolved against."""

    value: str
    timex_type: str = "DATE"
    anchor_kind: str = ABSOLUTE


Normaliser = Callable[[re.Match[str], Context], Reading | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    normalise: Normaliser


@dataclass(frozen=True, slots=True)
class Candidate:
    span: Span
    rule: Rule
    match: re.Match[str]


# A time expression never starts inside a word or a number, nor ends inside one.
_START = r"(?<![\w'$£€.,/-])"
_END = r"(?![\w%-])(?!'[a-rt-z])(?!,\d{3})(?!/\d)(?!\.\d)"


def compile_rule(name: str, pattern: str, normalise: Normaliser) -> Rule:
    """A rule whose pattern is case-insensitive (month and weekday names opt out locally) and word-bounded."""
    return Rule(name, re.compile(_START + "(?:" + pattern + ")" + _END, re.IGNORECASE), normalise)


def candidates(text: str, rules: Sequence[Rule], *, probe: Context) -> list[Candidate]:
    """Every match of every rule whose normaliser accepts it (tried with ``probe``, an anchored context)."""
    found: list[Candidate] = []
    for rule in rules:
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and rule.normalise(m, probe) is not None:
                # A rule may mark the expression proper with a group "expr" and match context around it
                # ("for [years]": the preposition decides it is a duration but is not part of the TIMEX3).
                start, end = m.span("expr") if "expr" in rule.pattern.groupindex and m["expr"] else m.span()
                found.append(Candidate(Span(start, end), rule, m))
    return found


def select(found: list[Candidate], order: dict[str, int]) -> list[Candidate]:
    """Leftmost-longest non-overlapping candidates; ties go to the rule listed first (``order``)."""
    ranked = sorted(found, key=lambda c: (-len(c.span), c.span.start, order[c.rule.name]))
    chosen: list[Candidate] = []
    for c in ranked:
        if not any(c.span.overlaps(k.span) for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.span.start)
