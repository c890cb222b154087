"""The record codec round-trips every record through JSON (the store, exports and API all rely on it).

The hypothesis strategies here are reused by tests/unit/test_store_properties.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.model import (
    Actor,
    ActorKind,
    ActorRef,
    AnalyzedArticle,
    Article,
    ArticleDate,
    Citation,
    ControlStep,
    Entity,
    Event,
    EventMention,
    Granularity,
    Modality,
    Place,
    Rejected,
    Removal,
    Sentence,
    Span,
    TimeExpr,
    TimeInterval,
    Timeline,
    TimelineEntry,
    Token,
    Toponym,
)
from dateline.store.codec import from_dict, to_dict

short_text = st.text(max_size=12)
maybe_text = st.none() | short_text
label = st.sampled_from(["GPE", "LOC", "ORG", "PERSON", "DATE"])


@st.composite
def spans(draw: st.DrawFn, *, limit: int = 200) -> Span:
    start = draw(st.integers(0, limit))
    return Span(start, start + draw(st.integers(0, 40)))


@st.composite
def intervals(draw: st.DrawFn) -> TimeInterval:
    if draw(st.booleans()):
        return TimeInterval.unresolved()
    start = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
    return TimeInterval(
        start, start + timedelta(days=draw(st.integers(0, 400))), draw(st.sampled_from(Granularity))
    )


article_dates = st.builds(
    ArticleDate,
    intervals(),
    st.sampled_from(["metadata", "header", "text", "undated"]),
    st.none() | spans(),
    short_text,
)
places = st.builds(
    Place,
    short_text,
    st.none() | st.integers(1, 10**8),
    st.sampled_from(["city", "country", "admin1", "named-place"]),
    st.none() | st.sampled_from(["SY", "IQ", "FR"]),
    maybe_text,
    st.none() | st.floats(-90, 90),
    st.none() | st.floats(-180, 180),
    st.integers(1, 3),
    st.none() | st.integers(1, 10**8),
    st.integers(0, 10**7),
)
toponyms = st.builds(Toponym, spans(), st.none() | places, st.floats(0, 1))
actors = st.builds(Actor, short_text, short_text, st.sampled_from(ActorKind), st.none() | st.just("SY"))
actor_refs = st.builds(ActorRef, actors, spans())
mentions = st.builds(
    EventMention,
    article_id=st.just("a1"),
    sentence=spans(),
    trigger=spans(),
    event_type=st.sampled_from(["Battles", "Violence against civilians"]),
    sub_event_type=short_text,
    actor1=st.none() | actor_refs,
    actor2=st.none() | actor_refs,
    associated=st.lists(actor_refs, max_size=2).map(tuple),
    place=st.none() | toponyms,
    when=intervals(),
    when_evidence=st.none() | spans(),
    reported=intervals(),
    claimed_by=maybe_text,
    modality=st.sampled_from(Modality),
    salience=st.floats(0, 1),
    background=st.booleans(),
)
citations = st.builds(
    Citation, st.just("a1"), spans(), short_text, maybe_text, maybe_text, maybe_text, intervals()
)
events = st.builds(
    Event,
    id=short_text,
    event_type=short_text,
    sub_event_type=short_text,
    when=intervals(),
    date_inferred=st.booleans(),
    place=st.none() | places,
    actor1=st.none() | actors,
    actor2=st.none() | actors,
    associated=st.lists(actors, max_size=2).map(tuple),
    mentions=st.lists(mentions, max_size=2).map(tuple),
    citations=st.lists(citations, max_size=2).map(tuple),
    salience=st.floats(0, 1),
    summary=short_text,
    background=st.booleans(),
)
articles = st.builds(
    Article,
    id=st.text("0123456789abcdef", min_size=16, max_size=16),
    text=st.text(min_size=1, max_size=300),
    title=maybe_text,
    url=maybe_text,
    outlet=maybe_text,
    source=maybe_text,
    published=st.none() | article_dates,
    language=st.none() | st.just("en"),
)
tokens = st.builds(Token, spans(), short_text, short_text, short_text, short_text, st.integers(0, 50))
timexes = st.builds(
    TimeExpr, spans(), intervals(), st.sampled_from(["absolute", "publication"]), short_text, short_text
)


@st.composite
def analyzed_articles(draw: st.DrawFn) -> AnalyzedArticle:
    article = draw(articles)
    return AnalyzedArticle(
        article=article,
        clean_text=draw(st.just(article.text) | st.text(max_size=50)),
        removed=tuple(draw(st.lists(st.builds(Removal, spans(), short_text), max_size=3))),
        dated=draw(st.none() | article_dates),
        sentences=tuple(draw(st.lists(st.builds(Sentence, spans()), max_size=3))),
        tokens=tuple(draw(st.lists(tokens, max_size=5))),
        entities=tuple(draw(st.lists(st.builds(Entity, spans(), label), max_size=3))),
        timexes=tuple(draw(st.lists(timexes, max_size=2))),
        toponyms=tuple(draw(st.lists(toponyms, max_size=2))),
        mentions=tuple(replace(m, article_id=article.id) for m in draw(st.lists(mentions, max_size=2))),
        done=frozenset(draw(st.lists(st.sampled_from(["clean", "annotate", "geocode"]), max_size=3))),
    )


def _round_trip(cls: type, value: object) -> object:
    # Through real JSON text, as the store and the API do, not just through dicts.
    return from_dict(cls, json.loads(json.dumps(to_dict(value))))


@settings(max_examples=60, deadline=None)
@given(events)
def test_event_round_trips(event: Event) -> None:
    assert _round_trip(Event, event) == event


@settings(max_examples=60, deadline=None)
@given(analyzed_articles())
def test_analyzed_article_round_trips(doc: AnalyzedArticle) -> None:
    assert _round_trip(AnalyzedArticle, doc) == doc


@settings(max_examples=30, deadline=None)
@given(articles, st.builds(Rejected, short_text, short_text, short_text, short_text))
def test_article_and_rejected_round_trip(article: Article, rejected: Rejected) -> None:
    assert _round_trip(Article, article) == article
    assert _round_trip(Rejected, rejected) == rejected


@settings(max_examples=20, deadline=None)
@given(events, places, actors, intervals())
def test_timeline_and_control_step_round_trip(
    event: Event, place: Place, actor: Actor, since: TimeInterval
) -> None:
    timeline = Timeline("q", (TimelineEntry(event, "summary", 0.5, False),))
    step = ControlStep(place, actor, since, TimeInterval.unresolved(), "complete", ("e1",), ())
    assert _round_trip(Timeline, timeline) == timeline
    assert _round_trip(ControlStep, step) == step


def test_enums_dates_and_sets_are_json_safe() -> None:
    doc = AnalyzedArticle(Article("x", "t"), done=frozenset({"b", "a"}))
    encoded = to_dict(doc)
    assert encoded["done"] == ["a", "b"]
    assert to_dict(TimeInterval.day(date(2017, 3, 2))) == {
        "start": "2017-03-02",
        "end": "2017-03-02",
        "granularity": "day",
    }
    assert (
        from_dict(TimeInterval, {"start": None, "end": None, "granularity": "unknown"})
        == TimeInterval.unresolved()
    )


def test_ints_decode_as_floats_where_floats_are_declared() -> None:
    place = from_dict(
        Place,
        {
            "name": "P",
            "geonameid": 1,
            "feature": "city",
            "country": None,
            "admin1": None,
            "lat": 34,
            "lon": 38,
            "precision": 1,
        },
    )
    assert isinstance(place.lat, float) and place.lat == 34.0
