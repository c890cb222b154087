"""Ingest: normalisation, ids, metadata dates and every input format, with hand-built files."""

from __future__ import annotations

import gzip
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.errors import EmptyInputError, ParseError
from dateline.model import Article, Rejected
from dateline.stages.ingest import (
    article_from_html,
    article_from_text,
    article_id,
    iter_articles,
    normalise_text,
    parse_metadata_date,
)

STORY = "Government forces retook the town on Tuesday, a monitor said.\n\nFighting went on nearby."

PAGE = """<html><head><title>Army retakes town | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2017-03-03T10:00:00Z">
<link rel="canonical" href="https://news.example.com/army-retakes-town"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Army retakes town</h1>
<p>Government forces retook the town of Exampleville on Tuesday after weeks of fighting, a monitoring
group said, adding that the militants had withdrawn towards the desert overnight.</p>
<p>The army said engineering units were clearing mines from the streets and that residents would be
allowed back within days, according to a statement carried by the state news agency.</p>
<p>The town had changed hands twice since the war began, and its recapture opens the road to the east,
where the remaining fighters are concentrated around the river valley.</p>
</article><footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def articles(items: list[Article | Rejected]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def rejected(items: list[Article | Rejected]) -> list[Rejected]:
    return [r for r in items if isinstance(r, Rejected)]


# --------------------------------------------------------------------------- article_from_text


def test_normalise_text_unifies_line_breaks_and_drops_controls() -> None:
    assert normalise_text("\ufeffa\r\nb\rc\x00d\u2028e") == "a\nb\ncd\ne"


def test_normalise_text_composes_unicode() -> None:
    assert normalise_text("cafe\u0301") == "café"


def test_article_id_is_sixteen_hex_digits() -> None:
    article = article_from_text(STORY, source="s")
    assert len(article.id) == 16
    int(article.id, 16)


def test_same_text_same_id_whatever_the_wrapping() -> None:
    a = article_from_text("One two\nthree.", source="a")
    b = article_from_text("  One   two three.\r\n", source="b")
    assert a.id == b.id


@given(st.lists(st.text(alphabet="abcXYZ .,", min_size=1, max_size=8), min_size=1, max_size=12))
def test_id_stable_under_whitespace_changes(words: list[str]) -> None:
    text = " ".join(words)
    rewrapped = "\n\n".join(words) + "   \n"
    assert article_id(normalise_text(text)) == article_id(normalise_text(rewrapped))


def test_plain_text_title_is_the_headline_line() -> None:
    article = article_from_text("1. Channel Report\n\nArmy retakes town\n\n" + STORY, source="x")
    assert article.title == "Army retakes town"


def test_no_title_when_the_first_line_is_a_sentence() -> None:
    assert article_from_text(STORY, source="x").title is None


def test_no_title_from_an_endless_first_line() -> None:
    assert article_from_text("x" * 10_000, source="x").title is None


def test_given_title_wins() -> None:
    assert article_from_text("Army retakes town\n\n" + STORY, source="x", title=" Given ").title == "Given"


def test_empty_text_raises_a_typed_error() -> None:
    with pytest.raises(EmptyInputError):
        article_from_text(" \n\t ", source="x")


def test_leading_date_header_is_metadata_with_evidence() -> None:
    text = " date 2017-11-03 A subtitle that goes on.\n\nBody sentence here."
    article = article_from_text(text, source="x")
    assert article.published is not None
    assert article.published.source == "header"
    assert article.published.interval.start == date(2017, 11, 3)
    assert article.published.evidence is not None
    assert article.published.evidence.of(article.text) == "2017-11-03"
    assert "A subtitle" in article.text  # the header stays in the text (raw offsets)


def test_date_word_later_in_text_is_not_a_header() -> None:
    article = article_from_text("The date 2017-11-03 was set.", source="x")
    assert article.published is None


@pytest.mark.parametrize("value", ["1066-10-14", "2999-01-01"])
def test_far_metadata_dates_are_not_trusted(value: str) -> None:
    found = parse_metadata_date(value)
    assert not found.interval.is_resolved
    assert value in found.note


def test_tomorrow_is_still_accepted() -> None:
    tomorrow = date.today() + timedelta(days=1)
    assert parse_metadata_date(tomorrow.isoformat()).interval.start == tomorrow


def test_metadata_datetime_with_zone() -> None:
    assert parse_metadata_date("2017-03-03T23:10:00+03:00").interval.start == date(2017, 3, 3)


@pytest.mark.parametrize(
    "value", ["Fri, 03 Mar 2017 10:00:00 GMT", "March 3, 2017", "3 March 2017 10:00", "2017-03-03"]
)
def test_metadata_date_forms(value: str) -> None:
    assert parse_metadata_date(value).interval.start == date(2017, 3, 3)


def test_ambiguous_numeric_metadata_date_is_not_guessed() -> None:
    assert not parse_metadata_date("03/04/2017").interval.is_resolved


def test_unreadable_metadata_date_is_a_note() -> None:
    found = parse_metadata_date("last Tuesday")
    assert found.source == "undated"
    assert "not understood" in found.note


# --------------------------------------------------------------------------- formats


def test_plain_text_and_markdown_and_no_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY + " A.", encoding="utf-8")
    (tmp_path / "b.md").write_text(STORY + " B.", encoding="utf-8")
    (tmp_path / "c").write_text(STORY + " C.", encoding="utf-8")
    found = articles(list(iter_articles([tmp_path])))
    assert [Path(a.source or "").name for a in found] == ["a.txt", "b.md", "c"]


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "1.txt").write_text("First story text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Second story text.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden story text.", encoding="utf-8")
    names = [Path(a.source or "").name for a in articles(list(iter_articles([tmp_path])))]
    assert names == ["a.txt", "1.txt"]


def test_jsonl_broken_line_is_rejected_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "First story.", "title": "One", "date": "2017-03-02", "outlet": "Wire"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Fourth story.", "url": "https://x.example/4"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles([path]))
    good, bad = articles(items), rejected(items)
    assert [a.source for a in good] == [f"{path}:1", f"{path}:5"]
    assert good[0].title == "One" and good[0].outlet == "Wire"
    assert good[0].published is not None and good[0].published.interval.start == date(2017, 3, 2)
    assert good[1].url == "https://x.example/4"
    assert [(r.source, r.code) for r in bad] == [(f"{path}:2", "parse"), (f"{path}:3", "parse")]


def test_json_array_names_the_index_of_a_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"text": "A story."}, 42, {"text": "Another story."}]), encoding="utf-8")
    items = list(iter_articles([path]))
    assert len(articles(items)) == 2
    assert [r.source for r in rejected(items)] == [f"{path}[1]"]


def test_json_field_of_wrong_type_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": "A story.", "title": ["x"]}), encoding="utf-8")
    [item] = list(iter_articles([path]))
    assert isinstance(item, Rejected) and "title" in item.reason


def test_gzip_of_text_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"A gzipped story."))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"text": "One."}\n{"text": "Two."}\n'))
    texts = [a.text for a in articles(list(iter_articles([tmp_path])))]
    assert texts == ["A gzipped story.", "One.", "Two."]


def test_html_page_gives_body_title_date_outlet_url(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [article] = articles(list(iter_articles([tmp_path])))
    assert "Exampleville" in article.text
    assert "Home" not in article.text
    assert article.title is not None and "Army retakes town" in article.title
    assert article.text.startswith(article.title)
    assert article.outlet == "Example News"
    assert article.url == "https://news.example.com/army-retakes-town"
    assert article.published is not None and article.published.interval.start == date(2017, 3, 3)


def test_html_without_a_body_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        article_from_html("<html><head><title>A title</title></head><body></body></html>", source="e.html")


def test_duplicates_are_rejected_naming_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same story.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same   story.\n", encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert len(articles(items)) == 1
    [dup] = rejected(items)
    assert dup.code == "duplicate" and str(tmp_path / "a.txt") in dup.reason


def test_dedupe_can_be_turned_off(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same story.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same story.", encoding="utf-8")
    assert len(articles(list(iter_articles([tmp_path], dedupe=False)))) == 2


def test_missing_and_unsupported_paths_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    items = list(iter_articles([tmp_path / "nope.txt", tmp_path / "sheet.xlsx"]))
    assert [(r.code) for r in rejected(items)] == ["not-found", "unsupported"]


def test_dotted_name_without_extension_is_text(tmp_path: Path) -> None:
    (tmp_path / "report.2017").write_text("A story from a dotted file name.", encoding="utf-8")
    assert len(articles(list(iter_articles([tmp_path])))) == 1
