"""Timeline summarisation (TLS) from dated articles: pick the important dates, then a few sentences for each.

A DATEWISE-like method (Gholipour Ghalandari & Ifrim, ACL 2020), unsupervised and pure Python + scikit-learn:

1. Every sentence is dated: the day it names ("on Friday", "June 25") resolved against its article's
   publication date by :func:`dateline.stages.temporal.find_time_expressions`; a sentence naming no day is
   dated by its article's publication. Page timestamps are not days named: bare clock readings ("Updated:
   1:38 a.m.") and written-out dates next to a clock time (wire bylines, "last updated" lines, reader
   comments' "March 5, 2011 at 3:58 pm"). A sentence's opening wire dateline ("AMMAN (Reuters) - ") and
   bracketed photo credits are cut off.
2. Dates are ranked by how many on-topic articles (those with a word starting with a query word)
   refer to them (:data:`MENTION_WEIGHT` for a reference in the text, :data:`PUBLICATION_WEIGHT` for an
   article published that day). The ``n_dates`` best dates within ``[start, end]`` are kept, spread out
   (:data:`DIVERSITY_DAYS`).
3. For each kept date, the candidate sentences of on-topic articles (those naming the day, and the undated
   lead sentences of articles published on it or the day after; 6 to 80 words) are summarised by
   news-tls's "centroid-opt": sentences are added greedily so that the summary's TF-IDF vector (IDF
   fitted on the whole collection) comes closest to the centroid of all the day's candidates (a sentence
   printed by several outlets counted each time), taking only sentences with a word starting with a query
   word (a day with none is skipped for the next best) and skipping near-duplicates.

The rules and weights were measured on Timeline17 (eval/tls.py; there is no held-out TLS set here), so
its figures are optimistic by a point or so.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from dateline.model import Article, Granularity, Span, TimeExpr
from dateline.stages.temporal import find_time_expressions

__all__ = [
    "DailySummary",
    "DatedSentence",
    "date_sentences",
    "rank_dates",
    "summarise",
    "summarise_sentences",
]

# Weight of one sentence naming a day versus one article published that day. References dominate: a day
# that later reports keep naming ("the Jan. 25 protests") is a day the story turned on; publication volume
# alone mostly tracks news cycles. The weights below were chosen by a small grid on Timeline17 itself.
MENTION_WEIGHT = 1.0
PUBLICATION_WEIGHT = 0.2

# A sentence naming its own article's day ("on Monday" in Monday's paper) says less about that day's weight
# than a later article still naming it.
SAME_DAY_MENTION_WEIGHT = 0.5

# Timelines spread over the story: a day's score is multiplied by DIVERSITY_DISCOUNT for every chosen day
# within DIVERSITY_DAYS of it, so one burst of coverage does not fill the timeline with consecutive days.
DIVERSITY_DAYS = 1
DIVERSITY_DISCOUNT = 0.5

# Candidate sentences shorter or longer than this (in words) are skipped: fragments and run-ons make poor
# timeline entries.
MIN_SENTENCE_WORDS = 6
MAX_SENTENCE_WORDS = 80

# A candidate whose TF-IDF cosine to an already chosen sentence of the same day reaches this is a repeat.
REDUNDANCY_COSINE = 0.5

# Publication-dated sentences come from the first lines of an article: the lead says what happened that
# day, later paragraphs drift into background.
LEAD_SENTENCES = 5

# A lead sentence naming no day may describe the day before its publication (a morning paper reports
# yesterday's events), so it is a candidate for its publication day and this many days before (news-tls's
# DATEWISE does the same).
PUBLISHED_LAG_DAYS = 1

_SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])\s+(?=[A-Z\"“])")

# Wire furniture that opens a sentence: everything up to a dateline ("AMMAN | Fri Apr 22 , 2011 7:12 pm EDT
# AMMAN (Reuters) - ", "TOULON , France , Sept. 25 -- ") found within this many characters of its start, and
# bracketed credits before the first word ("(AP Photo/Evan Vucci) President Bush ..."). Corpora tokenised
# the Penn Treebank way write brackets as -LRB- / -RRB-.
DATELINE_MAX_CHARS = 200
_OPEN, _CLOSE = r"(?:\(|-LRB-)", r"(?:\)|-RRB-)"
_DATELINE = re.compile(
    rf"{_OPEN}\s*[A-Z][\w .&/-]{{0,30}}?\s*{_CLOSE}\s*(?:-{{1,2}}|—|–)\s+"
    r"|\b[A-Z]{3,}[A-Z .'-]*(?:\s*,\s*[A-Z][\w.]*(?:\s\d{1,2})?)*\s*(?:--|—)\s+"
)
_LEADING_BRACKETS = re.compile(rf"^(?:\s*{_OPEN}[^()]{{0,80}}?{_CLOSE})+\s*")

# Characters around a written-out date searched for the clock time that makes it a page timestamp
# ("24th February 2012 - 17:21", "Tuesday , 3 February 2011 ... 11:14 GMT").
TIMESTAMP_WINDOW = 30
_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\d{2}(?::\d{2})?)?\s*(?:[ap]\.?\s?m\b\.?)?", re.IGNORECASE)
_CLOCK_AFTER = re.compile(
    r"[\s,|-]*(?:\d{2}\s+)?(?:(?:last\s+)?updated\s+)?(?:at\s+)?\d{1,2}:\d{2}", re.IGNORECASE
)
_CLOCK_BEFORE = re.compile(r"\d{1,2}:\d{2}[^:\d]{0,20}$")
# Words that name a day; a TIME expression without one is a bare clock reading.
_DAY_WORD = re.compile(
    r"\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|today|tonight|yesterday|tomorrow"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*)\b|\b\d{4}\b|\b\d{1,2}(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence of an article, the day it names (None: it names no single day) and its article's date."""

    text: str
    published: date
    refers_to: date | None
    position: int  # index of the sentence in its article
    article: int  # index of the article in the input


@dataclass(frozen=True, slots=True)
class DailySummary:
    day: date
    sentences: tuple[str, ...]
    score: float  # the date's rank score


def _sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if text[start : m.start()].strip():
            spans.append(Span(start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return spans


def _publication_day(article: Article) -> date | None:
    if article.published is None:
        return None
    interval = article.published.interval
    return interval.start if interval.start is not None and interval.days == 1 else None


def date_sentences(articles: Iterable[Article]) -> list[DatedSentence]:
    """Every sentence of every article with a publication day, with the single day it names (if any)."""
    out: list[DatedSentence] = []
    for index, article in enumerate(articles):
        published = _publication_day(article)
        if published is None:
            continue
        spans = _sentences(article.text)
        days: dict[int, date] = {}
        starts = [s.start for s in spans]
        for timex in find_time_expressions(article.text, anchor=published, sentences=spans):
            interval = timex.interval
            if interval.granularity is not Granularity.DAY or interval.days != 1 or interval.start is None:
                continue
            if _is_timestamp(article.text, timex):
                continue
            position = _sentence_of(starts, timex.span.start)
            days.setdefault(position, interval.start)  # the first day a sentence names is its day
        for position, span in enumerate(spans):
            text = _strip_furniture(" ".join(article.text[span.start : span.end].split()))
            out.append(DatedSentence(text, published, days.get(position), position, index))
    return out


def _strip_furniture(sentence: str) -> str:
    """The sentence without the wire dateline or the bracketed credit it opens with."""
    dateline = _DATELINE.search(sentence, 0, DATELINE_MAX_CHARS)
    if dateline is not None and dateline.end() < len(sentence):
        sentence = sentence[dateline.end() :]
    return _LEADING_BRACKETS.sub("", sentence) or sentence


def _is_timestamp(text: str, timex: TimeExpr) -> bool:
    """A clock reading that dates the page rather than an event: a bare clock time ("Updated: 1:38 a.m.",
    "1:48 pm GMT" in a wire byline), or a date written out with its year next to a clock time (a byline
    "Fri Apr 22, 2011 7:12 pm EDT", a reader comment's "March 5, 2011 at 3:58 pm | Reply"). A clock time
    joined to a relative day ("10:30 a.m. on Friday") is prose about an event and stays."""
    phrase = text[timex.span.start : timex.span.end]
    if timex.timex_type == "TIME":
        return timex.anchor_kind == "absolute" or not _DAY_WORD.search(_CLOCK.sub(" ", phrase))
    if _CLOCK_AFTER.match(text, timex.span.end, timex.span.end + TIMESTAMP_WINDOW):
        return True
    before = text[max(0, timex.span.start - TIMESTAMP_WINDOW) : timex.span.start]
    return timex.anchor_kind == "absolute" and _CLOCK_BEFORE.search(before) is not None


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


def _query_pattern(query: str | Sequence[str]) -> re.Pattern[str] | None:
    """A sentence is on topic when a word of it starts with a query word ("syria" matches "Syrian's").

    news-tls filters by substring; anchoring at a word start keeps "iran" out of "Tirana". Plain matching
    rather than stemming: the test runs on every sentence of a collection and stemming dominated run time.
    """
    words = query.split() if isinstance(query, str) else [w for q in query for w in q.split()]
    keys = sorted({w.lower() for w in words if w.strip()} - ENGLISH_STOP_WORDS, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + ")", re.IGNORECASE)


def _on_topic(sentence: DatedSentence, pattern: re.Pattern[str] | None) -> bool:
    return pattern is not None and pattern.search(sentence.text) is not None


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def rank_dates(
    sentences: Sequence[DatedSentence],
    *,
    query: str | Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
) -> dict[date, float]:
    """Each day in ``[start, end]``: weighted count of the on-topic articles naming it or published on it.

    An article none of whose sentences names the query (a markets report in a "syria" collection) says
    nothing about the topic's days, so it does not count; without a query every article counts.
    """
    on_topic = _on_topic_articles(sentences, _query_pattern(query))
    scores: dict[date, float] = defaultdict(float)
    counted: set[tuple[int, date]] = set()
    for s in sentences:
        if s.article not in on_topic:
            continue
        if s.refers_to is not None and _in_range(s.refers_to, start, end):
            if (s.article, s.refers_to) in counted:
                continue  # an article naming a day five times is still one article
            counted.add((s.article, s.refers_to))
            scores[s.refers_to] += MENTION_WEIGHT if s.refers_to != s.published else SAME_DAY_MENTION_WEIGHT
        if s.position == 0 and _in_range(s.published, start, end):
            scores[s.published] += PUBLICATION_WEIGHT  # once per article
    return dict(scores)


def _on_topic_articles(sentences: Sequence[DatedSentence], pattern: re.Pattern[str] | None) -> set[int]:
    """The articles with a sentence on the query's topic (all of them without a query)."""
    return {s.article for s in sentences if pattern is None or _on_topic(s, pattern)}


def _spread_out(scores: dict[date, float]) -> Iterator[date]:
    """Days best first, each discounted by DIVERSITY_DISCOUNT per already chosen day within DIVERSITY_DAYS.

    Lazy greedy: a day's discounted score only falls as days are chosen, so a popped day whose score is still
    current is the true best.
    """
    chosen: list[date] = []
    heap = [(-score, day.toordinal(), day) for day, score in scores.items()]
    heapq.heapify(heap)
    while heap:
        neg_score, ordinal, day = heapq.heappop(heap)
        near = sum(1 for c in chosen if abs((c - day).days) <= DIVERSITY_DAYS)
        current = scores[day] * DIVERSITY_DISCOUNT**near
        if current < -neg_score:
            heapq.heappush(heap, (-current, ordinal, day))
            continue
        chosen.append(day)
        yield day


def _days_described(sentence: DatedSentence) -> list[date]:
    """The day a sentence names; else, for a lead sentence, its publication day and the days just before."""
    if sentence.refers_to is not None:
        return [sentence.refers_to]
    if sentence.position >= LEAD_SENTENCES:
        return []
    return [sentence.published - timedelta(days=k) for k in range(PUBLISHED_LAG_DAYS + 1)]


def _collection_vectorizer(sentences: Sequence[DatedSentence]) -> TfidfVectorizer | None:
    """TF-IDF fitted on the whole collection, as news-tls does: a word every article of the story repeats
    ("Syria") weighs little in every day's centroid, the words particular to a day weigh most."""
    vectorizer = TfidfVectorizer(stop_words="english", lowercase=True)
    try:
        vectorizer.fit([s.text for s in sentences])
    except ValueError:  # no word left after stop words: nothing to weigh
        return None
    return vectorizer


def _pick_central(
    candidates: Sequence[DatedSentence],
    n: int,
    *,
    vectorizer: TfidfVectorizer | None,
    allowed: Callable[[DatedSentence], bool],
) -> list[str]:
    """news-tls's "centroid-opt": greedily add the allowed candidate that brings the summary's TF-IDF vector
    closest to the centroid of all the day's candidates, skipping near-repeats of the sentences chosen.

    The centroid counts a sentence as often as it was printed: a wire story carried by five outlets is
    what the day was about, more than a sentence one outlet wrote (on Timeline17, align+ m:1 ROUGE-1 rose
    from 0.127 to 0.130 against counting it once). It is offered as a candidate once."""
    copies = Counter(c.text for c in candidates)
    unique = list({c.text: c for c in candidates}.values())
    if not unique:
        return []
    if vectorizer is None:
        return [c.text for c in unique if allowed(c)][:n]
    vectors = normalize(vectorizer.transform([c.text for c in unique]))
    weights = np.array([copies[c.text] for c in unique], dtype=float)
    centroid = normalize(np.asarray(vectors.T @ weights).reshape(1, -1))
    eligible = [i for i, c in enumerate(unique) if allowed(c)]
    chosen: list[int] = []
    summary = np.zeros(vectors.shape[1])
    while eligible and len(chosen) < n:
        # cosine of (summary + candidate) to the centroid, for every eligible candidate at once
        grown = vectors[eligible].toarray() + summary
        norms = np.linalg.norm(grown, axis=1)
        norms[norms == 0] = 1.0
        gain = (grown @ centroid.ravel()) / norms
        for k in sorted(range(len(eligible)), key=lambda k: (-gain[k], unique[eligible[k]].text)):
            i = eligible[k]
            if not any(float(vectors[i].multiply(vectors[j]).sum()) >= REDUNDANCY_COSINE for j in chosen):
                break
        else:
            break  # every remaining candidate repeats a chosen one
        chosen.append(i)
        summary = summary + vectors[i].toarray().ravel()
        eligible.remove(i)
    return [unique[i].text for i in chosen]


def summarise(
    articles: Iterable[Article],
    *,
    query: str | Sequence[str],
    n_dates: int,
    n_sentences_per_date: int = 1,
    start: date | None = None,
    end: date | None = None,
) -> tuple[DailySummary, ...]:
    """A timeline of ``n_dates`` days within ``[start, end]``, each summarised in ``n_sentences_per_date``."""
    return summarise_sentences(
        date_sentences(articles),
        query=query,
        n_dates=n_dates,
        n_sentences_per_date=n_sentences_per_date,
        start=start,
        end=end,
    )


def summarise_sentences(
    sentences: Sequence[DatedSentence],
    *,
    query: str | Sequence[str],
    n_dates: int,
    n_sentences_per_date: int = 1,
    start: date | None = None,
    end: date | None = None,
) -> tuple[DailySummary, ...]:
    """:func:`summarise` over sentences dated by :func:`date_sentences` (date once, summarise often)."""
    sentences = [s for s in sentences if _in_range(s.published, start, end)]
    pattern = _query_pattern(query)
    scores = rank_dates(sentences, query=query, start=start, end=end)
    by_day: dict[date, list[DatedSentence]] = defaultdict(list)
    on_topic = _on_topic_articles(sentences, pattern)  # as in rank_dates: other articles are off the story
    for s in sentences:
        if s.article in on_topic and MIN_SENTENCE_WORDS <= len(s.text.split()) <= MAX_SENTENCE_WORDS:
            for day in _days_described(s):
                if day in scores:
                    by_day[day].append(s)
    vectorizer = _collection_vectorizer(sentences)

    def allowed(sentence: DatedSentence) -> bool:  # a day off the query's topic is no entry
        return pattern is None or _on_topic(sentence, pattern)

    summaries: list[DailySummary] = []
    for day in _spread_out(scores):
        if len(summaries) == n_dates:
            break
        chosen = _pick_central(by_day[day], n_sentences_per_date, vectorizer=vectorizer, allowed=allowed)
        if chosen:
            summaries.append(DailySummary(day, tuple(chosen), scores[day]))
    return tuple(sorted(summaries, key=lambda s: s.day))
