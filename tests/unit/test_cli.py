"""The CLI is a thin shell over dateline.api: the shared filter options reach the library unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.model import Actor, ActorKind, Event, Place, TimeInterval
from dateline.store.sqlite import Store

ARMY = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
IS = Actor("islamic-state", "Islamic State", ActorKind.REBEL)
PALMYRA = Place("Tadmur", 163808, "city", "SY", "Homs", 34.56, 38.27, 1)


def event(event_id: str, day: date, *, background: bool = False, actor2: Actor | None = IS) -> Event:
    return Event(
        id=event_id,
        event_type="Battles",
        sub_event_type="Government regains territory",
        when=TimeInterval.day(day),
        date_inferred=False,
        place=PALMYRA,
        actor1=ARMY,
        actor2=actor2,
        associated=(),
        mentions=(),
        citations=(),
        salience=0.2 if background else 1.0,
        summary=f"summary of {event_id}",
        background=background,
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.replace_events(
            add=[
                event("ev-2016", date(2016, 3, 27), background=True),
                event("ev-2017", date(2017, 3, 2)),
                event("ev-other", date(2017, 5, 1), actor2=None),
            ]
        )
    return str(path)


def ids(args: list[str]) -> list[str]:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return [e["id"] for e in json.loads(result.stdout)["events"]]


def test_events_filters_reach_the_library(db: str) -> None:
    assert ids(["events", "--db", db]) == ["ev-2016", "ev-2017", "ev-other"]
    assert ids(["events", "--db", db, "--no-background"]) == ["ev-2017", "ev-other"]
    assert ids(["events", "--db", db, "--since", "2017-01-01", "--until", "2017-03-31"]) == ["ev-2017"]
    assert ids(["events", "--db", db, "--actor", "Daesh", "--place", "163808"]) == ["ev-2016", "ev-2017"]


def test_timeline_takes_the_same_filters(db: str) -> None:
    result = CliRunner().invoke(main, ["timeline", "--db", db, "--no-background", "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    assert [e["event"]["id"] for e in entries] == ["ev-2017", "ev-other"]


def test_bad_date_is_a_usage_error(db: str) -> None:
    result = CliRunner().invoke(main, ["events", "--db", db, "--since", "last week"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "none.db" in result.output
