"""The rule engine: named rules (a compiled pattern + a normaliser) matched over a text.

A :class:`Rule` pairs a regular expression, compiled from the named parts in :mod:`.lexicon`, with a function
that turns one match into a :class:`Reading` (TIMEX3 value, type, anchor kind) given a :class:`Context` (the
anchor date, the clause's tense, the narrative so far). Overlapping matches are settled leftmost-longest, the
way TIMEX3 annotates the maximal expression ("late on Thursday", not "Thursday").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from dateline.model import Span
from dateline.stages.temporal.tense import Tense

__all__ = ["Candidate", "Context", "Gate", "Reading", "Rule", "candidates", "compile_rule", "select"]

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


def candidates(
    text: str, rules: Sequence[Rule], *, probe: Context, windows: Sequence[Span] | None = None
) -> list[Candidate]:
    """Every match of every rule whose normaliser accepts it (tried with ``probe``, an anchored context),
    inside ``windows`` when given (stretches that may hold one, see :class:`Gate`), else anywhere."""
    found: list[Candidate] = []
    for window in windows if windows is not None else [Span(0, len(text))]:
        for rule in rules:
            found.extend(_rule_candidates(text, rule, window, probe))
    return found


def _rule_candidates(text: str, rule: Rule, window: Span, probe: Context) -> Iterator[Candidate]:
    # pos/endpos rather than slicing: offsets stay the text's, and the look-behind at the start of a rule
    # still sees the character before the window
    for m in rule.pattern.finditer(text, window.start, window.end):
        if m.end() > m.start() and rule.normalise(m, probe) is not None:
            # A rule may mark the expression proper with a group "expr" and match context around it
            # ("for [years]": the preposition decides it is a duration but is not part of the TIMEX3).
            start, end = m.span("expr") if "expr" in rule.pattern.groupindex and m["expr"] else m.span()
            yield Candidate(Span(start, end), rule, m)


# Words that appear in the rules' patterns only as company of a time word ("at the end of", "more than",
# "two [years]", "the following [week]"), never as a time expression's only word: a sentence holding just
# these holds none. (Over-including a word only costs speed; leaving out a needed one would lose matches,
# which the equivalence test in tests/unit/test_temporal.py and eval/timex_tbaq.py guard against; "nineteen"
# and "eighteen" stay: they open spoken years.)
_COMPANY_TEXT = (
    "the and than more less about some around almost nearly roughly approximately least most same very end "
    "beginning start middle rest remainder early late mid from for with into this that these those "
    "its their his her our each every other any all both after before over under within during just only "
    "right long short little further extra additional near close full whole entire straight consecutive "
    "following previous prior coming next new old local named number part possible turn per post pre "
    "first third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth final last "
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen couple "
    "few several many numerous barely ended comparable remaining latter"
)
_COMPANY_WORDS = frozenset(_COMPANY_TEXT.split())
# Named groups of the patterns ("(?P<rel>...)") are not words of the text.
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
# How far past its sentence a window reaches: an expression may run on over a sentence break the parser
# put inside it ("4:46 a.m. | ET").
WINDOW_MARGIN = 32
_WORD = re.compile(r"[a-z]+")


class Gate:
    """Which sentences may hold a time expression: those with a digit or with a word that some rule's
    pattern spells out (months, units, "yesterday", "currently"...), minus mere company words.

    The 34 rule patterns each scan the whole text, and most sentences of an article hold no time
    expression; testing a sentence's words against one set first skips them for the cost of one pass. The
    word list is read off the compiled patterns, so a new rule's words are gated in without a second list;
    ``eval/timex_tbaq.py`` and the unit tests check that gating changes no result.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        sources = (_GROUP_NAME.sub("(", rule.pattern.pattern).lower() for rule in rules)
        spelled = {w for source in sources for w in _WORD.findall(source)}
        # words of three letters or more: shorter literals are regex escapes ("\\s" -> "s") or abbreviation
        # parts ("a.m.") that come with digits anyway
        self.words = frozenset(w for w in spelled if len(w) >= 3) - _COMPANY_WORDS

    def windows(self, text: str, sentences: Sequence[Span]) -> list[Span]:
        """Each passing sentence, widened by ``WINDOW_MARGIN`` on both sides, overlapping ones joined."""
        out: list[Span] = []
        for sentence in sentences:
            if not self.opens(text[sentence.start : sentence.end]):
                continue
            start = max(0, sentence.start - WINDOW_MARGIN)
            end = min(len(text), sentence.end + WINDOW_MARGIN)
            if out and out[-1].end >= start:
                out[-1] = Span(out[-1].start, max(end, out[-1].end))
            else:
                out.append(Span(start, end))
        return out

    def opens(self, stretch: str) -> bool:
        if any(ch.isdigit() for ch in stretch):
            return True
        words = set(_WORD.findall(stretch.lower()))
        words.update(w[:-1] for w in list(words) if w.endswith("s"))  # plurals: "nights", "seconds"
        return not self.words.isdisjoint(words)


def select(found: list[Candidate], order: dict[str, int]) -> list[Candidate]:
    """Leftmost-longest non-overlapping candidates; ties go to the rule listed first (``order``)."""
    ranked = sorted(found, key=lambda c: (-len(c.span), c.span.start, order[c.rule.name]))
    chosen: list[Candidate] = []
    for c in ranked:
        if not any(c.span.overlaps(k.span) for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.span.start)
