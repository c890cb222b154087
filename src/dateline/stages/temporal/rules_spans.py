"""Rules for what is not a calendar date: durations ("for two years", "the first nine months"), ages
("six-year-old war"), frequencies ("rallies almost daily", "every Monday") and vague references ("now",
"recently", "the future").

Durations and ages are never dates: their interval stays unresolved whatever the anchor, so an age like
"Syria's six-year-old civil war" can never become an event date.
"""

from __future__ import annotations

import re

from dateline.stages.temporal.grammar import NONE, PUBLICATION, Context, Reading, Rule, compile_rule
from dateline.stages.temporal.lexicon import AMOUNT_RE, UNIT_RE, WEEKDAY_RE, WEEKDAYS
from dateline.stages.temporal.lexicon import number_value as amount_of
from dateline.stages.temporal.rules_relative import APPROX_RE, duration_value, unit_key

__all__ = ["SPAN_RULES"]

_UNIT_OF_PLURAL = {"days": "day", "weeks": "week", "months": "month", "years": "year", "decades": "decade",
                   "hours": "hour", "minutes": "minute", "centuries": "century",
                   "quarters": "quarter"}  # fmt: skip
_PLURAL_UNIT = r"days|weeks|months|years|decades|hours|minutes|centuries|quarters"
# A price or a count just before "a year" makes it a rate ("$5 a year", "twice a day", "four flights a
# week"), not a stretch of time.
_RATE_BEFORE = re.compile(
    r"(?:\d|%|\bdollars?|\bcents?|\bpercent|\btimes|\btwice|\bonce|\bthrice|\bone|\btwo|\bthree|\bfour|"
    r"\bfive|\bsix|\bseven|\beight|\bnine|\bten|\bhundreds?|\bthousands?|\bmillions?)(?:\s+[a-z-]+){0,2}\W{0,2}\s*$",
    re.IGNORECASE,
)


# What half a unit is, written in the next smaller TIMEX3 unit.
_HALF = {"year": "6M", "day": "T12H", "hour": "30M", "minute": "30S"}


def _duration(m: re.Match[str], ctx: Context) -> Reading | None:
    amount_text = m["n"].lower()
    key = unit_key(m["unit"])
    if amount_text in ("a", "an") and key in ("second", "quarter"):
        return None  # "a second time", "a quarter of the vote"
    if (
        amount_text in ("a", "an", "one")
        and not m["old"]
        and key in ("day", "night", "week", "month", "year")
    ):
        before = m.string[max(0, m.start() - 40) : m.start()]
        if amount_text in ("a", "an") and _RATE_BEFORE.search(before):
            return None  # a rate ("$5 a year", "700 seats a week") qualifies an amount; it is not a time
    if key == "weekend":
        return None
    if key == "quarter" and "-" in m.group(0):
        return None  # "three-quarters of its food" is a fraction
    value = duration_value(amount_of(m["n"]), key)
    if "1/2" in m["n"] and key in _HALF:  # "2 1/2 years" -> P2Y6M
        value += _HALF[key]
    return Reading(value, "DURATION", NONE)


def _vague_stretch(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "for years", "over the past months", "in recent weeks": an unspecified number of units."""
    key = _UNIT_OF_PLURAL[m["unit"].lower()]
    return Reading(duration_value(None, key), "DURATION", NONE)


# "quarterly", "annual" are left out: they mostly qualify a report or a dividend, not a recurrence.
_FREQUENCY = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
              "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "semiannually": "P6M"}  # fmt: skip


def _frequency(m: re.Match[str], ctx: Context) -> Reading | None:
    if re.search(r"\b(?:average|party)\s+$", m.string[max(0, m.start() - 9) : m.start()]):
        return None  # "average daily volume", "the Communist Party daily": a measure or a newspaper
    return Reading(_FREQUENCY[m["f"].lower()], "SET", NONE)


def _every(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["wd"]:
        return Reading(f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}", "SET", NONE)
    step = 2 if m["other"] else 1
    return Reading(duration_value(step, unit_key(m["unit"])), "SET", NONE)


_REFERENCES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "the present": "PRESENT_REF", "these days": "PRESENT_REF",
    "recently": "PAST_REF", "formerly": "PAST_REF", "the past": "PAST_REF", "lately": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
}  # fmt: skip


def _reference(m: re.Match[str], ctx: Context) -> Reading | None:
    word = " ".join(m["r"].lower().split())
    after = m.string[m.end() : m.end() + 12]
    if word.endswith("future") and re.match(r"\s+of\b", after):
        return None  # "the future of the talks" is a topic, not a time
    if (
        word == "the past"
        and re.match(r"\s+[a-z0-9]", after)
        and not re.match(r"\s+(?:and|or|but|when)\b", after)
    ):
        return None  # "the past three summers": the expression is longer than we can read
    value = _REFERENCES[word]
    return Reading(value, "DATE", PUBLICATION if ctx.anchor is not None else NONE)


SPAN_RULES: tuple[Rule, ...] = (
    compile_rule(
        "duration",
        rf"{APPROX_RE}?(?:the\s+(?!\S+-))?(?:(?:past|last|next|first|previous|coming|following|final|remaining|"
        rf"entire|whole|full|latest)\s+)?(?P<n>{AMOUNT_RE})[\s-]+(?:(?:more|additional|further|extra|straight|"
        rf"consecutive)\s+)?(?P<unit>{UNIT_RE})(?:[\s-]+(?P<old>old|long))?",
        _duration,
    ),
    compile_rule(
        "vague-stretch",
        r"(?:for|in|over|within|during)\s+(?:the\s+)?(?P<expr>(?:(?:past|last|coming|next)\s+)?"
        rf"(?P<unit>{_PLURAL_UNIT}))",
        _vague_stretch,
    ),
    compile_rule("recent-stretch", rf"(?P<pre>recent)\s+(?P<unit>{_PLURAL_UNIT})", _vague_stretch),
    compile_rule(
        "frequency",
        r"(?P<f>daily|nightly|weekly|biweekly|monthly|annually|yearly|hourly|semiannually)",
        _frequency,
    ),
    compile_rule(
        "every",
        rf"(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<wd>{WEEKDAY_RE})|(?P<unit>{UNIT_RE}))",
        _every,
    ),
    compile_rule(
        "reference",
        r"(?P<r>right\s+now|now|currently|current|at\s+present|presently|nowadays|at\s+the\s+moment|the\s+present|"
        r"these\s+days|recently|formerly|the\s+past|lately|the\s+near\s+future|the\s+future|the\s+near\s+term|"
        r"the\s+short\s+term|as\s+soon\s+as\s+possible)",
        _reference,
    ),
)
