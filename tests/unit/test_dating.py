"""Dating the article: evidence order, print editions, datelines, body dates and weekdays, never today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dateline.model import AnalyzedArticle, ArticleDate, Granularity, TimeInterval
from dateline.stages.clean import Clean
from dateline.stages.dating import FRESHNESS_DAYS, DateArticle, date_article, find_full_dates
from dateline.stages.ingest import article_from_text

PRINT_NOTE = (
    "A version of this article appeared in the print edition of The Daily on March 04, 2017, "
    "with the headline Army retakes town."
)


def dated(text: str, *, published: ArticleDate | None = None) -> ArticleDate:
    article = article_from_text(text, source="t", published=published)
    doc = Clean()(AnalyzedArticle(article=article))
    result = DateArticle()(doc).dated
    assert result is not None
    return result


def test_metadata_wins_over_everything() -> None:
    meta = ArticleDate(TimeInterval.day(date(2017, 3, 5)), "metadata")
    assert dated("Troops advanced.\n\n" + PRINT_NOTE, published=meta) == meta


def test_header_date() -> None:
    found = dated("date 2017-11-03 Subtitle.\n\nTroops advanced on Thursday.")
    assert found.source == "header" and found.interval == TimeInterval.day(date(2017, 11, 3))


def test_print_edition_gives_the_day_before_and_the_day() -> None:
    text = "Army retakes town\n\nTroops advanced on Thursday, officials said.\n\n" + PRINT_NOTE
    found = dated(text)
    assert found.source == "print-edition"
    assert found.interval == TimeInterval(date(2017, 3, 3), date(2017, 3, 4), Granularity.DAY)
    assert found.evidence is not None
    # the evidence is in the raw text, though the cleaner blanked that line
    article_text = article_from_text(text, source="t").text
    assert found.evidence.of(article_text) == "March 04, 2017"


def test_thursday_is_unambiguous_from_either_end_of_the_print_range() -> None:
    found = dated("Troops advanced on Thursday.\n\n" + PRINT_NOTE)
    assert found.interval.start is not None and found.interval.end is not None
    thursdays = {d.toordinal() - (d.weekday() - 3) % 7 for d in (found.interval.start, found.interval.end)}
    assert thursdays == {date(2017, 3, 2).toordinal()}


def test_timestamp_line_beats_print_edition() -> None:
    found = dated("Published: March 3, 2017 10:32 AM\n\nTroops advanced.\n\n" + PRINT_NOTE)
    assert found.source == "header" and found.interval == TimeInterval.day(date(2017, 3, 3))


def test_dateline_with_year() -> None:
    found = dated("DAMASCUS, Syria, Oct. 12, 2017 (AP) — Troops advanced into the town.")
    assert found.source == "dateline" and found.interval == TimeInterval.day(date(2017, 10, 12))


def test_dateline_without_year_takes_it_from_the_body() -> None:
    text = "BEIRUT, March 3 (Reuters) - Troops advanced. The offensive began on February 20, 2017, they said."
    found = dated(text)
    assert found.source == "dateline" and found.interval == TimeInterval.day(date(2017, 3, 3))


def test_dateline_without_any_year_is_not_enough() -> None:
    assert dated("BEIRUT, March 3 (Reuters) - Troops advanced.").source == "undated"


def test_body_dates_bound_from_below_and_weekdays_are_noted() -> None:
    text = "Army retakes town\n\nThe siege began on February 28, 2017. On Thursday troops entered the town."
    found = dated(text)
    assert found.source == "text"
    assert found.interval == TimeInterval(
        date(2017, 2, 28), date(2017, 2, 28) + timedelta(days=FRESHNESS_DAYS), Granularity.DAY
    )
    assert found.evidence is not None
    assert "Thursday" in found.note


def test_newest_body_date_wins() -> None:
    found = dated("Troops entered the town on 2 March 2017, a year after the battle of 1 March 2016.")
    assert found.interval.start == date(2017, 3, 2)


def test_future_dates_do_not_bound_publication() -> None:
    text = "Troops entered the town on March 2, 2017. Talks are scheduled for April 10, 2017 in Geneva."
    assert dated(text).interval.start == date(2017, 3, 2)


def test_caption_dates_do_not_date_the_article() -> None:
    text = (
        "Army retakes town\n\nFILE PHOTO: A road sign in the city, May 19, 2015.\n\nTroops moved on Thursday."
    )
    found = dated(text)
    assert found.source == "undated"
    assert "Thursday" in found.note


def test_rejected_metadata_note_is_carried() -> None:
    article = article_from_text("date 2999-01-01 Troops advanced.", source="t")
    doc = Clean()(AnalyzedArticle(article=article))
    found = date_article(doc)
    assert found.source == "undated" and "2999-01-01" in found.note


def test_never_today() -> None:
    found = dated("Troops advanced today, officials said.")
    assert not found.interval.is_resolved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on March 04, 2017,", date(2017, 3, 4)),
        ("on 4 March 2017", date(2017, 3, 4)),
        ("on 4th of March, 2017", date(2017, 3, 4)),
        ("on Sept. 21, 2016", date(2016, 9, 21)),
        ("on 2017-03-04", date(2017, 3, 4)),
    ],
)
def test_find_full_dates_forms(text: str, expected: date) -> None:
    [found] = find_full_dates(text)
    assert found.day == expected and text[found.span.start : found.span.end].strip()


def test_find_full_dates_skips_impossible_days() -> None:
    assert find_full_dates("on February 30, 2017 and March 2017") == []


def test_stage_contract() -> None:
    assert DateArticle.name == "date"
    assert DateArticle.requires == frozenset({"clean_text"})
    assert DateArticle.assigns == frozenset({"dated"})
