"""Events -> a :class:`Timeline`: filtered, in date order, each entry with its summary, sources and salience.

Main events and background mentions are both kept (background flagged on the entry) unless
``include_background=False``. Undated events come last: their ``when`` is the unresolved interval, which every
output renders as "undated". A story reported day after day in the same words ("fighting continued in X")
appears once: a later entry about the same place and kind of event whose summary repeats an entry of the
previous :data:`ADJACENT_DAYS` days is folded into it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from dateline.corpus.similarity import content_words, type_family
from dateline.model import Actor, Event, Timeline, TimelineEntry

__all__ = ["build_timeline"]

# Entries this many days apart or closer are candidates for "same story, repeated".
ADJACENT_DAYS = 2

# Share of content words (Jaccard) above which two summaries count as the same story told again.
REPEAT_OVERLAP = 0.6


def build_timeline(
    events: Iterable[Event],
    *,
    query: str = "",
    place: str | None = None,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    include_background: bool = True,
    max_dates: int | None = None,
) -> Timeline:
    """A timeline of the events matching every given filter.

    ``query`` is the label the timeline carries (the caller has already selected events by it). ``place``
    matches a place name, admin1 region or ISO country code; ``actor`` an actor id or name (case-insensitive
    substring). ``since``/``until`` keep events whose date range overlaps them (undated events are dropped
    when either is given). ``max_dates``: keep only the dates with the highest total salience.
    """
    selected = [
        e
        for e in events
        if (include_background or not e.background)
        and _place_matches(e, place)
        and _actor_matches(e, actor)
        and _in_range(e, since, until)
    ]
    selected.sort(key=_chronological)
    selected = _fold_repeats(selected)
    if max_dates is not None:
        selected = _top_dates(selected, max_dates)
    entries = tuple(
        TimelineEntry(event=e, summary=e.summary, salience=e.salience, background=e.background)
        for e in selected
    )
    return Timeline(query=query, entries=entries)


def _chronological(event: Event) -> tuple[bool, str, str, float, str]:
    start = event.when.start.isoformat() if event.when.start is not None else ""
    end = event.when.end.isoformat() if event.when.end is not None else ""
    # main story before background on the same day, then the more salient first
    return (not event.when.is_resolved, start, end, event.background - event.salience, event.id)


def _place_matches(event: Event, place: str | None) -> bool:
    if not place:
        return True
    if event.place is None:
        return False
    wanted = place.casefold()
    p = event.place
    names = [p.name, p.admin1 or "", p.country or ""]
    return any(wanted == n.casefold() for n in names) or wanted in p.name.casefold()


def _actor_matches(event: Event, actor: str | None) -> bool:
    if not actor:
        return True
    wanted = actor.casefold()
    actors: list[Actor] = [a for a in (event.actor1, event.actor2, *event.associated) if a is not None]
    return any(wanted == a.id.casefold() or wanted in a.name.casefold() for a in actors)


def _in_range(event: Event, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    start, end = event.when.start, event.when.end
    if start is None or end is None:
        return False
    return (since is None or end >= since) and (until is None or start <= until)


def _story_key(event: Event) -> tuple[str, str]:
    place = event.place
    place_key = "" if place is None else str(place.geonameid or place.name.casefold())
    return type_family(event.event_type), place_key


def _fold_repeats(events: Sequence[Event]) -> list[Event]:
    """Drop an event whose summary repeats a kept one of the same story within ADJACENT_DAYS before it."""
    kept: list[Event] = []
    recent: dict[tuple[str, str], list[tuple[date, set[str]]]] = defaultdict(list)
    for event in events:
        start = event.when.start
        words = set(content_words(event.summary))
        if start is None or not words:
            kept.append(event)
            continue
        story = _story_key(event)
        if any(
            0 <= (start - day).days <= ADJACENT_DAYS
            and len(words & seen) / len(words | seen) >= REPEAT_OVERLAP
            for day, seen in recent[story]
        ):
            continue
        recent[story].append((start, words))
        kept.append(event)
    return kept


def _top_dates(events: Sequence[Event], max_dates: int) -> list[Event]:
    """Keep the events of the ``max_dates`` dates with the highest total salience (undated count as one)."""
    weight: dict[str, float] = defaultdict(float)
    for event in events:
        weight[event.when.label()] += event.salience
    chosen = set(sorted(weight, key=lambda d: (-weight[d], d))[: max(max_dates, 0)])
    return [e for e in events if e.when.label() in chosen]
