"""Where did the event of a sentence happen? Not where it was announced.

"BEIRUT: Syria regime forces have retaken four neighbourhoods of Mayadeen" happened in Mayadeen; BEIRUT is the
dateline, the place the report was filed from. Among a sentence's places the one preferred is attached to the
trigger (dependency path or nearness, after it rather than before), the most specific (a named place inside
a town over the town over its region over its country), and introduced by a locative preposition ("in",
"of", "from", "near"). A place introduced by "said in"/"told ... in" is where someone spoke, so it is demoted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from dateline.model import AnalyzedArticle, Entity, Span, Token, Toponym

__all__ = ["pick_event_place"]

# Specificity, in score units: a neighbourhood beats its town, which beats a region, which beats a country.
SPECIFICITY = {
    "named-place": 3.0,
    "city": 2.0,
    "admin2": 1.5,
    "admin1": 1.0,
    "country": 0.0,
    "continent": -1.0,
}
LOCATIVE_BONUS = 1.0
DATELINE_PENALTY = 6.0
SPEECH_PENALTY = 2.5
# A place named inside an organisation's name is not where the event happened.
ORG_PENALTY = 3.0
# Dependency attachment to the trigger (the place is in the trigger's subtree within a few arcs).
ATTACHED_BONUS = 2.0
MAX_ARCS = 4
# Nearness to the trigger: a bonus fading over this many characters, slightly more for places after it.
NEAR_CHARS = 120.0
NEAR_WEIGHT = 1.0
AFTER_TRIGGER_BONUS = 0.5

_LOCATIVE = re.compile(
    r"\b(?:in|at|of|from|near|into|inside|outside|around|across|towards?|on|over|outskirts of)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|province|region|area|district|neighbou?rhoods?)\s+of\s+)?$",
    re.I,
)
_SPEECH = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|confirmed|added|spokesman|spokeswoman|agency|talks)\b"
    r"[^.;:]{0,40}\b(?:in|from|at)\s+(?:the\s+)?$",
    re.I,
)
# A dateline: the place in capitals (or followed by a colon/bullet/dash) opening a paragraph.
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{1,20}\))?\s*[:•—–-]")


def pick_event_place(doc: AnalyzedArticle, sentence: Span, trigger: Span | None = None) -> Toponym | None:
    """The toponym of ``sentence`` where its event happened, or None when it names no resolved place."""
    text = doc.clean_text or doc.text
    candidates = [t for t in doc.toponyms if sentence.contains(t.span) and t.place is not None]
    if not candidates:
        return None
    scored = [
        (_score(text, doc.tokens, doc.entities, t, sentence, trigger), -i, t)
        for i, t in enumerate(candidates)
    ]
    return max(scored, key=lambda s: (s[0], s[1]))[2]


def _score(
    text: str,
    tokens: tuple[Token, ...],
    entities: tuple[Entity, ...],
    toponym: Toponym,
    sentence: Span,
    trigger: Span | None,
) -> float:
    place = toponym.place
    assert place is not None  # filtered by the caller
    score = SPECIFICITY.get(place.feature, 0.0)
    before = text[max(sentence.start, toponym.span.start - 60) : toponym.span.start]
    if _is_dateline(text, toponym.span):
        score -= DATELINE_PENALTY
    if any(e.label == "ORG" and e.span.contains(toponym.span) and e.span != toponym.span for e in entities):
        score -= ORG_PENALTY  # "Islamic State of Iraq": part of a name, not a site
    if _LOCATIVE.search(before):
        score += LOCATIVE_BONUS
    if _SPEECH.search(before):
        score -= SPEECH_PENALTY
    if trigger is not None:
        gap = (
            toponym.span.start - trigger.end
            if toponym.span.start >= trigger.end
            else trigger.start - toponym.span.end
        )
        score += NEAR_WEIGHT * max(0.0, 1.0 - max(gap, 0) / NEAR_CHARS)
        if toponym.span.start >= trigger.end:
            score += AFTER_TRIGGER_BONUS
        if _attached(tokens, toponym.span, trigger):
            score += ATTACHED_BONUS
    return score


def _is_dateline(text: str, span: Span) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    opens_line = not text[line_start : span.start].strip()
    surface = span.of(text)
    return opens_line and (surface.isupper() or bool(_DATELINE_AFTER.match(text[span.end : span.end + 25])))


def _attached(tokens: tuple[Token, ...], place: Span, trigger: Span) -> bool:
    """True when a token of the place reaches a token of the trigger by at most MAX_ARCS head arcs."""
    trigger_ids = set(_overlapping(tokens, trigger))
    if not trigger_ids:
        return False
    for i in _overlapping(tokens, place):
        node = i
        for _ in range(MAX_ARCS):
            head = tokens[node].head
            if head == node:
                break
            if head in trigger_ids:
                return True
            node = head
    return False


def _overlapping(tokens: Sequence[Token], span: Span) -> range:
    """Indices of the tokens overlapping ``span``, found by bisection: an article's tokens are sorted, do not
    overlap and are never empty, so their ends rise with their starts."""
    first = bisect_right(tokens, span.start, key=lambda t: t.span.end)
    stop = bisect_left(tokens, span.end, lo=first, key=lambda t: t.span.start)
    return range(first, stop)
