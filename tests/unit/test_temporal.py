"""Time expressions: each rule of the grammar against hand-built sentences and anchors (no model, no data)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.model import Granularity, Span, TimeExpr, TimeInterval
from dateline.stages.temporal import Tense, find_in_window, find_time_expressions, resolve_relative

FRI_2017_11_03 = date(2017, 11, 3)
SAT_2017_03_04 = date(2017, 3, 4)


def only(text: str, anchor: date | None, *, tense: Tense | None = None) -> TimeExpr:
    hint = (lambda _span: tense) if tense is not None else None
    found = find_time_expressions(text, anchor=anchor, tense_hint=hint)
    assert len(found) == 1, [(e.span.of(text), e.value) for e in found]
    return found[0]


def day(y: int, m: int, d: int) -> TimeInterval:
    return TimeInterval.day(date(y, m, d))


# --------------------------------------------------------------------------- weekdays


def test_late_on_thursday_in_a_friday_report_is_the_day_before() -> None:
    text = "The army regained control, the official SANA news agency said late on Thursday."
    e = only(text, FRI_2017_11_03)
    assert e.span.of(text) == "late on Thursday"
    assert e.interval == day(2017, 11, 2)
    assert e.anchor_kind == "publication"


def test_on_thursday_in_a_saturday_story_is_two_days_before() -> None:
    assert only("The army advanced inside Palmyra on Thursday.", SAT_2017_03_04).interval == day(2017, 3, 2)


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        (date(2017, 3, 2), date(2017, 3, 2)),  # a Thursday report: the same day
        (date(2017, 3, 6), date(2017, 3, 2)),  # Monday: back across the weekend
        (date(2017, 3, 1), date(2017, 2, 23)),  # Wednesday 1 March: back into February
        (date(2017, 1, 2), date(2016, 12, 29)),  # Monday 2 January: back into last year
        (date(2016, 2, 29), date(2016, 2, 25)),  # leap day
        (date(2020, 3, 1), date(2020, 2, 27)),  # Sunday after a leap February
    ],
)
def test_bare_weekday_in_a_past_clause_is_the_latest_one(anchor: date, expected: date) -> None:
    assert only("Officials said Thursday the town fell.", anchor).interval == TimeInterval.day(expected)


def test_weekday_in_a_future_clause_is_the_next_one() -> None:
    e = only("The ministers will meet Tuesday in Geneva.", FRI_2017_11_03)
    assert e.interval == day(2017, 11, 7)


def test_next_and_last_weekday_skip_the_anchor_day() -> None:
    assert only("They meet next Friday.", FRI_2017_11_03).interval == day(2017, 11, 10)
    assert only("They met last Friday.", FRI_2017_11_03).interval == day(2017, 10, 27)
    assert only("They meet next Tuesday.", date(2020, 2, 28)).interval == day(2020, 3, 3)


def test_monday_night_is_resolved_to_the_day() -> None:
    text = "Clashes broke out Monday night in the city."
    e = only(text, SAT_2017_03_04)
    assert e.span.of(text) == "Monday night"
    assert e.interval == day(2017, 2, 27)


# --------------------------------------------------------------------------- deictic words and units


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("It happened yesterday.", date(2017, 3, 1), day(2017, 2, 28)),
        ("It happened yesterday.", date(2016, 3, 1), day(2016, 2, 29)),
        ("It happened yesterday.", date(2017, 1, 1), day(2016, 12, 31)),
        ("It happens tomorrow.", date(2016, 2, 28), day(2016, 2, 29)),
        ("It happened today.", date(2020, 3, 1), day(2020, 3, 1)),
    ],
)
def test_deictic_days(text: str, anchor: date, expected: TimeInterval) -> None:
    assert only(text, anchor).interval == expected


def test_last_week_is_a_week_interval() -> None:
    e = only("The group was expelled last week.", SAT_2017_03_04)
    assert e.interval == TimeInterval(date(2017, 2, 20), date(2017, 2, 26), Granularity.WEEK)
    assert e.value == "2017-W08"


def test_this_month_earlier_this_year_and_in_2014() -> None:
    assert only("Talks resumed this month.", date(2020, 3, 1)).interval == TimeInterval.month(2020, 3)
    e = only("The town fell earlier this year.", SAT_2017_03_04)
    assert e.interval == TimeInterval.year(2017)
    assert only("It seized the city in 2014.", SAT_2017_03_04).anchor_kind == "absolute"


def test_last_year_next_month_across_year_boundaries() -> None:
    assert only("Sales fell last year.", date(2017, 1, 1)).interval == TimeInterval.year(2016)
    assert only("Talks resume next month.", date(2016, 12, 31)).interval == TimeInterval.month(2017, 1)
    assert only("Prices rose last month.", date(2020, 3, 1)).interval == TimeInterval.month(2020, 2)


def test_decade_and_season() -> None:
    e = only("The economy grew in the 1990s.", SAT_2017_03_04)
    assert e.interval.granularity is Granularity.DECADE
    assert (e.interval.start, e.interval.end) == (date(1990, 1, 1), date(1999, 12, 31))
    summer = only("The offensive is planned for this summer.", SAT_2017_03_04)
    assert summer.interval == TimeInterval(date(2017, 6, 1), date(2017, 8, 31), Granularity.SEASON)


# --------------------------------------------------------------------------- months


def test_month_last_year() -> None:
    e = only("The occupation ended in March last year.", date(2017, 3, 2))
    assert e.interval == TimeInterval.month(2016, 3)


def test_december_with_a_march_anchor_is_the_previous_december() -> None:
    e = only("Islamic State seized Palmyra in December.", SAT_2017_03_04)
    assert e.interval == TimeInterval.month(2016, 12)


def test_july_in_a_past_clause_is_the_latest_july_not_after_the_anchor() -> None:
    text = "The army launched the offensive in July."
    assert only(text, SAT_2017_03_04).interval == TimeInterval.month(2016, 7)
    assert only(text, date(2017, 7, 20)).interval == TimeInterval.month(2017, 7)


def test_month_in_a_future_clause_is_the_next_one() -> None:
    e = only("The election will be held in July.", SAT_2017_03_04)
    assert e.interval == TimeInterval.month(2017, 7)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_time_expressions("The talks May resume, officials say they may.", anchor=SAT_2017_03_04) == []
    assert only("It ended in May.", SAT_2017_03_04).interval == TimeInterval.month(2016, 5)


def test_absolute_dates() -> None:
    text = "A road sign pictured in Palmyra city, Syria, May 19, 2015."
    e = only(text, SAT_2017_03_04)
    assert e.span.of(text) == "May 19, 2015"
    assert e.interval == day(2015, 5, 19)
    assert e.anchor_kind == "absolute"
    assert only("on 29 February 2016", None).interval == day(2016, 2, 29)
    assert only("It was signed on 2020-03-01.", None).interval == day(2020, 3, 1)


def test_yearless_date_takes_the_nearest_year() -> None:
    assert only("The offer expires Jan. 2.", date(2016, 12, 20)).interval == day(2017, 1, 2)
    assert only("The index closed at a high on Dec. 28.", date(2017, 1, 5)).interval == day(2016, 12, 28)


# --------------------------------------------------------------------------- durations and ages


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("It has traded hands during Syria's six-year-old civil war.", "six-year-old", "P6Y"),
        ("It was driven out eight months before.", "eight months", "P8M"),
        ("The siege went on for two years.", "two years", "P2Y"),
        ("Forces were expelled two days after they entered the town.", "two days", "P2D"),
        ("Profit rose in the first nine months.", "the first nine months", "P9M"),
    ],
)
def test_durations_and_ages_are_not_dates(text: str, expr: str, value: str) -> None:
    e = only(text, SAT_2017_03_04)
    assert e.span.of(text) == expr
    assert e.timex_type == "DURATION"
    assert e.value == value
    assert not e.interval.is_resolved
    assert e.anchor_kind == "none"


def test_ago_counts_back_from_publication() -> None:
    e = only("The rebels took the town two days ago.", date(2020, 3, 1))
    assert e.interval == day(2020, 2, 28)
    assert only("It began three years ago.", SAT_2017_03_04).interval == TimeInterval.year(2014)


def test_a_year_earlier_counts_from_the_date_the_sentence_named() -> None:
    text = "On March 2, 2017, the army entered the city, a year earlier than planned."
    found = find_time_expressions(text, anchor=None)
    assert [e.value for e in found] == ["2017-03-02", "2016"]  # stated at the offset's unit: a year
    assert found[1].anchor_kind == "narrative"


def test_sets_and_references() -> None:
    assert only("Protesters rallied almost daily.", SAT_2017_03_04).timex_type == "SET"
    now = only("The town is now under army control.", SAT_2017_03_04)
    assert (now.value, now.interval) == ("PRESENT_REF", day(2017, 3, 4))
    assert find_time_expressions("It costs $5 a year.", anchor=SAT_2017_03_04) == []


def test_clock_time_joins_its_day() -> None:
    text = "The deadline passed at 10 p.m. Wednesday, police said."
    e = only(text, date(2017, 3, 3))
    assert e.span.of(text) == "10 p.m. Wednesday"
    assert (e.timex_type, e.value) == ("TIME", "2017-03-01T22:00")


# --------------------------------------------------------------------------- anchors


def test_no_anchor_leaves_relative_expressions_unresolved() -> None:
    text = "The army advanced on Thursday, a week after it took Palmyra in March 2016."
    found = {e.span.of(text): e for e in find_time_expressions(text, anchor=None)}
    assert not found["Thursday"].interval.is_resolved
    assert found["Thursday"].anchor_kind == "none"
    assert found["March 2016"].interval == TimeInterval.month(2016, 3)


def test_window_anchor_widens_to_every_possible_reading() -> None:
    text = "The army advanced on Thursday."
    (e,) = find_in_window(text, earliest=date(2017, 3, 6), latest=date(2017, 3, 12))
    assert (e.interval.start, e.interval.end) == (date(2017, 3, 2), date(2017, 3, 9))
    assert e.interval.granularity is Granularity.DAY


def test_resolve_relative() -> None:
    assert resolve_relative("March last year", date(2017, 3, 2)) == TimeInterval.month(2016, 3)
    assert resolve_relative("Thursday", date(2017, 3, 4), past=False) == day(2017, 3, 9)
    assert resolve_relative("nothing temporal here", date(2017, 3, 4)) == TimeInterval.unresolved()


def test_spans_are_offsets_into_the_text() -> None:
    text = "BEIRUT: Syria regime forces have retaken four neighbourhoods, the Observatory said Thursday."
    (e,) = find_time_expressions(text, anchor=date(2017, 10, 13))
    assert e.span == Span(text.index("Thursday"), len(text) - 1)


def test_a_deadline_month_is_the_nearest_one_whatever_the_tense() -> None:
    text = "Regulators gave the company until mid-November to reply."
    assert only(text, date(1989, 10, 30)).interval == TimeInterval.month(1989, 11)


def test_a_deadline_weekday_is_still_to_come() -> None:
    text = "The relatives were given until 9 a.m. Tuesday to sign."
    e = only(text, date(2000, 4, 3))
    assert (e.span.of(text), e.value) == ("9 a.m. Tuesday", "2000-04-04T09:00")


def test_year_end_by_tense() -> None:
    assert only("The deal will close by year-end.", date(1989, 11, 2)).value == "1989-12-31"
    assert only("The index has risen 5% since year-end.", date(1989, 11, 2)).value == "1988-12-31"


def test_quarters_follow_business_usage() -> None:
    text = "Third-quarter profit rose to $5 million from $3 million a year ago."
    found = find_time_expressions(text, anchor=date(1989, 11, 2))
    assert [(e.span.of(text), e.value) for e in found] == [
        ("Third-quarter", "1989-Q3"),
        ("a year ago", "1988-Q3"),
    ]
    assert only("Sales rose in the year-ago quarter.", date(1989, 11, 2)).value == "1988-Q3"
    q = only("Sales rose in the fourth quarter.", date(1990, 2, 1))
    assert (q.value, q.interval.start, q.interval.end) == ("1989-Q4", date(1989, 10, 1), date(1989, 12, 31))


def test_the_year_ended_is_an_accounting_period() -> None:
    text = "Revenue was $76 million for the year ended March 31."
    found = find_time_expressions(text, anchor=date(1989, 11, 1))
    assert [(e.span.of(text), e.timex_type, e.value) for e in found] == [
        ("the year", "DURATION", "P1Y"),
        ("March 31", "DATE", "1989-03-31"),
    ]


def test_clock_times_with_zones_and_tokenised_commas() -> None:
    text = "Page last updated at 08:14 GMT , Tuesday , 8 November 2011"
    (e,) = find_time_expressions(text, anchor=None)
    assert (e.timex_type, e.value) == ("TIME", "2011-11-08T08:14")


def test_rates_counts_and_names_are_not_times() -> None:
    for text in (
        "It costs $5 a year.",
        "Qantas adds 700 seats a week.",
        "Foreign Minister Jan Kavan spoke.",
        "Iraq imports about three-quarters of its food.",
        "The index closed at 2082.1 points.",
    ):
        assert find_time_expressions(text, anchor=SAT_2017_03_04) == [], text


def test_halves_decades_and_centuries() -> None:
    text = "Sales fell in the last half of 1989, as in the last half of the '80s and the 20th century."
    found = find_time_expressions(text, anchor=date(1990, 2, 1))
    assert [(e.span.of(text), e.value) for e in found] == [
        ("the last half of 1989", "1989-H2"),
        ("the last half of the '80s", "198"),
        ("the 20th century", "19"),
    ]
    assert found[0].interval == TimeInterval(date(1989, 7, 1), date(1989, 12, 31), Granularity.MONTH)


def test_last_with_a_full_date_looks_back() -> None:
    text = "The doctor was shot last Oct. 23 in his home."
    assert only(text, date(1999, 4, 19)).interval == day(1998, 10, 23)


# --------------------------------------------------------------------------- sentence gate


GATED_TEXTS = (
    "The army said nothing.\nIn nineteen ninety-six the court ruled.\nYou've got three seconds -- GO!",
    "He came on in the second half. The short term looks grim.\nUpdate 11:46 a.m. Cairo, 4:46 a.m.\nET",
    "Rebels held the town. Late on Thursday troops entered it, two weeks after the siege began.",
    "Nobody spoke. The talks resume next month, officials said, and again in the spring of 2018.",
)


@pytest.mark.parametrize("text", GATED_TEXTS)
def test_the_sentence_gate_changes_no_result(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.stages.temporal import finder
    from dateline.stages.temporal.finder import split_sentences

    sentences = split_sentences(text)
    gated = find_time_expressions(text, anchor=FRI_2017_11_03, sentences=sentences)

    class Open:
        def windows(self, text: str, sentences: object) -> None:
            return None

    monkeypatch.setattr(finder, "_GATE", Open())
    assert find_time_expressions(text, anchor=FRI_2017_11_03, sentences=sentences) == gated
    assert gated  # every text holds at least one expression


def test_the_gate_skips_sentences_without_time_words() -> None:
    from dateline.stages.temporal.finder import _GATE

    text = "Rebels held the town for good. More than ten fighters died.\nOn Monday they left."
    sentences = [Span(0, 30), Span(31, 59), Span(60, len(text))]
    windows = _GATE.windows(text, sentences)
    assert len(windows) == 1 and windows[0].contains(sentences[2])
    assert not windows[0].contains(sentences[0])
