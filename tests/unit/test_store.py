"""The SQLite store: migrations, idempotent writes, reads, event filters, full-text search, stats."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import QueryError, StoreError
from dateline.model import (
    Actor,
    ActorKind,
    AnalyzedArticle,
    Article,
    ArticleDate,
    Citation,
    Event,
    EventMention,
    Place,
    Rejected,
    Removal,
    Sentence,
    Span,
    TimeInterval,
    Toponym,
)
from dateline.store import sqlite as store_module
from dateline.store.migrations import SCHEMA_VERSION
from dateline.store.sqlite import Store, fold, fts_query

TEXT = "Syrian troops retook Palmyra on Thursday. Subscribe now!\nThe army entered Tadmur at dawn."
PALMYRA = Place("Palmyra", 170_000, "city", "SY", "Homs", 34.56, 38.27, 1)
CASTLE = Place("Palmyra Castle", None, "named-place", "SY", "Homs", 34.56, 38.27, 2, parent=170_000)
DEIR = Place("Deir ez-Zōr", 170_794, "city", "SY", "Deir ez-Zor", 35.33, 40.14, 1)
SAA = Actor("syria-government-forces", "Syrian Arab Army", ActorKind.STATE, "SY")
IS = Actor("islamic-state", "Islamic State", ActorKind.REBEL)


def analyzed(article_id: str = "a1", text: str = TEXT) -> AnalyzedArticle:
    first = Span(0, 41)
    toponyms = (Toponym(Span(21, 28), PALMYRA, 0.9), Toponym(Span(74, 80), PALMYRA, 0.8))
    mentions = (
        EventMention(
            article_id,
            first,
            Span(14, 20),
            "Battles",
            "Government regains territory",
            place=toponyms[0],
            when=TimeInterval.day(date(2017, 3, 2)),
        ),
        EventMention(
            article_id, Span(57, len(text)), Span(62, 66), "Battles", "Armed clash", place=toponyms[1]
        ),
    )
    return AnalyzedArticle(
        article=Article(article_id, text, title="Palmyra retaken", outlet="Wire", url="https://x/1"),
        clean_text=text.replace("Subscribe now!", " " * 14),
        removed=(Removal(Span(42, 56), "subscribe"),),
        dated=ArticleDate(TimeInterval.day(date(2017, 3, 3)), "header", Span(0, 5)),
        sentences=(Sentence(first), Sentence(Span(57, len(text)))),
        toponyms=toponyms,
        mentions=mentions,
        done=frozenset({"clean", "geocode"}),
    )


def event(event_id: str, *, when: TimeInterval, place: Place | None = PALMYRA, **kw: object) -> Event:
    fields: dict[str, object] = {
        "event_type": "Battles",
        "sub_event_type": "Government regains territory",
        "date_inferred": False,
        "actor1": SAA,
        "actor2": IS,
        "associated": (),
        "mentions": (),
        "citations": (Citation("a1", Span(0, 41), "Syrian troops retook Palmyra on Thursday."),),
        "salience": 0.8,
        "summary": f"Event {event_id}: government forces retake the city",
    }
    fields.update(kw)
    return Event(id=event_id, when=when, place=place, **fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "d.db") as s:
        yield s  # type: ignore[misc]


# ------------------------------------------------------------------ opening and migrating


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    Store(tmp_path / "d.db").close()
    conn = sqlite3.connect(tmp_path / "d.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "removed", "mentions", "events", "citations", "rejections", "runs"} <= tables


def test_reopening_keeps_data_and_does_not_remigrate(tmp_path: Path) -> None:
    with Store(tmp_path / "d.db") as s:
        s.add_analyzed(analyzed())
    with Store(tmp_path / "d.db") as s:
        assert s.stats().articles == 1


def test_readonly_store_refuses_missing_file_and_writes(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.db", readonly=True)
    with Store(tmp_path / "d.db") as s:
        s.add_analyzed(analyzed())
    with Store(tmp_path / "d.db", readonly=True) as ro:
        assert ro.article("a1").title == "Palmyra retaken"
        with pytest.raises(StoreError):
            ro.add_rejected(Rejected("f", "ingest", "empty", "nothing"))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "d.db").close()
    conn = sqlite3.connect(tmp_path / "d.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "d.db")


# ------------------------------------------------------------------ articles


def test_add_analyzed_is_idempotent_and_round_trips(store: Store) -> None:
    doc = analyzed()
    assert store.add_analyzed(doc) is True
    assert store.add_analyzed(doc) is False
    assert store.analyzed("a1") == doc
    assert store.article("a1") == doc.article
    assert store.stats().articles == 1 and store.stats().mentions == 2


def test_clean_text_not_implied_by_removals_is_kept(store: Store) -> None:
    doc = replace(analyzed(), clean_text="")  # e.g. a pipeline without the cleaner
    store.add_analyzed(doc)
    assert store.analyzed("a1").clean_text == ""


def test_unknown_ids_raise_query_error(store: Store) -> None:
    for read in (store.article, store.analyzed, store.event):
        with pytest.raises(QueryError):
            read("nope")


def test_known_article_ids_handles_more_ids_than_one_chunk(store: Store) -> None:
    store.add_analyzed(analyzed("a1"))
    store.add_analyzed(analyzed("a2"))
    asked = [f"x{i}" for i in range(store_module.ID_CHUNK * 2 + 3)] + ["a2"]
    assert store.known_article_ids(asked) == {"a2"}
    assert store.known_article_ids([]) == set()


def test_a_failing_write_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("killed mid-article")

    # The article row is inserted first; failing on the place names (the last step) must roll it back.
    monkeypatch.setattr(store_module, "insert_article", _failing_after_rows(boom))
    with pytest.raises(RuntimeError):
        store.add_analyzed(analyzed())
    assert store.known_article_ids(["a1"]) == set()
    assert store.stats().mentions == 0
    assert store.search("Palmyra") == []


def _failing_after_rows(fail: object) -> object:
    from dateline.store.rows import insert_article

    def insert_then_fail(conn: sqlite3.Connection, doc: AnalyzedArticle) -> None:
        insert_article(conn, doc)
        fail()  # type: ignore[operator]

    return insert_then_fail


def test_mention_items_carry_citations_cut_from_the_article(store: Store) -> None:
    store.add_analyzed(analyzed("a1"))
    store.add_analyzed(analyzed("a2"))
    items = list(store.mention_items(article_ids=["a2"]))
    assert [m.article_id for m, _ in items] == ["a2", "a2"]
    mention, citation = items[0]
    assert citation.quote == "Syrian troops retook Palmyra on Thursday."
    assert citation.outlet == "Wire" and citation.title == "Palmyra retaken"
    assert citation.reported == TimeInterval.day(date(2017, 3, 3))  # the article's date: mention had none
    assert mention.sentence == citation.sentence


def test_mention_items_pages_through_everything(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "MENTION_PAGE", 3)
    for i in range(5):
        store.add_analyzed(analyzed(f"a{i}"))
    assert len(list(store.mention_items())) == 10


def test_quotes_survive_nul_and_astral_characters(store: Store) -> None:
    text = "A\x00b 😀 Palmyra fell. Next."
    doc = AnalyzedArticle(
        Article("n1", text), mentions=(EventMention("n1", Span(0, 18), Span(9, 16), "Battles", "x"),)
    )
    store.add_analyzed(doc)
    [(_, citation)] = store.mention_items()
    assert citation.quote == text[:18]


def test_rejections_are_recorded_once(store: Store) -> None:
    rejected = Rejected("in.jsonl:3", "ingest", "empty", "nothing but whitespace")
    store.add_rejected(rejected)
    store.add_rejected(rejected)
    assert store.rejections() == [rejected]
    assert store.stats().rejections == 1


def test_runs_are_recorded(store: Store) -> None:
    run = store.start_run("ingest", options="--workers 2")
    store.finish_run(run, articles=10, rejected=1, note="ok")
    assert store.stats().runs == 1


# ------------------------------------------------------------------ events


@pytest.fixture
def events_store(store: Store) -> Store:
    store.add_analyzed(analyzed())  # records "Tadmur" as a spelling of Palmyra's geonameid
    store.replace_events(
        add=[
            event("e1", when=TimeInterval.day(date(2017, 3, 2))),
            event("e2", when=TimeInterval.month(2017, 1), place=CASTLE, background=True, actor2=None),
            event(
                "e3",
                when=TimeInterval.day(date(2017, 11, 3)),
                place=DEIR,
                actor1=IS,
                actor2=None,
                associated=(SAA,),
                event_type="Violence against civilians",
                summary="Shelling of Deir ez-Zor",
            ),
            event("e4", when=TimeInterval.unresolved(), place=None, actor1=None, actor2=None),
        ]
    )
    return store


def ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


def test_events_are_in_date_order_with_undated_last(events_store: Store) -> None:
    assert ids(events_store.events()) == ["e2", "e1", "e3", "e4"]
    assert ids(events_store.events(limit=2, offset=1)) == ["e1", "e3"]
    assert events_store.count_events() == 4


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("palmyra", ["e2", "e1"]),  # the city and a named place inside it (parent)
        ("TADMUR", ["e2", "e1"]),  # another spelling seen in an article, same geonameid
        ("deir ez-zor", ["e3"]),  # diacritics folded
        ("170794", ["e3"]),  # a geonameid
        ("Homs", ["e2", "e1"]),  # admin1
        ("Mosul", []),
    ],
)
def test_place_filter(events_store: Store, place: str, expected: list[str]) -> None:
    assert ids(events_store.events(place=place)) == expected
    assert events_store.count_events(place=place) == len(expected)


def test_actor_filter_matches_id_or_name_in_any_role(events_store: Store) -> None:
    assert ids(events_store.events(actor="islamic-state")) == ["e1", "e3"]
    assert ids(events_store.events(actor="syrian arab army")) == ["e2", "e1", "e3"]  # e3: associated


def test_type_date_text_and_background_filters(events_store: Store) -> None:
    assert ids(events_store.events(event_type="violence against civilians")) == ["e3"]
    assert ids(events_store.events(since=date(2017, 3, 1), until=date(2017, 3, 31))) == ["e1"]
    assert ids(events_store.events(until=date(2017, 1, 15))) == ["e2"]  # overlap, not containment
    assert ids(events_store.events(query="shelling")) == ["e3"]
    assert ids(events_store.events(query="retook palmyra", until=date(2017, 6, 1))) == ["e2", "e1"]
    assert ids(events_store.events(include_background=False)) == ["e1", "e3", "e4"]
    with pytest.raises(QueryError):
        events_store.events(since=date(2017, 5, 1), until=date(2017, 4, 1))


def test_replace_events_overwrites_and_removes(events_store: Store) -> None:
    newer = event(
        "e1", when=TimeInterval.day(date(2017, 3, 2)), summary="Palmyra retaken for good", actor2=None
    )
    events_store.replace_events(add=[newer], remove=["e3", "unknown-id"])
    assert events_store.event("e1") == newer
    assert ids(events_store.events()) == ["e2", "e1", "e4"]
    assert ids(events_store.events(actor="islamic-state")) == []  # old actor links gone with the old row
    assert ids(events_store.events(query="shelling")) == []
    assert events_store.stats().events == 3


def test_candidate_events_block_on_time_place_and_type(events_store: Store) -> None:
    found = events_store.candidate_events(start=date(2017, 1, 1), end=date(2017, 3, 31), place_ids=[170_000])
    assert ids(found) == ["e1", "e2"]
    assert ids(
        events_store.candidate_events(start=None, end=None, event_types=["Violence against civilians"])
    ) == ["e3"]
    assert ids(events_store.candidate_events(start=None, end=None)) == ["e1", "e2", "e3", "e4"]


# ------------------------------------------------------------------ search


def test_search_finds_articles_and_events_with_marked_snippets(events_store: Store) -> None:
    hits = events_store.search("Palmyra")
    kinds = {(h.kind, h.id) for h in hits}
    assert ("article", "a1") in kinds and ("event", "e1") in kinds
    article_hit = next(h for h in hits if h.kind == "article")
    assert "«Palmyra»" in article_hit.snippet and article_hit.title == "Palmyra retaken"
    assert hits == sorted(hits, key=lambda h: -h.score)


@pytest.mark.parametrize(
    "query", ['"', "AND", "a OR", "NEAR(", "col:x", "-x", "*", "'; DROP TABLE events; --", "^", "((", "ü*"]
)
def test_search_never_raises_on_fts_syntax(events_store: Store, query: str) -> None:
    events_store.search(query)
    events_store.events(query=query)
    assert events_store.stats().events == 4


def test_fts_query_quotes_words_and_keeps_phrases_prefixes_and_or() -> None:
    assert fts_query('deir "ez zor" tad* OR x AND -y') == '"deir" "ez zor" "tad"* OR "x" "y"'
    assert fts_query("  ") == ""


def test_fold_ignores_case_diacritics_and_spacing() -> None:
    assert fold("  Deir  ez-Zōr ") == "deir ez-zor"
    assert fold(None) == ""


# ------------------------------------------------------------------ merge bookkeeping and migrations


def test_articles_stay_unmerged_until_their_events_are_written(store: Store) -> None:
    store.add_analyzed(analyzed("a1"))
    store.add_analyzed(analyzed("a2"))
    assert store.unmerged_article_ids() == ["a1", "a2"]
    store.replace_events(
        add=[event("e1", when=TimeInterval.day(date(2017, 3, 2)))], merged_article_ids=["a2"]
    )
    assert store.unmerged_article_ids() == ["a1"]


def test_a_v1_store_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    from dateline.store import rows
    from dateline.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO articles (id, text, analysis) VALUES ('old', ?, ?)",
        (TEXT, rows.analysis_blob(analyzed("old"))),
    )
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.article("old").text == TEXT
        assert s.unmerged_article_ids() == ["old"]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
