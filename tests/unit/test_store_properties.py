"""Property tests: whatever records we store come back equal (articles, analyses, events, citations)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.model import AnalyzedArticle, Event
from dateline.store.sqlite import Store
from tests.unit.test_codec import analyzed_articles, events

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def fresh_store() -> Iterator[Store]:
    # A new file per example: hypothesis re-runs the body, and a pytest tmp_path fixture would be shared.
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "p.db") as store:
        yield store


@SETTINGS
@given(analyzed_articles())
def test_analyzed_article_round_trips_through_the_store(doc: AnalyzedArticle) -> None:
    with fresh_store() as store:
        assert store.add_analyzed(doc)
        assert store.analyzed(doc.id) == doc
        assert store.article(doc.id) == doc.article
        for mention, citation in store.mention_items():
            assert citation.quote == mention.sentence.of(doc.text)
            assert citation.article_id == doc.id


@SETTINGS
@given(st.lists(events, max_size=4, unique_by=lambda e: e.id))
def test_events_round_trip_through_the_store(batch: list[Event]) -> None:
    with fresh_store() as store:
        store.replace_events(add=batch)
        assert {e.id: e for e in store.events()} == {e.id: e for e in batch}
        for e in batch:
            assert store.event(e.id) == e
        assert store.count_events() == len(batch)


@SETTINGS
@given(events, st.text(max_size=30))
def test_event_overwrite_keeps_one_row_and_search_never_fails(event: Event, query: str) -> None:
    with fresh_store() as store:
        store.replace_events(add=[event])
        store.replace_events(add=[replace(event, summary=event.summary + " again")])
        assert store.count_events() == 1
        store.search(query)
        store.events(query=query, place=query or None, actor=query or None)
