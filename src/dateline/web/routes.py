"""The JSON API under ``/api``: read-only queries over the store, plus one token-guarded write (``/ingest``).

Each route calls the library function of the same name in :mod:`dateline.api`, so the CLI and the web share
one code path; routes only parse parameters, bound them, and shape the answer.
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool

from dateline import api
from dateline.errors import DatelineError, QueryError
from dateline.store.codec import to_dict
from dateline.store.sqlite import Store
from dateline.web.schemas import (
    ControlPage,
    ErrorBody,
    EventDetail,
    EventPage,
    IngestResult,
    SearchPage,
    TimelinePage,
)
from dateline.web.views import event_row, source_view, timeline_rows

__all__ = ["MAX_BODY_BYTES", "MAX_PAGE", "HttpError", "WebSettings", "router"]

# Largest page of events one request may ask for: a screenful of timeline is ~50 rows and the map asks for
# one page; 500 rows is ~250 KB of JSON, bounded so one request cannot make the server serialise the store.
MAX_PAGE = 500
DEFAULT_PAGE = 100
# Largest request body (POST /api/ingest): a long news article is ~50 KB; this allows a batch of a few dozen
# in one JSON array while keeping a hostile upload from filling memory.
MAX_BODY_BYTES = 2 * 1024 * 1024
# Free-text parameters longer than this are not a place name, actor or search a person typed.
MAX_TEXT_PARAM = 200
# SQLite integers are 64-bit; a bigger offset would overflow inside the driver instead of paging.
MAX_OFFSET = 1_000_000_000
MAX_TIMELINE_DATES = 10_000
# File name an upload is saved under; it becomes the article's ``source``, saying where the text came from.
UPLOAD_NAME = "POST-api-ingest.{suffix}"


class HttpError(DatelineError):
    """A DatelineError with an HTTP status, for conditions only the web layer knows about."""

    def __init__(self, code: str, message: str, *, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True, slots=True)
class WebSettings:
    db: Path
    token: str | None
    tiles: str | None


@dataclass(frozen=True, slots=True)
class EventFilter:
    place: str | None
    actor: str | None
    event_type: str | None
    since: date | None
    until: date | None
    query: str | None
    include_background: bool

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "actor": self.actor,
            "event_type": self.event_type,
            "since": self.since,
            "until": self.until,
            "query": self.query,
            "include_background": self.include_background,
        }


TextParam = Annotated[str | None, Query(max_length=MAX_TEXT_PARAM)]


def event_filter(
    place: TextParam = None,
    actor: TextParam = None,
    type: TextParam = None,
    since: Annotated[date | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(description="last day, YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description="full-text search")] = None,
    background: Annotated[bool, Query(description="include background mentions")] = True,
) -> EventFilter:
    if since is not None and until is not None and until < since:
        raise QueryError(f"until ({until}) is before since ({since})")
    return EventFilter(
        place=place or None,
        actor=actor or None,
        event_type=type or None,
        since=since,
        until=until,
        query=q or None,
        include_background=background,
    )


@contextmanager
def open_store(db: Path) -> Iterator[Store]:
    """A read-only store for one request (SQLite connections are cheap and not shared across threads)."""
    store = Store(db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def settings(request: Request) -> WebSettings:
    value: WebSettings = request.app.state.settings
    return value


Filters = Annotated[EventFilter, Depends(event_filter)]
Settings = Annotated[WebSettings, Depends(settings)]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad filter"},
    404: {"model": ErrorBody, "description": "not found"},
    422: {"model": ErrorBody, "description": "invalid parameter"},
}

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/events", response_model=EventPage, summary="Events matching the filters, by date, paginated")
def list_events(
    filters: Filters,
    cfg: Settings,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EventPage:
    with _guard_sqlite():
        found = api.events(db=cfg.db, limit=limit, offset=offset, **filters.as_kwargs())
        with open_store(cfg.db) as store:
            total = store.count_events(**filters.as_kwargs())
    return EventPage(items=[event_row(e) for e in found], total=total, limit=limit, offset=offset)


@router.get(
    "/events/{event_id}", response_model=EventDetail, summary="One event with every source in context"
)
def get_event(event_id: Annotated[str, PathParam(max_length=MAX_TEXT_PARAM)], cfg: Settings) -> EventDetail:
    return load_event_detail(event_id, db=cfg.db)


def load_event_detail(event_id: str, *, db: Path) -> EventDetail:
    """The event and its sources in context; shared by the API and the event page."""
    try:
        found = api.event(event_id, db=db)
    except QueryError as exc:
        raise HttpError("not-found", str(exc), status=404) from exc
    texts = _article_texts(db, {c.article_id for c in found.citations})
    sources = [source_view(c, article_text=texts.get(c.article_id)) for c in found.citations]
    return EventDetail(row=event_row(found), sources=sources, event=to_dict(found))


def _article_texts(db: Path, article_ids: set[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    with open_store(db) as store:
        for article_id in article_ids:
            try:
                article = store.article(article_id)
            except QueryError:  # the event is still shown, with the stored quote instead of the context
                continue
            if article is not None:
                texts[article_id] = article.text
    return texts


@router.get("/timeline", response_model=TimelinePage, summary="A dated timeline of the matching events")
def get_timeline(
    filters: Filters,
    cfg: Settings,
    max_dates: Annotated[int | None, Query(ge=1, le=MAX_TIMELINE_DATES)] = None,
) -> TimelinePage:
    with _guard_sqlite():
        built = api.timeline(db=cfg.db, max_dates=max_dates, **filters.as_kwargs())
    return TimelinePage(query=built.query, entries=timeline_rows(built))


@router.get("/control", response_model=ControlPage, summary="Who controlled a place, from when to when")
def get_control(
    place: Annotated[str, Query(min_length=1, max_length=MAX_TEXT_PARAM)], cfg: Settings
) -> ControlPage:
    with _guard_sqlite():
        steps = api.control(place, db=cfg.db)
    return ControlPage(place=place, steps=[to_dict(s) for s in steps])


@router.get(
    "/search", response_model=SearchPage, summary="Full-text search over articles and event summaries"
)
def get_search(
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT_PARAM)],
    cfg: Settings,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> SearchPage:
    with _guard_sqlite():
        hits = api.search(q, db=cfg.db, limit=limit)
    return SearchPage(query=q, hits=[to_dict(h) for h in hits])


@router.get("/stats", summary="Counts of articles, events, places, rejections in the store")
def get_stats(cfg: Settings) -> dict[str, Any]:
    with open_store(cfg.db) as store:
        stats = store.stats()
    result: dict[str, Any] = to_dict(stats) if not isinstance(stats, dict) else stats
    return result


INGEST_ARTICLE = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "outlet": {"type": "string"},
        "date": {"type": "string", "description": "publication date, YYYY-MM-DD"},
    },
}
INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "oneOf": [
                        INGEST_ARTICLE,
                        {"type": "array", "items": INGEST_ARTICLE},
                    ]
                }
            },
        },
    }
}


@router.post(
    "/ingest",
    response_model=IngestResult,
    summary="Analyse and store articles (needs the server's token)",
    openapi_extra=INGEST_BODY,
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody}},
)
async def post_ingest(
    request: Request,
    cfg: Settings,
    authorization: Annotated[str | None, Header()] = None,
) -> IngestResult:
    check_token(cfg.token, authorization)
    body = await read_bounded_body(request)
    kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    with tempfile.TemporaryDirectory(prefix="dateline-ingest-") as tmp:
        path = _write_upload(Path(tmp), body, kind=kind)
        # Analysis is CPU-bound and slow: run it off the event loop so reads keep being served meanwhile.
        report = await run_in_threadpool(_ingest_serially, path, db=cfg.db)
    return IngestResult(
        seen=report.seen,
        stored=report.stored,
        already_stored=report.already_stored,
        rejected=[to_dict(r) for r in report.rejected],
        mentions=report.mentions,
        events_changed=report.events_changed,
        seconds=round(report.seconds, 3),
    )


_INGEST_LOCK = threading.Lock()


def _ingest_serially(path: Path, *, db: Path) -> api.IngestReport:
    """One ingest at a time per process: concurrent uploads would only contend for SQLite's write lock."""
    with _INGEST_LOCK:
        return api.ingest([path], db=db)


def check_token(expected: str | None, authorization: str | None) -> None:
    """Writes are off unless the server has a token; then ``Authorization: Bearer <token>`` is required."""
    if expected is None:
        raise HttpError(
            "forbidden", "writes are disabled: start the server with --token or DATELINE_TOKEN", status=403
        )
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HttpError(
            "unauthorized", "a valid 'Authorization: Bearer <token>' header is required", status=401
        )


async def read_bounded_body(request: Request) -> bytes:
    """The body, refusing (413) anything above MAX_BODY_BYTES, whether or not Content-Length was sent."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HttpError("too-large", f"request body above {MAX_BODY_BYTES} bytes", status=413)
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise HttpError("empty", "the request body is empty", status=400)
    return body


def _write_upload(folder: Path, body: bytes, *, kind: str) -> Path:
    """Save the upload as a file the ingest stage reads: plain text as .txt, JSON as JSON Lines."""
    if kind == "application/json":
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HttpError("bad-json", f"the body is not valid JSON: {exc}", status=400) from exc
        records = data if isinstance(data, list) else [data]
        if not records or not all(isinstance(r, dict) and isinstance(r.get("text"), str) for r in records):
            raise HttpError(
                "bad-json", "expected an object (or array of objects) with a 'text' string", status=400
            )
        path = folder / UPLOAD_NAME.format(suffix="jsonl")
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        return path
    path = folder / UPLOAD_NAME.format(suffix="txt")
    path.write_bytes(body)
    return path


class _guard_sqlite:
    """Turn a malformed query reaching SQLite (e.g. FTS syntax from free text) into a 400, not a 500."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, sqlite3.OperationalError):
            raise QueryError(f"the query could not be run: {exc}") from exc
