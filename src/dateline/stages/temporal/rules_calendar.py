"""Rules for calendar dates: absolute ("March 5, 1946", "the 1990s") and relative to the anchor
("March last year", "in December", "the third quarter", "this summer").

Relative months, seasons and quarters follow the clause's tense: a past clause means the latest one not after
the anchor ("in July" in a report is the July just gone, "in December" with a March anchor the previous
December), a future clause the earliest one not before it.
"""

from __future__ import annotations

import re
from datetime import date

from dateline.stages.temporal.calendar_math import month_value, nearest_month
from dateline.stages.temporal.grammar import (
    ABSOLUTE,
    NARRATIVE,
    NONE,
    PUBLICATION,
    Context,
    Reading,
    Rule,
    compile_rule,
)
from dateline.stages.temporal.lexicon import (
    HOLIDAY_RE,
    HOLIDAYS,
    MONTH_RE,
    MONTHS,
    ORDINALS,
    SEASON_RE,
    SEASONS,
    SPOKEN_YEAR_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    spoken_year,
)
from dateline.stages.temporal.tense import Tense

__all__ = ["CALENDAR_RULES", "MOD_RE"]

# Value-preserving modifiers: TIMEX3 keeps "early March" at the value of "March" (the nuance goes in ``mod``).
MOD_RE = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|rest|remainder|first half|second half|"
    r"last half|latter half|early part|latter part|first part|last part|close|turn)\s+of\s+(?:the\s+)?"
    r"|(?:earlier|later|early|late|mid)(?:\s+|-))"
)
_REL = r"(?P<rel>last|next|this|past|coming|previous|current|following)"
_YEAR = rf"(?:(?:1[5-9]|20)\d{{2}}|{SPOKEN_YEAR_RE})"
# Words before a bare "May" / season that make it a date rather than a verb or a noun ("in May").
_DATE_PREPOSITION = re.compile(
    r"(?:\b(?:in|since|until|till|by|through|during|of|from|to|before|after|early|late|mid|last|next|this|"
    r"that|each|every|between|and|or|the)\s+|mid-)$",
    re.IGNORECASE,
)
SEASON_ORDER = ("SP", "SU", "FA", "WI")
# How far back (or ahead) a past (future) clause may push a yearless "March 31" before the nearest reading
# wins instead; calibrated on TimeBank/AQUAINT wire and business copy.
MAX_TENSE_REACH_DAYS = 240
_DEADLINE = re.compile(r"\b(?:until|till|by|through)\s+$", re.IGNORECASE)


def year_number(text: str) -> int:
    """A year written in digits or read out ("nineteen ninety-six")."""
    return int(text) if text.isdigit() else (spoken_year(text) or 0)


def _preceded_by_preposition(m: re.Match[str]) -> bool:
    return bool(_DATE_PREPOSITION.search(m.string[max(0, m.start() - 20) : m.start()]))


def _month_number(name: str) -> int:
    return MONTHS[name.lower()] if name.lower() in MONTHS else MONTHS[name.lower() + "."]


def _direction(ctx: Context, *, unknown: int) -> int:
    """-1 latest not after the anchor, +1 earliest not before it; ``unknown`` when the tense is not known."""
    if ctx.tense is Tense.FUTURE:
        return 1
    if ctx.tense is Tense.PAST:
        return -1
    return unknown


# --------------------------------------------------------------------------- days of a month


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _month_day_year(anchor: date, direction: int, month: int, day: int, weekday: int | None) -> int | None:
    """The year of an unstated-year "March 12": the one matching a stated weekday, else by distance and
    ``direction`` (-1 the past side, +1 the future side, 0 either).

    A day-precise date without a year is almost always within months of the writing, on either side
    (deadlines, payment dates, last week's close): the clause's tense picks the side only while that keeps
    it within MAX_TENSE_REACH_DAYS, else the nearest occurrence wins.
    """
    years = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if _valid_day(y, month, day)]

    def distance(year: int) -> int:
        return abs((date(year, month, day) - anchor).days)

    if not years:
        return None
    fitting = [y for y in years if weekday is not None and date(y, month, day).weekday() == weekday]
    if fitting:
        return min(fitting, key=distance)
    nearest = min(years, key=distance)
    side = [y for y in years if direction and (date(y, month, day) - anchor).days * direction >= 0]
    best = min(side, key=distance, default=nearest)
    return best if distance(best) <= MAX_TENSE_REACH_DAYS else nearest


def _full_date(m: re.Match[str], ctx: Context) -> Reading | None:
    month, day = _month_number(m["mon"]), int(m["d"])
    if not 1 <= day <= 31:
        return None
    weekday = WEEKDAYS[m["wd"].lower()] if m["wd"] else None
    if m["y"]:
        year = year_number(m["y"])
        return Reading(f"{year:04d}-{month:02d}-{day:02d}") if _valid_day(year, month, day) else None
    if ctx.anchor is None:
        return Reading(f"XXXX-{month:02d}-{day:02d}", anchor_kind=NONE)
    rel = (m["rel"] or "").lower() if "rel" in m.re.groupindex else ""
    # "last Oct. 23", "next March 1": the direction is stated, whatever the clause's tense says
    direction = (1 if rel in ("next", "coming") else -1) if rel else _direction(ctx, unknown=0)
    found = _month_day_year(ctx.anchor, direction, month, day, weekday)
    if found is None:
        return None
    return Reading(f"{found:04d}-{month:02d}-{day:02d}", anchor_kind=PUBLICATION)


def _iso_date(m: re.Match[str], ctx: Context) -> Reading | None:
    year, month, day = year_number(m["y"]), int(m["m"]), int(m["d"])
    return Reading(f"{year:04d}-{month:02d}-{day:02d}") if _valid_day(year, month, day) else None


def _us_numeric_date(m: re.Match[str], ctx: Context) -> Reading | None:
    # US order (month/day/year): the corpora we read are English-language wire copy.
    year = year_number(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    month, day = int(m["m"]), int(m["d"])
    return Reading(f"{year:04d}-{month:02d}-{day:02d}") if _valid_day(year, month, day) else None


# --------------------------------------------------------------------------- months, years, decades


def _month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading(month_value(year_number(m["y"]), _month_number(m["mon"])))


def _month_relative_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "March last year", "December this year": the month of the year named relative to the anchor."""
    month = _month_number(m["mon"])
    if ctx.anchor is None:
        return Reading(f"XXXX-{month:02d}", anchor_kind=NONE)
    offset = {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
    return Reading(month_value(ctx.anchor.year + offset, month), anchor_kind=PUBLICATION)


def _bare_month(m: re.Match[str], ctx: Context) -> Reading | None:
    name, rel, mod = m["mon"], (m["rel"] or "").lower(), m["mod"]
    if name.lower() == "may" and not (rel or mod or _preceded_by_preposition(m)):
        return None  # the modal verb
    if "." not in name and name.lower() not in ("may", "june", "july") and len(name) <= 4:
        return None  # a bare "Jan" or "Dec" is a first name far more often than a month
    if re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", m.string[m.end() : m.end() + 16]):
        return None  # "the March for Life", "the March of the Combatant Mothers"
    month = _month_number(name)
    if ctx.anchor is None:
        return Reading(f"XXXX-{month:02d}", anchor_kind=NONE)
    if rel == "this":
        return Reading(month_value(ctx.anchor.year, month), anchor_kind=PUBLICATION)
    direction = {"last": -2, "past": -2, "previous": -2, "next": 2, "coming": 2, "following": 2}.get(rel)
    if direction is None and _DEADLINE.search(m.string[max(0, m.start() - 12) : m.start()]):
        # "gave it until mid-November", "will double by August": a deadline is set from the time of
        # writing towards the future, whatever the tense of the verb that sets it.
        direction = 1
    if direction is None:
        # No tense cue: the nearer occurrence (a March report's "December" is the one just gone).
        direction = _direction(ctx, unknown=0)
    year = nearest_month(ctx.anchor, month, direction=direction)
    return Reading(month_value(year, month), anchor_kind=PUBLICATION)


def _year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = year_number(m["y"])
    prefixed = bool(m["pre"])
    if year % 100 == 0 and not prefixed and not _preceded_by_preposition(m):
        return None  # "2000 troops": round numbers are counts far more often than years
    return Reading(f"{year:04d}")


def _decade(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["c"]:
        return Reading(f"{m['c']}{m['d']}")
    digit = m["s"] or str(
        ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties").index(
            m["w"].lower()
        )
        + 2
    )
    if ctx.anchor is None:
        return Reading(f"XX{digit}", anchor_kind=NONE)
    # "the '90s" is the latest such decade that has begun by the anchor.
    century = ctx.anchor.year // 100
    if int(f"{century}{digit}0") > ctx.anchor.year:
        century -= 1
    return Reading(f"{century}{digit}", anchor_kind=PUBLICATION)


def _century(m: re.Match[str], ctx: Context) -> Reading | None:
    number = int(m["n"])
    return Reading(f"{number - 1:02d}") if 1 <= number <= 21 else None


# --------------------------------------------------------------------------- seasons, quarters, holidays


def _season_year_of(d: date) -> int:
    """Winter YYYY runs December YYYY to February YYYY+1, so January belongs to the previous year's winter."""
    return d.year - 1 if d.month <= 2 else d.year


def _season_index(d: date) -> int:
    position = {12: 3, 1: 3, 2: 3}.get(d.month, (d.month - 3) // 3)
    return _season_year_of(d) * 4 + position


def _season(m: re.Match[str], ctx: Context) -> Reading | None:
    code, rel = SEASONS[m["s"].lower()], (m["rel"] or "").lower()
    if not (m["y"] or rel or m["mod"] or m["the"]):
        return None  # bare "spring" / "fall" is too often a noun or a verb
    if code == "FA" and not (m["y"] or rel or m["mod"] or _preceded_by_preposition(m)):
        return None
    if m["y"]:
        return Reading(f"{year_number(m['y'])}-{code}")
    if ctx.anchor is None:
        return Reading(f"XXXX-{code}", anchor_kind=NONE)
    if rel in ("this", "current"):
        return Reading(f"{_season_year_of(ctx.anchor)}-{code}", anchor_kind=PUBLICATION)
    here, position = _season_index(ctx.anchor), SEASON_ORDER.index(code)
    direction = {"last": -2, "past": -2, "previous": -2, "next": 2, "coming": 2, "following": 2}.get(rel)
    direction = direction if direction is not None else _direction(ctx, unknown=-1)
    year = here // 4
    for candidate in (year - 1, year, year + 1) if direction > 0 else (year + 1, year, year - 1):
        index = candidate * 4 + position
        if (direction == -1 and index <= here) or (direction == -2 and index < here):
            return Reading(f"{candidate}-{code}", anchor_kind=PUBLICATION)
        if (direction == 1 and index >= here) or (direction == 2 and index > here):
            return Reading(f"{candidate}-{code}", anchor_kind=PUBLICATION)
    return None


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def last_completed_quarter(d: date) -> str:
    year, quarter = quarter_of(d)
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def _nth_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    letter = "H" if m["unit"].lower() == "half" else "Q"
    n = ORDINALS.get(m["ord"].lower(), -1)
    if n == -1 and letter == "H":
        n = 2  # "the last half of 1989", "the latter half"
    if n < 1 or n > (2 if letter == "H" else 4):
        return None  # "the last quarter" is read by the unit-relative rule
    stated = m["y"] or m["yp"]
    if stated:
        return Reading(f"{year_number(stated)}-{letter}{n}")
    if m["ago"]:  # "the year-earlier third quarter": that quarter of the year before the anchor's
        return Reading(f"{ctx.anchor.year - 1}-{letter}{n}" if ctx.anchor else f"XXXX-{letter}{n}",
                       anchor_kind=PUBLICATION if ctx.anchor else NONE)  # fmt: skip
    if ctx.anchor is None:
        return Reading(f"XXXX-{letter}{n}", anchor_kind=NONE)
    year_word = (m["yw"] or "").lower()
    if year_word:
        offset = -1 if year_word.startswith("last") else (1 if year_word.startswith("next") else 0)
        return Reading(f"{ctx.anchor.year + offset}-{letter}{n}", anchor_kind=PUBLICATION)
    # A quarter up to the current one is this year's whatever the tense (results are forecast and reported
    # for it); a later-numbered one is last year's in a past clause and this year's in a future one.
    current = (ctx.anchor.month - 1) // (3 if letter == "Q" else 6) + 1
    year = ctx.anchor.year
    if n > current and ctx.tense is not Tense.FUTURE:
        year -= 1
    return Reading(f"{year}-{letter}{n}", anchor_kind=PUBLICATION)


def _shift_quarter(value: str, quarters: int) -> str:
    year, quarter = int(value[:4]), int(value[-1])
    index = year * 4 + quarter - 1 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def _quarter_reference(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the quarter", "the latest quarter", "the year-ago period": business news reports a quarter that has
    just ended; "the quarter" is the one last named in the story, else the latest completed one."""
    rel = (m["rel"] or "").lower().replace(" ", "-")
    if m["unit"].lower() == "period" and not rel:
        return None
    if ctx.anchor is None:
        return Reading("XXXX-QX", anchor_kind=NONE)
    base = ctx.last_quarter or last_completed_quarter(ctx.anchor)
    if rel == "current":
        year, quarter = quarter_of(ctx.anchor)
        return Reading(f"{year}-Q{quarter}", anchor_kind=PUBLICATION)
    if rel in ("year-ago", "year-earlier", "year-before", "prior-year"):
        return Reading(_shift_quarter(base, -4), anchor_kind=PUBLICATION)
    if rel in ("latest", "most-recent", "recent", "just-ended", "past", "last", "previous", "prior"):
        base = last_completed_quarter(ctx.anchor)
    return Reading(base, anchor_kind=PUBLICATION)


def _year_period(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the 1988 quarter", "the 1989 period": the quarter the story is about, in the stated year."""
    year = year_number(m["y"])
    if ctx.last_quarter:
        return Reading(f"{year}-Q{ctx.last_quarter[-1]}", anchor_kind=NARRATIVE)
    return Reading(f"{year}")


def _the_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the year", "the fiscal year": the anchor's year (TimeBank marks it whether or not it is a span)."""
    if re.match(r"-|\s+(?:before|after|earlier|later|ago|in which|when)\b", m.string[m.end() : m.end() + 12]):
        return None  # "the year-ago quarter", "the year before": another expression, or relative to an event
    if re.match(r"\s+(?:ended|ending|to)\b", m.string[m.end() : m.end() + 10]):
        return Reading("P1Y", "DURATION", NONE)  # "the year ended March 31": a twelve-month accounting period
    if ctx.anchor is None:
        return Reading("XXXX", anchor_kind=NONE)
    return Reading(str(ctx.anchor.year), anchor_kind=PUBLICATION)


def _year_end(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "by year-end" (the coming 31 December), "since year-end" (the last one)."""
    if ctx.anchor is None:
        return Reading("XXXX-12-31", anchor_kind=NONE)
    year = (
        ctx.anchor.year
        if ctx.tense is Tense.FUTURE or _DEADLINE.search(_before(m, 12))
        else ctx.anchor.year - 1
    )
    return Reading(f"{year}-12-31", anchor_kind=PUBLICATION)


def _before(m: re.Match[str], width: int) -> str:
    return m.string[max(0, m.start() - width) : m.start()]


def _year_ago_adjective(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "year-earlier results": the same period a year before the one the story is about."""
    if ctx.previous and re.fullmatch(r"\d{4}-Q\d", ctx.previous):
        return Reading(_shift_quarter(ctx.previous, -4), anchor_kind=NARRATIVE)
    if ctx.anchor is None:
        return Reading("XXXX", anchor_kind=NONE)
    return Reading(str(ctx.anchor.year - 1), anchor_kind=PUBLICATION)


def _holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    name = " ".join(m["h"].lower().split())
    month, day = HOLIDAYS.get(name, (11, 0))  # (11, 0): Thanksgiving, whose day is computed below
    if m["y"]:
        year = year_number(m["y"])
    elif ctx.anchor is None:
        return Reading(f"XXXX-{month:02d}-{day:02d}" if day else "XXXX-11", anchor_kind=NONE)
    else:
        year = nearest_month(ctx.anchor, month, direction=_direction(ctx, unknown=0))
    if not day:  # Thanksgiving: the fourth Thursday of November
        first = date(year, 11, 1)
        day = 1 + (3 - first.weekday()) % 7 + 21
    return Reading(f"{year:04d}-{month:02d}-{day:02d}", anchor_kind=ABSOLUTE if m["y"] else PUBLICATION)


# "\s?," also reads text tokenised for NLP tools ("Tuesday , 8 November 2011"), as some corpora ship it.
_COMMA = r"(?:\s?,)?\s+"
_WEEKDAY_PREFIX = rf"(?:(?P<wd>{WEEKDAY_RE}){_COMMA})?"
_QUARTER_YEAR_WORD = r"(?P<yw>last year|this year|next year|last year's|this year's|next year's)"

CALENDAR_RULES: tuple[Rule, ...] = (
    compile_rule("iso-date", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", _iso_date),
    compile_rule("us-numeric-date", r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})", _us_numeric_date),
    compile_rule(
        "month-day",
        rf"{_WEEKDAY_PREFIX}(?:(?P<rel>last|next|this|past|previous|coming)\s+)?(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:{_COMMA}(?P<y>{_YEAR}))?",
        _full_date,
    ),
    compile_rule(
        "day-month",
        rf"{_WEEKDAY_PREFIX}(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_RE})"
        rf"(?:{_COMMA}(?P<y>{_YEAR}))?",
        _full_date,
    ),
    compile_rule("month-year", rf"{MOD_RE}?(?P<mon>{MONTH_RE}),?\s+(?:of\s+)?(?P<y>{_YEAR})", _month_year),
    compile_rule(
        "month-relative-year",
        rf"{MOD_RE}?(?P<mon>{MONTH_RE})\s+(?:of\s+)?(?P<yrel>last|this|next)\s+year",
        _month_relative_year,
    ),
    compile_rule("month", rf"(?:(?P<mod>{MOD_RE})|{_REL}\s+)?(?P<mon>{MONTH_RE})", _bare_month),
    compile_rule(
        "decade",
        rf"(?:the\s+)?{MOD_RE}?(?:(?P<c>1[5-9]|20)(?P<d>\d)0'?s|'(?P<s>\d)0s|"
        r"(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
        _decade,
    ),
    compile_rule("century", rf"(?:the\s+)?{MOD_RE}?(?P<n>\d{{1,2}})(?:st|nd|rd|th)[\s-]+century", _century),
    compile_rule(
        "season",
        rf"(?:(?P<the>the)\s+)?(?:(?P<mod>{MOD_RE})|{_REL}\s+)?(?P<s>{SEASON_RE})(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?",
        _season,
    ),
    compile_rule(
        "nth-quarter",
        rf"(?:(?:the(?!\s+\w+-(?:quarter|half))|{_QUARTER_YEAR_WORD}|(?P<yp>{_YEAR})(?:'s)?)\s+)?(?:(?:comparable\s+)?(?P<ago>year-ago|"
        r"year-earlier)\s+)?(?:(?:fiscal|calendar)[\s-]+)?"
        rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|latter)[\s-]+(?:fiscal[\s-]+)?"
        r"(?P<unit>quarter|half)"
        rf"(?:\s+of\s+(?:fiscal\s+)?(?P<y>{_YEAR}))?",
        _nth_quarter,
    ),
    compile_rule(
        "year",
        rf"(?P<pre>(?:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|FY)\s+|{MOD_RE}|(?:post|pre)-)?"
        rf"(?P<y>{_YEAR})",
        _year,
    ),
    compile_rule(
        "quarter-reference",
        r"the\s+(?:(?P<rel>latest|most recent|recent|current|just-ended|just ended|past|last|previous|prior|"
        r"year-ago|year-earlier|year-before|prior-year)[\s-]+)?(?:fiscal\s+)?(?P<unit>quarter|period)",
        _quarter_reference,
    ),
    compile_rule("year-ago-adjective", r"year-(?:earlier|ago)", _year_ago_adjective),
    compile_rule("year-end", r"(?:around\s+)?(?:the\s+)?year(?:-|\s+)end", _year_end),
    compile_rule("year-period", rf"the\s+(?P<y>{_YEAR})\s+(?:quarter|period)", _year_period),
    compile_rule("the-year", r"the\s+(?:(?:full|fiscal|entire|whole|calendar)\s+)?year", _the_year),
    compile_rule(
        "holiday", rf"(?P<h>{HOLIDAY_RE}|(?-i:Thanksgiving)(?:\s+Day)?)(?:\s+(?P<y>{_YEAR}))?", _holiday
    ),
)
