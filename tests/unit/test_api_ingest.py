"""``dateline.ingest`` end to end on a real SQLite store with model-free backends: idempotent, resumable,
and one failing article is a counted rejection, never a lost batch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from dateline import api
from dateline.backends.gazetteer import FakeGazetteer
from dateline.backends.nlp import FakeNlp
from dateline.model import AnalyzedArticle, Article, ArticleDate, Place, TimeInterval
from dateline.pipeline import ArticleStage, Pipeline
from dateline.stages import default_pipeline
from dateline.stages.ingest import article_from_text, iter_articles
from dateline.store.sqlite import Store

PALMYRA = Place("Tadmur", 163808, "city", "SY", "Homs", 34.56, 38.27, 1, population=51323)
GAZETTEER = FakeGazetteer({"Palmyra": [PALMYRA], "Tadmur": [PALMYRA]})

TEXTS = {
    "a.txt": "date 2017-03-03\nSyrian troops retook Palmyra from Islamic State on Thursday, the army said.\n",
    "b.txt": "Government forces recaptured Palmyra from ISIS on Thursday, a monitor said.\n",
    "c.txt": "Markets were calm on Monday as traders awaited the central bank.\n",
}


def fake_pipeline() -> Pipeline:
    return default_pipeline(nlp=FakeNlp(), gazetteer=GAZETTEER)


class Explode(ArticleStage):
    """A stage with a bug that only some articles trigger."""

    name = "explode"
    requires = frozenset({"clean_text"})
    assigns = frozenset()

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        if "BOOM" in doc.text:
            raise RuntimeError("stage bug")
        return doc


def exploding_pipeline() -> Pipeline:
    return Pipeline([*fake_pipeline().stages[:1], Explode(), *fake_pipeline().stages[1:]])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_stores_articles_and_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = api.ingest([corpus], db=db, pipeline_factory=fake_pipeline)
    assert (first.seen, first.stored, len(first.rejected)) == (3, 3, 0)
    again = api.ingest([corpus], db=db, pipeline_factory=fake_pipeline)
    assert (again.stored, again.already_stored) == (0, 3)
    with Store(db, readonly=True) as store:
        assert store.stats().articles == 3
        assert store.unmerged_article_ids() == []


def test_a_failing_article_is_rejected_and_its_neighbours_are_stored(corpus: Path, tmp_path: Path) -> None:
    (corpus / "d.txt").write_text("BOOM goes the stage on Tuesday.\n", encoding="utf-8")
    report = api.ingest([corpus], db=tmp_path / "s.db", pipeline_factory=exploding_pipeline)
    assert report.stored == 3
    [rejected] = report.rejected
    assert (
        rejected.source.endswith("d.txt")
        and rejected.code == "stage-error"
        and "stage bug" in rejected.reason
    )
    with Store(tmp_path / "s.db", readonly=True) as store:
        assert store.stats().articles == 3
        assert [r.source for r in store.rejections()] == [rejected.source]


def test_bad_files_are_counted_rejections(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    report = api.ingest([corpus], db=tmp_path / "s.db", pipeline_factory=fake_pipeline)
    assert report.stored == 3
    assert sorted(Path(r.source).name for r in report.rejected) == ["blob.txt", "empty.txt"]


def test_articles_stored_but_not_merged_are_merged_on_the_next_run(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:  # as if a run was killed between analysis and merge
        articles = [a for a in iter_articles([corpus]) if isinstance(a, Article)]
        for doc in fake_pipeline().pipe(articles):
            store.add_analyzed(doc)
        assert len(store.unmerged_article_ids()) == 3
    report = api.ingest([corpus], db=db, pipeline_factory=fake_pipeline)
    assert report.stored == 0
    with Store(db, readonly=True) as store:
        assert store.unmerged_article_ids() == []


def test_local_workers_give_the_same_events(corpus: Path, tmp_path: Path) -> None:
    api.ingest([corpus], db=tmp_path / "one.db", pipeline_factory=fake_pipeline)
    api.ingest([corpus], db=tmp_path / "two.db", workers=2, pipeline_factory=partial(fake_pipeline))
    one = api.events(db=tmp_path / "one.db")
    two = api.events(db=tmp_path / "two.db")
    assert [e.id for e in one] == [e.id for e in two]


def test_actor_filter_takes_any_alias(tmp_path: Path) -> None:
    from datetime import date

    from dateline.model import Actor, ActorKind, Event, TimeInterval

    islamic_state = Actor("islamic-state", "Islamic State", ActorKind.REBEL)
    army = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
    event = Event(
        id="ev-1",
        event_type="Battles",
        sub_event_type="Government regains territory",
        when=TimeInterval.day(date(2017, 3, 2)),
        date_inferred=False,
        place=PALMYRA,
        actor1=army,
        actor2=islamic_state,
        associated=(),
        mentions=(),
        citations=(),
        salience=1.0,
        summary="Troops retook Palmyra.",
    )
    with Store(tmp_path / "s.db") as store:
        store.replace_events(add=[event])
    for alias in ("ISIS", "Daesh", "islamic-state", "Islamic State"):
        assert [e.id for e in api.events(db=tmp_path / "s.db", actor=alias)] == ["ev-1"], alias
    assert api.events(db=tmp_path / "s.db", actor="Hezbollah") == []


def _dated(number: int, month: int | None) -> AnalyzedArticle:
    published = ArticleDate(TimeInterval.day(date(2017, month, 1)), "metadata") if month else None
    doc = AnalyzedArticle(article_from_text(f"Report number {number}.", source=f"r{number}"))
    return replace(doc, dated=published)


def test_merge_queue_releases_a_month_when_it_is_full_and_the_rest_in_month_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api, "CHUNK_SIZE", 3)
    queue = api._MergeQueue()
    docs = [_dated(i, month) for i, month in enumerate([5, 3, 5, None, 3, 5])]
    released = [queue.add(doc) for doc in docs]
    assert released[:5] == [None] * 5
    assert released[5] == [docs[0].id, docs[2].id, docs[5].id]  # May is full
    assert list(queue.drain()) == [[docs[1].id, docs[4].id], [docs[3].id]]  # March, then undated


def test_merge_queue_waits_for_a_bounded_number_of_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "CHUNK_SIZE", 100)
    monkeypatch.setattr(api, "MAX_WAITING", 4)
    queue = api._MergeQueue()
    docs = [_dated(i, month) for i, month in enumerate([1, 2, 2, 3, 4])]
    released = [queue.add(doc) for doc in docs]
    assert released == [None, None, None, None, [docs[1].id, docs[2].id]]  # the fullest month goes first
