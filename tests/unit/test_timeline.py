"""Timeline building from hand-built events."""

from __future__ import annotations

from datetime import date

from dateline.corpus.timeline import build_timeline
from dateline.model import Actor, ActorKind, Event, Place, TimeInterval

ARMY = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
PALMYRA = Place("Palmyra", 163270, "city", "SY", "Homs", 34.56, 38.28, 1)
DEIR = Place("Deir ez-Zor", 170794, "city", "SY", "Deir ez-Zor", 35.33, 40.14, 1)


def event(
    eid: str,
    when: date | None,
    summary: str,
    *,
    place: Place = DEIR,
    salience: float = 0.5,
    background: bool = False,
) -> Event:
    return Event(
        id=eid,
        event_type="Battles",
        sub_event_type="Government regains territory",
        when=TimeInterval.day(when) if when else TimeInterval.unresolved(),
        date_inferred=False,
        place=place,
        actor1=ARMY,
        actor2=None,
        associated=(),
        mentions=(),
        citations=(),
        salience=salience,
        summary=summary,
        background=background,
    )


EVENTS = [
    event("e3", date(2017, 9, 5), "The army broke the siege of Deir ez-Zor airport.", salience=0.9),
    event("e1", date(2017, 3, 2), "Troops recaptured Palmyra.", place=PALMYRA, background=True),
    event("e4", None, "Fighting was reported near the city."),
    event("e2", date(2017, 9, 5), "Shelling hit a market in the old town.", salience=0.4),
]


def test_ordered_by_date_undated_last() -> None:
    tl = build_timeline(EVENTS, query="syria")
    assert tl.query == "syria"
    assert [e.event.id for e in tl.entries] == ["e1", "e3", "e2", "e4"]
    assert tl.entries[0].background and not tl.entries[1].background
    assert tl.entries[1].summary == EVENTS[0].summary


def test_filters() -> None:
    assert [e.event.id for e in build_timeline(EVENTS, include_background=False).entries] == [
        "e3",
        "e2",
        "e4",
    ]
    assert [e.event.id for e in build_timeline(EVENTS, place="palmyra").entries] == ["e1"]
    assert [e.event.id for e in build_timeline(EVENTS, place="SY").entries] == ["e1", "e3", "e2", "e4"]
    ranged = build_timeline(EVENTS, since=date(2017, 9, 1), until=date(2017, 9, 30))
    assert [e.event.id for e in ranged.entries] == ["e3", "e2"]
    assert build_timeline(EVENTS, actor="government").entries
    assert not build_timeline(EVENTS, actor="islamic-state").entries


def test_max_dates_keeps_most_salient_dates() -> None:
    tl = build_timeline(EVENTS, max_dates=1)
    assert {e.event.when.label() for e in tl.entries} == {"2017-09-05"}


def test_repeated_story_on_adjacent_days_appears_once() -> None:
    repeated = [
        event("r1", date(2017, 9, 5), "Fighting continued around Deir ez-Zor airport on Tuesday."),
        event("r2", date(2017, 9, 6), "Fighting continued around Deir ez-Zor airport on Wednesday."),
        event("r3", date(2017, 9, 20), "Fighting continued around Deir ez-Zor airport on Wednesday."),
    ]
    assert [e.event.id for e in build_timeline(repeated).entries] == ["r1", "r3"]
