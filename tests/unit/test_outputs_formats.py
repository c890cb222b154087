"""Every export format on a small hand-built set of records (no pipeline, no model)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from dateline.errors import ConfigError, ParseError
from dateline.model import (
    Actor,
    ActorKind,
    Citation,
    ControlStep,
    Event,
    EventMention,
    Granularity,
    Place,
    Span,
    TimeInterval,
    Timeline,
    TimelineEntry,
)
from dateline.outputs import (
    BINARY_FORMATS,
    CONTROL_FORMATS,
    EVENT_DETAIL_FORMATS,
    EVENT_FORMATS,
    TIMELINE_FORMATS,
    render_control,
    render_event,
    render_events,
    render_timeline,
)
from dateline.outputs.jsonout import events_from_json, timeline_from_json
from dateline.outputs.markdown import escape
from dateline.outputs.table import TABLE_WIDTH

ARMY = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
ISLAMIC_STATE = Actor("islamic-state", "Islamic State", ActorKind.REBEL)
RUSSIA = Actor("russia-military", "Russian military forces", ActorKind.EXTERNAL, "RU")
PALMYRA = Place("Palmyra", 170575, "city", "SY", "Homs", 34.5608, 38.2805, 1)
DEIR_EZZOR = Place("Deir ez-Zor", 170794, "city", "SY", "Deir ez-Zor", 35.3359, 40.1408, 1)
MARCH_2 = TimeInterval.day(date(2017, 3, 2))


def _citation(article: str, outlet: str, quote: str, *, reported: TimeInterval = MARCH_2) -> Citation:
    return Citation(article, Span(0, len(quote)), quote, outlet, f"https://{article}.example", "t", reported)


PALMYRA_RETAKEN = Event(
    id="ev-palmyra",
    event_type="Battles",
    sub_event_type="Government regains territory",
    when=MARCH_2,
    date_inferred=False,
    place=PALMYRA,
    actor1=ARMY,
    actor2=ISLAMIC_STATE,
    associated=(RUSSIA,),
    mentions=(
        EventMention(
            "aaaaaaaa11111111",
            Span(0, 90),
            Span(30, 36),
            "Battles",
            "Government regains territory",
            when=MARCH_2,
            reported=MARCH_2,
            claimed_by="the army command",
            claimed_when=MARCH_2,
        ),
    ),
    citations=(
        _citation("aaaaaaaa11111111", "Levant Wire", "Troops retook Palmyra on Thursday, the army said."),
        _citation("bbbbbbbb22222222", "EBC News", 'The army says it has "full control" of Palmyra | Tadmur.'),
        _citation("bbbbbbbb22222222", "EBC News", "A second sentence of the same article."),
        _citation("cccccccc33333333", "The Daily Meridian", "Soldiers entered *the* centre of Palmyra."),
    ),
    salience=0.9,
    summary="Syrian army and allies retake Palmyra from Islamic State",
    completeness="complete",
)
SIEGE_BROKEN = Event(
    id="ev-siege",
    event_type="Battles",
    sub_event_type="Government regains territory",
    when=TimeInterval(date(2017, 9, 4), date(2017, 9, 6), Granularity.DAY),
    date_inferred=True,
    place=DEIR_EZZOR,
    actor1=ARMY,
    actor2=ISLAMIC_STATE,
    associated=(),
    mentions=(),
    citations=(_citation("dddddddd44444444", "Frontline Monitor", "The siege was broken on Tuesday."),),
    salience=0.7,
    summary="Syrian army breaks the siege of Deir ez-Zor",
)
PALMYRA_LOST = Event(
    id="ev-bg",
    event_type="Battles",
    sub_event_type="Non-state actor overtakes territory",
    when=TimeInterval.month(2016, 12),
    date_inferred=False,
    place=PALMYRA,
    actor1=ISLAMIC_STATE,
    actor2=ARMY,
    associated=(),
    mentions=(),
    citations=(_citation("aaaaaaaa11111111", "Levant Wire", "IS had swept back into Palmyra in December."),),
    salience=0.2,
    summary="Islamic State retakes Palmyra",
    background=True,
)
TALKS_NOWHERE = Event(
    id="ev-talks",
    event_type="Strategic developments",
    sub_event_type="Agreement",
    when=TimeInterval.unresolved(),
    date_inferred=False,
    place=None,
    actor1=None,
    actor2=None,
    associated=(),
    mentions=(),
    citations=(),
    salience=0.1,
    summary="Talks, somewhere",
)
EVENTS = (PALMYRA_RETAKEN, SIEGE_BROKEN, PALMYRA_LOST, TALKS_NOWHERE)
TIMELINE = Timeline(
    "Syria 2017",
    tuple(
        TimelineEntry(e, e.summary, e.salience, e.background)
        for e in (PALMYRA_LOST, PALMYRA_RETAKEN, SIEGE_BROKEN)
    ),
)
STEPS = (
    ControlStep(PALMYRA, ISLAMIC_STATE, TimeInterval.month(2016, 12), MARCH_2, "complete", ("ev-bg",), ()),
    ControlStep(
        PALMYRA,
        ARMY,
        MARCH_2,
        TimeInterval.unresolved(),
        "complete",
        ("ev-palmyra",),
        PALMYRA_RETAKEN.citations,
    ),
)


# --------------------------------------------------------------------------- registry


@pytest.mark.parametrize("fmt", [f for f in EVENT_FORMATS if f != "acled"])
def test_every_event_format_renders(fmt: str) -> None:
    payload = render_events(EVENTS, fmt)
    assert isinstance(payload, bytes) == (fmt in BINARY_FORMATS)
    assert len(payload) > 0


def test_acled_format_goes_to_the_acled_module() -> None:
    pytest.importorskip("dateline.outputs.acled")
    assert "event_date" in str(render_events(EVENTS, "acled"))


@pytest.mark.parametrize("fmt", TIMELINE_FORMATS)
def test_every_timeline_format_renders(fmt: str) -> None:
    assert "Palmyra" in render_timeline(TIMELINE, fmt)


@pytest.mark.parametrize("fmt", CONTROL_FORMATS)
def test_every_control_format_renders(fmt: str) -> None:
    assert "Palmyra" in render_control(STEPS, fmt)


@pytest.mark.parametrize("fmt", EVENT_DETAIL_FORMATS)
def test_every_event_detail_format_renders(fmt: str) -> None:
    assert "ev-palmyra" in render_event(PALMYRA_RETAKEN, fmt)


def test_unknown_format_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match="table, json"):
        render_events(EVENTS, "xlsx")
    with pytest.raises(ConfigError):
        render_timeline(TIMELINE, "parquet")


def test_renderers_accept_any_iterable() -> None:
    assert render_events(iter(EVENTS), "csv") == render_events(list(EVENTS), "csv")


# --------------------------------------------------------------------------- table


def test_tables_fit_in_one_hundred_columns() -> None:
    texts = [
        str(render_events(EVENTS, "table")),
        render_timeline(TIMELINE, "table"),
        render_control(STEPS, "table"),
        render_event(PALMYRA_RETAKEN, "table"),
    ]
    for text in texts:
        assert max(len(line) for line in text.splitlines()) <= TABLE_WIDTH


def test_events_table_shows_precision_inference_background_and_source_counts() -> None:
    table = str(render_events(EVENTS, "table"))
    assert "2017-03-02     1" in table  # day precision is ACLED 1
    assert "~2017-09-04.." in table  # inferred range, broken after the dots
    assert "2016-12        3" in table  # month precision is ACLED 3
    assert "undated        -" in table
    assert "[background] Islamic State retakes Palmyra" in table
    assert "Palmyra, SY (170575)" in table
    palmyra_row = next(line for line in table.splitlines() if line.startswith("2017-03-02"))
    assert palmyra_row.rstrip().endswith("3")  # three articles, four citations
    assert "Russian military" in table  # the associated actor


def test_timeline_table_lists_outlet_and_article_for_each_source() -> None:
    table = render_timeline(TIMELINE, "table")
    assert table.startswith("Timeline: Syria 2017")
    assert "Levant Wire aaaaaaaa" in table
    assert "EBC News bbbbbbbb" in table
    assert "(background) Islamic State retakes Palmyra" in table
    assert table.index("2016-12") < table.index("2017-03-02") < table.index("~2017-09-04")


def test_event_detail_keeps_the_three_times_and_every_evidence_sentence() -> None:
    detail = render_event(PALMYRA_RETAKEN, "table")
    assert "Sources (3 articles, 4 sentences)" in detail
    assert "Troops retook Palmyra on Thursday" in detail
    assert "happened 2017-03-02 · reported 2017-03-02 · claimed by the army command" in detail


def test_empty_inputs_say_so() -> None:
    assert render_events([], "table") == "No events.\n"
    assert "No entries." in render_timeline(Timeline("q", ()), "table")
    assert render_control([], "table") == "No changes of control.\n"


# --------------------------------------------------------------------------- json


def test_events_json_has_a_count_and_reads_back() -> None:
    text = str(render_events(EVENTS, "json"))
    assert json.loads(text)["count"] == len(EVENTS)
    assert events_from_json(text) == EVENTS


def test_json_keeps_record_field_order() -> None:
    event = json.loads(str(render_events(EVENTS, "json")))["events"][0]
    assert list(event)[:4] == ["id", "event_type", "sub_event_type", "when"]


def test_timeline_json_reads_back() -> None:
    assert timeline_from_json(render_timeline(TIMELINE, "json")) == TIMELINE


def test_reading_something_else_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        events_from_json("[1, 2]")
    with pytest.raises(ParseError):
        timeline_from_json("{not json")


# --------------------------------------------------------------------------- csv


def test_events_csv_has_flat_columns_and_evidence_quotes() -> None:
    rows = list(csv.DictReader(io.StringIO(str(render_events(EVENTS, "csv")))))
    assert len(rows) == len(EVENTS)
    palmyra = rows[0]
    assert palmyra["date"] == "2017-03-02" and palmyra["time_precision"] == "1"
    assert palmyra["geonameid"] == "170575" and palmyra["latitude"] == "34.5608"
    assert palmyra["associated"] == "Russian military forces"
    assert palmyra["sources"] == "3" and palmyra["mentions"] == "1"
    assert palmyra["outlets"] == "Levant Wire; EBC News; The Daily Meridian"
    assert palmyra["evidence"].splitlines()[1] == 'The army says it has "full control" of Palmyra | Tadmur.'
    assert rows[1]["date_inferred"] == "true"
    assert rows[3]["geonameid"] == "" and rows[3]["date_start"] == ""


def test_timeline_csv_uses_the_entry_summary() -> None:
    entry = TimelineEntry(PALMYRA_RETAKEN, "Entry summary, with a comma", 0.5, False)
    rows = list(csv.DictReader(io.StringIO(render_timeline(Timeline("q", (entry,)), "csv"))))
    assert rows[0]["summary"] == "Entry summary, with a comma" and rows[0]["salience"] == "0.5"


# --------------------------------------------------------------------------- geojson


def test_geojson_points_are_lon_lat_and_unlocated_events_are_counted() -> None:
    collection = json.loads(str(render_events(EVENTS, "geojson")))
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == ["ev-palmyra", "ev-siege", "ev-bg"]
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [38.2805, 34.5608]}
    assert collection["skipped"] == {"count": 1, "reason": "no coordinates", "ids": ["ev-talks"]}
    properties = collection["features"][1]["properties"]
    assert properties["date_inferred"] is True and properties["time_precision"] == 2


# --------------------------------------------------------------------------- markdown


def test_timeline_markdown_groups_by_date_and_spells_out_inference() -> None:
    text = render_timeline(TIMELINE, "markdown")
    assert text.startswith("# Timeline: Syria 2017")
    assert "## 2017-09-04..2017-09-06 (inferred)" in text
    assert "*background:* **Islamic State retakes Palmyra**" in text
    assert "[Levant Wire](<https://aaaaaaaa11111111.example>) `aaaaaaaa11111111`" in text


def test_markdown_escapes_article_text() -> None:
    assert escape("a *b* | c_d [e]\nf") == r"a \*b\* \| c\_d \[e\] f"
    table = str(render_events(EVENTS, "markdown"))
    header, _rule, *rows = table.splitlines()
    assert all(row.count(" | ") == header.count(" | ") for row in rows)


# --------------------------------------------------------------------------- parquet


def test_parquet_has_one_row_per_event_with_nested_citations() -> None:
    table = pq.read_table(io.BytesIO(render_events(EVENTS, "parquet")))
    assert table.num_rows == len(EVENTS)
    rows = table.to_pylist()
    assert rows[0]["date_start"] == date(2017, 3, 2)
    assert [c["outlet"] for c in rows[0]["citations"]][:2] == ["Levant Wire", "EBC News"]
    assert rows[0]["actor1"]["id"] == "syria-government-forces"
    assert rows[3]["geonameid"] is None and rows[3]["citations"] == []


def test_parquet_of_no_events_still_has_the_schema() -> None:
    table = pq.read_table(io.BytesIO(render_events([], "parquet")))
    assert table.num_rows == 0
    assert "citations" in table.column_names
