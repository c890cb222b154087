"""Plain-text tables for the terminal, readable in 100 columns.

Hand-written rather than ``rich``/``tabulate``: the output is plain text that must look the same in a pipe,
a log file and a terminal, cells wrap onto several lines (sub-event types and actor lines are long), and it is
a few dozen lines. Each event row is followed by its summary on a full-width line, because a summary squeezed
into a narrow column is unreadable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.model import Citation, ControlStep, Event, EventMention, Timeline, TimelineEntry
from dateline.outputs.labels import (
    INFERRED_MARK,
    SHORT_ID,
    date_label,
    distinct_sources,
    event_actors_label,
    place_label,
    plain,
    precision_label,
    source_name,
    truncate,
)

__all__ = ["TABLE_WIDTH", "control_table", "event_detail", "events_table", "timeline_table"]

# The width every table is laid out for: an 80-column terminal is too narrow for actor pairs, and 100 still
# fits a laptop terminal beside an editor. The column widths below add up to at most this.
TABLE_WIDTH = 100
GAP = "  "
# A cell wraps onto at most this many lines; beyond that the row stops being scannable.
MAX_CELL_LINES = 3
SUMMARY_INDENT = "    "
PRECISION_LEGEND = "P = ACLED time precision (1 day, 2 week, 3 month or wider)"
INFERRED_LEGEND = f"{INFERRED_MARK} = date inferred from another report"


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: int
    right: bool = False  # right-align (counts)


EVENT_COLUMNS = (
    Column("DATE", 13),
    Column("P", 1),
    Column("TYPE / SUB-TYPE", 20),
    Column("ACTORS", 28),
    Column("PLACE (GEONAMES ID)", 22),
    Column("SRC", 3, right=True),
)
TIMELINE_COLUMNS = (
    Column("DATE", 13),
    Column("P", 1),
    Column("EVENT", 52),
    Column("SOURCES (OUTLET, ARTICLE)", 26),
)
CONTROL_COLUMNS = (
    Column("PLACE (GEONAMES ID)", 22),
    Column("CONTROLLER", 26),
    Column("SINCE", 13),
    Column("UNTIL", 13),
    Column("CHANGE", 9),
    Column("SRC", 3, right=True),
)


# --------------------------------------------------------------------------- public


def events_table(events: Iterable[Event]) -> str:
    """One wrapped row per event (date, precision, type, actors, place, source count), then its summary."""
    rows = [_event_row(event) for event in events]
    if not rows:
        return "No events.\n"
    footer = f"{_count(len(rows), 'event')} · {INFERRED_LEGEND}\n{PRECISION_LEGEND}"
    return _render(EVENT_COLUMNS, rows, footer)


def timeline_table(timeline: Timeline) -> str:
    """The timeline in order: date, precision, summary (background marked), place, type and sources."""
    title = truncate(f"Timeline: {timeline.query}", TABLE_WIDTH) if timeline.query else "Timeline"
    rows = [_timeline_row(entry) for entry in timeline.entries]
    if not rows:
        return f"{title}\n\nNo entries.\n"
    footer = f"{_count(len(rows), 'entry', 'entries')} · {INFERRED_LEGEND}\n{PRECISION_LEGEND}"
    return f"{title}\n\n{_render(TIMELINE_COLUMNS, rows, footer)}"


def control_table(steps: Iterable[ControlStep]) -> str:
    """Who controlled which place from when to when, with the kind of change and the number of sources."""
    rows = [_control_row(step) for step in steps]
    if not rows:
        return "No changes of control.\n"
    return _render(CONTROL_COLUMNS, rows, _count(len(rows), "change") + " of control")


def event_detail(event: Event) -> str:
    """One event in full: what, when, where, who, then every source with its evidence sentence, then each
    mention with its three times kept apart (when it happened, when reported, when the source said it)."""
    sources = distinct_sources(event.citations)
    lines = [
        truncate(f"Event {event.id} · {event.event_type} / {event.sub_event_type}", TABLE_WIDTH),
        *_fields(_event_fields(event)),
        "",
        f"Sources ({_count(len(sources), 'article')}, {_count(len(event.citations), 'sentence')})",
    ]
    for number, citation in enumerate(event.citations, start=1):
        lines += _citation_lines(number, citation)
    lines += ["", f"Mentions ({len(event.mentions)})"]
    lines += [_mention_line(mention) for mention in event.mentions]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- event detail

FIELD_LABEL_WIDTH = 10
QUOTE_INDENT = " " * 7
MENTION_BULLET = "  - "


@dataclass(frozen=True, slots=True)
class _Field:
    label: str
    value: str


def _event_fields(event: Event) -> list[_Field]:
    when = event.when
    when_text = f"{date_label(when, inferred=event.date_inferred, spelled=True)} ({when.granularity.value}"
    when_text += f", ACLED time precision {precision_label(when)})"
    fields = [
        _Field("When", when_text),
        _Field("Where", _where(event)),
        _Field("Actors", event_actors_label(event)),
        _Field("Summary", event.summary),
        _Field("Salience", f"{event.salience:.2f}" + ("  (background)" if event.background else "")),
    ]
    if event.completeness:
        fields.append(_Field("Change", event.completeness))
    if event.notes:
        fields.append(_Field("Notes", event.notes))
    return fields


def _where(event: Event) -> str:
    place = event.place
    if place is None:
        return "unknown"
    parts = [place_label(place), place.feature]
    if place.admin1:
        parts.append(place.admin1)
    if place.lat is not None and place.lon is not None:
        parts.append(f"{place.lat:.4f}, {place.lon:.4f}")
    parts.append(f"ACLED geo precision {place.precision}")
    return " · ".join(parts)


def _fields(fields: Sequence[_Field]) -> list[str]:
    width = TABLE_WIDTH - FIELD_LABEL_WIDTH
    lines: list[str] = []
    for item in fields:
        wrapped = _wrap(item.value, width)
        lines.append(item.label.ljust(FIELD_LABEL_WIDTH) + wrapped[0])
        lines += [" " * FIELD_LABEL_WIDTH + line for line in wrapped[1:]]
    return lines


def _citation_lines(number: int, citation: Citation) -> list[str]:
    head = [source_name(citation), citation.article_id]
    if citation.reported.is_resolved:
        head.append(f"reported {citation.reported.label()}")
    if citation.url:
        head.append(citation.url)
    marker = f"{number:>3}. "
    wrapped = _wrap(" · ".join(head), TABLE_WIDTH - len(marker))
    quote = _wrap(f"“{plain(citation.quote)}”", TABLE_WIDTH - len(QUOTE_INDENT))
    return [
        marker + wrapped[0],
        *(" " * len(marker) + line for line in wrapped[1:]),
        *(QUOTE_INDENT + line for line in quote),
    ]


def _mention_line(mention: EventMention) -> str:
    parts = [
        mention.article_id[:SHORT_ID],
        mention.modality.value,
        f"happened {date_label(mention.when, inferred=mention.when_inferred)}",
        f"reported {mention.reported.label()}",
    ]
    if mention.claimed_by:
        parts.append(f"claimed by {mention.claimed_by} ({mention.claimed_when.label()})")
    if mention.background:
        parts.append("background")
    return MENTION_BULLET + truncate(" · ".join(parts), TABLE_WIDTH - len(MENTION_BULLET))


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class _Row:
    cells: tuple[str, ...]
    summary: str | None = None  # printed on its own indented line under the cells


def _date_cell(label: str) -> str:
    # A range "2017-03-01..2017-03-07" breaks after the dots, so each end stays whole on its own line.
    return label.replace("..", ".. ")


def _event_row(event: Event) -> _Row:
    summary = f"[background] {event.summary}" if event.background else event.summary
    return _Row(
        cells=(
            _date_cell(date_label(event.when, inferred=event.date_inferred)),
            precision_label(event.when),
            f"{event.event_type} / {event.sub_event_type}",
            event_actors_label(event),
            place_label(event.place),
            str(len(distinct_sources(event.citations))),
        ),
        summary=summary,
    )


def _timeline_row(entry: TimelineEntry) -> _Row:
    event = entry.event
    width = TIMELINE_COLUMNS[2].width
    what = f"(background) {entry.summary}" if entry.background else entry.summary
    # The sub-event type says more than the type in fewer characters ("Government regains territory").
    where = f"@ {place_label(event.place, with_id=False)} · {event.sub_event_type}"
    return _Row(
        cells=(
            _date_cell(date_label(event.when, inferred=event.date_inferred)),
            precision_label(event.when),
            "\n".join([*_cell_lines(what, width, max_lines=MAX_CELL_LINES - 1), truncate(where, width)]),
            "\n".join(_source_lines(event.citations, TIMELINE_COLUMNS[3].width)),
        )
    )


def _control_row(step: ControlStep) -> _Row:
    return _Row(
        cells=(
            place_label(step.place),
            step.controller.name if step.controller is not None else "contested / unknown",
            _date_cell(step.since.label()),
            _date_cell(step.until.label()) if step.until.is_resolved else "-",
            step.change,
            str(len(distinct_sources(step.citations))),
        )
    )


def _source_lines(citations: Sequence[Citation], width: int) -> list[str]:
    sources = distinct_sources(citations)
    # All sources when they fit in the cell, else as many as fit beside a "+N more" line.
    shown = sources if len(sources) <= MAX_CELL_LINES else sources[: MAX_CELL_LINES - 1]
    # The outlet is cut before the article id, which is what finds the article again.
    lines = [f"{truncate(source_name(c), width - SHORT_ID - 1)} {c.article_id[:SHORT_ID]}" for c in shown]
    if len(shown) < len(sources):
        lines.append(f"+{len(sources) - len(shown)} more")
    return lines or ["-"]


# --------------------------------------------------------------------------- layout


def _render(columns: Sequence[Column], rows: Sequence[_Row], footer: str) -> str:
    header = _join(columns, [c.title for c in columns])
    rule = "─" * len(header)
    blocks = ["\n".join(_row_lines(columns, row)) for row in rows]
    return "\n".join([header, rule, "\n\n".join(blocks), rule, footer]) + "\n"


def _row_lines(columns: Sequence[Column], row: _Row) -> list[str]:
    wrapped = [_cell_lines(text, column.width) for column, text in zip(columns, row.cells, strict=True)]
    height = max(len(lines) for lines in wrapped)
    lines = [_join(columns, [cell[i] if i < len(cell) else "" for cell in wrapped]) for i in range(height)]
    if row.summary is not None:
        lines.append(SUMMARY_INDENT + truncate(row.summary, TABLE_WIDTH - len(SUMMARY_INDENT)))
    return lines


def _cell_lines(text: str, width: int, *, max_lines: int = MAX_CELL_LINES) -> list[str]:
    """Explicit newlines separate paragraphs of a cell; each paragraph wraps to the width."""
    lines = [line for paragraph in text.split("\n") for line in _wrap(paragraph, width)]
    if len(lines) > max_lines:
        # Joining the first cut line to the last kept one makes truncate() end it with an ellipsis.
        lines = [*lines[: max_lines - 1], truncate(f"{lines[max_lines - 1]} {lines[max_lines]}", width)]
    return lines


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(plain(text), width, break_on_hyphens=False) or [""]


def _join(columns: Sequence[Column], cells: Sequence[str]) -> str:
    parts = [
        cell.rjust(c.width) if c.right else cell.ljust(c.width)
        for c, cell in zip(columns, cells, strict=True)
    ]
    return GAP.join(parts).rstrip()


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
