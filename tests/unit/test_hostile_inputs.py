"""Hostile inputs, generated in tmp_path: each gives a counted Rejected (file + reason) or a best-effort
Article, and a batch of all of them never crashes."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from dateline.model import Article, Rejected
from dateline.stages.clean import clean_text
from dateline.stages.ingest import MAX_BYTES, iter_articles

ARABIC = "استعاد الجيش السوري السيطرة على مدينة تدمر من تنظيم الدولة الإسلامية بعد معارك عنيفة استمرت أسابيع."
CHINESE = "叙利亚军队在俄罗斯空军的支持下收复了帕尔米拉古城，这是对极端组织的又一次打击。"
LATIN1 = "Les forces gouvernementales ont repris la ville, a déclaré l'Observatoire à Genève, où il pleut."


def one(path: Path, **options: int) -> Article | Rejected:
    items = list(iter_articles([path], **options))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def assert_rejected(item: Article | Rejected, code: str, path: Path) -> None:
    assert isinstance(item, Rejected), item
    assert item.code == code, item
    assert str(path) in item.source
    assert item.reason


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_rejected(one(path), "empty", path)


def test_whitespace_only(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\r\n  \u3000 ", encoding="utf-8")
    assert_rejected(one(path), "empty", path)


def test_png_header(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert_rejected(one(path), "binary", path)


def test_control_byte_soup_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(bytes(range(32)) * 200)
    assert_rejected(one(path), "binary", path)


def test_a_few_nul_bytes_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"The army retook the town\x00 on Tuesday, officials said.")
    item = one(path)
    assert isinstance(item, Article)
    assert "\x00" not in item.text and "town on Tuesday" in item.text


def test_invalid_utf8_is_decoded_best_effort(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"The army retook the town, officials said." + b"\xff\xfe\xfa broken")
    item = one(path)
    assert isinstance(item, (Article, Rejected))
    if isinstance(item, Article):
        assert "army retook the town" in item.text


def test_utf8_with_a_few_corrupt_bytes_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mostly.txt"
    path.write_bytes(("Genève: " + "The army retook the town, officials said. " * 20).encode() + b"\xff")
    item = one(path)
    assert isinstance(item, Article)
    assert item.text.startswith("Genève") and item.text.endswith("\ufffd")


def test_cp1256_arabic(tmp_path: Path) -> None:
    path = tmp_path / "arabic.txt"
    path.write_bytes((ARABIC + "\n").encode("cp1256") * 3)
    item = one(path)
    assert isinstance(item, Article)
    assert ARABIC in item.text


def test_latin1(tmp_path: Path) -> None:
    path = tmp_path / "french.txt"
    path.write_bytes((LATIN1 + "\n").encode("latin-1") * 3)
    item = one(path)
    assert isinstance(item, Article)
    assert "déclaré" in item.text and "Genève" in item.text


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("The army retook the town. " + CHINESE).encode("utf-16"))
    item = one(path)
    assert isinstance(item, Article) and CHINESE in item.text


def test_arabic_and_chinese_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(ARABIC + "\n\n" + CHINESE, encoding="utf-8")
    item = one(path)
    assert isinstance(item, Article)
    result = clean_text(item.text)
    assert result.clean_text == item.text  # nothing in other scripts looks like furniture


def test_ten_megabyte_single_line_text(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes(b"word " * 2_000_000)  # 10 MB, one line
    started = time.perf_counter()
    assert_rejected(one(path), "too-large", path)
    assert time.perf_counter() - started < 2


def test_ten_megabyte_single_jsonl_line_then_a_good_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    with path.open("wb") as out:
        out.write(b'{"text": "' + b"a" * 10_000_000 + b'"}\n')
        out.write(b'{"text": "A normal story."}\n')
    items = list(iter_articles([path]))
    assert [type(i).__name__ for i in items] == ["Rejected", "Article"]
    assert isinstance(items[0], Rejected) and items[0].source == f"{path}:1" and items[0].code == "too-large"


def test_fifty_megabyte_file_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.truncate(50_000_000)  # sparse: instant to make, 50 MB by size
    started = time.perf_counter()
    assert_rejected(one(path), "too-large", path)
    assert time.perf_counter() - started < 1


def test_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"\0" * (MAX_BYTES * 4), compresslevel=9))
    started = time.perf_counter()
    assert_rejected(one(path), "too-large", path)
    assert time.perf_counter() - started < 5


def test_jsonl_gzip_bomb_of_blank_lines_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n" * 5_000_000, compresslevel=9))
    items = list(iter_articles([path], max_bytes=1_000_000))
    assert [r.code for r in items if isinstance(r, Rejected)] == ["too-large"]


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(b"A story that was cut short." * 100)[:40])
    assert_rejected(one(path), "parse", path)


def test_deeply_nested_html(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    depth = 5000
    path.write_text("<div>" * depth + "<p>The army retook the town, officials said.</p>" + "</div>" * depth)
    item = one(path)
    assert isinstance(item, (Article, Rejected))


def test_malformed_html(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    body = "<p>The army retook the town on Tuesday after weeks of fighting, a monitoring group said. " * 5
    path.write_text("<html><body><div><p>unclosed <b>tags <table><tr><td>" + body + "</i></span>")
    item = one(path)
    assert isinstance(item, (Article, Rejected))
    if isinstance(item, Article):
        assert "army retook the town" in item.text


def test_html_that_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<<<>>>", encoding="utf-8")
    assert isinstance(one(path), Rejected)


def test_jsonl_with_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_bytes(b'{"text": "Good one."}\n{"text": \n[1, 2]\n\xff\xfe{}\n{"text": "Good two."}\n')
    items = list(iter_articles([path]))
    assert [i.source for i in items if isinstance(i, Article)] == [f"{path}:1", f"{path}:5"]
    assert [(r.source, r.code) for r in items if isinstance(r, Rejected)] == [
        (f"{path}:2", "parse"),
        (f"{path}:3", "parse"),
        (f"{path}:4", "encoding"),
    ]


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert isinstance(one(path), Rejected)


def test_duplicate_texts_share_an_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The same story.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The same\nstory.", encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Rejected) and items[1].code == "duplicate"


@pytest.mark.parametrize("when", ["1066-10-14", "2999-12-31"])
def test_absurd_dates_are_kept_only_as_a_note(tmp_path: Path, when: str) -> None:
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"text": "A story.", "date": when}) + "\n", encoding="utf-8")
    item = one(path)
    assert isinstance(item, Article) and item.published is not None
    assert not item.published.interval.is_resolved and when in item.published.note


@pytest.mark.parametrize("when", ["1066-10-14", "2999-12-31"])
def test_absurd_header_dates_in_text(tmp_path: Path, when: str) -> None:
    path = tmp_path / "dated.txt"
    path.write_text(f"date {when} A story.", encoding="utf-8")
    item = one(path)
    assert isinstance(item, Article) and item.published is not None
    assert not item.published.interval.is_resolved


def test_a_batch_of_everything_never_crashes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    (tmp_path / "bad.jsonl").write_text('{"text": "ok one"}\n{oops\n', encoding="utf-8")
    (tmp_path / "good.txt").write_text("A good story.", encoding="utf-8")
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * 3_000_000))
    (tmp_path / "deep.html").write_text("<div>" * 3000)
    items = list(iter_articles([tmp_path], max_bytes=1_000_000))
    kinds = sorted(type(i).__name__ for i in items)
    assert kinds.count("Article") == 2
    assert all(r.reason and r.source for r in items if isinstance(r, Rejected))
