"""Timeline summarisation on Timeline17, scored the news-tls way.

    .venv/bin/python eval/tls.py [--limit N] [--topics mj,haiti]

For every (topic, reference timeline) pair, as in news-tls (Gholipour Ghalandari & Ifrim 2020): the system
gets the topic's articles published within the reference's first..last date, the query keywords, the number
of dates of the reference and its mean number of sentences per date (rounded, at least 1), and is scored
against that one reference with (the "sec" column: run time per timeline, including its share of dating the
topic's sentences)

- date F1 (exact day match),
- ROUGE-1/2 F: ``concat``, ``agreement`` and ``align+ m:1`` (Martschat & Markert 2017, tilse's definitions).

The ``mean`` row averages the per-timeline Fs; the ``news-tls average`` row is how news-tls reports its
figures (experiments/evaluate.py: precision and recall each averaged over timelines, then their F), for
date selection and align+ m:1. Published DATEWISE figures are over all 19 Timeline17 timelines; ../shared
holds 14 of them, so the comparison is indicative.

ROUGE is reimplemented here (no Perl). It follows ROUGE-1.5.5 as tilse calls it (``-m -s``, raw counts):
lower-case, characters other than letters, digits and "-" become spaces, stop words dropped, words longer than
three letters Porter-stemmed, n-grams over the concatenated summary, counts clipped per n-gram. Differences:
the stop list is scikit-learn's English list (318 words) rather than ROUGE's SMART list (571 words), and the
Porter stemmer is Snowball's "porter" (the same algorithm); figures may differ from tilse's in the second or
third decimal. The align+ m:1 date-content costs use tilse's ROUGE-1 approximation (whitespace tokens).

The query keywords per topic are ours (the topic's name words, e.g. "michael jackson"), standing in for
news-tls's keyword files.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from dateline.corpus.summarise import DatedSentence, date_sentences, summarise_sentences
from dateline.model import Article, ArticleDate, TimeInterval

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
T17_DIR = SHARED / "eval" / "tls" / "t17"

QUERIES: dict[str, tuple[str, ...]] = {
    "bpoil": ("bp", "oil", "spill"),
    "egypt": ("egypt", "egyptian"),
    "finan": ("financial", "economic", "crisis"),
    "h1n1": ("h1n1", "swine", "flu"),
    "haiti": ("haiti", "quake", "earthquake"),
    "iraq": ("iraq", "iraqi"),
    "libya": ("libya", "libyan"),
    "mj": ("michael", "jackson"),
    "syria": ("syria", "syrian"),
}

Timeline = dict[date, list[str]]


# --------------------------------------------------------------------------- reading


def read_articles(topic_dir: Path) -> list[Article]:
    csv.field_size_limit(1 << 30)
    articles: list[Article] = []
    with (topic_dir / "articles" / "outputwithpub.csv").open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            day = date.fromisoformat(row["date"].strip()[:10])
            articles.append(
                Article(
                    id=f"{topic_dir.name}-{n}",
                    text=row["text"],
                    published=ArticleDate(TimeInterval.day(day), "metadata"),
                )
            )
    return articles


def read_timeline(path: Path) -> Timeline:
    timeline: Timeline = {}
    current: date | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
            current = date.fromisoformat(line)
            timeline.setdefault(current, [])
        elif line.startswith("-----") or not line:
            continue
        elif current is not None:
            timeline[current].append(line)
    return {d: s for d, s in timeline.items() if s}


# --------------------------------------------------------------------------- ROUGE


_PORTER = snowballstemmer.stemmer("porter")
_NOT_WORD = re.compile(r"[^a-z0-9\-]")


def rouge_tokens(sentences: Sequence[str]) -> list[str]:
    tokens: list[str] = []
    for sentence in sentences:
        for word in _NOT_WORD.sub(" ", sentence.lower()).split():
            if word in ENGLISH_STOP_WORDS:
                continue
            tokens.append(_PORTER.stemWord(word) if len(word) > 3 else word)
    return tokens


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(slots=True)
class Counts:
    """ROUGE raw counts summed over comparisons: hits, n-grams in the prediction, n-grams in the reference."""

    prec_num: float = 0.0
    prec_den: float = 0.0
    rec_num: float = 0.0
    rec_den: float = 0.0

    def precision(self) -> float:
        return self.prec_num / self.prec_den if self.prec_den else 0.0

    def recall(self) -> float:
        return self.rec_num / self.rec_den if self.rec_den else 0.0

    def f1(self) -> float:
        return f_score(self.precision(), self.recall())


def f_score(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def rouge_counts(pred: Sequence[str], ref: Sequence[str], n: int) -> tuple[int, int, int]:
    p, r = ngrams(rouge_tokens(pred), n), ngrams(rouge_tokens(ref), n)
    hits = sum(min(c, r[g]) for g, c in p.items())
    return hits, sum(p.values()), sum(r.values())


def concat(pred: Timeline, ref: Timeline, n: int) -> float:
    hits, p, r = rouge_counts(
        [s for d in sorted(pred) for s in pred[d]], [s for d in sorted(ref) for s in ref[d]], n
    )
    return Counts(hits, p, hits, r).f1()


def agreement(pred: Timeline, ref: Timeline, n: int) -> float:
    counts = Counts()
    for day in set(pred) | set(ref):
        hits, p, r = rouge_counts(pred.get(day, []), ref.get(day, []), n)
        if day in pred:
            counts.prec_num += hits
            counts.prec_den += p
        if day in ref:
            counts.rec_num += hits
            counts.rec_den += r
    return counts.f1()


def _approx_rouge1(pred: Sequence[str], ref: Sequence[str]) -> float:
    """tilse's ROUGE-1 approximation (whitespace tokens) used for the alignment costs."""
    p = Counter(w for s in pred for w in s.split())
    r = Counter(w for s in ref for w in s.split())
    match = sum(min(c, r[w]) for w, c in p.items())
    prec = match / sum(p.values()) if p else 0.0
    rec = match / sum(r.values()) if r else 0.0
    return 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)


def _date_factor(a: date, b: date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def align_m1(pred: Timeline, ref: Timeline, n: int) -> float:
    """align+ m:1 ROUGE-n F: each date maps to the other side's date of least (distance x content) cost."""
    return align_m1_counts(pred, ref, n).f1()


def align_m1_counts(pred: Timeline, ref: Timeline, n: int) -> Counts:
    """:func:`align_m1`'s raw counts (news-tls averages their precision and recall over timelines)."""
    pred_days, ref_days = sorted(pred), sorted(ref)
    if not pred_days or not ref_days:
        return Counts()
    content = np.array([[_approx_rouge1(pred[p], ref[r]) for r in ref_days] for p in pred_days])
    dist = np.array([[1 - _date_factor(p, r) for r in ref_days] for p in pred_days])
    cost = dist * (1 - content)
    counts = Counts()
    for i, p in enumerate(pred_days):  # precision: every predicted date to its cheapest reference date
        r = ref_days[int(cost[i].argmin())]
        hits, pn, _ = rouge_counts(pred[p], ref[r], n)
        counts.prec_num += _date_factor(p, r) * hits
        counts.prec_den += pn
    for j, r in enumerate(ref_days):  # recall: every reference date to its cheapest predicted date
        p = pred_days[int(cost[:, j].argmin())]
        hits, _, rn = rouge_counts(pred[p], ref[r], n)
        counts.rec_num += _date_factor(p, r) * hits
        counts.rec_den += rn
    return counts


def date_f1(pred: Timeline, ref: Timeline) -> float:
    return f_score(*date_precision_recall(pred, ref))


def date_precision_recall(pred: Timeline, ref: Timeline) -> tuple[float, float]:
    hits = len(set(pred) & set(ref))
    return (hits / len(pred) if pred else 0.0, hits / len(ref) if ref else 0.0)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class Row:
    topic: str
    timeline: str
    ref_dates: int
    date_f1: float
    concat: tuple[float, float]
    agreement: tuple[float, float]
    align: tuple[float, float]
    seconds: float
    # (precision, recall) of the date selection and of align+ m:1 ROUGE-1 and -2, for news-tls's average
    date_pr: tuple[float, float] = (0.0, 0.0)
    align_pr: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 0.0), (0.0, 0.0))


def run_timeline(
    topic: str, sentences: Sequence[DatedSentence], ref_path: Path, dating_seconds: float
) -> Row:
    began = time.perf_counter()
    ref = read_timeline(ref_path)
    predicted = summarise_sentences(
        sentences,
        query=QUERIES.get(topic, (topic,)),
        n_dates=len(ref),
        n_sentences_per_date=max(1, round(statistics.mean(len(s) for s in ref.values()))),
        start=min(ref),  # summarise_sentences keeps articles published within [start, end]
        end=max(ref),
    )
    pred: Timeline = {s.day: list(s.sentences) for s in predicted}
    align1, align2 = align_m1_counts(pred, ref, 1), align_m1_counts(pred, ref, 2)
    return Row(
        topic=topic,
        timeline=ref_path.stem,
        ref_dates=len(ref),
        date_f1=date_f1(pred, ref),
        concat=(concat(pred, ref, 1), concat(pred, ref, 2)),
        agreement=(agreement(pred, ref, 1), agreement(pred, ref, 2)),
        align=(align1.f1(), align2.f1()),
        seconds=time.perf_counter() - began + dating_seconds,
        date_pr=date_precision_recall(pred, ref),
        align_pr=((align1.precision(), align1.recall()), (align2.precision(), align2.recall())),
    )


def run(topics: Sequence[str]) -> list[Row]:
    """One row per reference timeline; a topic's sentences are dated once and shared by its timelines."""
    rows: list[Row] = []
    for topic in topics:
        began = time.perf_counter()
        sentences = date_sentences(read_articles(T17_DIR / topic))
        references = sorted((T17_DIR / topic / "timelines").glob("*.txt"))
        dating = (time.perf_counter() - began) / max(len(references), 1)
        rows.extend(run_timeline(topic, sentences, ref_path, dating) for ref_path in references)
    return rows


def print_table(rows: Sequence[Row]) -> None:
    header = (
        f"{'topic':<7} {'timeline':<38} {'dates':>5} {'dateF1':>6} {'cat-R1':>6} {'cat-R2':>6} "
        f"{'agr-R1':>6} {'agr-R2':>6} {'al-R1':>6} {'al-R2':>6} {'sec':>5}"
    )
    print(header)
    print("-" * len(header))

    def line(topic: str, name: str, dates: str, values: Sequence[float], seconds: float) -> None:
        print(
            f"{topic:<7} {name[:38]:<38} {dates:>5} "
            + " ".join(f"{v:6.3f}" for v in values)
            + f" {seconds:5.1f}"
        )

    for r in rows:
        line(r.topic, r.timeline, str(r.ref_dates), [r.date_f1, *r.concat, *r.agreement, *r.align], r.seconds)
    if rows:
        columns = np.array([[r.date_f1, *r.concat, *r.agreement, *r.align] for r in rows]).mean(axis=0)
        print("-" * len(header))
        line("mean", f"{len(rows)} timelines", "", list(columns), sum(r.seconds for r in rows))
        date_f, align1_f, align2_f = news_tls_average(rows)
        label = "news-tls average (F of mean P, mean R)"
        print(f"{label:<52} {date_f:6.3f} {'':>27} {align1_f:6.3f} {align2_f:6.3f}")


def news_tls_average(rows: Sequence[Row]) -> tuple[float, float, float]:
    """Date, align+ m:1 ROUGE-1 and ROUGE-2 F as news-tls reports them: the F of the precision and the recall
    each averaged over timelines (experiments/evaluate.py's get_average_results), not the mean of the Fs."""

    def averaged(pairs: Sequence[tuple[float, float]]) -> float:
        return f_score(statistics.mean(p for p, _ in pairs), statistics.mean(r for _, r in pairs))

    return (
        averaged([r.date_pr for r in rows]),
        averaged([r.align_pr[0] for r in rows]),
        averaged([r.align_pr[1] for r in rows]),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N topics")
    parser.add_argument("--topics", default="", help="comma-separated topic names")
    args = parser.parse_args(argv)
    if not T17_DIR.is_dir():
        print(
            f"Timeline17 not found at {T17_DIR} (evaluation material lives beside the checkout)",
            file=sys.stderr,
        )
        return 2
    topics = sorted(p.name for p in T17_DIR.iterdir() if p.is_dir())
    if args.topics:
        topics = [t for t in topics if t in args.topics.split(",")]
    if args.limit is not None:
        topics = topics[: args.limit]
    print_table(run(topics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
