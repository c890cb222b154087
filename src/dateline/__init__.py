"""dateline: raw news articles in; a deduplicated, dated, geolocated timeline of events out, all cited.

The public API is small (pinned by tests/unit/test_public_api.py): the library functions behind the CLI
commands, the records, and the exception tree. Heavy modules (spaCy, the gazetteer) load lazily on first use.
"""

from __future__ import annotations

from dateline.api import IngestReport, control, demo, event, events, ingest, search, timeline
from dateline.errors import DatelineError, InputError, QueryError, StoreError
from dateline.model import (
    Actor,
    Article,
    Citation,
    ControlStep,
    Event,
    EventMention,
    Place,
    Rejected,
    Span,
    TimeInterval,
    Timeline,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Citation",
    "ControlStep",
    "DatelineError",
    "Event",
    "EventMention",
    "IngestReport",
    "InputError",
    "Place",
    "QueryError",
    "Rejected",
    "Span",
    "StoreError",
    "TimeInterval",
    "Timeline",
    "control",
    "demo",
    "event",
    "events",
    "ingest",
    "search",
    "timeline",
]
