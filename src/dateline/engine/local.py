"""Run the per-article pipeline on this machine: in-process, or over a pool of worker processes.

Streaming with bounded memory: articles are read lazily in chunks, at most ``IN_FLIGHT_PER_WORKER`` chunks per
worker are queued or running at a time, and results are yielded in input order as soon as the chunk at the
head of the queue is done, so a corpus of any size never sits in memory.

Each worker process builds the pipeline ONCE, in the pool's initializer (so spaCy loads once per process, not
per chunk). Processes are started with ``forkserver`` rather than ``fork``: forking a parent that already runs
threads (a web server, Dask, BLAS) can deadlock the child.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from dateline.errors import ConfigError, StageError
from dateline.model import AnalyzedArticle, Article
from dateline.pipeline import Pipeline
from dateline.stages import default_pipeline

if TYPE_CHECKING:
    from dateline.store.sqlite import Store

__all__ = ["CHUNK_SIZE", "PipelineFactory", "StoreRun", "chunked", "run_into_store", "run_local"]

PipelineFactory = Callable[[], Pipeline]

# Articles per task sent to a worker. spaCy parses in batches of 64 (dateline.backends.nlp.BATCH_SIZE): a
# chunk of the same size lets one task fill one nlp.pipe batch while keeping the pickled results (tokens
# included) to a few megabytes per task.
CHUNK_SIZE = 64
# Chunks queued or running per worker: 2 keeps every worker busy while the parent unpickles the previous
# result, and bounds memory to ~2 chunks per worker however long the input is.
IN_FLIGHT_PER_WORKER = 2

# The pipeline of this worker process, built once by _init_worker.
_WORKER_PIPELINE: Pipeline | None = None


def chunked(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_local(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    pipeline_factory: PipelineFactory = default_pipeline,
    chunk_size: int = CHUNK_SIZE,
    start_method: str = "forkserver",
) -> Iterator[AnalyzedArticle]:
    """Analyse ``articles`` with the pipeline from ``pipeline_factory``; results come in input order.

    ``workers=1`` runs in this process; ``workers>1`` uses that many processes, each building the pipeline
    once, so call this once per corpus, not once per chunk (each call starts a pool and loads the models).
    With several workers ``pipeline_factory`` must be picklable (a module-level function or a
    ``functools.partial`` of one).
    """
    if workers < 1:
        raise ConfigError(f"workers must be >= 1, got {workers}")
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be >= 1, got {chunk_size}")
    if workers == 1:
        yield from pipeline_factory().pipe(articles)
        return
    yield from _run_pool(articles, workers, pipeline_factory, chunk_size, start_method)


@dataclass(frozen=True, slots=True)
class StoreRun:
    """What :func:`run_into_store` did: articles analysed and stored, and articles skipped because their id
    was already stored (a resumed run, or the same text twice in the input)."""

    added: int
    skipped: int


def run_into_store(
    store: Store,
    articles: Iterable[Article],
    *,
    workers: int = 1,
    pipeline_factory: PipelineFactory = default_pipeline,
    chunk_size: int = CHUNK_SIZE,
) -> StoreRun:
    """Analyse the articles not yet in ``store`` and store each one (one transaction per article).

    Resumable: ids already stored are skipped before any analysis, so re-running a killed batch only does the
    remaining work. The store is written from this process only; workers just analyse.
    """
    skipped = 0

    def unseen() -> Iterator[Article]:
        nonlocal skipped
        for chunk in chunked(articles, chunk_size):
            known = store.known_article_ids(a.id for a in chunk)
            skipped += sum(1 for a in chunk if a.id in known)
            yield from (a for a in chunk if a.id not in known)

    added = 0
    for doc in run_local(unseen(), workers=workers, pipeline_factory=pipeline_factory, chunk_size=chunk_size):
        if store.add_analyzed(doc):
            added += 1
        else:
            skipped += 1
    return StoreRun(added=added, skipped=skipped)


def _run_pool(
    articles: Iterable[Article],
    workers: int,
    pipeline_factory: PipelineFactory,
    chunk_size: int,
    start_method: str,
) -> Iterator[AnalyzedArticle]:
    context = multiprocessing.get_context(start_method)
    pending: deque[Future[list[AnalyzedArticle]]] = deque()
    limit = workers * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(pipeline_factory,)
    ) as pool:
        try:
            for chunk in chunked(articles, chunk_size):
                pending.append(pool.submit(_analyse_chunk, chunk))
                if len(pending) >= limit:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            # A consumer that stops early (or an error) must not leave queued chunks running.
            for future in pending:
                future.cancel()


def _init_worker(pipeline_factory: PipelineFactory) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline_factory()


def _analyse_chunk(chunk: list[Article]) -> list[AnalyzedArticle]:
    if _WORKER_PIPELINE is None:  # pragma: no cover - the initializer always runs first
        raise StageError("worker pipeline not initialised")
    return list(_WORKER_PIPELINE.pipe(chunk))
