"""Control history: who held a place, from when to when, with the reports that say so.

Built from territorial-change events (ACLED sub-event types "Government regains territory", "Non-state actor
overtakes territory", "Non-violent transfer of territory"), including background mentions ("Islamic State
seized Palmyra in December"): ``actor1`` is the new controller, ``actor2`` the one who lost it. An event
counts for a place when it happened there (same GeoNames id), in a part of it (a neighbourhood whose
``parent`` is the city: a partial change), or under a name that folds to the same key as the place's
GeoNames name or the name the cited report wrote (see :mod:`dateline.stages.placenames`).

Each step says since when (the event's date) and until when (the next change by someone else), whether the
change was ``partial`` (some neighbourhoods), ``complete``, or a ``reversal`` (it undid the step before: the
loser of the last change took the place back).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dateline.backends.gazetteer import Gazetteer
from dateline.model import Actor, ControlStep, Event, Place, TimeInterval
from dateline.stages.placenames import loose_key

__all__ = ["TERRITORIAL_SUB_TYPES", "control_history"]

TERRITORIAL_SUB_TYPES = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)


@dataclass(frozen=True, slots=True)
class _Change:
    event: Event
    partial: bool


def control_history(
    events: Iterable[Event], place: Place | str, *, gazetteer: Gazetteer | None = None
) -> list[ControlStep]:
    """Steps of control of ``place`` in date order; undated events cannot be placed in the sequence and are
    left out. ``gazetteer`` (optional) resolves a place given by name to its GeoNames ids."""
    ids, keys = _identity(place, gazetteer)
    unique = _unique(events)
    # A name with no gazetteer still finds the place's id through the events that name it, so that the
    # events in its neighbourhoods (which carry the city id as parent) count too.
    ids |= {
        e.place.geonameid
        for e in unique
        if e.place is not None
        and e.place.geonameid is not None
        and (loose_key(e.place.name) in keys or not keys.isdisjoint(_written_names(e)))
    }
    changes = sorted(
        (c for e in unique if (c := _as_change(e, ids, keys)) is not None),
        key=lambda c: (c.event.when.start, c.event.when.end, c.event.id),
    )
    target = place if isinstance(place, Place) else _place_named(place, changes, ids)
    return _steps(target, changes)


def _unique(events: Iterable[Event]) -> list[Event]:
    seen: dict[str, Event] = {}
    for e in events:
        seen.setdefault(e.id, e)
    return list(seen.values())


def _identity(place: Place | str, gazetteer: Gazetteer | None) -> tuple[frozenset[int], frozenset[str]]:
    """GeoNames ids and folded names that designate the place."""
    if isinstance(place, Place):
        ids = {place.geonameid} if place.geonameid is not None else set()
        return frozenset(ids), frozenset({loose_key(place.name)})
    ids = set()
    names = {loose_key(place)}
    if gazetteer is not None:
        for candidate in gazetteer.lookup(place):
            if candidate.place.geonameid is not None and candidate.place.feature == "city":
                ids.add(candidate.place.geonameid)
                names.add(loose_key(candidate.place.name))
    return frozenset(ids), frozenset(names)


def _as_change(event: Event, ids: frozenset[int], keys: frozenset[str]) -> _Change | None:
    if event.sub_event_type not in TERRITORIAL_SUB_TYPES or event.place is None or event.actor1 is None:
        return None
    if not event.when.is_resolved:
        return None
    where = event.place
    if where.geonameid is not None and where.geonameid in ids:
        return _Change(event, partial=event.completeness == "partial")
    if where.parent is not None and where.parent in ids:
        return _Change(event, partial=True)  # a neighbourhood of the city changed hands
    if loose_key(where.name) in keys or not keys.isdisjoint(_written_names(event)):
        return _Change(event, partial=event.completeness == "partial" or where.feature == "named-place")
    return None


def _written_names(event: Event) -> set[str]:
    """Folded names the reports wrote for the event's place ("Palmyra" for GeoNames' "Tadmur"), read from
    the cited sentence at the toponym's offsets."""
    names = set()
    for mention in event.mentions:
        if mention.place is None:
            continue
        span = mention.place.span
        for c in event.citations:
            if c.article_id == mention.article_id and c.sentence.contains(span):
                names.add(loose_key(c.quote[span.start - c.sentence.start : span.end - c.sentence.start]))
    return names


def _place_named(name: str, changes: Sequence[_Change], ids: frozenset[int]) -> Place:
    for c in changes:
        if c.event.place is not None and c.event.place.feature != "named-place":
            return c.event.place
    return Place(
        name=name,
        geonameid=next(iter(ids), None),
        feature="city",
        country=None,
        admin1=None,
        lat=None,
        lon=None,
        precision=3,
    )


def _same(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.id == b.id


def _steps(place: Place, changes: Sequence[_Change]) -> list[ControlStep]:
    steps: list[ControlStep] = []
    losers: list[Actor | None] = []  # the actor2 of each step's first event
    for change in changes:
        event = change.event
        kind = "partial" if change.partial else "complete"
        if steps and _same(steps[-1].controller, event.actor1):
            if steps[-1].change == kind or (steps[-1].change == "reversal" and kind == "partial"):
                steps[-1] = _extend(steps[-1], event)
                continue
        elif steps and _same(losers[-1], event.actor1):
            kind = "reversal"  # the side that lost the place in the last change took it back
        if steps:
            steps[-1] = replace(steps[-1], until=event.when)  # a step lasts until the next change begins
        steps.append(
            ControlStep(
                place=place,
                controller=event.actor1,
                since=event.when,
                until=TimeInterval.unresolved(),
                change=kind,
                events=(event.id,),
                citations=event.citations,
            )
        )
        losers.append(event.actor2)
    return steps


def _extend(step: ControlStep, event: Event) -> ControlStep:
    citations = step.citations + tuple(c for c in event.citations if c not in step.citations)
    return replace(step, events=(*step.events, event.id), citations=citations)
