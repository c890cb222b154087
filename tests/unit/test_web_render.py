"""Escaping helpers, display views, the offline outline and the self-contained report (no store, no model)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date

import pytest

from dateline.errors import ConfigError
from dateline.model import (
    Actor,
    ActorKind,
    Citation,
    Event,
    Place,
    Span,
    TimeInterval,
    Timeline,
    TimelineEntry,
)
from dateline.outputs.html import render_report
from dateline.web.outline import outline_geojson
from dateline.web.templating import safe_url, script_json
from dateline.web.views import event_row, source_view

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\u2028<!--"


def _event(event_id: str = "e1", *, summary: str = "Army retakes Palmyra", url: str | None = None) -> Event:
    place = Place("Palmyra", 170885, "city", "SY", "Homs", 34.56, 38.28, 1)
    citation = Citation("a1", Span(10, 30), "Army retook Palmyra.", outlet="Wire", url=url, title="T")
    return Event(
        id=event_id,
        event_type="Strategic developments",
        sub_event_type="Government regains territory",
        when=TimeInterval.day(date(2017, 3, 2)),
        date_inferred=False,
        place=place,
        actor1=Actor("army", "Syrian army", ActorKind.STATE, "SY"),
        actor2=None,
        associated=(Actor("army", "Syrian army", ActorKind.STATE, "SY"),),
        mentions=(),
        citations=(citation, citation),
        salience=0.9,
        summary=summary,
    )


def test_script_json_cannot_close_the_script_element() -> None:
    text = str(script_json({"s": HOSTILE}))
    assert "</" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": HOSTILE}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("/relative/path", None),
        ("https://", None),
        ("http://[bad", None),
        (None, None),
    ],
)
def test_safe_url_only_lets_http_links_through(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_event_row_counts_articles_and_dedups_actors() -> None:
    row = event_row(_event())
    assert row.sources == 1  # two citations of one article
    assert row.actors == ("Syrian army",)
    assert (row.date_label, row.precision, row.lat) == ("2017-03-02", 1, 34.56)


def test_source_view_cuts_context_at_word_boundaries() -> None:
    text = "word " * 200 + "EVIDENCE SENTENCE." + " more" * 200
    start = text.index("EVIDENCE")
    citation = Citation("a1", Span(start, start + len("EVIDENCE SENTENCE.")), "EVIDENCE SENTENCE.")
    view = source_view(citation, article_text=text, context=50)
    assert view.evidence == "EVIDENCE SENTENCE."
    assert view.before.startswith("… ") and view.after.endswith(" …")
    assert len(view.before) <= 53 and len(view.after) <= 53
    without_text = source_view(citation, article_text=None)
    assert (without_text.before, without_text.evidence, without_text.after) == ("", "EVIDENCE SENTENCE.", "")


def test_outline_is_a_feature_collection_of_lon_lat() -> None:
    outline = outline_geojson()
    assert outline["type"] == "FeatureCollection"
    for feature in outline["features"]:
        coords = feature["geometry"]["coordinates"]
        flat = [
            pt
            for ring in coords
            for pt in (ring[0] if feature["geometry"]["type"] == "MultiPolygon" else ring)
        ]
        assert all(-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0 for lon, lat in flat)


def test_report_is_one_inert_file_with_hashed_scripts() -> None:
    hostile = _event("e2", summary=f"Protest {HOSTILE}", url="javascript:alert(3)")
    timeline = Timeline("q", (TimelineEntry(_event(), "Army retakes Palmyra", 0.9, False),))
    html = render_report(events=[hostile], timeline=timeline, title=f"T {HOSTILE}")
    assert html.count("<script") == 4 and html.lower().count("</script") == 4
    assert "alert(1)</script>" not in html and "javascript:alert" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    assert len(inline) == 2
    for code in inline:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy
    data = json.loads(re.search(r'id="dateline-data">(.*?)</script>', html, flags=re.DOTALL).group(1))  # type: ignore[union-attr]
    assert [row["id"] for row in data["rows"]] == ["e1"]  # the timeline decides the rows
    assert set(data["sources"]) == {"e1"}


def test_report_lists_events_when_the_timeline_is_empty() -> None:
    html = render_report(events=[_event("b"), _event("a")], timeline=Timeline("", ()), title="t")
    data = json.loads(re.search(r'id="dateline-data">(.*?)</script>', html, flags=re.DOTALL).group(1))  # type: ignore[union-attr]
    assert [row["id"] for row in data["rows"]] == ["a", "b"]


def test_bad_tile_url_is_a_config_error() -> None:
    from dateline.web.app import _origin

    assert _origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    with pytest.raises(ConfigError):
        _origin("javascript:alert(1)")
