"""kill -9 an ingest mid-way, several times, then finish it: no duplicate, no half-written article, and each
run resumes by skipping the ids already stored.

The child process runs :func:`main` of this module with a fast fake pipeline (many mentions per article, so a
kill often lands inside an article's transaction).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from dateline.backends.nlp import FakeNlp
from dateline.engine.local import run_into_store
from dateline.model import AnalyzedArticle, Article, EventMention, Removal, Span
from dateline.pipeline import ArticleStage, Pipeline
from dateline.stages.annotate import Annotate
from dateline.store.sqlite import Store

pytestmark = pytest.mark.integration

N_ARTICLES = 400
KILLS = 3


class BlankFirstLine(ArticleStage):
    name = "clean"
    requires = frozenset({"article"})
    assigns = frozenset({"clean_text", "removed"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        end = doc.text.index("\n")
        return replace(doc, clean_text=" " * end + doc.text[end:], removed=(Removal(Span(0, end), "byline"),))


class EveryMention(ArticleStage):
    """One mention per sentence: many rows per article, to widen the window a kill can land in."""

    name = "events"
    requires = frozenset({"sentences"})
    assigns = frozenset({"mentions"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        mentions = tuple(
            EventMention(doc.id, s.span, s.span, "Battles", "Armed clash") for s in doc.sentences
        )
        return replace(doc, mentions=mentions)


def fake_pipeline() -> Pipeline:
    return Pipeline([BlankFirstLine(), Annotate(FakeNlp()), EveryMention()])


def articles(n: int = N_ARTICLES) -> list[Article]:
    out = []
    for i in range(n):
        body = " ".join(f"Troops shelled village {i}-{k} at dawn." for k in range(8 + i % 5))
        out.append(Article(id=f"{i:016x}", text=f"By staff {i}\n{body}", title=f"Report {i}"))
    return out


def main(path: str) -> None:
    """Child process: ingest everything, printing progress so the parent knows when to kill."""
    with Store(path) as store:
        result = run_into_store(store, articles(), pipeline_factory=fake_pipeline, chunk_size=16)
    print(f"done added={result.added} skipped={result.skipped}", flush=True)


def _child(path: Path) -> subprocess.Popen[str]:
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import test_crash_safety as t; t.main(sys.argv[1])"
    return subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # the child has not created the schema yet
        return 0
    finally:
        conn.close()


def _kill_after(path: Path, at_least: int) -> int:
    child = _child(path)
    deadline = time.monotonic() + 20
    while _stored(path) < at_least and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return _stored(path)


@cache
def _expected() -> dict[str, AnalyzedArticle]:
    return {doc.id: doc for doc in fake_pipeline().pipe(articles())}


def _check_whole(path: Path) -> int:
    """Every stored article has exactly the rows its analysis implies; return how many are stored."""
    expected = _expected()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    mentions = dict(conn.execute("SELECT article_id, count(*) FROM mentions GROUP BY article_id").fetchall())
    removed = dict(conn.execute("SELECT article_id, count(*) FROM removed GROUP BY article_id").fetchall())
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    fts_rows = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    conn.close()
    assert len(ids) == len(set(ids)) == fts_rows
    assert set(mentions) <= set(ids) and set(removed) <= set(ids)  # no orphan rows of a half-written article
    with Store(path, readonly=True) as store:
        for article_id in ids:
            assert mentions.get(article_id, 0) == len(expected[article_id].mentions)
            assert removed.get(article_id, 0) == 1
            assert store.analyzed(article_id) == expected[article_id]
    return len(ids)


def test_kill_minus_nine_then_resume(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    stored_before = 0
    for k in range(1, KILLS + 1):
        stored = _kill_after(path, at_least=k * N_ARTICLES // (KILLS + 2))
        assert stored >= stored_before
        assert _check_whole(path) == stored
        stored_before = stored
    assert stored_before < N_ARTICLES, "the child finished before it could be killed: make the corpus bigger"

    child = _child(path)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    assert out.strip() == f"done added={N_ARTICLES - stored_before} skipped={stored_before}"
    assert _check_whole(path) == N_ARTICLES
