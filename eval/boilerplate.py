"""HTML body extraction quality: our ingest (+ clean) against ground-truth article bodies.

Data: ../shared/eval/boilerplate/ (gzip HTML pages named by id, ``ground-truth.json`` mapping id ->
``articleBody``). Score: bag-of-tokens precision / recall / F1 per page (lower-cased ``\\w+`` tokens, counts
clipped as in ROUGE-1), averaged over pages. A page we reject scores 0 (counted in ``rejected``).

Rows: ``trafilatura`` (plain ``trafilatura.extract``, the reference), ``ingest`` (our article text: title line
+ body, before cleaning) and ``ingest+clean`` (what the pipeline parses: the cleaned text).

Usage: ``.venv/bin/python eval/boilerplate.py [--limit N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import InputError
from dateline.stages.clean import clean_text
from dateline.stages.ingest import article_from_html, decode_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "eval" / "boilerplate"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    rejected: int
    pages: int


def token_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    pred = Counter(_TOKEN.findall(predicted.lower()))
    gold = Counter(_TOKEN.findall(truth.lower()))
    overlap = sum((pred & gold).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(gold.values()) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def pages(limit: int | None) -> list[tuple[str, str, str | None]]:
    """(html, ground-truth body, url) for the first ``limit`` pages in sorted id order."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes())
        html = decode_bytes(raw, source=page_id)
        out.append((html, truth[page_id]["articleBody"], truth[page_id].get("url")))
    return out


def ours(*, cleaned: bool) -> Callable[[str, str | None], str]:
    def extract(html: str, url: str | None) -> str:
        article = article_from_html(html, source="eval", url=url)
        return clean_text(article.text, outlet=article.outlet).clean_text if cleaned else article.text

    return extract


def reference(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def score(extract: Callable[[str, str | None], str], data: list[tuple[str, str, str | None]]) -> Scores:
    totals = [0.0, 0.0, 0.0]
    rejected = 0
    for html, truth, url in data:
        try:
            predicted = extract(html, url)
        except InputError:
            rejected += 1
            continue
        for i, value in enumerate(token_prf(predicted, truth)):
            totals[i] += value
    n = len(data) or 1
    return Scores(totals[0] / n, totals[1] / n, totals[2] / n, rejected, len(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} is absent: evaluation data lives beside the checkout (../shared).", file=sys.stderr)
        return 2
    data = pages(args.limit)
    print(f"boilerplate: {len(data)} pages, bag-of-tokens P/R/F1 against ground-truth bodies (mean per page)")
    print(f"{'system':<16} {'P':>6} {'R':>6} {'F1':>6} {'rejected':>9} {'seconds':>8}")
    rows = [("trafilatura", reference), ("ingest", ours(cleaned=False)), ("ingest+clean", ours(cleaned=True))]
    for name, extract in rows:
        started = time.perf_counter()
        s = score(extract, data)
        seconds = time.perf_counter() - started
        print(f"{name:<16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.rejected:9d} {seconds:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
