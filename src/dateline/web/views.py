"""Display views of the records: what the web page, the JSON API lists and the HTML report show.

An :class:`EventRow` is one line of the timeline (flat plain values, cheap to ship to the browser);
a :class:`SourceView` is one citation with the evidence sentence cut out of its article's text so the page
can show it highlighted in context. Both are frozen dataclasses; :func:`as_json` turns them into JSON.
The full records stay available through :func:`dateline.store.codec.to_dict` (the API's event detail).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from dateline.model import Actor, Citation, Event, Span, Timeline

__all__ = ["CONTEXT_CHARS", "EventRow", "SourceView", "as_json", "event_row", "source_view", "timeline_rows"]

# Characters of article text shown on each side of an evidence sentence on the event page: about two
# sentences of news prose, enough to judge the claim without reading the whole article.
CONTEXT_CHARS = 360


@dataclass(frozen=True, slots=True)
class EventRow:
    """One timeline line. ``precision`` is ACLED's time_precision (1 day, 2 week, 3 month+, None undated)."""

    id: str
    event_type: str
    sub_event_type: str
    date_label: str
    start: str | None
    end: str | None
    precision: int | None
    date_inferred: bool
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    actors: tuple[str, ...]
    sources: int
    outlets: tuple[str, ...]
    summary: str
    background: bool
    salience: float
    completeness: str


@dataclass(frozen=True, slots=True)
class SourceView:
    """One citation, with ``before``/``evidence``/``after`` cut from the article text when it is available."""

    article_id: str
    title: str | None
    outlet: str | None
    url: str | None
    reported: str
    before: str
    evidence: str
    after: str
    start: int
    end: int


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_names(event: Event) -> tuple[str, ...]:
    actors: list[Actor] = [a for a in (event.actor1, event.actor2) if a is not None]
    actors.extend(event.associated)
    seen: dict[str, None] = {}
    for actor in actors:
        seen.setdefault(actor.name, None)
    return tuple(seen)


def _outlets(citations: tuple[Citation, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.outlet for c in citations if c.outlet))


def event_row(event: Event, *, summary: str | None = None, background: bool | None = None) -> EventRow:
    """The timeline line for ``event``; a timeline entry may override its summary and background flag."""
    place = event.place
    return EventRow(
        id=event.id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        date_label=event.when.label(),
        start=_iso(event.when.start),
        end=_iso(event.when.end),
        precision=event.when.acled_precision,
        date_inferred=event.date_inferred,
        place=place.name if place else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        geo_precision=place.precision if place else None,
        actors=_actor_names(event),
        sources=len({c.article_id for c in event.citations}),
        outlets=_outlets(event.citations),
        summary=summary if summary is not None else event.summary,
        background=event.background if background is None else background,
        salience=round(event.salience, 3),
        completeness=event.completeness,
    )


def timeline_rows(timeline: Timeline) -> list[EventRow]:
    """The timeline's entries as rows, keeping the timeline's own summary and background choice."""
    return [event_row(e.event, summary=e.summary, background=e.background) for e in timeline.entries]


def source_view(citation: Citation, *, article_text: str | None, context: int = CONTEXT_CHARS) -> SourceView:
    """A citation with its sentence in context. Without the article text only the stored quote is shown."""
    span: Span = citation.sentence
    if article_text is None or span.end > len(article_text):
        before, evidence, after = "", citation.quote, ""
    else:
        before = _trim_left(article_text[max(0, span.start - context) : span.start], cut=span.start > context)
        evidence = span.of(article_text)
        tail_end = span.end + context
        after = _trim_right(article_text[span.end : tail_end], cut=tail_end < len(article_text))
    return SourceView(
        article_id=citation.article_id,
        title=citation.title,
        outlet=citation.outlet,
        url=citation.url,
        reported=citation.reported.label(),
        before=before,
        evidence=evidence,
        after=after,
        start=span.start,
        end=span.end,
    )


def _trim_left(text: str, *, cut: bool) -> str:
    """Start the left context at a word boundary, marked with an ellipsis, when it was cut mid-text."""
    if not cut:
        return text
    space = text.find(" ")
    return "… " + (text[space + 1 :] if 0 <= space < 40 else text)


def _trim_right(text: str, *, cut: bool) -> str:
    if not cut:
        return text
    space = text.rfind(" ")
    return (text[:space] if space > len(text) - 40 else text) + " …"


def as_json(value: EventRow | SourceView) -> dict[str, Any]:
    return asdict(value)
