"""Exports: pure functions from records to text (or bytes), and a small registry that picks one by name.

::

    render_events(events, "csv")        -> str      (EVENT_FORMATS; "parquet" returns bytes)
    render_event(event, "table")        -> str      (EVENT_DETAIL_FORMATS: one event with all its evidence)
    render_timeline(timeline, "markdown") -> str    (TIMELINE_FORMATS)
    render_control(steps, "json")       -> str      (CONTROL_FORMATS)

Each format lives in its own module (table, jsonout, csvout, geojson, markdown, parquet; acled and html are
separate exports); this module only maps names to functions, so the CLI, the web app and scripts agree on what
``--format X`` means. Renderers are imported when first used: the Parquet writer pulls in pyarrow, which a
``--format table`` run should not pay for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any

from dateline.errors import ConfigError
from dateline.model import ControlStep, Event, Timeline

__all__ = [
    "BINARY_FORMATS",
    "CONTROL_FORMATS",
    "EVENT_DETAIL_FORMATS",
    "EVENT_FORMATS",
    "TIMELINE_FORMATS",
    "render_control",
    "render_event",
    "render_events",
    "render_timeline",
]

# format name -> (module in dateline.outputs, function). Modules are imported when first used.
_EVENT_RENDERERS = {
    "table": ("table", "events_table"),
    "json": ("jsonout", "events_json"),
    "csv": ("csvout", "events_csv"),
    "acled": ("acled", "acled_csv"),
    "geojson": ("geojson", "events_geojson"),
    "markdown": ("markdown", "events_markdown"),
    "parquet": ("parquet", "events_parquet"),
}
_EVENT_DETAIL_RENDERERS = {"table": ("table", "event_detail"), "json": ("jsonout", "event_json")}
_TIMELINE_RENDERERS = {
    "table": ("table", "timeline_table"),
    "json": ("jsonout", "timeline_json"),
    "markdown": ("markdown", "timeline_markdown"),
    "csv": ("csvout", "timeline_csv"),
}
_CONTROL_RENDERERS = {
    "table": ("table", "control_table"),
    "json": ("jsonout", "control_json"),
    "markdown": ("markdown", "control_markdown"),
    "csv": ("csvout", "control_csv"),
    "geojson": ("geojson", "control_geojson"),
}
EVENT_FORMATS: tuple[str, ...] = tuple(_EVENT_RENDERERS)
EVENT_DETAIL_FORMATS: tuple[str, ...] = tuple(_EVENT_DETAIL_RENDERERS)
TIMELINE_FORMATS: tuple[str, ...] = tuple(_TIMELINE_RENDERERS)
CONTROL_FORMATS: tuple[str, ...] = tuple(_CONTROL_RENDERERS)
# Formats whose renderer returns bytes: write them to a file, not a terminal.
BINARY_FORMATS = frozenset({"parquet"})


def render_events(events: Iterable[Event], fmt: str) -> str | bytes:
    """Events in ``fmt`` (one of :data:`EVENT_FORMATS`); bytes for :data:`BINARY_FORMATS`."""
    return _renderer(_EVENT_RENDERERS, fmt, "events")(list(events))


def render_event(event: Event, fmt: str) -> str:
    """One event with every mention and source sentence (``table``) or as its full record (``json``)."""
    return _text(_renderer(_EVENT_DETAIL_RENDERERS, fmt, "an event")(event))


def render_timeline(timeline: Timeline, fmt: str) -> str:
    """A timeline in ``fmt`` (one of :data:`TIMELINE_FORMATS`)."""
    return _text(_renderer(_TIMELINE_RENDERERS, fmt, "a timeline")(timeline))


def render_control(steps: Iterable[ControlStep], fmt: str) -> str:
    """A territorial-control history in ``fmt`` (one of :data:`CONTROL_FORMATS`)."""
    return _text(_renderer(_CONTROL_RENDERERS, fmt, "a control history")(list(steps)))


def _renderer(registry: Mapping[str, tuple[str, str]], fmt: str, what: str) -> Callable[[Any], str | bytes]:
    if fmt not in registry:
        raise ConfigError(f"unknown format {fmt!r} for {what}; choose one of: {', '.join(registry)}")
    module, function = registry[fmt]
    renderer: Callable[[Any], str | bytes] = getattr(import_module(f"dateline.outputs.{module}"), function)
    return renderer


def _text(payload: str | bytes) -> str:
    # Only event lists have a binary format; the other registries hold text renderers alone.
    if not isinstance(payload, str):
        raise TypeError("a text renderer returned bytes")
    return payload
