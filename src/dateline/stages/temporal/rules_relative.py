"""Rules for dates relative to the anchor: "yesterday", "late on Thursday", "last week", "this month",
"earlier this year", "two days ago", "a year earlier", "Monday night", "10 a.m.".

Bare weekdays follow the clause's tense: in a past clause "Thursday" is the latest Thursday on or before the
anchor (a Friday report's "late on Thursday" is the day before; a Thursday report's "Thursday" is the same
day), in a future clause the earliest on or after it. "last"/"next" Thursday skip the anchor's own day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.stages.temporal.calendar_math import (
    century_value,
    day_value,
    decade_value,
    month_value,
    nearest_weekday,
    shift_months,
    shift_years_safe,
    week_value,
)
from dateline.stages.temporal.grammar import (
    NARRATIVE,
    NONE,
    PUBLICATION,
    Context,
    Reading,
    Rule,
    compile_rule,
)
from dateline.stages.temporal.lexicon import AMOUNT_RE, DAY_PART_RE, DAY_PARTS, UNIT_RE, WEEKDAY_RE, WEEKDAYS
from dateline.stages.temporal.lexicon import number_value as amount_of
from dateline.stages.temporal.rules_calendar import MOD_RE, quarter_of
from dateline.stages.temporal.tense import Tense

__all__ = ["APPROX_RE", "RELATIVE_RULES", "duration_value", "shift_value", "unit_key"]

# Hedges kept inside the expression, as TIMEX3 does ("more than four decades ago", "almost four years ago").
APPROX_RE = (
    r"(?:(?:more than|less than|fewer than|about|almost|nearly|some|around|roughly|approximately|at least|"
    r"at most|over(?!\s+the\b)|under|up to|only|just|barely|a little over|a little more than|no more than|"
    r"no less than)\s+)"
)
# Offsets in these units ("three days later") are told from the story's last event, not from the time of
# writing; longer ones ("a year earlier") compare with the reporting period in business and wire copy.
SHORT_UNITS = frozenset({"day", "night", "week", "weekend", "fortnight"})
_DEICTIC_OFFSETS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "this": 0, "last": -1,
}  # fmt: skip


# "until (9 a.m.) Tuesday", "by Friday": a deadline, set from the time of writing towards the future.
_DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|by|no later than)\s+(?:[\d:.]+\s*(?:[ap]\.?m\.?|noon|midnight)?\s+(?:[A-Z]{2,4}\s+)?)?$"
)


def unit_key(unit: str) -> str:
    """The singular unit name: "centuries" -> "century", "Weeks" -> "week"."""
    u = unit.lower()
    return "century" if u.startswith("centur") else u.rstrip("s")


def _day_with_part(d: date | None, part: str | None, offset_from_anchor: int) -> Reading:
    code = DAY_PARTS[part.lower()] if part else None
    timex_type = "TIME" if code else "DATE"
    if d is None:
        return Reading("XXXX-XX-XX" + (f"T{code}" if code else ""), timex_type, NONE)
    day = d + timedelta(days=offset_from_anchor)
    return Reading(day_value(day) + (f"T{code}" if code else ""), timex_type, PUBLICATION)


def _deictic_day(m: re.Match[str], ctx: Context) -> Reading | None:
    word = " ".join(m["w"].lower().split())
    part = m["part"] or ("night" if word == "tonight" else None)
    return _day_with_part(ctx.anchor, part, _DEICTIC_OFFSETS[word])


def _part_of_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "this morning", "last night" (the night before the anchor's day)."""
    rel, part = m["rel"].lower(), m["part"].lower()
    if rel == "last" and part != "night":
        return None  # "last evening" is rare; "last morning" is not an expression
    return _day_with_part(ctx.anchor, part, _DEICTIC_OFFSETS[rel])


def _weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    weekday = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    if ctx.anchor is None:
        return _day_with_part(None, m["part"], 0)
    if rel in ("last", "past", "previous"):
        direction = -2
    elif rel in ("next", "coming", "following"):
        direction = 2
    elif _DEADLINE_BEFORE.search(m.string[max(0, m.start() - 30) : m.start()]):
        direction = 1  # "until 9 a.m. Tuesday": a deadline still to come when it is reported
    else:  # bare or "this": by the clause's tense
        direction = 1 if ctx.tense is Tense.FUTURE else -1
    day = nearest_weekday(ctx.anchor, weekday, direction=direction)
    # "Monday night" is kept whole as the expression but valued at the day: TimeBank annotates it so more
    # often than with a TNI suffix, and events are dated to the day anyway.
    return _day_with_part(day, None, 0)


def _weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = (m["rel"] or "the").lower()
    if ctx.anchor is None:
        return Reading("XXXX-WXX-WE", anchor_kind=NONE)
    anchor = ctx.anchor
    saturday = nearest_weekday(anchor, 5, direction=-1)  # the weekend of the anchor's week, or the last one
    if rel in ("next", "coming") or (rel in ("this", "the") and ctx.tense is Tense.FUTURE):
        saturday = nearest_weekday(anchor, 5, direction=1 if rel != "next" else 2)
    elif rel in ("last", "past"):
        saturday = nearest_weekday(anchor - timedelta(days=1), 5, direction=-1)
    return Reading(week_value(saturday) + "-WE", anchor_kind=PUBLICATION)


def shift_value(anchor: date, unit: str, amount: int) -> str | None:
    """The value ``amount`` units from ``anchor``, stated at that unit's granularity ("two weeks ago" is a
    week, "three years ago" a year); None for units finer than a day."""
    key = unit_key(unit)
    if key in ("day", "night"):
        return day_value(anchor + timedelta(days=amount))
    if key in ("week", "fortnight", "weekend"):
        week = week_value(anchor + timedelta(weeks=amount * (2 if key == "fortnight" else 1)))
        return week + "-WE" if key == "weekend" else week
    if key == "month":
        return month_value(*shift_months(anchor.year, anchor.month, amount))
    if key == "quarter":
        year, quarter = quarter_of(anchor)
        index = year * 4 + quarter - 1 + amount
        return f"{index // 4}-Q{index % 4 + 1}"
    if key == "year":
        return f"{shift_years_safe(anchor, amount).year:04d}"
    if key == "decade":
        return decade_value(anchor.year + 10 * amount)
    if key == "century":
        return century_value(anchor.year + 100 * amount)
    return None


_REL_OFFSETS = {
    "this": 0, "current": 0, "the current": 0, "last": -1, "past": -1, "previous": -1, "the previous": -1,
    "the past": -1, "the last": -1, "next": 1, "coming": 1, "following": 1, "the next": 1, "the coming": 1,
    "the following": 1,
}  # fmt: skip


def _unit_relative(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "last week", "this month", "next year", "earlier this year", "the past decade"."""
    rel, unit = " ".join(m["rel"].lower().split()), unit_key(m["unit"])
    if unit.startswith("fiscal"):
        unit = "year"
    narrative = _narrative_anchor(ctx.previous) if rel.endswith(("following", "previous")) else None
    if narrative is not None:  # "On May 22, 1995 ... the following year": counted from the story's date
        value = shift_value(narrative, unit, _REL_OFFSETS[rel])
        return Reading(value, anchor_kind=NARRATIVE) if value else None
    if ctx.anchor is None:
        unresolved = {"week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(unit, "XXXX")
        return Reading(unresolved, anchor_kind=NONE)
    value = shift_value(ctx.anchor, unit, _REL_OFFSETS[rel])
    return Reading(value, anchor_kind=PUBLICATION) if value else None


def _vague_direction(direction: str) -> str:
    return "FUTURE_REF" if direction in ("later", "after", "from now", "hence") else "PAST_REF"


def _ago(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "two days ago": counted back from the time of writing (the publication anchor)."""
    amount = amount_of(m["n"])
    if not amount:
        return Reading("PAST_REF", anchor_kind=PUBLICATION)
    compared = _same_period_shift(ctx, unit_key(m["unit"]), -amount)
    if compared is not None:
        return compared
    if ctx.anchor is None:
        return Reading("XXXX", anchor_kind=NONE)
    value = shift_value(ctx.anchor, m["unit"], -amount)
    return Reading(value, anchor_kind=PUBLICATION) if value else None


def _offset(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "a year earlier", "two days later", "eight months before", "three weeks from now".

    "from now" counts from the time of writing. "earlier"/"later" count from the date the sentence already
    named (its narrative anchor: "in December ... a year earlier"), else from the time of writing, as news
    copy does ("profit rose from $5 million a year earlier"). "before"/"after" ("eight months before",
    "two days after they entered") count from an event, not a date: they stay a DURATION, unresolved.
    """
    direction = " ".join(m["dir"].lower().split())
    amount = amount_of(m["n"])
    key = unit_key(m["unit"])
    if direction in ("before", "after") or key in ("second", "minute", "hour"):
        return Reading(duration_value(amount, key), "DURATION", NONE)
    narrative = _narrative_anchor(ctx.previous) if direction in ("earlier", "later") else None
    if direction in ("earlier", "later") and key in SHORT_UNITS and narrative is None:
        # "Three days later": counted from the last event told, which we cannot see; a stretch, not a date.
        return Reading(duration_value(amount, key), "DURATION", NONE)
    if not amount:
        return Reading(_vague_direction(direction), anchor_kind=PUBLICATION)
    sign = -1 if direction == "earlier" else 1
    compared = _same_period_shift(ctx, key, sign * amount)
    if compared is not None:
        return compared
    if narrative is not None:
        value = shift_value(narrative, key, sign * amount)
        return Reading(value, anchor_kind=NARRATIVE) if value else None
    if ctx.anchor is None:
        return Reading("XXXX", anchor_kind=NONE)
    value = shift_value(ctx.anchor, key, sign * amount)
    return Reading(value, anchor_kind=PUBLICATION) if value else None


def _same_period_shift(ctx: Context, key: str, amount: int) -> Reading | None:
    """ "third-quarter profit rose from $5 million a year ago": in a story about a quarter's results,
    "a year ago/earlier" compares with that quarter a year before, not with the whole previous year."""
    if not ctx.last_quarter or key not in ("year", "quarter"):
        return None
    quarters = amount * (4 if key == "year" else 1)
    year, quarter = int(ctx.last_quarter[:4]), int(ctx.last_quarter[-1])
    index = year * 4 + quarter - 1 + quarters
    return Reading(f"{index // 4}-Q{index % 4 + 1}", anchor_kind=NARRATIVE)


def _narrative_anchor(value: str | None) -> date | None:
    """A day-precise date to count from, if the sentence named one (coarser values make a poor anchor)."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def duration_value(amount: int | None, key: str) -> str:
    """TIMEX3 period: P2Y, P6M, PT5H, PXD (vague amount), P1DE (decade), P1CE (century)."""
    count = str(amount) if amount else "X"
    letters = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
               "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
               "weekend": "WE"}  # fmt: skip
    if key == "fortnight" and amount:
        count = str(amount * 2)
    if key == "quarter":  # TimeML writes quarters in months: "the next three quarters" is P9M
        return f"P{amount * 3 if amount else 'X'}M"
    if key in ("decade", "century") and amount:  # TimeML writes counted decades in years: P20Y
        return f"P{amount * (10 if key == 'decade' else 100)}Y"
    prefix = "PT" if key in ("second", "minute", "hour") else "P"
    return f"{prefix}{count}{letters[key]}"


def _clock_time(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["named"]:
        hour, minute = (12, 0) if m["named"].lower() == "noon" else (24, 0)
    else:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return None
        if m["ap"].lower().startswith("p") and hour != 12:
            hour += 12
        elif m["ap"].lower().startswith("a") and hour == 12:
            hour = 0
    clock = f"T{hour:02d}:{minute:02d}"
    if ctx.anchor is None:
        return Reading("XXXX-XX-XX" + clock, "TIME", NONE)
    return Reading(day_value(ctx.anchor) + clock, "TIME", PUBLICATION)


def _clock_time_24h(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "08:14 GMT", "1430 local time": a 24-hour clock, read only with a zone so a score is not a time."""
    hour, minute = int(m["h"]), int(m["min"])
    if hour > 23 or minute > 59:
        return None
    clock = f"T{hour:02d}:{minute:02d}"
    if ctx.anchor is None:
        return Reading("XXXX-XX-XX" + clock, "TIME", NONE)
    return Reading(day_value(ctx.anchor) + clock, "TIME", PUBLICATION)


_ZONE = r"(?:\s+(?-i:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST)|\s+local\s+time)"
_DAY_PART = rf"(?:,?\s+(?:the\s+)?(?P<part>{DAY_PART_RE}))?"

RELATIVE_RULES: tuple[Rule, ...] = (
    compile_rule(
        "deictic-day",
        r"(?:(?:early|late|earlier|later)(?:\s+on)?\s+)?"
        r"(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
        + _DAY_PART,
        _deictic_day,
    ),
    compile_rule("part-of-day", rf"(?P<rel>this|last)\s+(?P<part>{DAY_PART_RE})", _part_of_day),
    compile_rule(
        "weekday",
        r"(?:(?:early|late|earlier|later)(?:\s+on)?\s+|(?P<rel>last|next|this|past|coming|previous|following)\s+)?"
        rf"(?P<wd>{WEEKDAY_RE})" + _DAY_PART,
        _weekday,
    ),
    compile_rule("weekend", r"(?P<rel>this|last|next|past|coming|the)\s+weekend", _weekend),
    compile_rule(
        "unit-relative",
        rf"(?P<mod>{MOD_RE})?(?P<rel>this|last|next|past|coming|previous|current|following|the\s+current|"
        r"the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+following)\s+"
        r"(?P<unit>week|month|year|quarter|decade|century|fiscal\s+year)",
        _unit_relative,
    ),
    compile_rule(
        "ago", rf"{APPROX_RE}?(?P<n>{AMOUNT_RE})[\s-]+(?P<unit>{UNIT_RE})(?:\s+or\s+so)?\s+ago", _ago
    ),
    compile_rule(
        "offset",
        rf"{APPROX_RE}?(?P<n>{AMOUNT_RE})[\s-]+(?P<unit>{UNIT_RE})\s+(?P<dir>earlier|later|from\s+now|hence)",
        _offset,
    ),
    # "eight months before", "two days after they entered": the preposition is a signal linking the stretch
    # to an event, so (as in TimeML) it is matched to decide the reading but left out of the expression.
    compile_rule(
        "offset-from-event",
        rf"(?P<expr>{APPROX_RE}?(?P<n>{AMOUNT_RE})[\s-]+(?P<unit>{UNIT_RE}))\s+(?P<dir>before|after)",
        _offset,
    ),
    compile_rule(
        "clock-time",
        r"(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm)"
        rf"{_ZONE}?|(?P<named>noon|midnight)",
        _clock_time,
    ),
    compile_rule("clock-time-24h", rf"(?P<h>[01]?\d|2[0-3])[:.]?(?P<min>[0-5]\d){_ZONE}", _clock_time_24h),
)
