"""Timeline summarisation (DATEWISE-like) and the eval's ROUGE, on hand-built articles."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from dateline.corpus.summarise import date_sentences, rank_dates, summarise
from dateline.model import Article, ArticleDate, TimeInterval

REPO = Path(__file__).resolve().parents[2]


def article(n: int, day: date, text: str) -> Article:
    return Article(id=f"a{n}", text=text, published=ArticleDate(TimeInterval.day(day), "metadata"))


ARTICLES = [
    article(
        1,
        date(2009, 6, 26),
        "Michael Jackson died on Thursday at a Los Angeles hospital after a cardiac arrest .\n"
        "Fans gathered outside the hospital as news of the singer's death spread .\n",
    ),
    article(
        2,
        date(2009, 6, 27),
        "Police interviewed Jackson's doctor yesterday about the death of the singer .\n"
        "Jackson died on Thursday , June 25 , at the age of 50 after collapsing at his home .\n",
    ),
    article(
        3,
        date(2009, 7, 8),
        "A memorial for Michael Jackson was held yesterday at the Staples Center in Los Angeles .\n"
        "Jackson died on June 25 after collapsing at his rented mansion in Los Angeles .\n",
    ),
    article(4, date(2009, 7, 8), "The weather in London was warm and sunny for most of the week .\n"),
]


def test_sentences_are_dated_by_the_day_they_name() -> None:
    sentences = date_sentences(ARTICLES)
    named = {(s.article, s.position): s.refers_to for s in sentences}
    assert named[(0, 0)] == date(2009, 6, 25)  # "Thursday" before Friday's paper
    assert named[(1, 0)] == date(2009, 6, 26)  # "yesterday"
    assert named[(2, 0)] == date(2009, 7, 7)
    assert named[(3, 0)] is None


def test_summarise_picks_the_most_referenced_day_and_a_central_on_topic_sentence() -> None:
    timeline = summarise(ARTICLES, query="michael jackson", n_dates=1, n_sentences_per_date=1)
    assert len(timeline) == 1
    (day,) = timeline
    assert day.day == date(2009, 6, 25)
    assert "died" in day.sentences[0]


def test_summarise_respects_range_and_count() -> None:
    timeline = summarise(
        ARTICLES,
        query="jackson",
        n_dates=5,
        n_sentences_per_date=2,
        start=date(2009, 7, 1),
        end=date(2009, 7, 31),
    )
    assert [d.day for d in timeline] == [date(2009, 7, 7)]
    assert all(len(d.sentences) <= 2 for d in timeline)


def _load_tls() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_tls", REPO / "eval" / "tls.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_rouge_variants_on_a_toy_timeline() -> None:
    tls = _load_tls()
    ref = {
        date(2009, 6, 25): ["Jackson dies in Los Angeles ."],
        date(2009, 8, 28): ["Coroner rules homicide ."],
    }
    assert tls.date_f1(ref, ref) == 1.0
    assert tls.concat(ref, ref, 1) == pytest.approx(1.0)
    assert tls.agreement(ref, ref, 2) == pytest.approx(1.0)
    assert tls.align_m1(ref, ref, 1) == pytest.approx(1.0)
    # one day off: agreement sees nothing, align+ m:1 gives half credit (1 / (1 + 1 day))
    shifted = {date(2009, 6, 26): ["Jackson dies in Los Angeles ."]}
    only_first = {date(2009, 6, 25): ref[date(2009, 6, 25)]}
    assert tls.agreement(shifted, only_first, 1) == 0.0
    assert tls.align_m1(shifted, only_first, 1) == pytest.approx(0.5)
    # stop words dropped, words stemmed: "dies"/"died" match
    assert tls.rouge_tokens(["Jackson died in the city"]) == tls.rouge_tokens(["jackson dies city"])


def test_query_words_match_word_starts_and_rank_dates_counts_an_article_once() -> None:
    day = date(2011, 3, 16)
    articles = [
        article(10, day, "Syrian forces fired on protesters in Deraa on Tuesday , witnesses said .\n"),
        article(11, day, "Syrian troops stormed the mosque in Deraa on Tuesday , killing five people .\n"),
        article(12, day, "Tirana hosted a trade fair on Tuesday with many visitors from abroad .\n"),
    ]
    sentences = date_sentences(articles)
    on_topic = rank_dates(sentences, query="syria", start=None, end=None)
    off_topic = rank_dates(sentences, query="football", start=None, end=None)
    tuesday = date(2011, 3, 15)
    assert on_topic[tuesday] > off_topic[tuesday]  # "Syrian" starts with "syria": those mentions count more
    timeline = summarise(articles, query="the syria", n_dates=1, n_sentences_per_date=3)
    assert [d.day for d in timeline] == [tuesday]
    assert all("Syrian" in s for s in timeline[0].sentences)  # "the" is a stop word, "Tirana" never matches


def test_centroid_opt_skips_wire_copies_and_near_repeats() -> None:
    day = date(2010, 1, 13)
    quake = "A magnitude 7.0 earthquake struck Haiti on Tuesday , flattening much of Port-au-Prince ."
    articles = [
        article(20, day, quake + "\n"),
        article(21, day, quake + "\n"),  # a wire copy
        article(22, day, "The earthquake struck Haiti on Tuesday , flattening much of Port-au-Prince .\n"),
        article(23, day, "Aid agencies said Tuesday 's earthquake in Haiti left thousands homeless .\n"),
    ]
    (entry,) = summarise(articles, query="haiti", n_dates=1, n_sentences_per_date=2)
    assert len(entry.sentences) == 2
    assert len(set(entry.sentences)) == 2
    assert any("homeless" in s for s in entry.sentences)  # the near-repeat of the first choice is skipped
