"""End-to-end: the page loads, filters, opens an event and shows its sources; hostile text never runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from dateline.model import Timeline
from dateline.outputs.html import render_report
from dateline.store.sqlite import Store
from tests.e2e.conftest import LiveServer
from tests.e2e.webdata import WebData

pytestmark = pytest.mark.e2e
# (page.wait_for_function would evaluate a string, which the page's CSP forbids: expect() polls instead.)

VIEWPORT = {"width": 1400, "height": 860}
# Milliseconds to wait for the page's script to mark itself ready / for a filtered reload to finish.
READY_TIMEOUT_MS = 15_000


def hand_built(server: LiveServer) -> WebData:
    assert server.data is not None
    return server.data


def open_page(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    """A fresh page at ``url``; returns it with the lists its script errors and requested URLs go into."""
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT_MS)
    return page, errors, requests


def test_timeline_filters_and_event_sources(browser: Any, live_server: LiveServer) -> None:
    page, errors, requests = open_page(browser, live_server.url + "/")
    rows = page.locator("#timeline li.row")
    assert rows.count() == len(hand_built(live_server).event_ids)
    assert page.locator("#timeline li.row.bg").count() == 1  # the background mention is dimmed
    assert page.locator("#map path.leaflet-interactive").count() == 4  # one marker per place
    page.locator("#map path.leaflet-interactive").first.click()
    popup_links = page.locator(".leaflet-popup-content a.summary")
    expect(popup_links.first).to_have_attribute("href", re.compile("^/events/"))

    page.fill("input[name=place]", "Palmyra")
    page.click("#filters button[type=submit]")
    expect(page.locator("#count")).to_have_text(re.compile("^2 events\\b"))
    assert "place=Palmyra" in page.url
    control = page.locator("#control li")  # the control history of the filtered place
    expect(control).to_have_count(2)
    assert "Syrian government forces" in control.nth(1).inner_text()
    page.uncheck("input[name=background]")
    page.click("#filters button[type=submit]")
    expect(page.locator("#count")).to_have_text(re.compile("^1 event\\b"))

    page.click("#timeline li.row a.summary")
    page.wait_for_selector("body[data-ready=true]")
    assert "/events/ev-palmyra-retaken" in page.url
    marks = page.locator("mark.evidence").all_text_contents()
    assert len(marks) == 2
    assert any("recaptured the desert city of Palmyra" in m for m in marks)
    assert page.locator(".source .outlet").all_text_contents() == ["Test Wire", "Test Daily"]
    assert not errors, errors
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
    page.close()


def test_hostile_text_is_shown_not_run(browser: Any, live_server: LiveServer) -> None:
    for path in ("/", "/?q=Protest", f"/events/{hand_built(live_server).evil_event_id}"):
        page, errors, _ = open_page(browser, live_server.url + path)
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img[src=x]").count() == 0 and page.locator("svg[onload]").count() == 0
        assert "<script>window.__pwned = 1</script>" in page.inner_text("body")
        assert page.locator("a[href^='javascript']").count() == 0
        assert not [e for e in errors if "pwned" in e], errors
        page.close()


def test_report_works_offline_and_stays_inert(browser: Any, live_server: LiveServer, tmp_path: Path) -> None:
    with Store(live_server.db, readonly=True) as store:
        events = store.events()
        texts = {a: store.article(a).text for a in {c.article_id for e in events for c in e.citations}}
    report = tmp_path / "report.html"
    report.write_text(
        render_report(events=events, timeline=Timeline("", ()), title="<b>Report</b>", article_texts=texts),
        encoding="utf-8",
    )
    page, errors, requests = open_page(browser, report.as_uri())
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#timeline li.row").count() == len(events)
    assert page.title() == "<b>Report</b>"
    page.fill("input[name=actor]", "islamic")
    page.click("#filters button[type=submit]")
    expect(page.locator("#count")).to_have_text(re.compile("^4 events\\b"))
    page.click("#timeline li.row >> nth=1 >> .summary")
    assert page.locator("#timeline mark.evidence").count() >= 1
    assert page.evaluate("window.__pwned") is None
    assert not errors, errors
    assert all(url.startswith("file:") or url.startswith("data:") for url in requests), requests
    page.close()


def test_demo_corpus_page_filters_and_sources(
    browser: Any, demo_server: LiveServer, screenshot_dir: Path
) -> None:
    """The real pipeline's output, end to end: every stored event is listed and mapped, a place filter agrees
    with the store, and an opened event shows each source's evidence, which is the article's own text."""
    with Store(demo_server.db, readonly=True) as store:
        total = store.count_events()
        places = [e.place.name for e in store.events() if e.place is not None]
    page, errors, requests = open_page(browser, demo_server.url + "/")
    expect(page.locator("#count")).to_have_text(re.compile(f"^{total} events"))
    assert page.locator("#map path.leaflet-interactive").count() >= 1
    page.wait_for_timeout(500)  # let the outline finish drawing
    page.screenshot(path=str(screenshot_dir / "timeline.png"))
    page.locator(".map-pane").screenshot(path=str(screenshot_dir / "map.png"))

    place = max(set(places), key=places.count)  # the most reported place, whatever the pipeline found
    with Store(demo_server.db, readonly=True) as store:
        expected = store.count_events(place=place)
    page.fill("input[name=place]", place)
    page.click("#filters button[type=submit]")
    expect(page.locator("#count")).to_have_text(re.compile(f"^{expected} events?"))

    page.click("#timeline li.row a.summary >> nth=0")
    page.wait_for_selector("body[data-ready=true]")
    event_id = page.url.rsplit("/", 1)[-1]
    with Store(demo_server.db, readonly=True) as store:
        event = store.event(event_id)
        article_texts = {c.article_id: store.article(c.article_id).text for c in event.citations}
    evidence = page.locator("mark.evidence").all_text_contents()
    assert len(evidence) == len(event.citations) >= 1
    for citation, shown in zip(event.citations, evidence, strict=True):
        assert shown == citation.sentence.of(article_texts[citation.article_id])
    assert not errors, errors
    assert all(url.startswith(demo_server.url) or url.startswith("data:") for url in requests), requests
    page.close()
