"""Properties of time-expression resolution that must hold for any anchor and any text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.stages.temporal import find_time_expressions

ANCHORS = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
# Anchors at the ends of the calendar: arithmetic may overflow there and must degrade to "unresolved".
EXTREME_ANCHORS = st.one_of(ANCHORS, st.dates(max_value=date(1, 2, 1)), st.dates(min_value=date(9999, 12, 1)))
PHRASES = st.sampled_from(
    [
        "on Thursday", "late on Friday", "last week", "this month", "March last year", "in December",
        "in July", "next Tuesday", "two days ago", "earlier this year", "the 1990s", "this summer",
        "last winter", "Monday night", "yesterday", "tomorrow", "the third quarter", "a year earlier",
        "next year", "last February", "Sept. 30", "29 February", "the weekend", "three weeks from now",
        "for two years", "six-year-old", "every Monday", "now", "10 a.m. Wednesday",
    ]
)  # fmt: skip
ABSOLUTE = st.sampled_from(["May 19, 2015", "2016-02-29", "March 2016", "in 2014", "12/25/1999", "the 1980s"])
WORDS = st.text(alphabet=st.sampled_from("abcdefghij MTWFSJDad0123456789,.-'"), max_size=60)


@settings(max_examples=150, deadline=None)
@given(anchor=EXTREME_ANCHORS, phrase=PHRASES, will=st.booleans())
def test_any_resolved_interval_starts_before_it_ends(anchor: date, phrase: str, will: bool) -> None:
    text = f"Officials {'will meet' if will else 'met'} {phrase}, they said."
    for e in find_time_expressions(text, anchor=anchor):
        if e.interval.is_resolved:
            assert e.interval.start is not None and e.interval.end is not None
            assert e.interval.start <= e.interval.end
        if e.timex_type in ("DURATION", "SET"):
            assert not e.interval.is_resolved


@settings(max_examples=100, deadline=None)
@given(anchor=ANCHORS, phrase=PHRASES)
def test_resolving_is_deterministic(anchor: date, phrase: str) -> None:
    text = f"The army said {phrase} that the town had fallen."
    assert find_time_expressions(text, anchor=anchor) == find_time_expressions(text, anchor=anchor)


@settings(max_examples=100, deadline=None)
@given(first=ANCHORS, second=ANCHORS, phrase=ABSOLUTE)
def test_absolute_dates_ignore_the_anchor(first: date, second: date, phrase: str) -> None:
    text = f"The city fell {phrase}."
    a = find_time_expressions(text, anchor=first)
    b = find_time_expressions(text, anchor=second)
    assert [(e.span, e.interval, e.value) for e in a] == [(e.span, e.interval, e.value) for e in b]
    assert all(e.anchor_kind == "absolute" for e in a)


@settings(max_examples=100, deadline=None)
@given(text=WORDS, anchor=st.one_of(st.none(), ANCHORS))
def test_arbitrary_text_never_crashes_and_spans_fit(text: str, anchor: date | None) -> None:
    for e in find_time_expressions(text, anchor=anchor):
        assert 0 <= e.span.start < e.span.end <= len(text)
        if anchor is None and e.anchor_kind != "absolute":
            assert not e.interval.is_resolved or e.value == "PRESENT_REF"
