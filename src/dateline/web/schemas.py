"""Response bodies of the JSON API, declared so the OpenAPI schema documents them (and schemathesis checks).

Rows and sources reuse the display dataclasses of :mod:`dateline.web.views`; full records (an event with all
its mentions, a control step) are the codec's JSON (:func:`dateline.store.codec.to_dict`), typed loosely here
because the record classes in :mod:`dateline.model` are their documentation.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from dateline.web.views import EventRow, SourceView

__all__ = [
    "ControlPage",
    "ErrorBody",
    "EventDetail",
    "EventPage",
    "IngestResult",
    "SearchPage",
    "TimelinePage",
]


class ErrorBody(BaseModel):
    """The one error shape: ``{"error": code, "message": text}`` (see ``DatelineError.to_json``)."""

    error: str = Field(examples=["query"])
    message: str


class EventPage(BaseModel):
    items: list[EventRow]
    total: int = Field(description="events matching the filters, over all pages")
    limit: int
    offset: int


class EventDetail(BaseModel):
    row: EventRow
    sources: list[SourceView] = Field(
        description="every citation, its sentence cut out of the article in context"
    )
    event: dict[str, Any] = Field(description="the full Event record (dateline.model.Event) as JSON")


class TimelinePage(BaseModel):
    query: str
    entries: list[EventRow]


class ControlPage(BaseModel):
    place: str
    steps: list[dict[str, Any]] = Field(
        description="dateline.model.ControlStep records as JSON, oldest first"
    )


class SearchPage(BaseModel):
    query: str
    hits: list[dict[str, Any]]


class IngestResult(BaseModel):
    seen: int
    stored: int
    already_stored: int
    rejected: list[dict[str, Any]]
    mentions: int
    events_changed: int
    seconds: float
