"""Named places GeoNames lacks: neighbourhoods, hospitals, parks, airbases inside a resolved city.

"the city's al-Hamidya neighbourhood", "al-Hamidiya, Sheikh Yasin, al-Hawiqa and al-Rashida neighbourhoods in
Deir Az Zor", "neighborhoods of Jamiayat and Jabiliyeh", "Nour Hospital", "the Public Park",
"the Shayrat air base", "the Old City" (only where no gazetteer place was read). Each becomes
``Place(feature="named-place", parent=<city id>, <city's coordinates>, precision=2)``: the event is placed in
the city (ACLED's "part of a town" precision) while the name is kept for the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dateline.model import Place, Span, Toponym

__all__ = ["NAMED_PLACE_PRECISION", "find_named_places"]

# ACLED geo_precision 2: "part of a town" / a named location inside it.
NAMED_PLACE_PRECISION = 2
# How far back (characters) a named place looks for its city when none is in its own sentence.
CITY_LOOKBACK = 1500

_NAME = r"(?:(?:al|el|ash|as|ad|ar|az|ez|an|at)-)?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
_MULTI = rf"{_NAME}(?:[ \t]+{_NAME})*"
_LIST = rf"{_MULTI}(?:\s*,\s*{_MULTI})*(?:\s*,?\s+and\s+{_MULTI})?"
_DISTRICT_WORDS = r"(?:neighbou?rhoods?|districts?|quarters?|suburbs?)"
# "X, Y and Z neighbourhoods" / "X neighbourhood"
_LIST_BEFORE = re.compile(rf"(?P<list>{_LIST})\s+{_DISTRICT_WORDS}\b")
# "neighbourhoods of X and Y", "district of X"
_LIST_AFTER = re.compile(rf"\b{_DISTRICT_WORDS}\s+of\s+(?P<list>{_LIST})")
_FACILITY_HEADS = (
    r"Hospital|Park|Airport|Air\s+Base|Airbase|Square|Mosque|Stadium|Bridge|Dam|Prison|Camp|Citadel"
    r"|Castle|Museum|University"
)
# Facility words news writes in lower case after a name: "the Shayrat air base", "the Baba Gurgur oil field".
_LOWER_FACILITY_HEADS = (
    r"air[ \t]+base|airbase|airfield|airport|oil[ \t]+field|oilfield|gas[ \t]+field|refinery"
)
# "Nour Hospital", "the Public Park", "Tiyas Air Base", "the Shayrat air base"
_FACILITY = re.compile(
    rf"\b(?P<list>(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{_FACILITY_HEADS}|{_LOWER_FACILITY_HEADS}))\b"
)
# "the Old City", "the Green Zone": a capitalised description of a part of the town the story is about.
# Weak: only taken when no gazetteer place was read there ("Kansas City" stays a city).
_TOWN_PART = re.compile(r"\bthe[ \t]+(?P<list>(?:[A-Z][\w-]*[ \t]+){1,2}(?:City|Town|Quarter|Zone))\b")
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")
# Words a list match may sweep up at its start that are not part of a name.
_LEADING_NOISE = re.compile(r"^(?:The|In|At|Of|On|And|Earlier|Meanwhile|Then|While|Its|Their)\s+")


def find_named_places(text: str, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """Named places in ``text`` attached to the nearest resolved city among ``toponyms``."""
    named = _named_spans(text)
    strong_spans = [span for span, strong in named if strong]
    cities = [
        t
        for t in toponyms
        if t.place is not None
        and t.place.feature == "city"
        and not any(t.span.overlaps(s) for s in strong_spans)
    ]
    out: dict[Span, Toponym] = {}
    for span, strong in named:
        clash = [t for t in toponyms if t.span.overlaps(span) and t.place is not None]
        if clash and (not strong or any(t.place.feature != "city" for t in clash if t.place)):
            # "neighbourhoods of Deir Az Zor" names the city; "Iraq and Syria" stay countries. Only a
            # name directly followed by "neighbourhood" or a facility word overrides a town reading.
            continue
        city = _enclosing_city(text, span, cities)
        if city is None:
            continue
        if city.place is not None:
            out[span] = Toponym(span, _named_place(span.of(text), city.place), city.score)
    return list(out.values())


def _named_spans(text: str) -> list[tuple[Span, bool]]:
    """(span, strong) pairs; strong when the district/facility word follows the name itself."""
    spans: list[tuple[Span, bool]] = []
    for pattern in (_LIST_BEFORE, _LIST_AFTER, _FACILITY, _TOWN_PART):
        for m in pattern.finditer(text):
            start = m.start("list")
            chunk = m.group("list")
            noise = _LEADING_NOISE.match(chunk)
            if noise:
                start += noise.end()
                chunk = chunk[noise.end() :]
            if not chunk[:1].isupper() and pattern in (_FACILITY, _TOWN_PART):
                continue  # "The airport": a sentence-initial article was the only capitalised word
            whole = pattern in (_FACILITY, _TOWN_PART)
            found = [Span(start, m.end("list"))] if whole else _split_list(chunk, start)
            spans.extend((span, pattern not in (_LIST_AFTER, _TOWN_PART)) for span in found)
    return sorted(set(spans), key=lambda sb: (sb[0], not sb[1]))


def _split_list(chunk: str, offset: int) -> list[Span]:
    out = []
    pos = 0
    for sep in [*_SPLIT.finditer(chunk), None]:
        end = sep.start() if sep else len(chunk)
        if chunk[pos:end].strip():
            out.append(Span(offset + pos, offset + end))
        pos = sep.end() if sep else len(chunk)
    return out


def _enclosing_city(text: str, span: Span, cities: Sequence[Toponym]) -> Toponym | None:
    """The city named in the same sentence (nearest), else the last one named before it."""
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, span.start)), default=0)
    right_match = _SENTENCE_BREAK.search(text, span.end)
    right = right_match.start() if right_match else len(text)
    same = [c for c in cities if left <= c.span.start < right]
    if same:
        return min(same, key=lambda c: abs(c.span.start - span.start))
    before = [c for c in cities if span.start - CITY_LOOKBACK <= c.span.start < span.start]
    return before[-1] if before else None


def _named_place(name: str, city: Place) -> Place:
    return Place(
        name=name,
        geonameid=None,
        feature="named-place",
        country=city.country,
        admin1=city.admin1,
        lat=city.lat,
        lon=city.lon,
        precision=NAMED_PLACE_PRECISION,
        parent=city.geonameid,
    )
