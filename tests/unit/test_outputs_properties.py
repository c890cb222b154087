"""Properties every export keeps for any records: JSON round-trips, GeoJSON is valid, CSV parses, tables fit.

Text is drawn from the whole of Unicode (quotes, commas, newlines, pipes, control characters, right-to-left
scripts), because article text is untrusted input that reaches every export.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.model import (
    Actor,
    ActorKind,
    ActorRef,
    Citation,
    ControlStep,
    Event,
    EventMention,
    Granularity,
    Modality,
    Place,
    Span,
    TimeInterval,
    Timeline,
    TimelineEntry,
    Toponym,
)
from dateline.outputs import render_control, render_event, render_events, render_timeline
from dateline.outputs.csvout import EVENT_COLUMNS
from dateline.outputs.jsonout import control_from_json, events_from_json, timeline_from_json
from dateline.outputs.table import TABLE_WIDTH

text = st.text(max_size=24)
maybe_text = st.none() | text
# Enough to find quoting and escaping bugs (each test found one while being written), cheap enough for CI.
EXAMPLES = 30
ids = st.text("0123456789abcdef", min_size=16, max_size=16)


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, 5000))
    return Span(start, start + draw(st.integers(0, 300)))


@st.composite
def intervals(draw: st.DrawFn) -> TimeInterval:
    if draw(st.booleans()):
        return TimeInterval.unresolved()
    start = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
    days = draw(st.sampled_from([0, 0, 6, 30, 364, 1000]))
    return TimeInterval(start, start + timedelta(days=days), draw(st.sampled_from(Granularity)))


places = st.builds(
    Place,
    name=text,
    geonameid=st.none() | st.integers(1, 10**8),
    feature=st.sampled_from(["city", "country", "admin1", "named-place"]),
    country=st.none() | st.sampled_from(["SY", "IQ", "IR"]),
    admin1=maybe_text,
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    precision=st.integers(1, 3),
    parent=st.none() | st.integers(1, 10**8),
    population=st.integers(0, 10**7),
)
actors = st.builds(Actor, text, text, st.sampled_from(ActorKind), st.none() | st.just("SY"))
mentions = st.builds(
    EventMention,
    article_id=ids,
    sentence=spans(),
    trigger=spans(),
    event_type=text,
    sub_event_type=text,
    actor1=st.none() | st.builds(ActorRef, actors, spans()),
    place=st.none() | st.builds(Toponym, spans(), st.none() | places, st.floats(0, 1)),
    when=intervals(),
    reported=intervals(),
    claimed_by=maybe_text,
    claimed_when=intervals(),
    modality=st.sampled_from(Modality),
    background=st.booleans(),
)
citations = st.builds(Citation, ids, spans(), text, maybe_text, maybe_text, maybe_text, intervals())
events = st.builds(
    Event,
    id=text,
    event_type=text,
    sub_event_type=text,
    when=intervals(),
    date_inferred=st.booleans(),
    place=st.none() | places,
    actor1=st.none() | actors,
    actor2=st.none() | actors,
    associated=st.lists(actors, max_size=2).map(tuple),
    mentions=st.lists(mentions, max_size=2).map(tuple),
    citations=st.lists(citations, max_size=3).map(tuple),
    salience=st.floats(0, 1),
    summary=text,
    background=st.booleans(),
    completeness=st.sampled_from(["", "complete", "partial"]),
    notes=text,
)
event_lists = st.lists(events, max_size=3).map(tuple)
timelines = st.builds(
    Timeline,
    text,
    st.lists(st.builds(TimelineEntry, events, text, st.floats(0, 1), st.booleans()), max_size=3).map(tuple),
)
steps = st.builds(
    ControlStep,
    places,
    st.none() | actors,
    intervals(),
    intervals(),
    st.sampled_from(["complete", "partial", "reversal"]),
    st.lists(text, max_size=3).map(tuple),
    st.lists(citations, max_size=3).map(tuple),
)


# --------------------------------------------------------------------------- json


@settings(max_examples=EXAMPLES, deadline=None)
@given(event_lists)
def test_events_json_round_trips(records: tuple[Event, ...]) -> None:
    assert events_from_json(str(render_events(records, "json"))) == records


@settings(max_examples=EXAMPLES, deadline=None)
@given(timelines)
def test_timeline_json_round_trips(timeline: Timeline) -> None:
    assert timeline_from_json(render_timeline(timeline, "json")) == timeline


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(steps, max_size=3).map(tuple))
def test_control_json_round_trips(history: tuple[ControlStep, ...]) -> None:
    assert control_from_json(render_control(history, "json")) == history


# --------------------------------------------------------------------------- geojson


@settings(max_examples=EXAMPLES, deadline=None)
@given(event_lists)
def test_geojson_is_a_valid_feature_collection(records: tuple[Event, ...]) -> None:
    collection = json.loads(str(render_events(records, "geojson")))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) + collection["skipped"]["count"] == len(records)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str)
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    located = [e.id for e in records if e.place and e.place.lat is not None and e.place.lon is not None]
    assert [f["id"] for f in collection["features"]] == located


# --------------------------------------------------------------------------- csv


@settings(max_examples=EXAMPLES, deadline=None)
@given(event_lists)
def test_events_csv_parses_back(records: tuple[Event, ...]) -> None:
    rows = list(csv.reader(io.StringIO(str(render_events(records, "csv")), newline="")))
    header, *body = rows
    assert header == [column.name for column in EVENT_COLUMNS]
    assert len(body) == len(records)
    for row, event in zip(body, records, strict=True):
        assert len(row) == len(header)
        cells = dict(zip(header, row, strict=True))
        assert cells["event_id"] == event.id
        assert cells["summary"] == event.summary
        assert cells["date_start"] == (event.when.start.isoformat() if event.when.start else "")
        assert cells["background"] == ("true" if event.background else "false")


# --------------------------------------------------------------------------- tables


@settings(max_examples=EXAMPLES, deadline=None)
@given(event_lists, timelines)
def test_tables_never_exceed_the_width(records: tuple[Event, ...], timeline: Timeline) -> None:
    texts = [str(render_events(records, "table")), render_timeline(timeline, "table")]
    texts += [render_event(event, "table") for event in records]
    for rendered in texts:
        for line in rendered.splitlines():
            assert len(line) <= TABLE_WIDTH, line
            assert "\x1b" not in line


@settings(max_examples=EXAMPLES, deadline=None)
@given(event_lists, timelines)
def test_markdown_rows_keep_their_shape(records: tuple[Event, ...], timeline: Timeline) -> None:
    table = str(render_events(records, "markdown"))
    if records:
        header, _rule, *rows = table.splitlines()
        assert len(rows) == len(records)
        assert all(row.count(" | ") == header.count(" | ") for row in rows)
    assert render_timeline(timeline, "markdown").startswith("# Timeline")
