"""Short human labels for records, shared by the text exports (table, markdown, CSV, GeoJSON properties).

One place decides how a date, an actor line, a place or a source is spelled, so the terminal table, the
Markdown timeline and the CSV agree with each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dateline.model import Actor, Citation, ControlStep, Event, Place, TimeInterval

__all__ = [
    "INFERRED_MARK",
    "SHORT_ID",
    "actors_label",
    "date_label",
    "distinct_sources",
    "event_actors_label",
    "place_label",
    "plain",
    "precision_label",
    "source_label",
    "source_name",
    "step_sources",
    "truncate",
]

# Prefix for a date that was inferred (from another report of the same event, or an undated article's
# range) rather than stated: compact enough for a 12-column table cell; Markdown spells it out.
INFERRED_MARK = "~"
# Article ids are 16 hex characters; 8 identify an article in any realistic corpus (as a short git hash does)
# and keep a source on one line of the terminal table. JSON, CSV and Markdown carry the full id.
SHORT_ID = 8
ELLIPSIS = "…"
# C0/C1 control characters other than whitespace: article text is untrusted, and an ESC sequence printed to a
# terminal can move the cursor, recolour or retitle it. Whitespace controls are collapsed to spaces instead.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def date_label(when: TimeInterval, *, inferred: bool = False, spelled: bool = False) -> str:
    """``2017-03-02``, ``2017-03``, ``2017-03-01..2017-03-07`` or ``undated``; inferred dates are marked.

    ``spelled`` writes ``(inferred)`` after the date instead of the compact ``~`` prefix.
    """
    label = when.label()
    if not inferred or not when.is_resolved:
        return label
    return f"{label} (inferred)" if spelled else f"{INFERRED_MARK}{label}"


def precision_label(when: TimeInterval) -> str:
    """ACLED time precision as one character: 1 day, 2 week, 3 month or wider, ``-`` unknown."""
    precision = when.acled_precision
    return "-" if precision is None else str(precision)


def actors_label(actor1: Actor | None, actor2: Actor | None, associated: Iterable[Actor] = ()) -> str:
    """``Syrian government forces (+ Russia) vs Islamic State``; a missing side is ``?``."""
    allies = [actor.name for actor in associated]
    first = actor1.name if actor1 is not None else "?"
    if allies:
        first = f"{first} (+ {', '.join(allies)})"
    if actor2 is None:
        return first
    return f"{first} vs {actor2.name}"


def event_actors_label(event: Event) -> str:
    return actors_label(event.actor1, event.actor2, event.associated)


def place_label(place: Place | None, *, with_id: bool = True) -> str:
    """``Palmyra, SY (170575)``: name, country code and GeoNames id when known; ``-`` when no place."""
    if place is None:
        return "-"
    label = place.name if place.country is None else f"{place.name}, {place.country}"
    if with_id and place.geonameid is not None:
        label = f"{label} ({place.geonameid})"
    return label


def distinct_sources(citations: Iterable[Citation]) -> list[Citation]:
    """One citation per article, in first-seen order: an event cited twice by one article has one source."""
    seen: set[str] = set()
    unique: list[Citation] = []
    for citation in citations:
        if citation.article_id not in seen:
            seen.add(citation.article_id)
            unique.append(citation)
    return unique


def source_name(citation: Citation) -> str:
    """The outlet; failing that the article's title (plain-text files often carry no outlet, and a headline
    tells a reader more than "unknown"); failing both, ``unknown outlet``."""
    return plain(citation.outlet or "") or plain(citation.title or "") or "unknown outlet"


def source_label(citation: Citation, *, short: bool = False) -> str:
    """``Levant Wire 3fa2c1d0``: the source's name (see :func:`source_name`) and the article id."""
    article = citation.article_id[:SHORT_ID] if short else citation.article_id
    return f"{source_name(citation)} {article}"


def step_sources(step: ControlStep) -> list[Citation]:
    return distinct_sources(step.citations)


def plain(text: str) -> str:
    """``text`` on one line: whitespace runs (newlines too) become one space; control characters go."""
    return " ".join(_CONTROL.sub("", text).split())


def truncate(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis when it is longer."""
    flat = plain(text)
    if len(flat) <= width:
        return flat
    return flat[: max(width - 1, 0)].rstrip() + ELLIPSIS
