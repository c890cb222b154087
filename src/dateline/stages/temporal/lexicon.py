"""The words of English time expressions, and the regex fragments compiled from them.

Every table here is a plain mapping from a lower-cased surface form to what it means; the fragments (``*_RE``)
are alternations built from the tables, longest first, so the grammar in :mod:`.rules` reads as named parts
("MONTH DAY, YEAR") rather than as one opaque regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "DAY_PARTS",
    "HOLIDAYS",
    "MONTHS",
    "NUMBER_WORDS",
    "ORDINALS",
    "SEASONS",
    "UNITS",
    "WEEKDAYS",
    "alternation",
    "capitalised",
    "number_value",
    "spoken_year",
]


def alternation(words: Iterable[str]) -> str:
    """A non-capturing alternation of ``words``, longest first so the regex prefers "sept." over "sep"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


MONTHS: dict[str, int] = {
    "january": 1, "jan.": 1, "jan": 1,
    "february": 2, "feb.": 2, "feb": 2,
    "march": 3, "mar.": 3,
    "april": 4, "apr.": 4,
    "may": 5,
    "june": 6, "jun.": 6,
    "july": 7, "jul.": 7,
    "august": 8, "aug.": 8, "aug": 8,
    "september": 9, "sept.": 9, "sep.": 9, "sept": 9,
    "october": 10, "oct.": 10, "oct": 10,
    "november": 11, "nov.": 11, "nov": 11,
    "december": 12, "dec.": 12, "dec": 12,
}  # fmt: skip


def capitalised(words: Iterable[str]) -> str:
    """An alternation matching only Title-case or UPPER-case forms: "may", "march", "sat." and "sun." are
    also ordinary lower-case words, so names of months and weekdays must look like names."""
    forms = {w[0].upper() + w[1:] for w in words} | {w.upper() for w in words}
    return "(?-i:" + alternation(forms)[3:-1] + ")"


MONTH_RE = capitalised(MONTHS)

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon.": 0, "tue.": 1, "tues.": 1, "wed.": 2, "thu.": 3, "thur.": 3, "thurs.": 3, "fri.": 4, "sat.": 5,
    "sun.": 6,
}  # fmt: skip
WEEKDAY_RE = capitalised(WEEKDAYS)

# TIMEX3 season codes. Winter YYYY is December YYYY to February YYYY+1 (see calendar_math).
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_RE = alternation(SEASONS)

# Parts of the day and their TIMEX3 codes ("Monday night" -> 2017-03-06TNI).
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip
DAY_PART_RE = alternation(DAY_PARTS)

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "half a": 0, "a half": 0, "a couple of": 2, "couple of": 2,
}  # fmt: skip
# Vague quantities: TIMEX3 writes the amount as X ("several years" -> PXY).
VAGUE_AMOUNTS = ("several", "a few", "few", "many", "some", "a number of", "numerous")

_UNIT_NUMBER = r"\d+(?:\.\d+)?(?:\s+1/2)?"
_WORD_NUMBER = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)"
    "|" + alternation(NUMBER_WORDS)[3:-1]
)
AMOUNT_RE = rf"(?:{_UNIT_NUMBER}|{_WORD_NUMBER}|{alternation(VAGUE_AMOUNTS)[3:-1]})"

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "last": -1, "final": -1,
}  # fmt: skip
ORDINAL_RE = alternation(ORDINALS)

# Units of duration and their TIMEX3 period letters; time-of-day units are written after "T" (PT5H).
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "weekend": "WE",
}  # fmt: skip
TIME_UNITS = frozenset({"second", "minute", "hour"})
UNIT_RE = (
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ies)|weekend)s?"
)

HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
    "new year's eve": (12, 31), "independence day": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "boxing day": (12, 26),
}  # fmt: skip
HOLIDAY_RE = (
    "(?-i:" + alternation(" ".join(p[0].upper() + p[1:] for p in h.split(" ")) for h in HOLIDAYS) + ")"
)


_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_DIGITS = "one|two|three|four|five|six|seven|eight|nine"
# Years read out in broadcast transcripts: "nineteen ninety-six", "two thousand", "two thousand and one".
SPOKEN_YEAR_RE = (
    rf"(?:nineteen|eighteen)[\s-]+(?:{_TEENS}|(?:{_TENS})(?:[\s-]+(?:{_DIGITS}))?|hundred)"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_TEENS}|{_DIGITS}))?"
)


def spoken_year(text: str) -> int | None:
    """ "nineteen ninety-six" -> 1996; "two thousand and one" -> 2001; None if it is not a spoken year."""
    words = text.lower().replace("-", " ").replace(" and ", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = number_value(" ".join(words[2:])) if words[2:] else 0
        return 2000 + rest if rest is not None else None
    century = NUMBER_WORDS.get(words[0])
    if century is None or len(words) < 2:
        return None
    if words[1] == "hundred":
        return century * 100
    tail = number_value(" ".join(words[1:]))
    return century * 100 + tail if tail is not None else None


def number_value(text: str) -> int | None:
    """The integer an amount denotes, or None for a vague amount ("several") -> written X by the caller.

    Returns 0 for a fraction we do not model ("half a"), which callers also treat as vague.
    """
    t = " ".join(text.lower().replace("-", " ").split())
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    if t.replace(".", "", 1).isdigit():
        return int(float(t))
    parts = t.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]  # "twenty five"
    if len(parts) == 2 and parts[0].isdigit() and parts[1] == "1/2":
        return int(parts[0])
    return None
