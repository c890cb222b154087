"""Run the pipeline on a Dask distributed cluster, and merge reports into events shard by shard.

:func:`run_dask` maps the per-article stages over batches of articles. Each worker builds the pipeline once
and keeps it on the worker object (``get_worker()``), so spaCy loads once per worker process, not once per
task. At most ``max_in_flight`` batches are submitted, running, or finished-but-not-yet-yielded at any time,
so the input is streamed and neither the client nor the cluster ever holds the whole corpus.

:func:`merge_sharded` merges ``(mention, citation)`` pairs into events with one
:func:`dateline.corpus.merge.merge` task per shard (by default month x country,
:func:`dateline.corpus.blocking.shard_key`), then stitches events that a shard boundary split with one more
``merge(existing=...)`` pass over the shards' events.
"""

from __future__ import annotations

import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from dateline.engine.local import PipelineFactory, chunked
from dateline.errors import ConfigError
from dateline.model import AnalyzedArticle, Article, Citation, EventMention
from dateline.stages import default_pipeline

if TYPE_CHECKING:
    from distributed import Client, Future

    from dateline.corpus.merge import MergeResult

__all__ = ["BATCH_SIZE", "merge_sharded", "run_dask"]

# Articles per task: as in the local engine, one spaCy batch per task (see dateline.engine.local.CHUNK_SIZE).
BATCH_SIZE = 64
# Batches in flight per worker thread: enough to hide scheduling latency (~ms per task), small enough that
# results waiting for an earlier slow batch stay bounded.
IN_FLIGHT_PER_THREAD = 2

# Name of the attribute on the Dask worker holding {factory pickle: pipeline}.
_WORKER_ATTR = "_dateline_pipelines"
_BUILD_LOCK = threading.Lock()


def run_dask(
    articles: Iterable[Article],
    *,
    scheduler: str | Client,
    pipeline_factory: PipelineFactory = default_pipeline,
    batch_size: int = BATCH_SIZE,
    max_in_flight: int | None = None,
) -> Iterator[AnalyzedArticle]:
    """Analyse ``articles`` on the cluster at ``scheduler`` (an address or a connected ``Client``); results
    come in input order. ``pipeline_factory`` must be picklable (module-level function or ``partial``)."""
    if batch_size < 1:
        raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
    client, owned = _client(scheduler)
    try:
        window = max_in_flight if max_in_flight is not None else _default_window(client)
        yield from _ordered_results(client, chunked(articles, batch_size), pipeline_factory, window)
    finally:
        if owned:
            client.close()


def _client(scheduler: str | Client) -> tuple[Client, bool]:
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(scheduler), True


def _default_window(client: Client) -> int:
    threads = sum(client.nthreads().values()) or 1
    return threads * IN_FLIGHT_PER_THREAD


def _ordered_results(
    client: Client, batches: Iterator[list[Article]], factory: PipelineFactory, window: int
) -> Iterator[AnalyzedArticle]:
    """Keep ``window`` batches in flight and yield them in submission order.

    Counting queued *and* finished-but-unyielded batches against the window (a plain deque, head first) is
    what bounds memory: with ``as_completed`` a slow head batch would let finished results pile up behind it.
    """
    pending: deque[Future] = deque()
    try:
        for batch in batches:
            pending.append(client.submit(_analyse_batch, batch, factory, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _analyse_batch(batch: list[Article], factory: PipelineFactory) -> list[AnalyzedArticle]:
    """Runs on a worker: build (once per worker) or reuse the pipeline, then analyse the batch."""
    return list(_worker_pipeline(factory).pipe(batch))


def _worker_pipeline(factory: PipelineFactory) -> Any:
    from distributed import get_worker

    worker = get_worker()
    # The factory arrives freshly unpickled with every task, so it is keyed by its pickle, not its identity.
    key = pickle.dumps(factory)
    with _BUILD_LOCK:  # worker threads share the cache; build each pipeline exactly once
        cache: dict[bytes, Any] = getattr(worker, _WORKER_ATTR, None) or {}
        if key not in cache:
            cache[key] = factory()
            setattr(worker, _WORKER_ATTR, cache)
        return cache[key]


# ------------------------------------------------------------------ sharded merge

MentionItem = tuple[EventMention, Citation]


def merge_sharded(
    items: Iterable[MentionItem],
    *,
    client: Client,
    shard_key: Callable[[EventMention], str] | None = None,
) -> MergeResult:
    """Merge reports into events with one task per shard, then join events split by a shard boundary.

    The items are grouped on the client (mentions are small next to articles); each shard's merge runs on the
    cluster; a final ``merge(existing=shard_events)`` on the client joins events that straddle two shards (a
    stored event only re-assembles when it absorbs another, so this pass is cheap).
    """
    from dateline.corpus.merge import MergeResult, merge

    key_of = shard_key if shard_key is not None else _default_shard_key()
    shards: dict[str, list[MentionItem]] = {}
    for item in items:
        shards.setdefault(key_of(item[0]), []).append(item)
    futures = [client.submit(merge, shards[k], pure=False) for k in sorted(shards)]
    results: list[MergeResult] = client.gather(futures)

    events = {e.id: e for r in results for e in r.events}
    stitched = merge((), existing=events.values())
    for event_id in stitched.replaced:
        events.pop(event_id, None)
    events.update((e.id, e) for e in stitched.events)
    set_aside = sorted((m for r in results for m in r.set_aside), key=_mention_order)
    return MergeResult(
        events=tuple(sorted(events.values(), key=lambda e: e.id)), replaced=(), set_aside=tuple(set_aside)
    )


def _default_shard_key() -> Callable[[EventMention], str]:
    from dateline.corpus.blocking import shard_key

    return shard_key


def _mention_order(mention: EventMention) -> str:
    from dateline.corpus.similarity import mention_key

    return mention_key(mention)
