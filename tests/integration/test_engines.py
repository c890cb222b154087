"""Execution engines: the process pool and a real Dask LocalCluster give the single-process results, in input
order, with the pipeline built once per worker. Fast fakes (FakeNlp, hand-written stages) keep this quick."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from itertools import islice

import pytest

from dateline.backends.nlp import FakeNlp
from dateline.engine.local import run_local
from dateline.errors import ConfigError
from dateline.model import (
    AnalyzedArticle,
    Article,
    Citation,
    EventMention,
    Place,
    Span,
    TimeInterval,
    Toponym,
)
from dateline.pipeline import ArticleStage, Pipeline
from dateline.stages.annotate import Annotate

pytestmark = pytest.mark.integration

VERBS = ("retook", "shelled", "captured", "entered")
TOWNS = ("Palmyra", "Mayadeen", "Raqqa", "Mosul")


class CopyClean(ArticleStage):
    name = "clean"
    requires = frozenset({"article"})
    assigns = frozenset({"clean_text", "removed"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        return replace(doc, clean_text=doc.text)


class VerbEvents(ArticleStage):
    """One Battles mention per sentence containing a known verb (a stand-in for the event extractor)."""

    name = "events"
    requires = frozenset({"sentences"})
    assigns = frozenset({"mentions"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        mentions = tuple(
            EventMention(doc.id, s.span, s.span, "Battles", "Armed clash")
            for s in doc.sentences
            if any(v in s.span.of(doc.text) for v in VERBS)
        )
        return replace(doc, mentions=mentions)


class InstanceTag(ArticleStage):
    """Records which pipeline instance (process + build) analysed each article, through ``done``."""

    requires = frozenset({"article"})
    assigns = frozenset()

    def __init__(self) -> None:
        self.name = f"instance:{os.getpid()}:{uuid.uuid4().hex}"

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        return doc


def fake_pipeline() -> Pipeline:
    """Module-level, hence picklable for worker processes and Dask workers."""
    return Pipeline([InstanceTag(), CopyClean(), Annotate(FakeNlp()), VerbEvents()])


def corpus(n: int) -> Iterator[Article]:
    for i in range(n):
        verb, town = VERBS[i % len(VERBS)], TOWNS[(i // 3) % len(TOWNS)]
        text = f"Report {i}. Troops {verb} {town} on day {i}.\nResidents fled the fighting near {town}."
        yield Article(id=f"{i:016x}", text=text, title=f"Story {i}")


def without_instance(doc: AnalyzedArticle) -> AnalyzedArticle:
    return replace(doc, done=frozenset(d for d in doc.done if not d.startswith("instance:")))


def instances(docs: list[AnalyzedArticle]) -> set[str]:
    return {d for doc in docs for d in doc.done if d.startswith("instance:")}


@pytest.fixture(scope="module")
def reference() -> list[AnalyzedArticle]:
    return [without_instance(d) for d in run_local(corpus(120), workers=1, pipeline_factory=fake_pipeline)]


# ------------------------------------------------------------------ local engine


def test_single_process_builds_one_pipeline_and_streams() -> None:
    docs = list(run_local(corpus(30), workers=1, pipeline_factory=fake_pipeline))
    assert len(instances(docs)) == 1
    assert [d.id for d in docs] == [a.id for a in corpus(30)]


def test_process_pool_matches_single_process_in_order(reference: list[AnalyzedArticle]) -> None:
    docs = list(run_local(corpus(120), workers=2, pipeline_factory=fake_pipeline, chunk_size=7))
    assert [without_instance(d) for d in docs] == reference
    # one pipeline per worker process, however many chunks (120 / 7 = 18 chunks)
    built = instances(docs)
    assert 1 <= len(built) <= 2
    assert os.getpid() not in {int(name.split(":")[1]) for name in built}


def test_process_pool_consumer_may_stop_early() -> None:
    first = list(
        islice(run_local(corpus(10_000), workers=2, pipeline_factory=fake_pipeline, chunk_size=5), 12)
    )
    assert [d.id for d in first] == [a.id for a in islice(corpus(12), 12)]


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        list(run_local(corpus(1), workers=0, pipeline_factory=fake_pipeline))
    with pytest.raises(ConfigError):
        list(run_local(corpus(1), chunk_size=0, pipeline_factory=fake_pipeline))


# ------------------------------------------------------------------ Dask


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_dask_matches_single_process_in_order(client: object, reference: list[AnalyzedArticle]) -> None:
    from dateline.engine.dask import run_dask

    docs = list(run_dask(corpus(120), scheduler=client, pipeline_factory=fake_pipeline, batch_size=6))  # type: ignore[arg-type]
    assert [without_instance(d) for d in docs] == reference
    assert 1 <= len(instances(docs)) <= 2  # 20 batches, at most one pipeline build per worker


def test_dask_accepts_a_scheduler_address(client: object, reference: list[AnalyzedArticle]) -> None:
    from dateline.engine.dask import run_dask

    address = client.scheduler.address  # type: ignore[attr-defined]
    docs = list(run_dask(corpus(20), scheduler=address, pipeline_factory=fake_pipeline, max_in_flight=1))
    assert [without_instance(d) for d in docs] == reference[:20]


SYRIA_TOWNS = {
    "Palmyra": Place("Palmyra", 170_000, "city", "SY", "Homs", 34.56, 38.27, 1),
    "Mayadeen": Place("Mayadeen", 170_001, "city", "SY", "Deir ez-Zor", 35.02, 40.45, 1),
    "Mosul": Place("Mosul", 99_072, "city", "IQ", "Nineveh", 36.34, 43.13, 1),
}


def mention_items() -> list[tuple[EventMention, Citation]]:
    """Reports of a few events, several per event, across months and countries (so across shards)."""
    items = []
    start = date(2017, 3, 31)
    for n, (town, place) in enumerate(SYRIA_TOWNS.items()):
        for k in range(3):
            day = start + timedelta(days=n * 40 + (k % 2))  # the Palmyra reports straddle March/April
            sentence = f"Government forces retook {town} from Islamic State fighters on {day:%B %d}."
            article = f"{n}{k}".rjust(16, "0")
            mention = EventMention(
                article, Span(0, len(sentence)), Span(18, 24), "Battles", "Government regains territory",
                place=Toponym(Span(25, 25 + len(town)), place, 1.0), when=TimeInterval.day(day),
                reported=TimeInterval.day(day + timedelta(days=1)),
            )  # fmt: skip
            items.append((mention, Citation(article, mention.sentence, sentence, reported=mention.reported)))
    return items


def partition(events: tuple[object, ...]) -> set[frozenset[tuple[str, Span]]]:
    return {frozenset((m.article_id, m.sentence) for m in e.mentions) for e in events}  # type: ignore[attr-defined]


def test_sharded_merge_matches_the_single_merge(client: object) -> None:
    merge_module = pytest.importorskip("dateline.corpus.merge")
    from dateline.engine.dask import merge_sharded

    single = merge_module.merge(mention_items())
    sharded = merge_sharded(mention_items(), client=client)  # type: ignore[arg-type]
    assert partition(sharded.events) == partition(single.events)
    assert sorted(e.id for e in sharded.events) == sorted(e.id for e in single.events)


REAL_TEXTS = (
    "date 2017-03-02\nSyrian government forces recaptured the ancient city of Palmyra from Islamic State "
    "fighters on Thursday, the army said.",
    "Iraqi forces entered western Mosul on Sunday as the offensive against Islamic State militants went on.",
    "Protesters gathered in Mashhad on Thursday. Police dispersed the crowd with tear gas.",
)


def test_real_pipeline_on_dask_matches_single_process(client: object) -> None:
    from dateline.engine.dask import run_dask
    from dateline.stages import default_pipeline
    from dateline.stages.ingest import article_from_text

    articles = [article_from_text(t, source=f"t{i}") for i, t in enumerate(REAL_TEXTS)]
    local = list(run_local(articles, workers=1))
    distributed = list(run_dask(articles, scheduler=client, pipeline_factory=default_pipeline, batch_size=1))  # type: ignore[arg-type]
    assert distributed == local
    assert all(doc.sentences and doc.tokens for doc in local)
