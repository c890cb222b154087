"""Event filters and full-text query building for the store: name folding, safe FTS5 queries, and the
WHERE clause shared by :meth:`Store.events` and :meth:`Store.count_events`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.errors import QueryError

__all__ = ["EventFilter", "fold", "fts_query"]


def fold(text: str | None) -> str:
    """Case- and diacritic-folded, whitespace-collapsed key for names ("Deir ez-Zōr" -> "deir ez-zor")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


# A --place made of ASCII digits is a GeoNames id; ids have at most 9 digits today, and anything longer than
# 18 would overflow SQLite's 64-bit INTEGER ("²" is a digit to str.isdigit but not to int()).
MAX_GEONAMEID_DIGITS = 18
_FTS_PART = re.compile(r'"([^"]*)"|(\S+)')
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn free text into an FTS5 query that cannot be a syntax error: every word is quoted (so ``-``, ``:``,
    ``NEAR`` and stray quotes are just text); ``"a phrase"`` stays a phrase; ``word*`` stays a prefix; a bare
    ``OR`` between two terms stays an OR; ``AND`` is dropped (terms are AND-ed anyway). "" when no word."""
    terms: list[str] = []
    pending_or = False
    for m in _FTS_PART.finditer(text):
        if m.group(2) in _FTS_OPERATORS:
            pending_or = m.group(2) == "OR" and bool(terms)
            continue
        new = _fts_terms(m.group(1), m.group(2))
        if new and pending_or:
            terms.append("OR")
        pending_or = False
        terms.extend(new)
    return " ".join(terms)


# Upper-case operator words the user may type; "NOT" is dropped rather than honoured because a leading NOT is
# an FTS5 syntax error and the store's users search for things, not for their absence.
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _fts_terms(phrase: str | None, raw: str | None) -> list[str]:
    if phrase is not None:
        words = _FTS_WORD.findall(phrase)
        return ['"' + " ".join(words) + '"'] if words else []
    assert raw is not None
    words = _FTS_WORD.findall(raw)
    terms = [f'"{w}"' for w in words]
    if terms and raw.endswith("*"):
        terms[-1] += "*"
    return terms


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The event filters shared by :meth:`Store.events` and :meth:`Store.count_events`.

    ``place``: a name (case/diacritic-folded) matching the place, its admin1, any spelling seen for the same
    geonameid (``place_names``), or a place inside it (``parent``); a number is taken as a geonameid.
    ``actor``: an actor id or name in any role. ``since``/``until``: the event's interval overlaps them
    (undated events never match a date bound). ``query``: full text over summary and quotes.
    """

    place: str | None
    actor: str | None
    event_type: str | None
    since: date | None
    until: date | None
    query: str | None
    include_background: bool

    def sql(self) -> tuple[str, list[Any]]:
        where: list[str] = ["1"]
        params: list[Any] = []
        if self.place:
            self._place(where, params)
        if self.actor:
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE actor_id = ? OR name_key = ?)")
            params += [self.actor.strip(), fold(self.actor)]
        if self.event_type:
            where.append("(lower(e.event_type) = lower(?) OR lower(e.sub_event_type) = lower(?))")
            params += [self.event_type, self.event_type]
        if self.since:
            where.append("e.date_end >= ?")
            params.append(self.since.isoformat())
        if self.until:
            where.append("e.date_start <= ?")
            params.append(self.until.isoformat())
        if self.since and self.until and self.until < self.since:
            raise QueryError(f"empty date range: {self.since} .. {self.until}")
        match = fts_query(self.query or "")
        if match:
            where.append("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append(match)
        if not self.include_background:
            where.append("e.background = 0")
        return " AND ".join(where), params

    def _place(self, where: list[str], params: list[Any]) -> None:
        assert self.place is not None
        text = self.place.strip()
        if text.isascii() and text.isdigit() and len(text) <= MAX_GEONAMEID_DIGITS:
            where.append("(e.geonameid = ? OR e.parent = ?)")
            params += [int(text), int(text)]
            return
        key = fold(text)
        ids = "SELECT geonameid FROM place_names WHERE name_key = ?"
        where.append(
            f"(e.place_key = ? OR e.admin1_key = ? OR e.geonameid IN ({ids}) OR e.parent IN ({ids}))"
        )
        params += [key, key, key, key]
