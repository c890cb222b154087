"""Two writer processes on one fresh store, plus a reader querying while they write: no lost or doubled rows
and no "database is locked" escaping (busy_timeout + BEGIN IMMEDIATE + WAL)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import StoreError
from dateline.model import (
    AnalyzedArticle,
    Article,
    Citation,
    Event,
    EventMention,
    Rejected,
    Sentence,
    Span,
    TimeInterval,
)
from dateline.store.sqlite import Store

pytestmark = pytest.mark.integration

PER_WRITER = 400
OVERLAP = 100  # articles both writers add: each must be stored once


def doc(i: int) -> AnalyzedArticle:
    text = f"Troops retook town {i}. Residents returned to town {i} on Friday."
    first = Span(0, text.index(".") + 1)
    mentions = tuple(
        EventMention(f"{i:016x}", first, Span(7, 13), "Battles", "x", salience=k / 4) for k in range(4)
    )
    return AnalyzedArticle(
        Article(f"{i:016x}", text, title=f"Town {i}"),
        clean_text=text,
        sentences=(Sentence(first), Sentence(Span(first.end + 1, len(text)))),
        mentions=mentions,
    )


def event(i: int) -> Event:
    when = TimeInterval.day(date(2017, 1, 1))
    cite = Citation(f"{i:016x}", Span(0, 10), "Troops ret")
    return Event(
        f"ev-{i}", "Battles", "x", when, False, None, None, None, (), (), (cite,), 0.5, f"Town {i} retaken"
    )


def writer(path: str, first: str) -> None:
    """Child process: add articles first .. first+PER_WRITER, an event and a rejection per article."""
    with Store(path) as store:
        for i in range(int(first), int(first) + PER_WRITER):
            store.add_analyzed(doc(i))
            store.replace_events(add=[event(i)])
            store.add_rejected(Rejected(f"in-{i % 20}", "ingest", "empty", "nothing"))
    print("ok", flush=True)


def _spawn(path: Path, first: int) -> subprocess.Popen[str]:
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import test_concurrency as t; t.writer(*sys.argv[1:])"
    return subprocess.Popen(
        [sys.executable, "-c", code, str(path), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(path: Path, stop: threading.Event, errors: list[BaseException], reads: list[int]) -> None:
    while not path.exists() and not stop.is_set():
        time.sleep(0.01)
    try:
        while not stop.is_set():
            try:
                store = Store(path, readonly=True)
            except StoreError as e:  # the writers may not have created the schema yet
                if "schema v0" not in str(e):
                    raise
                time.sleep(0.01)
                continue
            with store:
                while not stop.is_set():
                    stats = store.stats()
                    assert stats.mentions == 4 * stats.articles  # never a half-written article
                    store.search("town retook")
                    store.events(query="retaken", limit=20)
                    list(store.mention_items())
                    reads.append(stats.articles)
    except BaseException as e:
        errors.append(e)


def test_two_writers_and_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    stop = threading.Event()
    errors: list[BaseException] = []
    reads: list[int] = []
    reader = threading.Thread(target=_read_until, args=(path, stop, errors, reads))
    reader.start()
    writers = [_spawn(path, 0), _spawn(path, PER_WRITER - OVERLAP)]
    outputs = [w.communicate(timeout=60) for w in writers]
    stop.set()
    reader.join(timeout=30)

    for w, (out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
        assert out.strip() == "ok"
        assert "locked" not in err
    assert not errors, errors
    assert len(reads) > 1 and reads == sorted(reads)  # the reader ran while rows arrived

    total = 2 * PER_WRITER - OVERLAP
    with Store(path, readonly=True) as store:
        stats = store.stats()
        assert (stats.articles, stats.mentions, stats.events, stats.rejections) == (
            total,
            4 * total,
            total,
            20,
        )
        assert store.known_article_ids(f"{i:016x}" for i in range(total)) == {
            f"{i:016x}" for i in range(total)
        }
        assert store.count_events(query="retaken") == total
