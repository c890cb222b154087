"""The built-in demo corpus: present as package data, the right size, every input format represented."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from importlib.resources.abc import Traversable

import pytest

MIN_ARTICLES, MAX_ARTICLES = 10, 20
# Short articles: long enough to carry an event and its context, short enough to read in the terminal.
MIN_WORDS, MAX_WORDS = 100, 450
JSONL_KEYS = {"text", "title", "url", "date", "outlet"}
DEMO_SUFFIXES = (".txt", ".html", ".jsonl")
DEMO = files("dateline").joinpath("data", "demo")
ARTICLES = DEMO.joinpath("articles")


def demo_files() -> list[Traversable]:
    return sorted((entry for entry in ARTICLES.iterdir() if entry.is_file()), key=lambda entry: entry.name)


HTML_TAG = re.compile(r"<[^>]+>")


def _article_texts() -> list[tuple[str, str]]:
    """(name, body text) for every article: one per .txt/.html file, one per JSON Lines record."""
    texts: list[tuple[str, str]] = []
    for entry in demo_files():
        raw = entry.read_text(encoding="utf-8")
        if entry.name.endswith(".jsonl"):
            records = [json.loads(line) for line in raw.splitlines()]
            texts += [(f"{entry.name}:{n}", record["text"]) for n, record in enumerate(records)]
        elif entry.name.endswith(".html"):
            texts.append((entry.name, HTML_TAG.sub(" ", raw)))
        else:
            texts.append((entry.name, raw))
    return texts


def test_corpus_is_package_data_readable_through_importlib_resources() -> None:
    readme = DEMO.joinpath("README.md")
    assert readme.is_file()
    assert "written by the dateline authors" in readme.read_text(encoding="utf-8")


def test_articles_folder_holds_only_articles() -> None:
    """The ingester walks the folder: a README or a stray file there would become a bogus article."""
    assert all(entry.name.endswith(DEMO_SUFFIXES) for entry in demo_files())


def test_corpus_size_is_within_bounds() -> None:
    assert MIN_ARTICLES <= len(_article_texts()) <= MAX_ARTICLES


def test_every_format_is_present() -> None:
    suffixes = {entry.name.rsplit(".", 1)[-1] for entry in demo_files()}
    assert suffixes == {s.lstrip(".") for s in DEMO_SUFFIXES}
    assert sum(entry.name.endswith(".html") for entry in demo_files()) >= 2


@pytest.mark.parametrize(("name", "text"), _article_texts())
def test_articles_are_short(name: str, text: str) -> None:
    assert MIN_WORDS <= len(text.split()) <= MAX_WORDS, name


def test_jsonl_records_carry_the_feed_fields() -> None:
    [feed] = [entry for entry in demo_files() if entry.name.endswith(".jsonl")]
    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert 2 <= len(records) <= 3
    assert all(set(record) == JSONL_KEYS for record in records)


def test_html_pages_carry_publication_metadata() -> None:
    for entry in demo_files():
        if entry.name.endswith(".html"):
            page = entry.read_text(encoding="utf-8")
            assert 'property="article:published_time"' in page, entry.name
            assert 'property="og:site_name"' in page, entry.name


def test_some_articles_have_no_publication_date() -> None:
    """Undated articles are part of the point: they must be dated from another report of the same event."""
    plain_texts = [entry.read_text(encoding="utf-8") for entry in demo_files() if entry.name.endswith(".txt")]
    undated = [
        text for text in plain_texts if not text.lstrip().startswith("date ") and "print edition" not in text
    ]
    assert len(undated) >= 2


def test_the_ingester_reads_every_article_and_rejects_nothing() -> None:
    from dateline.model import Article
    from dateline.stages.ingest import iter_articles

    items = list(iter_articles([str(ARTICLES)]))
    rejected = [item for item in items if not isinstance(item, Article)]
    assert rejected == []
    assert len(items) == len(_article_texts())
    from_metadata = [a for a in items if isinstance(a, Article) and a.published and a.outlet]
    assert len(from_metadata) >= 3 + 2  # the HTML pages and the feed records carry outlet and date
