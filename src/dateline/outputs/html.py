"""``dateline report``: ONE self-contained HTML file (timeline, filters, map, every source) for an email.

Everything is inline (CSS, Leaflet from the installed ``xstatic-leaflet``, our script, the data and the
offline world outline), so opening the file makes no request to any host. A Content-Security-Policy in the
file itself enforces that: ``default-src 'none'`` and scripts allowed only by the SHA-256 of our two inline
scripts, so even a bug in escaping could not run injected script. Article text is embedded as JSON
escaped for ``<script>``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from dateline.errors import ConfigError
from dateline.model import Event, Timeline
from dateline.web.outline import outline_geojson
from dateline.web.templating import environment, safe_url
from dateline.web.views import EventRow, event_row, source_view, timeline_rows

__all__ = ["render_report"]

_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def render_report(
    *,
    events: Sequence[Event],
    timeline: Timeline,
    title: str,
    article_texts: Mapping[str, str] | None = None,
) -> str:
    """The report as one HTML string.

    Rows follow ``timeline`` (its order, summaries and background choices); when the timeline is empty the
    ``events`` are listed by date instead. Each event's sources come from its citations; with
    ``article_texts`` (article id -> text) the evidence sentence is shown in its surrounding text.
    """
    rows = timeline_rows(timeline) if timeline.entries else [event_row(e) for e in _by_date(events)]
    everything = {e.id: e for e in events} | {entry.event.id: entry.event for entry in timeline.entries}
    sources = {
        row.id: [_source_json(c, article_texts) for c in everything[row.id].citations]
        for row in rows
        if row.id in everything
    }
    data = {"rows": [asdict(r) for r in rows], "sources": sources, "outline": outline_geojson()}
    leaflet_js, app_js = _leaflet_js(), _app_js()
    template = environment().get_template("report.html")
    return template.render(
        title=title,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        rows=rows,
        source_count=_source_count(rows),
        config={"mode": "report", "tiles": None},
        data=data,
        csp=_csp(leaflet_js, app_js),
        leaflet_css=Markup(_leaflet_file("leaflet.css")),
        css=Markup(_static("dateline.css")),
        leaflet_js=Markup(leaflet_js),
        app_js=Markup(app_js),
    )


def _by_date(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.when.start is None, e.when.start or datetime.min.date(), e.id))


def _source_count(rows: Sequence[EventRow]) -> int:
    return sum(r.sources for r in rows)


def _source_json(citation: Any, article_texts: Mapping[str, str] | None) -> dict[str, Any]:
    text = article_texts.get(citation.article_id) if article_texts else None
    view = asdict(source_view(citation, article_text=text))
    view["url"] = safe_url(view["url"])  # the script checks again; a javascript: URL never reaches the page
    return view


def _csp(*inline_scripts: str) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in inline_scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _no_script_end(name: str, text: str) -> str:
    """Inline code must not contain ``</script`` (it would end the element early)."""
    if "</script" in text.lower():
        raise ConfigError(f"{name} contains '</script' and cannot be inlined")
    return text


@cache
def _static(name: str) -> str:
    return (resources.files("dateline.web") / "static" / name).read_text(encoding="utf-8")


@cache
def _app_js() -> str:
    return _no_script_end("dateline.js", _static("dateline.js"))


@cache
def _leaflet_file(name: str) -> str:
    try:
        from xstatic.pkg import leaflet
    except ImportError as exc:
        raise ConfigError("the report's map needs the 'xstatic-leaflet' package") from exc
    return (Path(leaflet.BASE_DIR) / name).read_text(encoding="utf-8")


@cache
def _leaflet_js() -> str:
    # The source-map comment would make developer tools fetch a file that is not beside the report.
    return _no_script_end("leaflet.js", _SOURCE_MAP.sub("", _leaflet_file("leaflet.js")))
