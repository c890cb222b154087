"""Calendar arithmetic on TIMEX3 values, and the :class:`TimeInterval` each value denotes.

A resolved expression is first normalised to its TIMEX3 ``value`` string (``2017-11-02``, ``2017-W44``,
``2017-03``, ``2017-SU``, ``2017-Q3``, ``2017``, ``199`` for the 1990s); the interval is derived from that one
string, so the evaluation value and the interval can never disagree.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dateline.model import Granularity, TimeInterval

__all__ = [
    "century_value",
    "day_value",
    "decade_value",
    "interval_of_value",
    "month_value",
    "nearest_month",
    "nearest_weekday",
    "shift_months",
    "week_value",
]

SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def day_value(d: date) -> str:
    return d.isoformat()


def week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def decade_value(year: int) -> str:
    """TIMEX3 writes a decade by truncation: "199" is the 1990s (TimeBank sometimes writes "199X", which
    :func:`interval_of_value` also reads)."""
    return f"{year // 10:03d}"


def century_value(year: int) -> str:
    return f"{year // 100:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_years_safe(d: date, years: int) -> date:
    """``d`` moved by whole years; 29 February falls back to the 28th in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def nearest_weekday(anchor: date, weekday: int, *, direction: int) -> date:
    """The ``weekday`` (0 = Monday) nearest ``anchor``: on or before it (direction -1), on or after (+1),
    strictly before (-2) or strictly after (+2)."""
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if direction == -1:
        return anchor - timedelta(days=back)
    if direction == 1:
        return anchor + timedelta(days=forward)
    if direction == -2:
        return anchor - timedelta(days=back or 7)
    return anchor + timedelta(days=forward or 7)


def nearest_month(anchor: date, month: int, *, direction: int) -> int:
    """The year of the ``month`` nearest ``anchor``: on/before the anchor's month (-1), on/after (+1),
    strictly before (-2), strictly after (+2), or the closest either way (0)."""
    year = anchor.year
    if direction in (-1, -2):
        limit = anchor.month if direction == -1 else anchor.month - 1
        return year if month <= limit else year - 1
    if direction in (1, 2):
        limit = anchor.month if direction == 1 else anchor.month + 1
        return year if month >= limit else year + 1
    candidates = (year - 1, year, year + 1)
    return min(candidates, key=lambda y: abs((y * 12 + month) - (anchor.year * 12 + anchor.month)))


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_QUARTER = re.compile(r"^(\d{4})-([QH])(\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")


def interval_of_value(value: str, *, anchor: date | None = None) -> TimeInterval:
    """The days a TIMEX3 value covers. ``PRESENT_REF`` is the anchor's day; vague or relative values
    (``PAST_REF``, anything with ``X``, durations ``P...``, sets) are unresolved."""
    if value == "PRESENT_REF":
        return TimeInterval.day(anchor) if anchor is not None else TimeInterval.unresolved()
    try:
        return _interval_of_calendar_value(value)
    except (ValueError, OverflowError):  # "February 30", or a week running past 9999: not a date we can place
        return TimeInterval.unresolved()


def _interval_of_calendar_value(value: str) -> TimeInterval:
    if m := _DAY.match(value):
        return TimeInterval.day(date(int(m[1]), int(m[2]), int(m[3])))
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return TimeInterval(monday + timedelta(days=5), monday + timedelta(days=6), Granularity.WEEK)
        return TimeInterval.week_of(monday)
    if m := _MONTH.match(value):
        return TimeInterval.month(int(m[1]), int(m[2]))
    if m := _SEASON.match(value):
        return _season(int(m[1]), m[2])
    if m := _QUARTER.match(value):
        span = 3 if m[2] == "Q" else 6
        first = (int(m[3]) - 1) * span + 1
        return _months(int(m[1]), first, span, Granularity.MONTH)
    if m := _YEAR.match(value):
        return TimeInterval.year(int(m[1]))
    if m := _DECADE.match(value):
        start = int(m[1]) * 10
        return TimeInterval(date(start, 1, 1), date(start + 9, 12, 31), Granularity.DECADE)
    if m := _CENTURY.match(value):
        start = max(int(m[1]) * 100, 1)
        return TimeInterval(date(start, 1, 1), date(int(m[1]) * 100 + 99, 12, 31), Granularity.DECADE)
    return TimeInterval.unresolved()


def _season(year: int, code: str) -> TimeInterval:
    first, _ = SEASON_MONTHS[code]
    return _months(year, first, 3, Granularity.SEASON)


def _months(year: int, first_month: int, count: int, granularity: Granularity) -> TimeInterval:
    end_year, end_month = shift_months(year, first_month, count - 1)
    last = calendar.monthrange(end_year, end_month)[1]
    return TimeInterval(date(year, first_month, 1), date(end_year, end_month, last), granularity)
