"""Time and memory per stage as the corpus grows: does anything grow with N that should not?

    .venv/bin/python bench/scaling.py                                  # N = 200, 1000, one process
    .venv/bin/python bench/scaling.py --sizes 1000,10000 --workers 2
    .venv/bin/python bench/scaling.py --sizes 100000 --workers 2 --synthetic-only --sentences 4-10 \
        --per-day 2000

Each size runs in a fresh interpreter. With ``--workers 1`` (the default) everything runs in this process
and each stage is timed: stages are lazy generators chained together, so a stage's own time is its
cumulative time minus that of the stage feeding it; storing (one transaction per article) and merging
(every ``CHUNK_SIZE`` articles, against the events already stored) are timed as stages of their own. With
more workers the per-article stages run in worker processes, through ``dateline.api.ingest`` as the CLI
runs it, and only storing+analysis and merging are told apart.

Growth: the run is cut in quarters; for each, articles/s, merge milliseconds per article and resident
memory (this process and its workers) at its end. Merging must stay near-linear: its cost per article
must not climb from quarter to quarter as the store fills. Corpus: as in ``bench/throughput.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from throughput import PeakRss, corpus, total_rss, write_jsonl

from dateline.model import AnalyzedArticle, Article
from dateline.pipeline import Pipeline, Stage
from dateline.stages import default_pipeline
from dateline.store.sqlite import Store

T = TypeVar("T")
DEFAULT_SIZES = (200, 1000)
CHECKPOINTS = (0.25, 0.5, 0.75, 1.0)


class TimedStage:
    """A stage wrapper accumulating the time spent pulling results out of the stage's ``pipe``."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.name = stage.name
        self.requires = stage.requires
        self.assigns = stage.assigns
        self.cumulative = 0.0
        self.cumulative_cpu = 0.0

    def pipe(self, docs: Iterable[AnalyzedArticle]) -> Iterator[AnalyzedArticle]:
        return self._timed(self.stage.pipe(docs))

    def _timed(self, items: Iterable[T]) -> Iterator[T]:
        results = iter(items)
        while True:
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                item = next(results)
            except StopIteration:
                return
            finally:
                self.cumulative += time.perf_counter() - start
                self.cumulative_cpu += time.process_time() - start_cpu
            yield item


class TimedSource(TimedStage):
    """The corpus reader, timed like a stage so that the first real stage's own time excludes it."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles = articles
        self.name = "(corpus)"
        self.cumulative = 0.0
        self.cumulative_cpu = 0.0

    def __iter__(self) -> Iterator[Article]:
        return self._timed(self.articles)


def run_size(n: int, *, workers: int, real: bool, sentences: tuple[int, int], per_day: int | None) -> None:
    articles = corpus(n, real=real, sentences=sentences, per_day=per_day)
    quarters: list[Quarter] = []
    start, start_cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp, PeakRss() as peak:
        if workers == 1:
            stage_rows = _in_process(articles, n, Path(tmp), quarters)
        else:
            stage_rows = _with_workers(articles, n, Path(tmp), workers, quarters)
    wall, cpu = time.perf_counter() - start, peak.cpu_s or time.process_time() - start_cpu
    stored = quarters[-1].articles if quarters else 0
    print(
        f"\nN = {n} (workers {workers}): {wall:.1f} s wall, {stored / wall:.2f} articles/s; "
        f"{cpu:.1f} s CPU ({1000 * cpu / max(stored, 1):.0f} ms per article); "
        f"peak RSS {peak.peak / 2**20:.0f} MB"
    )
    print(f"{'stage':<14} {'wall s':>8} {'cpu s':>8} {'cpu ms/art':>11} {'cpu share':>10}")
    for name, own, own_cpu in stage_rows:
        print(_row(name, own, own_cpu, max(stored, 1), cpu))
    print(f"{'quarter':<8} {'articles':>9} {'wall s':>8} {'art/s':>7} {'merge ms/art':>13} {'RSS MB':>8}")
    previous = Quarter(0, 0.0, 0.0, 0)
    for i, q in enumerate(quarters, start=1):
        done = q.articles - previous.articles
        seconds = q.seconds - previous.seconds
        merge_ms = 1000 * (q.merge_seconds - previous.merge_seconds) / max(done, 1)
        print(f"{i:<8} {q.articles:>9} {seconds:>8.1f} {done / max(seconds, 1e-9):>7.2f} {merge_ms:>13.1f} "
              f"{q.rss / 2**20:>8.0f}")  # fmt: skip
        previous = q


@dataclass(frozen=True, slots=True)
class Quarter:
    """Cumulative figures at the end of a quarter of the run."""

    articles: int
    seconds: float
    merge_seconds: float
    rss: int


def _in_process(
    articles: Iterator[Article], n: int, folder: Path, quarters: list[Quarter]
) -> list[tuple[str, float, float | None]]:
    """Every stage in this process, each timed; merging as ``dateline.api.ingest`` does it."""
    from dateline.api import CHUNK_SIZE, IngestReport, _merge_articles

    source = TimedSource(articles)
    timed = [TimedStage(s) for s in default_pipeline().stages]
    marks = {max(1, round(n * f)) for f in CHECKPOINTS}
    store_s = store_cpu = merge_cpu = 0.0
    report = IngestReport()
    start = time.perf_counter()
    with Store(folder / "scale.db") as store:
        unmerged: list[str] = []
        for count, doc in enumerate(Pipeline(timed).pipe(iter(source)), start=1):
            t0, c0 = time.perf_counter(), time.process_time()
            store.add_analyzed(doc)
            store_s += time.perf_counter() - t0
            store_cpu += time.process_time() - c0
            unmerged.append(doc.id)
            if len(unmerged) >= CHUNK_SIZE or count in marks:
                c0 = time.process_time()
                _merge_articles(store, unmerged, report)
                merge_cpu += time.process_time() - c0
                unmerged = []
            if count in marks:
                gc.collect()
                elapsed = time.perf_counter() - start
                quarters.append(Quarter(count, elapsed, report.merge_seconds, total_rss()))
    rows: list[tuple[str, float, float | None]] = []
    previous = previous_cpu = 0.0
    for stage in [source, *timed]:
        rows.append((stage.name, stage.cumulative - previous, stage.cumulative_cpu - previous_cpu))
        previous, previous_cpu = stage.cumulative, stage.cumulative_cpu
    rows.append(("store", store_s, store_cpu))
    rows.append(("merge", report.merge_seconds, merge_cpu))
    return rows


def _with_workers(
    articles: Iterator[Article], n: int, folder: Path, workers: int, quarters: list[Quarter]
) -> list[tuple[str, float, float | None]]:
    """``dateline.api.ingest`` as the CLI runs it; quarters are read at its progress reports (every chunk)."""
    from dateline.api import IngestReport, ingest

    path = folder / "corpus.jsonl"
    write_jsonl(articles, path)
    start = time.perf_counter()
    marks = sorted(max(1, round(n * f)) for f in CHECKPOINTS)

    def progress(report: IngestReport) -> None:
        if marks and report.stored >= marks[0]:
            marks.pop(0)
            quarters.append(Quarter(report.stored, time.perf_counter() - start, report.merge_seconds,
                                    total_rss()))  # fmt: skip
            q = quarters[-1]
            print(f"  ... {q.articles} articles after {q.seconds:.0f} s, merge {q.merge_seconds:.0f} s, "
                  f"RSS {q.rss / 2**20:.0f} MB", flush=True)  # fmt: skip

    report = ingest([path], db=folder / "scale.db", workers=workers, on_progress=progress)
    wall = time.perf_counter() - start
    return [("analyse+store", wall - report.merge_seconds, None), ("merge", report.merge_seconds, None)]


def _row(name: str, wall: float, cpu: float | None, n: int, total_cpu: float) -> str:
    if cpu is None:  # worker processes: their CPU is not told apart by stage
        return f"{name:<14} {wall:>8.1f} {'-':>8} {'-':>11} {'-':>10}"
    return f"{name:<14} {wall:>8.1f} {cpu:>8.1f} {1000 * cpu / n:>11.2f} {cpu / total_cpu:>10.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated N values")
    parser.add_argument("--workers", type=int, default=1, help="1: per-stage times in-process (default)")
    parser.add_argument("--synthetic-only", action="store_true", help="no real articles, synthetic ones only")
    parser.add_argument("--sentences", default="15-35", help="lines per synthetic article, LO-HI")
    parser.add_argument(
        "--per-day",
        type=int,
        help="synthetic articles arrive in date order, this many a day (default: random dates over ~7 years)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: a single size
    args = parser.parse_args(argv)
    low, high = (int(x) for x in args.sentences.split("-"))
    if args.one:
        run_size(
            args.one,
            workers=args.workers,
            real=not args.synthetic_only,
            sentences=(low, high),
            per_day=args.per_day,
        )
        return 0
    print("stages: " + " -> ".join(s.name for s in default_pipeline().stages))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for n in (int(s) for s in args.sizes.split(",")):
        # a fresh interpreter per size, so one size's memory does not carry into the next
        child = [sys.executable, __file__, "--one", str(n), "--workers", str(args.workers)]
        child += ["--sentences", args.sentences] + (["--synthetic-only"] if args.synthetic_only else [])
        child += ["--per-day", str(args.per_day)] if args.per_day else []
        subprocess.run(child, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
