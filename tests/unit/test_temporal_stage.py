"""The TimeExpressions stage: anchors from the article's date, declared fields, boilerplate never scanned."""

from __future__ import annotations

from datetime import date

from dateline.model import AnalyzedArticle, Article, ArticleDate, Granularity, Sentence, Span, TimeInterval
from dateline.stages.temporal import TimeExpressions

TEXT = "The army advanced inside Palmyra on Thursday, the Observatory said."


def doc(dated: ArticleDate, text: str = TEXT) -> AnalyzedArticle:
    return AnalyzedArticle(
        article=Article(id="x", text=text),
        clean_text=text,
        dated=dated,
        sentences=(Sentence(Span(0, len(text))),),
    )


def test_contract() -> None:
    stage = TimeExpressions()
    assert stage.name == "timex"
    assert stage.requires == frozenset({"clean_text", "sentences", "dated"})
    assert stage.assigns == frozenset({"timexes"})


def test_dated_article_resolves_against_its_day() -> None:
    out = next(TimeExpressions().pipe([doc(ArticleDate(TimeInterval.day(date(2017, 3, 4)), "header"))]))
    (e,) = out.timexes
    assert e.interval == TimeInterval.day(date(2017, 3, 2))
    assert "timex" in out.done


def test_undated_article_leaves_relative_dates_unresolved_never_today() -> None:
    (e,) = TimeExpressions()(doc(ArticleDate.undated())).timexes
    assert not e.interval.is_resolved
    assert e.anchor_kind == "none"


def test_article_known_within_a_range_widens_relative_dates() -> None:
    window = TimeInterval(date(2017, 3, 6), date(2017, 3, 12), Granularity.WEEK)
    (e,) = TimeExpressions()(doc(ArticleDate(window, "inferred"))).timexes
    assert (e.interval.start, e.interval.end) == (date(2017, 3, 2), date(2017, 3, 9))


def test_blanked_boilerplate_is_not_scanned() -> None:
    raw = "Updated Friday 10 a.m.\n" + TEXT
    clean = " " * len("Updated Friday 10 a.m.") + "\n" + TEXT
    d = AnalyzedArticle(
        article=Article(id="x", text=raw),
        clean_text=clean,
        dated=ArticleDate(TimeInterval.day(date(2017, 3, 4)), "header"),
        sentences=(Sentence(Span(0, len(raw))),),
    )
    (e,) = TimeExpressions()(d).timexes
    assert e.span.of(raw) == "Thursday"
