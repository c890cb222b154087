"""The SQLite store: one file, WAL, numbered migrations, idempotent writes, FTS5 search.

Crash safety: every article (row, removed spans, mentions, place names, full-text entry) is written in ONE
``BEGIN IMMEDIATE`` transaction, so a ``kill -9`` leaves either the whole article or nothing; ``add_analyzed``
skips ids already stored, so a killed batch resumes where it stopped. WAL lets readers run while one process
writes; ``busy_timeout`` makes concurrent writers wait for each other instead of failing with "database is
locked". Row encoding: :mod:`dateline.store.rows`; filters: :mod:`dateline.store.filters`.

Each thread gets its own connection (the web server reads from a thread pool); all of them are closed by
:meth:`Store.close`. Schema and layout: :mod:`dateline.store.migrations`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from dateline.errors import QueryError, StoreError
from dateline.model import (
    AnalyzedArticle,
    Article,
    ArticleDate,
    Citation,
    Event,
    EventMention,
    Rejected,
    Removal,
    Span,
)
from dateline.store.codec import from_dict
from dateline.store.filters import EventFilter, fold, fts_query
from dateline.store.migrations import MIGRATIONS, SCHEMA_VERSION
from dateline.store.rows import (
    analysis_from_blob,
    article_from_row,
    delete_event,
    insert_article,
    insert_event,
    mention_item,
)

__all__ = ["SNIPPET_MARKS", "SearchHit", "Store", "StoreStats", "fold", "fts_query"]

# Writers wait this long for another writer's transaction before giving up. A whole article commits in a few
# milliseconds, so a minute only runs out when something is truly stuck (e.g. a reader holding a debugger).
BUSY_TIMEOUT_MS = 60_000
# SQLite's bound-parameter limit is 32766 (>= 3.32); batches of 500 ids stay far below it.
ID_CHUNK = 500
# mention_items() pages through mentions by rowid so no cursor stays open while the caller writes.
MENTION_PAGE = 1000
# Search snippets mark matched words with these (plain text: the web escapes HTML first, then swaps them).
SNIPPET_MARKS = ("«", "»")
SNIPPET_WORDS = 16


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text hit: an ``article`` or an ``event``; ``score`` is higher-is-better (negated bm25)."""

    kind: str
    id: str
    title: str
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class StoreStats:
    articles: int
    mentions: int
    events: int
    rejections: int
    runs: int


class Store:
    """The dateline database. ``Store(path)`` creates and migrates; ``Store(path, readonly=True)`` reads."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such store")
        conn = self._conn()
        try:
            if readonly:
                _check_version(conn, self.path)
            else:
                _migrate(conn, self.path)
        except BaseException:
            self.close()
            raise

    # -------------------------------------------------------------- connections
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            if self.readonly:
                conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable against process crashes in WAL mode (only a power cut can lose the last
                # commits, never corrupt the file), and several times faster than FULL per transaction.
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open store: {e}") from e
        self._local.conn = conn
        with self._lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock up front: a deferred transaction that later
        upgrades its lock fails at once with SQLITE_BUSY instead of waiting out ``busy_timeout``."""
        if self.readonly:
            raise StoreError(f"{self.path}: store opened read-only")
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot start a write: {e}") from e
        try:
            yield conn
        except BaseException:
            _rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            _rollback(conn)
            raise StoreError(f"{self.path}: commit failed: {e}") from e

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        conn = self._conn()
        try:
            cur = conn.execute(sql, params)
            cur.row_factory = sqlite3.Row
            return cur.fetchall()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: query failed: {e}") from e

    def close(self) -> None:
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -------------------------------------------------------------- articles
    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids, ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            found.update(r["id"] for r in self._rows(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def add_analyzed(self, doc: AnalyzedArticle) -> bool:
        """Store an article and its analysis in one transaction. False (and no write) if already stored."""
        a = doc.article
        try:
            with self._write() as conn:
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
                    return False
                insert_article(conn, doc)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot store article {a.id}: {e}") from e
        return True

    def add_rejected(self, rejected: Rejected) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO rejections (source, stage, code, reason) VALUES (?, ?, ?, ?)",
                (rejected.source, rejected.stage, rejected.code, rejected.reason),
            )

    def article(self, article_id: str) -> Article:
        rows = self._rows("SELECT * FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise QueryError(f"unknown article {article_id!r}")
        return article_from_row(rows[0])

    def analyzed(self, article_id: str) -> AnalyzedArticle:
        rows = self._rows("SELECT * FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise QueryError(f"unknown article {article_id!r}")
        row = rows[0]
        article = article_from_row(row)
        removed = tuple(
            Removal(Span(r["start"], r["end"]), r["rule"])
            for r in self._rows("SELECT * FROM removed WHERE article_id = ? ORDER BY rowid", (article_id,))
        )
        mentions = tuple(
            from_dict(EventMention, json.loads(r["data"]))
            for r in self._rows(
                "SELECT data FROM mentions WHERE article_id = ? ORDER BY ordinal", (article_id,)
            )
        )
        dated = from_dict(ArticleDate, json.loads(row["dated"])) if row["dated"] else None
        return analysis_from_blob(row["analysis"], article, removed, dated, mentions)

    def mention_items(
        self, *, article_ids: Iterable[str] | None = None
    ) -> Iterator[tuple[EventMention, Citation]]:
        """Every stored mention with the citation backing it (quote = the sentence, read from the article)."""
        if article_ids is None:
            yield from self._mention_pages("", ())
            return
        for chunk in _chunks(article_ids, ID_CHUNK):
            yield from self._mention_pages(f"AND m.article_id IN ({','.join('?' * len(chunk))})", chunk)

    def _mention_pages(self, where: str, params: Sequence[str]) -> Iterator[tuple[EventMention, Citation]]:
        last = 0
        while True:
            rows = self._rows(
                "SELECT m.id, m.data, m.article_id, a.outlet, a.url, a.title, a.dated "
                f"FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.id > ? {where} "
                "ORDER BY m.id LIMIT ?",
                (last, *params, MENTION_PAGE),
            )
            texts = self._texts({r["article_id"] for r in rows})
            for r in rows:
                yield mention_item(r, texts[r["article_id"]])
            if len(rows) < MENTION_PAGE:
                return
            last = rows[-1]["id"]

    def _texts(self, article_ids: set[str]) -> dict[str, str]:
        # Quotes are cut in Python, not with SQL substr(): SQLite's text functions stop at a NUL character.
        texts: dict[str, str] = {}
        for chunk in _chunks(sorted(article_ids), ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            texts.update(
                (r["id"], r["text"])
                for r in self._rows(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk)
            )
        return texts

    # -------------------------------------------------------------- events
    def candidate_events(
        self,
        *,
        start: date | None,
        end: date | None,
        place_ids: Iterable[int] = (),
        event_types: Iterable[str] = (),
        known: Container[str] = (),
    ) -> list[Event]:
        """Stored events a new mention might merge with (blocking): overlapping ``[start, end]`` (undated
        events only when no bound is given), at one of ``place_ids`` (as the place or its parent), of one of
        ``event_types``; events whose id is in ``known`` (already fetched by the caller) are left out
        unread."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if start is not None:
            where.append("date_end >= ?")
            params.append(start.isoformat())
        if end is not None:
            where.append("date_start <= ?")
            params.append(end.isoformat())
        ids = sorted(set(place_ids))
        if ids:
            marks = ",".join("?" * len(ids))
            where.append(f"(geonameid IN ({marks}) OR parent IN ({marks}))")
            params += ids + ids
        types = sorted(set(event_types))
        if types:
            where.append(f"event_type IN ({','.join('?' * len(types))})")
            params += types
        found = self._rows(f"SELECT id FROM events WHERE {' AND '.join(where)} ORDER BY id", params)
        wanted = [r["id"] for r in found if r["id"] not in known]
        events: list[Event] = []
        for i in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[i : i + ID_CHUNK]
            rows = self._rows(
                f"SELECT data FROM events WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk
            )
            events.extend(from_dict(Event, json.loads(r["data"])) for r in rows)
        return events

    def replace_events(
        self, *, add: Iterable[Event], remove: Iterable[str] = (), merged_article_ids: Iterable[str] = ()
    ) -> None:
        """Remove events by id and add (or overwrite) events, in one transaction; in the same transaction mark
        ``merged_article_ids`` as merged (see :meth:`unmerged_article_ids`)."""
        adding = list(add)
        with self._write() as conn:
            for event_id in {*remove, *(e.id for e in adding)}:
                delete_event(conn, event_id)
            for event in adding:
                insert_event(conn, event)
            conn.executemany(
                "UPDATE articles SET merged = 1 WHERE id = ?", [(i,) for i in merged_article_ids]
            )

    def unmerged_article_ids(self) -> list[str]:
        """Stored articles whose mentions are not yet merged into events (e.g. a run killed between storing
        and merging), in the order they were stored."""
        return [r["id"] for r in self._rows("SELECT id FROM articles WHERE merged = 0 ORDER BY rowid")]

    def events(
        self,
        *,
        place: str | None = None,
        actor: str | None = None,
        event_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        include_background: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Events matching every given filter, in date order (undated last). See :class:`EventFilter`."""
        filt = EventFilter(place, actor, event_type, since, until, query, include_background)
        where, params = filt.sql()
        page = " LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
        rows = self._rows(
            f"SELECT data FROM events e WHERE {where} "
            "ORDER BY e.date_start IS NULL, e.date_start, e.date_end, e.id" + page,
            params,
        )
        return [from_dict(Event, json.loads(r["data"])) for r in rows]

    def count_events(
        self,
        *,
        place: str | None = None,
        actor: str | None = None,
        event_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        include_background: bool = True,
    ) -> int:
        filt = EventFilter(place, actor, event_type, since, until, query, include_background)
        where, params = filt.sql()
        return int(self._rows(f"SELECT count(*) AS n FROM events e WHERE {where}", params)[0]["n"])

    def event(self, event_id: str) -> Event:
        rows = self._rows("SELECT data FROM events WHERE id = ?", (event_id,))
        if not rows:
            raise QueryError(f"unknown event {event_id!r}")
        return from_dict(Event, json.loads(rows[0]["data"]))

    # -------------------------------------------------------------- search, stats, runs
    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Full-text search over article titles/texts and event summaries/quotes, best first.
        Any user text is safe: it is rewritten by :func:`fts_query` (no FTS syntax errors)."""
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        left, right = SNIPPET_MARKS
        articles = self._rows(
            "SELECT a.id, coalesce(a.title, '') AS title, "
            f"snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_WORDS}) AS snip, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (left, right, match, limit),
        )
        events = self._rows(
            "SELECT e.id, e.summary AS title, "
            f"snippet(events_fts, -1, ?, ?, '…', {SNIPPET_WORDS}) AS snip, bm25(events_fts) AS rank "
            "FROM events_fts JOIN events e ON e.rowid = events_fts.rowid "
            "WHERE events_fts MATCH ? ORDER BY rank LIMIT ?",
            (left, right, match, limit),
        )
        hits = [SearchHit("article", r["id"], r["title"], r["snip"], -r["rank"]) for r in articles]
        hits += [SearchHit("event", r["id"], r["title"], r["snip"], -r["rank"]) for r in events]
        hits.sort(key=lambda h: (-h.score, h.kind, h.id))
        return hits[:limit]

    def stats(self) -> StoreStats:
        counts = self._rows(
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM mentions) AS mentions, "
            "(SELECT count(*) FROM events) AS events, (SELECT count(*) FROM rejections) AS rejections, "
            "(SELECT count(*) FROM runs) AS runs"
        )[0]
        return StoreStats(**{k: int(counts[k]) for k in counts.keys()})  # noqa: SIM118 (sqlite3.Row)

    def rejections(self) -> list[Rejected]:
        rows = self._rows("SELECT source, stage, code, reason FROM rejections ORDER BY id")
        return [Rejected(r["source"], r["stage"], r["code"], r["reason"]) for r in rows]

    def start_run(self, command: str, *, options: str = "") -> int:
        """Record the start of a batch run; returns its id for :meth:`finish_run`."""
        with self._write() as conn:
            cur = conn.execute("INSERT INTO runs (command, options) VALUES (?, ?)", (command, options))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, *, articles: int, rejected: int, note: str = "") -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), articles = ?, "
                "rejected = ?, note = ? WHERE id = ?",
                (articles, rejected, note, run_id),
            )


# ------------------------------------------------------------------ migrations


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        # A read-only open cannot migrate; any writing command (e.g. ingest) opens it writable and does.
        raise StoreError(
            f"{path}: schema v{version}, this dateline reads v{SCHEMA_VERSION}; open it once for writing "
            "(e.g. run an ingest) to migrate it"
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the file to :data:`SCHEMA_VERSION`. Two processes opening a fresh file at once are serialised by
    the IMMEDIATE lock, and the second sees the first's ``user_version``."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as e:
        raise StoreError(f"{path}: cannot open store for writing: {e}") from e
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: schema v{version} is newer than this dateline (v{SCHEMA_VERSION})")
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    except sqlite3.Error as e:
        _rollback(conn)
        raise StoreError(f"{path}: migration failed: {e}") from e
    except BaseException:
        _rollback(conn)
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (``executescript`` would COMMIT our open transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


# ------------------------------------------------------------------ small helpers


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); a second ROLLBACK would raise.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
