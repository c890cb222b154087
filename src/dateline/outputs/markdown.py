"""Markdown exports: a timeline as dated sections with cited sources, events and control histories as tables.

Text taken from articles (summaries, outlet names) is escaped, so a stray ``*`` or ``|`` in a news sentence
can neither start emphasis nor break a table row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby

from dateline.model import Citation, ControlStep, Event, Timeline, TimelineEntry
from dateline.outputs.labels import (
    date_label,
    distinct_sources,
    event_actors_label,
    place_label,
    plain,
    precision_label,
    source_name,
)

__all__ = ["control_markdown", "escape", "events_markdown", "timeline_markdown"]

# Characters with a meaning in CommonMark/GFM inline text or tables.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
# Only plain web addresses become links: no whitespace or angle brackets (they would end the link or the
# table row) and no other scheme (a "javascript:" link would run script once the Markdown becomes HTML).
_LINKABLE = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+\Z", re.IGNORECASE)
TIMELINE_NOTE = (
    "Dates are shown at the precision they were reported (day, month, or a range); "
    "*(inferred)* marks a date taken from another report of the same event; "
    "*background* entries are earlier events the articles mention for context."
)


def escape(text: str) -> str:
    """Plain text safe inside Markdown: specials backslash-escaped, whitespace collapsed, controls dropped."""
    return _SPECIAL.sub(r"\\\1", plain(text))


def timeline_markdown(timeline: Timeline) -> str:
    """``## <date>`` sections in timeline order; each entry with its type, place and sources."""
    title = f"# Timeline: {escape(timeline.query)}" if timeline.query else "# Timeline"
    if not timeline.entries:
        return f"{title}\n\nNo entries.\n"
    lines = [title, "", f"{len(timeline.entries)} entries. {TIMELINE_NOTE}"]
    for label, group in groupby(timeline.entries, key=_entry_date):
        lines += ["", f"## {label}", ""]
        lines += [_entry_lines(entry) for entry in group]
    return "\n".join(lines) + "\n"


def events_markdown(events: Iterable[Event]) -> str:
    header = ("Date", "P", "Type / sub-type", "Actors", "Place (GeoNames id)", "Sources", "Summary")
    rows = [_event_cells(event) for event in events]
    if not rows:
        return "No events.\n"
    return _table(header, rows)


def control_markdown(steps: Iterable[ControlStep]) -> str:
    header = ("Place (GeoNames id)", "Controller", "Since", "Until", "Change", "Sources")
    rows = [_control_cells(step) for step in steps]
    if not rows:
        return "No changes of control.\n"
    return _table(header, rows)


# --------------------------------------------------------------------------- pieces


def _entry_date(entry: TimelineEntry) -> str:
    return date_label(entry.event.when, inferred=entry.event.date_inferred, spelled=True)


def _entry_lines(entry: TimelineEntry) -> str:
    event = entry.event
    marker = "*background:* " if entry.background else ""
    kind = f"{escape(event.event_type)} / {escape(event.sub_event_type)}"
    where = escape(place_label(event.place))
    sources = ", ".join(_source(c) for c in distinct_sources(event.citations)) or "none"
    # Two trailing spaces are Markdown's line break: the entry stays one list item over three lines.
    return f"- {marker}**{escape(entry.summary)}**  \n  {kind} · {where}  \n  Sources: {sources}"


def _source(citation: Citation) -> str:
    outlet = escape(source_name(citation))
    named = f"[{outlet}](<{citation.url}>)" if citation.url and _LINKABLE.match(citation.url) else outlet
    return f"{named} `{plain(citation.article_id).replace('`', '')}`"


def _event_cells(event: Event) -> list[str]:
    summary = f"*background:* {escape(event.summary)}" if event.background else escape(event.summary)
    sources = "<br>".join(_source(c) for c in distinct_sources(event.citations))
    return [
        escape(date_label(event.when, inferred=event.date_inferred, spelled=True)),
        precision_label(event.when),
        f"{escape(event.event_type)} / {escape(event.sub_event_type)}",
        escape(event_actors_label(event)),
        escape(place_label(event.place)),
        sources or "-",
        summary,
    ]


def _control_cells(step: ControlStep) -> list[str]:
    return [
        escape(place_label(step.place)),
        escape(step.controller.name) if step.controller else "contested / unknown",
        escape(step.since.label()),
        escape(step.until.label()) if step.until.is_resolved else "-",
        escape(step.change),
        str(len(distinct_sources(step.citations))),
    ]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
