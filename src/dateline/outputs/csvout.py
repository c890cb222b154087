"""Generic flat CSV exports: one row per event (or timeline entry, or change of control).

This is dateline's own column set, with ids, full date ranges and the evidence quotes; the ACLED-compatible
column set lives in :mod:`dateline.outputs.acled`.

Conventions (documented here because a CSV cannot carry them):

- empty cell = unknown / not applicable; booleans are ``true``/``false``; dates are ISO ``YYYY-MM-DD``;
- several values in one cell (associated actors, outlets, article ids) are joined with ``"; "``;
- ``evidence`` holds one quoted sentence per source, each flattened to one line, joined with newlines (the
  cell is quoted, so spreadsheets and :mod:`csv` read it as one multi-line value);
- rows end with ``\\r\\n`` as RFC 4180 says. Not ``\\n``: Python's writer quotes a field only for the
  characters of its own line terminator, so with ``\\n`` a stray ``\\r`` in article text would go out unquoted
  and split the row when read back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from dateline.model import Actor, ControlStep, Event, Timeline
from dateline.outputs.labels import distinct_sources, plain

__all__ = ["CONTROL_COLUMNS", "EVENT_COLUMNS", "control_csv", "events_csv", "timeline_csv"]

R = TypeVar("R")
JOIN = "; "
EVIDENCE_JOIN = "\n"


@dataclass(frozen=True, slots=True)
class CsvColumn(Generic[R]):
    name: str
    value: Callable[[R], object]


def events_csv(events: Iterable[Event]) -> str:
    return _write(EVENT_COLUMNS, events)


def timeline_csv(timeline: Timeline) -> str:
    """The timeline's events in order, with each entry's own summary, salience and background flag."""
    rows = [
        replace(entry.event, summary=entry.summary, salience=entry.salience, background=entry.background)
        for entry in timeline.entries
    ]
    return _write(EVENT_COLUMNS, rows)


def control_csv(steps: Iterable[ControlStep]) -> str:
    return _write(CONTROL_COLUMNS, steps)


# --------------------------------------------------------------------------- cells


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _joined(values: Iterable[object]) -> str:
    return JOIN.join(_cell(v) for v in values)


def _name(actor: Actor | None) -> str | None:
    return None if actor is None else actor.name


def _id(actor: Actor | None) -> str | None:
    return None if actor is None else actor.id


def _kind(actor: Actor | None) -> str | None:
    return None if actor is None else actor.kind.value


def _evidence(event: Event) -> str:
    return EVIDENCE_JOIN.join(plain(c.quote) for c in distinct_sources(event.citations))


EVENT_COLUMNS: tuple[CsvColumn[Event], ...] = (
    CsvColumn("event_id", lambda e: e.id),
    CsvColumn("date", lambda e: e.when.label()),
    CsvColumn("date_start", lambda e: e.when.start),
    CsvColumn("date_end", lambda e: e.when.end),
    CsvColumn("granularity", lambda e: e.when.granularity.value),
    CsvColumn("time_precision", lambda e: e.when.acled_precision),
    CsvColumn("date_inferred", lambda e: e.date_inferred),
    CsvColumn("event_type", lambda e: e.event_type),
    CsvColumn("sub_event_type", lambda e: e.sub_event_type),
    CsvColumn("completeness", lambda e: e.completeness),
    CsvColumn("actor1", lambda e: _name(e.actor1)),
    CsvColumn("actor1_id", lambda e: _id(e.actor1)),
    CsvColumn("actor1_kind", lambda e: _kind(e.actor1)),
    CsvColumn("associated", lambda e: _joined(a.name for a in e.associated)),
    CsvColumn("associated_ids", lambda e: _joined(a.id for a in e.associated)),
    CsvColumn("actor2", lambda e: _name(e.actor2)),
    CsvColumn("actor2_id", lambda e: _id(e.actor2)),
    CsvColumn("actor2_kind", lambda e: _kind(e.actor2)),
    CsvColumn("place", lambda e: e.place and e.place.name),
    CsvColumn("geonameid", lambda e: e.place and e.place.geonameid),
    CsvColumn("country", lambda e: e.place and e.place.country),
    CsvColumn("admin1", lambda e: e.place and e.place.admin1),
    CsvColumn("latitude", lambda e: e.place and e.place.lat),
    CsvColumn("longitude", lambda e: e.place and e.place.lon),
    CsvColumn("geo_precision", lambda e: e.place and e.place.precision),
    CsvColumn("salience", lambda e: e.salience),
    CsvColumn("background", lambda e: e.background),
    CsvColumn("mentions", lambda e: len(e.mentions)),
    CsvColumn("sources", lambda e: len(distinct_sources(e.citations))),
    CsvColumn("outlets", lambda e: _joined(c.outlet for c in distinct_sources(e.citations))),
    CsvColumn("article_ids", lambda e: _joined(c.article_id for c in distinct_sources(e.citations))),
    CsvColumn("urls", lambda e: _joined(c.url for c in distinct_sources(e.citations))),
    CsvColumn("evidence", _evidence),
    CsvColumn("summary", lambda e: e.summary),
    CsvColumn("notes", lambda e: e.notes),
)

CONTROL_COLUMNS: tuple[CsvColumn[ControlStep], ...] = (
    CsvColumn("place", lambda s: s.place.name),
    CsvColumn("geonameid", lambda s: s.place.geonameid),
    CsvColumn("country", lambda s: s.place.country),
    CsvColumn("latitude", lambda s: s.place.lat),
    CsvColumn("longitude", lambda s: s.place.lon),
    CsvColumn("controller", lambda s: _name(s.controller)),
    CsvColumn("controller_id", lambda s: _id(s.controller)),
    CsvColumn("since", lambda s: s.since.label()),
    CsvColumn("since_start", lambda s: s.since.start),
    CsvColumn("since_end", lambda s: s.since.end),
    CsvColumn("until", lambda s: s.until.label() if s.until.is_resolved else None),
    CsvColumn("until_start", lambda s: s.until.start),
    CsvColumn("until_end", lambda s: s.until.end),
    CsvColumn("change", lambda s: s.change),
    CsvColumn("event_ids", lambda s: _joined(s.events)),
    CsvColumn("sources", lambda s: len(distinct_sources(s.citations))),
    CsvColumn("article_ids", lambda s: _joined(c.article_id for c in distinct_sources(s.citations))),
)


def _write(columns: Sequence[CsvColumn[R]], records: Iterable[R]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for record in records:
        writer.writerow([_cell(column.value(record)) for column in columns])
    return buffer.getvalue()
