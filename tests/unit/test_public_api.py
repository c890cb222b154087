"""The public API is a promise: adding to it is a decision, so the list is pinned here."""

from __future__ import annotations

import subprocess
import sys

import dateline

EXPECTED = {
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
}


def test_all_is_pinned() -> None:
    assert set(dateline.__all__) == EXPECTED
    for name in dateline.__all__:
        assert hasattr(dateline, name), name


def test_import_does_not_load_spacy() -> None:
    code = "import sys, dateline; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
