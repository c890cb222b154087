"""Time and memory per stage as the corpus grows: does anything grow with N that should not?

    .venv/bin/python bench/scaling.py                      # N = 200, 1000 (minutes on a laptop)
    .venv/bin/python bench/scaling.py --sizes 1000,10000,100000   # opt-in: hours single-process

One process, one worker (per-stage times are only separable in-process). Each stage is wrapped so the time
spent inside its ``pipe`` is measured; stages are lazy generators chained together, so a stage's own time is
its cumulative time minus that of the stage feeding it. Wall and CPU time are both shown: on a busy machine
wall time also counts waiting for a core. Storing (one transaction per article) is timed as a
stage of its own. Memory: resident set size sampled at 25/50/75/100 % of the run, and the peak, so memory that
grows with N shows up as a rising row rather than hiding in one number. Corpus: as in ``bench/throughput.py``.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from throughput import PeakRss, corpus, total_rss

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


def run_size(n: int) -> None:
    source = TimedSource(corpus(n))
    timed = [TimedStage(s) for s in default_pipeline().stages]
    pipeline = Pipeline(timed)
    marks = {max(1, round(n * f)): f for f in CHECKPOINTS}
    rss_at: list[str] = []
    store_s = store_cpu = 0.0
    sentences = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp, PeakRss() as peak, Store(Path(tmp) / "scale.db") as store:
        for count, doc in enumerate(pipeline.pipe(iter(source)), start=1):
            t0, c0 = time.perf_counter(), time.process_time()
            store.add_analyzed(doc)
            store_s += time.perf_counter() - t0
            store_cpu += time.process_time() - c0
            sentences += len(doc.sentences)
            if count in marks:
                gc.collect()
                rss_at.append(f"{marks[count]:.0%}: {total_rss() / 2**20:.0f} MB")
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(
        f"\nN = {n}: {wall:.1f} s wall ({n / wall:.2f} articles/s, {sentences / wall:.0f} sentences/s), "
        f"{cpu:.1f} s CPU ({n / cpu:.2f} articles per CPU-second)"
    )
    print(f"{'stage':<12} {'wall s':>8} {'cpu s':>8} {'cpu ms/art':>11} {'cpu share':>10}")
    previous = previous_cpu = 0.0
    for stage in [source, *timed]:
        own, own_cpu = stage.cumulative - previous, stage.cumulative_cpu - previous_cpu
        previous, previous_cpu = stage.cumulative, stage.cumulative_cpu
        print(_row(stage.name, own, own_cpu, n, cpu))
    print(_row("store", store_s, store_cpu, n, cpu))
    print(f"RSS {', '.join(rss_at)}; peak {peak.peak / 2**20:.0f} MB")


def _row(name: str, wall: float, cpu: float, n: int, total_cpu: float) -> str:
    return f"{name:<12} {wall:>8.1f} {cpu:>8.1f} {1000 * cpu / n:>11.2f} {cpu / total_cpu:>10.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated N values")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: a single size
    args = parser.parse_args(argv)
    if args.one:
        run_size(args.one)
        return 0
    print("stages: " + " -> ".join(s.name for s in default_pipeline().stages))
    for n in (int(s) for s in args.sizes.split(",")):
        # a fresh interpreter per size, so one size's memory does not carry into the next
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
