"""Browser tests: Debian's chromium driven by Playwright (from PyPI; never ``playwright install``).

The app runs in a uvicorn server on 127.0.0.1 with a free port, in a thread of the test process, over a
store of hand-built events (tests/e2e/webdata.py) or one the real pipeline filled from the demo corpus.
Tests skip with a reason when chromium is absent locally; CI installs it (.ci/install-browser.sh).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.webdata import WebData, build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Seconds to wait for uvicorn to answer after start (the app imports the NLP stack on first use).
SERVER_START_TIMEOUT = 60
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass(frozen=True, slots=True)
class LiveServer:
    url: str
    db: Path
    data: WebData | None  # the hand-built store's ids; None for the demo store


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium, or run .ci/install-browser.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = str(CHROMIUM) if CHROMIUM.exists() else str(shutil.which("chromium"))
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _start(db: Path, *, data: WebData | None, token: str | None = None) -> Iterator[LiveServer]:
    import urllib.request

    import uvicorn

    from dateline.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db, token=token), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/stats", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                server.should_exit = True
                raise
            time.sleep(0.1)
    try:
        yield LiveServer(url=url, db=db, data=data)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over the store with the hostile article (used by the security tests too)."""
    data = build_store(tmp_path_factory.mktemp("e2e") / "web.db")
    yield from _start(data.path, data=data)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over a store the real pipeline filled from the built-in demo corpus (the README shows it)."""
    from dateline import api

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    report = api.ingest([api.demo_corpus_path()], db=path)
    assert report.stored > 0 and report.events_changed > 0, report.summary()
    yield from _start(path, data=None)
