"""JSON exports of events, timelines and control histories, and their inverses.

The records go through :func:`dateline.store.codec.to_dict`, the same codec the store and the HTTP API use,
so an export can be read back into records with :func:`events_from_json` and friends. Keys keep the records'
field order (never sorted), which is stable across runs and reads naturally: id and type first, evidence last.

Shapes::

    events   {"count": N, "events": [Event, ...]}
    event    Event
    timeline {"query": "...", "entries": [TimelineEntry, ...]}        (the Timeline record itself)
    control  {"count": N, "steps": [ControlStep, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dateline.errors import ParseError
from dateline.model import ControlStep, Event, Timeline
from dateline.store.codec import from_dict, to_dict

__all__ = [
    "control_from_json",
    "control_json",
    "event_json",
    "events_from_json",
    "events_json",
    "timeline_from_json",
    "timeline_json",
]

INDENT = 2


def events_json(events: Iterable[Event]) -> str:
    encoded = [to_dict(event) for event in events]
    return _dump({"count": len(encoded), "events": encoded})


def event_json(event: Event) -> str:
    """One event as its full record (mentions, citations and all)."""
    return _dump(to_dict(event))


def timeline_json(timeline: Timeline) -> str:
    return _dump(to_dict(timeline))


def control_json(steps: Iterable[ControlStep]) -> str:
    encoded = [to_dict(step) for step in steps]
    return _dump({"count": len(encoded), "steps": encoded})


def events_from_json(text: str, *, source: str = "<events json>") -> tuple[Event, ...]:
    """Read back what :func:`events_json` wrote."""
    members = _members(_load(text, source=source), "events", source=source)
    return tuple(from_dict(Event, member) for member in members)


def timeline_from_json(text: str, *, source: str = "<timeline json>") -> Timeline:
    """Read back what :func:`timeline_json` wrote."""
    data = _load(text, source=source)
    if not isinstance(data, dict) or "entries" not in data:
        raise ParseError(source, "not a timeline export: expected an object with 'entries'")
    return from_dict(Timeline, data)


def control_from_json(text: str, *, source: str = "<control json>") -> tuple[ControlStep, ...]:
    """Read back what :func:`control_json` wrote."""
    members = _members(_load(text, source=source), "steps", source=source)
    return tuple(from_dict(ControlStep, member) for member in members)


def _dump(data: Any) -> str:
    # ensure_ascii=False keeps Arabic and accented place names readable; allow_nan=False refuses to write
    # NaN/Infinity, which are not JSON and which other readers reject.
    return json.dumps(data, ensure_ascii=False, indent=INDENT, allow_nan=False) + "\n"


def _load(text: str, *, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(source, f"invalid JSON: {error}") from error


def _members(data: Any, key: str, *, source: str) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ParseError(source, f"expected an object with a '{key}' list")
    members: list[Any] = data[key]
    return members
