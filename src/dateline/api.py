"""The library functions behind the CLI commands and the web API; each shares its name with a command.

``ingest`` streams articles through the per-article pipeline into the store and merges the new mentions into
events incrementally; the query functions (``events``, ``event``, ``timeline``, ``control``, ``search``)
only read.
Every function takes the store as ``db=`` (a path or an open :class:`~dateline.store.sqlite.Store`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from dateline.corpus.blocking import BLOCK_WINDOW_DAYS
from dateline.corpus.control import control_history
from dateline.corpus.merge import merge
from dateline.corpus.similarity import type_family
from dateline.corpus.timeline import build_timeline
from dateline.model import (
    AnalyzedArticle,
    Article,
    Citation,
    ControlStep,
    Event,
    EventMention,
    Rejected,
    Timeline,
)
from dateline.pipeline import Pipeline
from dateline.stages import default_pipeline
from dateline.stages.actors import resolve_actor
from dateline.stages.ingest import iter_articles
from dateline.store.sqlite import SearchHit, Store

__all__ = [
    "IngestReport",
    "control",
    "demo",
    "demo_corpus_path",
    "event",
    "events",
    "ingest",
    "report",
    "search",
    "timeline",
]

DbArg = str | Path | Store

# Articles are merged into events in chunks of this many (each article is committed as soon as it is
# analysed). Small enough that memory stays flat; large enough that the merge's blocking queries are
# amortised. Articles a crash leaves unmerged (at most MAX_WAITING) are merged at the start of the next run.
CHUNK_SIZE = 256

# Stored articles wait for merging in buckets of their publication month, and a bucket is merged when it holds
# CHUNK_SIZE articles: one merge then meets the stored events of a few weeks only. Merged in arrival order, a
# dump in no date order would send every chunk across most of the store (its 256 windows cover most days),
# making ingest quadratic in the dump's size; a feed arrives in date order and fills one bucket at a time,
# so for it nothing changes. When more than this many articles wait, the fullest bucket is merged (the wait is
# only article ids, so memory stays bounded whatever the dump spans).
MAX_WAITING = 64 * CHUNK_SIZE


@dataclass(slots=True)
class IngestReport:
    """What one ``ingest`` run did. Rejections are data: counted and listed, never silently dropped."""

    seen: int = 0
    stored: int = 0
    already_stored: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    mentions: int = 0
    events_changed: int = 0
    seconds: float = 0.0
    merge_seconds: float = 0.0  # of ``seconds``, spent merging mentions into events

    @property
    def articles_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"{self.seen} inputs: {self.stored} stored, {self.already_stored} already stored, "
            f"{len(self.rejected)} rejected; {self.mentions} event mentions; "
            f"{self.events_changed} events new or updated; {self.seconds:.1f}s"
        )


@contextmanager
def _open(db: DbArg, *, readonly: bool) -> Iterator[Store]:
    if isinstance(db, Store):
        yield db
        return
    store = Store(db, readonly=readonly)
    try:
        yield store
    finally:
        store.close()


# --------------------------------------------------------------------------- ingest


def ingest(
    paths: Sequence[str | Path],
    *,
    db: DbArg,
    workers: int = 1,
    scheduler: str | None = None,
    pipeline_factory: Callable[[], Pipeline] = default_pipeline,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest files/folders into the store; idempotent (known articles are skipped) and resumable.

    Articles stream through one engine run (one process pool or Dask client for the whole input, so models
    load once per worker); each analysed article is committed in its own transaction, and stored articles are
    merged into events ``CHUNK_SIZE`` at a time, grouped by publication month (see ``MAX_WAITING``).
    """
    report = IngestReport()
    started = time.perf_counter()
    with _open(db, readonly=False) as store:
        _merge_pending(store, report)  # a previous run killed between analysis and merge
        fresh = _fresh_articles(iter_articles(paths), store, report)
        waiting = _MergeQueue()
        for doc in _analyze(
            fresh, workers=workers, scheduler=scheduler, factory=pipeline_factory, report=report
        ):
            if not store.add_analyzed(doc):
                continue
            report.stored += 1
            if (ready := waiting.add(doc)) is not None:
                _merge_articles(store, ready, report)
            if report.stored % CHUNK_SIZE == 0:
                _progress(report, started, on_progress)
        for ready in waiting.drain():
            _merge_articles(store, ready, report)
        for rejected in report.rejected:
            store.add_rejected(rejected)
    _progress(report, started, on_progress)
    return report


class _MergeQueue:
    """Stored article ids waiting to be merged, in buckets by publication month (see MAX_WAITING)."""

    def __init__(self) -> None:
        self._buckets: dict[str, list[str]] = {}
        self._count = 0

    def add(self, doc: AnalyzedArticle) -> list[str] | None:
        """Queue one article; returns a bucket's ids when one is due for merging."""
        bucket = self._buckets.setdefault(_month_of(doc), [])
        bucket.append(doc.id)
        self._count += 1
        if len(bucket) >= CHUNK_SIZE:
            return self._take(_month_of(doc))
        if self._count > MAX_WAITING:
            return self._take(max(self._buckets, key=lambda k: (len(self._buckets[k]), k)))
        return None

    def drain(self) -> Iterator[list[str]]:
        """The remaining buckets, oldest month first."""
        for key in sorted(self._buckets):
            yield self._take(key)

    def _take(self, key: str) -> list[str]:
        ids = self._buckets.pop(key)
        self._count -= len(ids)
        return ids


def _month_of(doc: AnalyzedArticle) -> str:
    when = doc.dated.interval if doc.dated is not None else None
    return when.start.strftime("%Y-%m") if when is not None and when.start is not None else "undated"


def _progress(
    report: IngestReport, started: float, on_progress: Callable[[IngestReport], None] | None
) -> None:
    report.seconds = time.perf_counter() - started
    if on_progress is not None:
        on_progress(report)


def _fresh_articles(
    items: Iterable[Article | Rejected], store: Store, report: IngestReport
) -> Iterator[Article]:
    seen_this_run: set[str] = set()
    for item in items:
        report.seen += 1
        if isinstance(item, Rejected):
            report.rejected.append(item)
            continue
        if item.id in seen_this_run or store.known_article_ids([item.id]):
            report.already_stored += 1
            continue
        seen_this_run.add(item.id)
        yield item


class _Outstanding:
    """Hands articles to an engine and remembers those not yet returned, so that after a failure exactly
    those can be redone one by one. Holds at most the engine's in-flight articles, never the corpus."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._source = iter(articles)
        self.pending: dict[str, Article] = {}

    def __iter__(self) -> Iterator[Article]:
        for article in self._source:
            self.pending[article.id] = article
            yield article

    def returned(self, article_id: str) -> None:
        self.pending.pop(article_id, None)

    def take_pending(self) -> list[Article]:
        stranded = list(self.pending.values())
        self.pending.clear()
        return stranded


def _analyze(
    articles: Iterable[Article],
    *,
    workers: int,
    scheduler: str | None,
    factory: Callable[[], Pipeline],
    report: IngestReport,
) -> Iterator[AnalyzedArticle]:
    """Run the per-article stages over the stream. If a stage fails, the articles in flight at that moment
    are redone one at a time in this process, so one bad article becomes a counted rejection instead of
    sinking its neighbours; then the engine resumes on the rest of the stream."""
    outstanding = _Outstanding(articles)
    while True:
        try:
            for doc in _run_engine(outstanding, workers=workers, scheduler=scheduler, factory=factory):
                outstanding.returned(doc.id)
                yield doc
            return
        except Exception:  # any error: a stage failing on one article must not abort the batch
            for article in outstanding.take_pending():
                yield from _analyze_one(article, factory=factory, report=report)


def _analyze_one(
    article: Article, *, factory: Callable[[], Pipeline], report: IngestReport
) -> list[AnalyzedArticle]:
    try:
        return [_pipeline(factory)(article)]
    except Exception as exc:  # any error: reported as a rejection naming the article and the error
        report.rejected.append(
            Rejected(
                source=article.source or article.id,
                stage="analyze",
                code="stage-error",
                reason=f"{type(exc).__name__}: {exc}",
            )
        )
        return []


def _run_engine(
    articles: Iterable[Article], *, workers: int, scheduler: str | None, factory: Callable[[], Pipeline]
) -> Iterator[AnalyzedArticle]:
    if scheduler is not None:
        from dateline.engine.dask import run_dask

        return run_dask(articles, scheduler=scheduler, pipeline_factory=factory)
    if workers > 1:
        from dateline.engine.local import run_local

        return run_local(articles, workers=workers, pipeline_factory=factory)
    return _pipeline(factory).pipe(articles)


_PIPELINES: dict[Callable[[], Pipeline], Pipeline] = {}


def _pipeline(factory: Callable[[], Pipeline]) -> Pipeline:
    """One pipeline (and so one model load) per factory per process."""
    if factory not in _PIPELINES:
        _PIPELINES[factory] = factory()
    return _PIPELINES[factory]


def _merge_pending(store: Store, report: IngestReport) -> None:
    pending = store.unmerged_article_ids()
    for start in range(0, len(pending), CHUNK_SIZE):  # up to MAX_WAITING may be left: merge them in chunks
        _merge_articles(store, pending[start : start + CHUNK_SIZE], report)


def _merge_articles(store: Store, article_ids: Sequence[str], report: IngestReport) -> None:
    """Merge the mentions of newly stored articles into events, against candidate events from the store."""
    if not article_ids:
        return
    started = time.perf_counter()
    items = list(store.mention_items(article_ids=article_ids))
    report.mentions += len(items)
    result = merge(items, existing=_candidate_events(store, items))
    store.replace_events(add=result.events, remove=result.replaced, merged_article_ids=article_ids)
    report.events_changed += len(result.events)
    report.merge_seconds += time.perf_counter() - started


@dataclass(frozen=True, slots=True)
class _Block:
    """Stored events one new mention could join: its place, its type family, a window of days."""

    place_id: int | None
    event_types: tuple[str, ...]
    start: date | None
    end: date | None


def _candidate_events(store: Store, items: Sequence[tuple[EventMention, Citation]]) -> list[Event]:
    """Stored events that share a block with some new mention (see :mod:`dateline.corpus.blocking`).

    One query per distinct block rather than one for the whole chunk: a chunk of a historical dump spans
    years and dozens of places, and the chunk-wide box (any of its places, any day in its range) would return
    a share of the whole store, making ingest quadratic in its size. Windows are widened to whole weeks so
    that a chunk's mentions share few distinct blocks.
    """
    family_types: dict[str, set[str]] = {}
    for m, _ in items:
        family_types.setdefault(type_family(m.event_type), set()).add(m.event_type)
    blocks = {_block_of(m, c, family_types) for m, c in items}
    found: dict[str, Event] = {}
    for block in sorted(blocks, key=repr):
        places = (block.place_id,) if block.place_id is not None else ()
        for event in store.candidate_events(
            start=block.start, end=block.end, place_ids=places, event_types=block.event_types, known=found
        ):
            found[event.id] = event
    return list(found.values())


def _block_of(mention: EventMention, citation: Citation, family_types: dict[str, set[str]]) -> _Block:
    when = mention.when if mention.when.is_resolved else citation.reported
    start = end = None
    if when.start is not None and when.end is not None:
        start = when.start - timedelta(days=BLOCK_WINDOW_DAYS + when.start.weekday())
        end = when.end + timedelta(days=BLOCK_WINDOW_DAYS + 6 - when.end.weekday())
    place = mention.place.place if mention.place is not None else None
    types = tuple(sorted(family_types[type_family(mention.event_type)]))
    return _Block(place.geonameid if place is not None else None, types, start, end)


# --------------------------------------------------------------------------- queries


def events(
    *,
    db: DbArg,
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
    """Events in the store matching every given filter, ordered by date.

    ``actor`` may be any alias ("ISIS", "Daesh", "regime forces"): it is resolved through the actor registry
    first, and matched as written (id or name) when the registry does not know it or finds nothing for it.
    """
    with _open(db, readonly=True) as store:

        def select(actor_key: str | None) -> list[Event]:
            return store.events(
                place=place,
                actor=actor_key,
                event_type=event_type,
                since=since,
                until=until,
                query=query,
                include_background=include_background,
                limit=limit,
                offset=offset,
            )

        resolved = resolve_actor(actor) if actor else None
        if resolved is not None and resolved.id != actor:
            found = select(resolved.id)
            if found:
                return found
        return select(actor)


def event(event_id: str, *, db: DbArg) -> Event:
    """One event by id (``QueryError`` if unknown)."""
    with _open(db, readonly=True) as store:
        return store.event(event_id)


def timeline(
    *,
    db: DbArg,
    query: str | None = None,
    place: str | None = None,
    actor: str | None = None,
    event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    include_background: bool = True,
    max_dates: int | None = None,
) -> Timeline:
    """A dated timeline of the matching events: main events and background mentions, each with its sources."""
    selected = events(
        db=db,
        place=place,
        actor=actor,
        event_type=event_type,
        since=since,
        until=until,
        query=query,
        include_background=include_background,
    )
    return _timeline_of(
        selected,
        query=query,
        place=place,
        actor=actor,
        since=since,
        until=until,
        include_background=include_background,
        max_dates=max_dates,
    )


def _timeline_of(
    selected: list[Event],
    *,
    query: str | None,
    place: str | None,
    actor: str | None,
    since: date | None,
    until: date | None,
    include_background: bool,
    max_dates: int | None = None,
) -> Timeline:
    label = " ".join(f"{k}={v}" for k, v in (("query", query), ("place", place), ("actor", actor)) if v)
    return build_timeline(
        selected,
        query=label,
        since=since,
        until=until,
        include_background=include_background,
        max_dates=max_dates,
    )


def control(place: str, *, db: DbArg) -> list[ControlStep]:
    """Who controlled ``place`` from when to when, from territorial-change events, each step cited."""
    return control_history(events(db=db, place=place), place)


def search(query: str, *, db: DbArg, limit: int = 50) -> list[SearchHit]:
    """Full-text search over article text and event summaries."""
    with _open(db, readonly=True) as store:
        return store.search(query, limit=limit)


def report(
    *,
    db: DbArg,
    title: str = "dateline report",
    query: str | None = None,
    place: str | None = None,
    actor: str | None = None,
    event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    include_background: bool = True,
) -> str:
    """One self-contained HTML page (timeline, map, every source in context) for the matching events."""
    from dateline.outputs.html import render_report

    with _open(db, readonly=True) as store:
        selected = events(
            db=store,
            query=query,
            place=place,
            actor=actor,
            event_type=event_type,
            since=since,
            until=until,
            include_background=include_background,
        )
        # the timeline is built from the same selection: one store query, and the page's two views agree
        result = _timeline_of(
            selected,
            query=query,
            place=place,
            actor=actor,
            since=since,
            until=until,
            include_background=include_background,
        )
        cited = {c.article_id for e in selected for c in e.citations}
        texts = {article_id: store.article(article_id).text for article_id in sorted(cited)}
    return render_report(events=selected, timeline=result, title=title, article_texts=texts)


# --------------------------------------------------------------------------- demo


def demo_corpus_path() -> Path:
    """The built-in demo corpus (short articles written by the dateline authors about real events)."""
    return Path(str(resources.files("dateline") / "data" / "demo" / "articles"))


def demo(*, db: DbArg | None = None, workers: int = 1) -> tuple[IngestReport, Timeline]:
    """Ingest the demo corpus (into ``db`` or a temporary store); return the report and the full timeline."""
    if db is not None:
        report = ingest([demo_corpus_path()], db=db, workers=workers)
        return report, timeline(db=db)
    with tempfile.TemporaryDirectory(prefix="dateline-demo-") as tmp:
        path = Path(tmp) / "demo.db"
        report = ingest([demo_corpus_path()], db=path, workers=workers)
        return report, timeline(db=path)
