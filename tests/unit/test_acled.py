"""ACLED CSV export: header, one row per event, ACLED conventions for dates, precision and separators."""

from __future__ import annotations

import csv
import io
from datetime import date

from dateline.model import Actor, ActorKind, Citation, Event, Granularity, Place, Span, TimeInterval
from dateline.outputs.acled import ACLED_COLUMNS, acled_csv

SYRIA = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
ISIS = Actor("islamic-state", "Islamic State", ActorKind.REBEL)
RUSSIA = Actor("russia-military-forces", "Military Forces of Russia", ActorKind.STATE, "RU")
PALMYRA = Place("Palmyra", 170575, "city", "SY", "Homs", 34.56, 38.2667, 1)


def event(**changes: object) -> Event:
    base = dict(
        id="e1",
        event_type="Battles",
        sub_event_type="Government regains territory",
        when=TimeInterval.day(date(2017, 3, 2)),
        date_inferred=False,
        place=PALMYRA,
        actor1=SYRIA,
        actor2=ISIS,
        associated=(RUSSIA,),
        mentions=(),
        citations=(
            Citation("a1", Span(0, 5), "quote", outlet="Reuters"),
            Citation("a2", Span(0, 5), "quote", outlet="AFP"),
            Citation("a3", Span(0, 5), "quote", outlet="Reuters"),
        ),
        salience=1.0,
        summary="Syrian troops recapture Palmyra",
        completeness="complete",
    )
    base.update(changes)
    return Event(**base)  # type: ignore[arg-type]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_header_and_row() -> None:
    text = acled_csv([event()])
    assert text.splitlines()[0].split(",") == list(ACLED_COLUMNS)
    (row,) = rows(text)
    assert row["event_date"] == "2017-03-02"
    assert row["time_precision"] == "1"
    assert row["event_type"] == "Battles"
    assert row["sub_event_type"] == "Government regains territory"
    assert row["actor1"] == "Syrian government forces"
    assert row["assoc_actor_1"] == "Military Forces of Russia"
    assert row["actor2"] == "Islamic State"
    assert row["country"] == "Syria"
    assert row["admin1"] == "Homs" and row["location"] == "Palmyra"
    assert row["latitude"] == "34.5600" and row["longitude"] == "38.2667"
    assert row["geo_precision"] == "1"
    assert row["source"] == "Reuters; AFP"
    assert "territorial change: complete" in row["notes"]


def test_week_range_is_its_midpoint_with_precision_two() -> None:
    when = TimeInterval(date(2017, 10, 28), date(2017, 11, 3), Granularity.WEEK)
    (row,) = rows(acled_csv([event(when=when)]))
    assert row["event_date"] == "2017-10-31"
    assert row["time_precision"] == "2"


def test_unknown_values_are_empty() -> None:
    (row,) = rows(acled_csv([event(when=TimeInterval.unresolved(), place=None, actor2=None, associated=())]))
    assert row["event_date"] == "" and row["time_precision"] == ""
    assert row["location"] == "" and row["latitude"] == ""
    assert row["country"] == "Syria"  # from the first actor with a country
    assert row["actor2"] == "" and row["assoc_actor_1"] == ""


def test_notes_with_a_comma_and_newline_stay_one_cell() -> None:
    (row,) = rows(acled_csv([event(summary="Troops, backed by jets,\r\nretake the city")]))
    assert row["notes"].startswith("Troops, backed by jets,")


def test_no_events_is_just_the_header() -> None:
    assert acled_csv([]).strip() == ",".join(ACLED_COLUMNS)
