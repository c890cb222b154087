"""GeoJSON (RFC 7946) FeatureCollections of events and changes of control, for QGIS, Leaflet, kepler.gl...

Events without coordinates are **left out**, not given a ``null`` geometry: null-geometry features are valid
GeoJSON, but several common tools (QGIS layers, geojson.io, some Leaflet plugins) drop them or fail on them,
and a map user cannot do anything with them anyway. They are counted instead in a top-level foreign member::

    "skipped": {"count": 2, "reason": "no coordinates", "ids": ["e7", "e9"]}

so nothing disappears silently. Coordinates are ``[longitude, latitude]`` (RFC 7946 order), WGS 84.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dateline.model import ControlStep, Event, Place
from dateline.outputs.labels import distinct_sources, event_actors_label

__all__ = ["COORDINATE_DECIMALS", "control_geojson", "events_geojson"]

# RFC 7946 §11.2: six decimals is about 10 cm, already far finer than any geocoded town (ACLED uses four).
COORDINATE_DECIMALS = 6
SKIP_REASON = "no coordinates"


def events_geojson(events: Iterable[Event]) -> str:
    """One Point feature per located event; unlocated events counted under ``skipped``."""
    features: list[dict[str, Any]] = []
    skipped: list[str] = []
    for event in events:
        point = _point(event.place)
        if point is None:
            skipped.append(event.id)
        else:
            features.append(_feature(event.id, point, _event_properties(event)))
    return _collection(features, skipped)


def control_geojson(steps: Iterable[ControlStep]) -> str:
    """One Point feature per change of control; feature ids are ``<geonameid or name>:<since>``."""
    features: list[dict[str, Any]] = []
    skipped: list[str] = []
    for step in steps:
        step_id = f"{step.place.geonameid or step.place.name}:{step.since.label()}"
        point = _point(step.place)
        if point is None:
            skipped.append(step_id)
        else:
            features.append(_feature(step_id, point, _control_properties(step)))
    return _collection(features, skipped)


def _point(place: Place | None) -> dict[str, Any] | None:
    if place is None or place.lat is None or place.lon is None:
        return None
    coordinates = [round(place.lon, COORDINATE_DECIMALS), round(place.lat, COORDINATE_DECIMALS)]
    return {"type": "Point", "coordinates": coordinates}


def _feature(feature_id: str, geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": feature_id, "geometry": geometry, "properties": properties}


def _collection(features: list[dict[str, Any]], skipped: list[str]) -> str:
    collection = {
        "type": "FeatureCollection",
        "features": features,
        "skipped": {"count": len(skipped), "reason": SKIP_REASON, "ids": skipped},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _event_properties(event: Event) -> dict[str, Any]:
    # Flat scalar properties: many GIS tools cannot style or filter on nested values.
    place = event.place
    sources = distinct_sources(event.citations)
    return {
        "date": event.when.label(),
        "date_start": event.when.start.isoformat() if event.when.start else None,
        "date_end": event.when.end.isoformat() if event.when.end else None,
        "time_precision": event.when.acled_precision,
        "date_inferred": event.date_inferred,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actors": event_actors_label(event),
        "actor1": event.actor1.name if event.actor1 else None,
        "actor2": event.actor2.name if event.actor2 else None,
        "place": place.name if place else None,
        "geonameid": place.geonameid if place else None,
        "country": place.country if place else None,
        "geo_precision": place.precision if place else None,
        "sources": len(sources),
        "outlets": "; ".join(c.outlet or "" for c in sources),
        "background": event.background,
        "salience": event.salience,
        "summary": event.summary,
    }


def _control_properties(step: ControlStep) -> dict[str, Any]:
    return {
        "place": step.place.name,
        "geonameid": step.place.geonameid,
        "controller": step.controller.name if step.controller else None,
        "since": step.since.label(),
        "until": step.until.label() if step.until.is_resolved else None,
        "change": step.change,
        "events": list(step.events),
        "sources": len(distinct_sources(step.citations)),
    }
