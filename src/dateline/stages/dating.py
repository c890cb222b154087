"""Date the article: when was it published, how do we know, and where is the evidence.

requires: ``clean_text`` (captions are blank, so "FILE PHOTO ... May 19, 2015" cannot date the article;
          the cleaner's ``removed`` list, assigned with it, is read for timestamp lines)
assigns:  ``dated``

Evidence, strongest first (the first that answers wins):

1. metadata / header (``Article.published``, set by ingest from a feed field, HTML meta or a leading
   ``date YYYY-MM-DD`` line);
2. a page timestamp line the cleaner removed ("Published: March 3, 2017 10:32"), source ``header``;
3. a print-edition note ("appeared in the print edition of The Daily on March 04, 2017"). The print
   edition carries the story the day after it went online, or the same day, so the article is dated
   ``[day - 1, day]`` at DAY granularity (a two-day range; ACLED precision 2). Relative days resolve the same
   from either end when the range does not straddle the weekday: "Thursday" in a story printed on Saturday
   2017-03-04 is 2017-03-02 from Friday and from Saturday alike;
4. a dateline ("BEIRUT, March 3 (Reuters) -"); its year comes from the line itself or, when absent, from the
   newest full date in the body (the first such day on or after it);
5. full dates in the body: the article is no older than the newest day it reports (dates in sentences about
   the future - "will", "scheduled" - are skipped), and assumed no more than :data:`FRESHNESS_DAYS` younger.
   Weekday mentions are noted but do not narrow the range: taking "Thursday" as the first Thursday on or
   after the newest date excluded the true day for most Timeline17 articles (the newest date is usually the
   publication day itself, and the weekdays name earlier days);
6. otherwise ``ArticleDate.undated`` with a note on what was found. Never today's date.

Full dates are found with small regular expressions of our own: the temporal stage (``find_time_expressions``)
resolves relative expressions *against* this date, so it cannot be the source of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateline.model import AnalyzedArticle, ArticleDate, Granularity, Span, TimeInterval
from dateline.pipeline import ArticleStage

__all__ = ["FRESHNESS_DAYS", "DateArticle", "FoundDate", "date_article", "find_full_dates"]

# An article dated only by the dates it mentions is taken to be at most this many days younger than the
# newest. Calibrated on Timeline17 (2,896 dated articles, 1,166 with a full date in the body): the publication
# day equals the newest body date in 79%, is 1-2 days later in 2%, 3-6 days later in 1%; 0 days would be too
# sharp for news that reports yesterday's events, 6 doubles the width for 1% more coverage.
FRESHNESS_DAYS = 2
# Datelines open the story: look for one only in its first characters.
DATELINE_WINDOW = 600
# Dates outside these bounds are typos, history or fiction, not evidence of when an article appeared.
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_SLACK = timedelta(days=1)

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FULL_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s+{_YEAR}\b", re.IGNORECASE),  # March 04, 2017
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b", re.IGNORECASE),  # 4 March 2017
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2017-03-04
)
# "BEIRUT, March 3 (Reuters) -", "DAMASCUS, Syria, Oct. 12, 2017 (AP) —", "LONDON, 3 March -"
_DAY_FIRST = _DAY.replace("day>", "day2>") + r"\s+(?i:" + _MONTH.replace("month>", "month2>") + ")"
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Z.'’ -]{{1,40}}(?:\s*,\s*[A-Z][\w.'’ -]{{1,30}})?\s*,\s*"
    rf"(?:(?:(?i:{_MONTH})\s+{_DAY})|(?:{_DAY_FIRST}))"
    rf"(?:\s*,?\s+{_YEAR})?\s*(?:\([^)\n]{{1,40}}\)\s*)?[-–—:•]",
    re.MULTILINE,
)
_PRINT_EDITION = re.compile(r"appeared in (?:the )?print (?:edition|version)\b[^\n]{0,120}", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
# Words that put a date in the future (schedules, deadlines): such dates do not bound publication.
_FUTURE_CUE = re.compile(
    r"\b(?:will|would|shall|scheduled|due|expected|planned|plans?|set for|upcoming|next|until|deadline"
    r"|forthcoming|slated)\b",
    re.IGNORECASE,
)
SENTENCE_REACH = 300  # characters either side of a date searched for its sentence's bounds
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")
TIMESTAMP_RULE = "timestamp-line"  # the cleaner's rule name for "Published: ..." lines


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A full calendar date written in the text, and where."""

    span: Span
    day: date


def find_full_dates(text: str, *, start: int = 0, end: int | None = None) -> list[FoundDate]:
    """Every day-month-year date in ``text[start:end]``, in text order (offsets are offsets into ``text``)."""
    end = len(text) if end is None else end
    found: dict[int, FoundDate] = {}
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text, start, end):
            day = _day_of(match.group("year"), match.group("month"), match.group("day"))
            if day is not None and match.start() not in found:
                found[match.start()] = FoundDate(Span(match.start(), match.end()), day)
    return [found[k] for k in sorted(found)]


def _day_of(year: str, month: str, day: str) -> date | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None  # 31 February, day 0


def _plausible(day: date) -> bool:
    return EARLIEST_DATE <= day <= date.today() + FUTURE_SLACK


# --------------------------------------------------------------------------- evidence, strongest first


def date_article(doc: AnalyzedArticle) -> ArticleDate:
    """The publication date of one cleaned article (see the module docstring for the evidence order)."""
    published = doc.article.published
    if published is not None and published.interval.is_resolved:
        return published
    notes = [published.note] if published is not None and published.note else []
    for finder in (_from_timestamp_line, _from_print_edition, _from_dateline, _from_body_dates):
        found = finder(doc)
        if found is not None:
            return replace(found, note="; ".join([*notes, found.note]) if notes else found.note)
    return ArticleDate.undated("; ".join([*notes, _undated_note(doc.clean_text)]))


def _from_timestamp_line(doc: AnalyzedArticle) -> ArticleDate | None:
    for removal in doc.removed:
        if removal.rule != TIMESTAMP_RULE:
            continue
        dates = find_full_dates(doc.text, start=removal.span.start, end=removal.span.end)
        plausible = [d for d in dates if _plausible(d.day)]
        if plausible:
            first = plausible[0]
            return ArticleDate(TimeInterval.day(first.day), "header", first.span, "page timestamp line")
    return None


def _from_print_edition(doc: AnalyzedArticle) -> ArticleDate | None:
    # The raw text: the cleaner removed this line as content, but it is the best date evidence there is.
    for match in _PRINT_EDITION.finditer(doc.text):
        for found in find_full_dates(doc.text, start=match.start(), end=match.end()):
            if _plausible(found.day):
                interval = TimeInterval(found.day - timedelta(days=1), found.day, Granularity.DAY)
                note = "print edition of this day; online the day before or the same day"
                return ArticleDate(interval, "print-edition", found.span, note)
    return None


def _from_dateline(doc: AnalyzedArticle) -> ArticleDate | None:
    match = _DATELINE.search(doc.clean_text, 0, min(len(doc.clean_text), DATELINE_WINDOW))
    if match is None:
        return None
    month = match.group("month") or match.group("month2")
    day = match.group("day") or match.group("day2")
    span = Span(match.start(), match.end())
    if match.group("year"):
        stated = _day_of(match.group("year"), month, day)
        if stated is None or not _plausible(stated):
            return None
        return ArticleDate(TimeInterval.day(stated), "dateline", span, "dateline")
    newest = _newest_body_date(doc.clean_text)
    if newest is None:
        return None
    for year in (newest.day.year, newest.day.year + 1):
        candidate = _day_of(str(year), month, day)
        if candidate is not None and candidate >= newest.day and _plausible(candidate):
            note = f"dateline without a year; year from the newest date in the body ({newest.day})"
            return ArticleDate(TimeInterval.day(candidate), "dateline", span, note)
    return None


def _from_body_dates(doc: AnalyzedArticle) -> ArticleDate | None:
    newest = _newest_body_date(doc.clean_text)
    if newest is None:
        return None
    interval = TimeInterval(newest.day, newest.day + timedelta(days=FRESHNESS_DAYS), Granularity.DAY)
    note = (
        f"no older than the newest full date in the body ({newest.day}), "
        f"assumed at most {FRESHNESS_DAYS} days younger"
    )
    weekdays = _weekdays(doc.clean_text)
    if weekdays:
        note += "; weekdays mentioned: " + ", ".join(weekdays)
    return ArticleDate(interval, "text", newest.span, note)


def _newest_body_date(text: str) -> FoundDate | None:
    reported = [
        d for d in find_full_dates(text) if _plausible(d.day) and not _in_future_sentence(text, d.span)
    ]
    return max(reported, key=lambda d: d.day, default=None)


def _in_future_sentence(text: str, span: Span) -> bool:
    """Does the sentence around ``span`` speak of the future? Sentences are cut by punctuation and newlines
    within :data:`SENTENCE_REACH` characters (spaCy has not run yet at this stage)."""
    window_start = max(0, span.start - SENTENCE_REACH)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, window_start, span.start)]
    start = breaks[-1] if breaks else window_start
    following = _SENTENCE_BREAK.search(text, span.end, span.end + SENTENCE_REACH)
    end = following.start() if following else min(len(text), span.end + SENTENCE_REACH)
    return _FUTURE_CUE.search(text, start, end) is not None


def _weekdays(text: str) -> list[str]:
    return sorted({m.group(1) for m in _WEEKDAY.finditer(text)}, key=_WEEKDAYS.index)


def _undated_note(text: str) -> str:
    weekdays = _weekdays(text)
    if weekdays:
        named = ", ".join(weekdays)
        return f"no date evidence; weekdays mentioned ({named}) but no full date to anchor them"
    return "no date evidence found"


class DateArticle(ArticleStage):
    name = "date"
    requires = frozenset({"clean_text"})
    assigns = frozenset({"dated"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        return replace(doc, dated=date_article(doc))
