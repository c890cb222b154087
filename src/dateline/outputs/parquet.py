"""Parquet export of events: one row per event, citations as a nested list column.

For pandas/polars/DuckDB users: typed columns (real dates, nullable ints, floats), so nothing has to be
parsed back from strings. The schema is explicit (not inferred from the first rows), so an export of zero
events, or of events that all lack a place, still has every column with its type.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.model import Actor, Citation, Event
from dateline.outputs.labels import distinct_sources

__all__ = ["EVENT_SCHEMA", "events_parquet"]

_ACTOR = pa.struct(
    [("id", pa.string()), ("name", pa.string()), ("kind", pa.string()), ("country", pa.string())]
)
_CITATION = pa.struct(
    [
        ("article_id", pa.string()),
        ("sentence_start", pa.int64()),
        ("sentence_end", pa.int64()),
        ("quote", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("reported_start", pa.date32()),
        ("reported_end", pa.date32()),
    ]
)
EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("granularity", pa.string()),
        ("time_precision", pa.int8()),
        ("date_inferred", pa.bool_()),
        ("actor1", _ACTOR),
        ("actor2", _ACTOR),
        ("associated", pa.list_(_ACTOR)),
        ("place", pa.string()),
        ("geonameid", pa.int64()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int8()),
        ("salience", pa.float64()),
        ("background", pa.bool_()),
        ("completeness", pa.string()),
        ("mentions", pa.int32()),
        ("sources", pa.int32()),
        ("citations", pa.list_(_CITATION)),
        ("summary", pa.string()),
        ("notes", pa.string()),
    ]
)
# zstd: smaller than the default snappy at similar speed, and read by every current Parquet reader.
COMPRESSION = "zstd"


def events_parquet(events: Iterable[Event]) -> bytes:
    """The events as a Parquet file's bytes (write them with ``Path.write_bytes``)."""
    table = pa.Table.from_pylist([_event_row(event) for event in events], schema=EVENT_SCHEMA)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression=COMPRESSION)
    return sink.getvalue()


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"id": actor.id, "name": actor.name, "kind": actor.kind.value, "country": actor.country}


def _citation(citation: Citation) -> dict[str, Any]:
    return {
        "article_id": citation.article_id,
        "sentence_start": citation.sentence.start,
        "sentence_end": citation.sentence.end,
        "quote": citation.quote,
        "outlet": citation.outlet,
        "url": citation.url,
        "title": citation.title,
        "reported_start": citation.reported.start,
        "reported_end": citation.reported.end,
    }


def _event_row(event: Event) -> dict[str, Any]:
    # A row for pyarrow.Table.from_pylist, keyed by the EVENT_SCHEMA column names (pyarrow's row format).
    place = event.place
    return {
        "event_id": event.id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date_start": event.when.start,
        "date_end": event.when.end,
        "granularity": event.when.granularity.value,
        "time_precision": event.when.acled_precision,
        "date_inferred": event.date_inferred,
        "actor1": _actor(event.actor1),
        "actor2": _actor(event.actor2),
        "associated": [_actor(actor) for actor in event.associated],
        "place": place.name if place else None,
        "geonameid": place.geonameid if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": place.precision if place else None,
        "salience": event.salience,
        "background": event.background,
        "completeness": event.completeness,
        "mentions": len(event.mentions),
        "sources": len(distinct_sources(event.citations)),
        "citations": [_citation(citation) for citation in event.citations],
        "summary": event.summary,
        "notes": event.notes,
    }
