"""Ingest: files and folders in, :class:`Article` (or :class:`Rejected`) records out, one at a time.

Supported inputs (folders are walked recursively, in sorted order, hidden entries skipped):

- ``.txt``, ``.md`` or no extension: plain text. An optional ``date YYYY-MM-DD`` token at the very start is
  publication metadata (it may be followed by a subtitle on the same line); it stays in the text, so its
  evidence span is a raw offset, and the cleaner blanks it.
- ``.html`` / ``.htm``: body, title, date, site name and URL extracted by trafilatura.
- ``.jsonl``: one JSON object per line (``text``, optional ``title``/``url``/``date``/``outlet``); a broken
  line becomes a :class:`Rejected` naming ``file:line`` and the rest go on.
- ``.json``: an array of such objects (or one object).
- ``.gz`` of any of those.

Every failure is a typed :class:`~dateline.errors.InputError` turned into a :class:`Rejected` record, never a
silent skip. Memory is bounded: files are sized before they are read, JSON Lines are read line by line with a
per-line cap, and gzip streams are decompressed at most ``max_bytes + 1`` bytes at a time (zip bombs).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from dateline.data.boilerplate import DATE_HEADER
from dateline.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    ParseError,
    TooLargeError,
)
from dateline.model import Article, ArticleDate, Rejected, Span, TimeInterval
from dateline.stages.clean import clean_text, find_headline
from dateline.stages.dating import find_full_dates

__all__ = [
    "MAX_BYTES",
    "article_from_html",
    "article_from_text",
    "article_id",
    "decode_bytes",
    "iter_articles",
    "normalise_text",
    "parse_metadata_date",
]

# One article (text or HTML page) larger than this is not a news article but a dump or an attack. Real news
# HTML pages reach ~1-2 MB with inline scripts; article texts are tens of KB. spaCy refuses > 1M characters.
MAX_BYTES = 5_000_000

# The title of a plain-text article is looked for in this many leading characters (whole lines).
HEADLINE_SEARCH_CHARS = 4000

# Real text/HTML compresses 3-10x with gzip; a multi-record .jsonl.gz stream decompressing to more than this
# many times its compressed size is a bomb, not a corpus.
MAX_GZIP_RATIO = 100

# Binary sniffing looks at this many leading bytes; text has almost no C0 control bytes besides \t \n \r \f.
SNIFF_BYTES = 8192
# Share of control bytes (NUL, other C0) above which a byte string is binary rather than text with a few
# stray NULs (which normalisation strips).
MAX_CONTROL_SHARE = 0.05

# UTF-8 with at most this share of undecodable bytes is still UTF-8 (a corrupted copy), not another code page.
MAX_BAD_UTF8_SHARE = 0.01

# Metadata dates outside [EARLIEST_DATE, today + FUTURE_SLACK] are typos or placeholders, never trusted.
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_SLACK = timedelta(days=1)  # time zones: a page can be dated "tomorrow" where we are

TEXT_SUFFIXES = frozenset({".txt", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# Magic numbers of binary formats that turn up in news folders: images, PDF, media, executables, databases,
# and archives (zip/docx/epub, gzip without a .gz suffix, bzip2, xz).
_MEDIA_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"RIFF", b"\x7fELF", b"SQLite format 3")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
BINARY_MAGIC = _MEDIA_MAGIC + _ARCHIVE_MAGIC

# Normalisation drops NUL, BOM and other C0 controls (keeping tab/newline/form feed) and unifies line breaks.
_DROP_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")


# --------------------------------------------------------------------------- text -> Article


def normalise_text(text: str) -> str:
    """NFC, every line break as ``\\n``, NULs/BOMs/stray control characters dropped."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _DROP_CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def article_id(normalised_text: str) -> str:
    """First 16 hex digits of the sha256 of the whitespace-collapsed text: stable under re-wrapping."""
    collapsed = " ".join(normalised_text.split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()[:16]


def article_from_text(
    text: str,
    *,
    source: str,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: ArticleDate | None = None,
) -> Article:
    """Build an :class:`Article` from text. A leading ``date YYYY-MM-DD`` header is read when ``published``
    is not given; without a ``title`` the first line is the title when it reads as a headline (after page
    furniture such as "1. ITV Report" is set aside). Raises :class:`EmptyInputError` when nothing but
    whitespace remains."""
    text = normalise_text(text)
    if not text.strip():
        raise EmptyInputError(source, "no text (empty or whitespace only)")
    if published is None or not published.interval.is_resolved:
        published = _header_date(text) or published
    return Article(
        id=article_id(text),
        text=text,
        title=_clean_field(title) or _headline(text, outlet=outlet),
        url=_clean_field(url),
        outlet=_clean_field(outlet),
        source=source,
        published=published,
    )


def _headline(text: str, *, outlet: str | None) -> str | None:
    # The headline is among the first lines: clean only the head, so a huge text is not cleaned twice.
    head = text[: text.rfind("\n", 0, HEADLINE_SEARCH_CHARS) + 1 or HEADLINE_SEARCH_CHARS]
    span = find_headline(clean_text(head, outlet=outlet).clean_text)
    return _clean_field(span.of(text)) if span is not None else None


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(normalise_text(value).split())
    return value or None


def _header_date(text: str) -> ArticleDate | None:
    # A leading "date YYYY-MM-DD" token, maybe followed by the subtitle on the same line; the same pattern
    # tells the cleaner to blank it.
    match = DATE_HEADER.match(text)
    if match is None:
        return None
    evidence = Span(match.start("date"), match.end("date"))
    return parse_metadata_date(match.group("date"), source="header", evidence=evidence)


def parse_metadata_date(value: str, *, source: str = "metadata", evidence: Span | None = None) -> ArticleDate:
    """Turn a metadata date string (ISO date or datetime) into an :class:`ArticleDate`.

    Unparseable, far-past (< 1900) or future (> today + 1 day) dates are not trusted: the result is
    ``ArticleDate.undated`` with a note naming the rejected value; the dating stage looks for other evidence.
    """
    day = _parse_day(value)
    if day is None:
        return ArticleDate.undated(f"{source} date {value!r} not understood")
    latest = date.today() + FUTURE_SLACK
    if day < EARLIEST_DATE or day > latest:
        return ArticleDate.undated(
            f"{source} date {day.isoformat()} rejected: outside {EARLIEST_DATE}..{latest}"
        )
    return ArticleDate(TimeInterval.day(day), source, evidence)


def _parse_day(value: str) -> date | None:
    """ISO 8601 (the publisher's local day, not converted to UTC), RFC 2822 as in RSS feeds, or a written
    date ("March 3, 2017"). All-numeric forms other than ISO (03/04/2017) are ambiguous and not guessed."""
    value = value.strip()
    for parse in (_iso_day, _rfc2822_day):
        day = parse(value)
        if day is not None:
            return day
    written = find_full_dates(value)
    return written[0].day if written else None


def _iso_day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _rfc2822_day(value: str) -> date | None:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------- HTML -> Article

# htmldate options: only dates the page states as its own (meta tags, <time>, URL), not any date in the body
# ("extensive_search" would date a page by a date the article merely mentions).
HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def article_from_html(html: str, *, source: str, url: str | None = None) -> Article:
    """Body, title, date, site name and URL of a news page, by trafilatura (a maintained extractor that
    beats anything we would hand-write). The title is kept as the text's first paragraph, as in plain-text
    articles, so headline-based rules see it. Raises :class:`ParseError` when no body is found."""
    import trafilatura  # imported on first use: it takes ~0.5 s and text-only runs never need it
    from lxml.etree import LxmlError

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=HTML_DATE_PARAMS,
        )
    # AssertionError: lxml's drop_tree asserts a parent, which htmldate's cleaning breaks on some malformed
    # pages (an <svg> root holding <div>s, found by fuzz/run.py); it must reject one page, not end a batch.
    except (LxmlError, RecursionError, ValueError, AssertionError) as err:
        raise ParseError(source, f"HTML could not be parsed: {type(err).__name__}") from err
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ParseError(source, "no article body found in the HTML")
    title = _clean_field(getattr(doc, "title", None))
    text = body if title is None or body.lstrip().startswith(title) else f"{title}\n\n{body}"
    raw_date = getattr(doc, "date", None)
    published = parse_metadata_date(raw_date) if raw_date else None
    outlet = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    return article_from_text(
        text,
        source=source,
        title=title,
        url=getattr(doc, "url", None) or url,
        outlet=outlet,
        published=published,
    )


# --------------------------------------------------------------------------- bytes -> text


def decode_bytes(data: bytes, *, source: str) -> str:
    """Decode a text file: BOM-marked UTF-8/16/32, plain UTF-8, else the best guess of charset-normalizer
    (it tells cp1256 Arabic from latin-1 by language models we would otherwise hand-write).

    Raises :class:`BinaryInputError` for images/archives/control-byte soup and :class:`EncodingError` when no
    encoding fits.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise EncodingError(
                    source, f"starts with a {codec} byte-order mark but is not {codec}"
                ) from err
    _reject_binary(data, source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(source, "not UTF-8 and no other encoding fits")
    return str(best)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes (a bad copy-paste) decoded with U+FFFD for them: guessing a
    legacy code page for the whole text would garble every correct character instead. Legacy-encoded text
    (latin-1, cp1256) almost never contains valid multi-byte UTF-8 sequences, so it is not caught here."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    decoded_multibyte = any(ord(c) > 0x7F and c != "\ufffd" for c in text)
    if decoded_multibyte and bad <= len(data) * MAX_BAD_UTF8_SHARE:
        return text
    return None


def _reject_binary(data: bytes, *, source: str) -> None:
    if data.startswith(BINARY_MAGIC):
        raise BinaryInputError(source, "binary file (image, archive or executable), not text")
    head = data[:SNIFF_BYTES]
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f")
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        raise BinaryInputError(source, f"binary data: {controls} control bytes in the first {len(head)}")


# --------------------------------------------------------------------------- reading files


def _read_bounded(path: Path, *, max_bytes: int) -> bytes:
    """Whole file (decompressed when ``.gz``), never more than ``max_bytes + 1`` bytes in memory."""
    source = str(path)
    if path.suffix.lower() != ".gz" and path.stat().st_size > max_bytes:
        raise TooLargeError(source, f"{path.stat().st_size} bytes, above the {max_bytes}-byte limit")
    with _open_binary(path) as stream:
        try:
            data = stream.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as err:
            raise ParseError(source, f"corrupt compressed data: {err}") from err
    if len(data) > max_bytes:
        raise TooLargeError(source, f"more than {max_bytes} bytes (decompressed)")
    return data


def _open_binary(path: Path) -> io.BufferedIOBase:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def _content_suffix(path: Path) -> str:
    """The suffix that says what the content is: ``a.jsonl.gz`` -> ``.jsonl``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if not suffixes:
        return ""
    # A dotted name such as "report.2017" has no real extension: treat it as plain text.
    return "" if suffixes[-1][1:].isdigit() else suffixes[-1]


def _walk(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Rejected(str(path), "ingest", "not-found", "no such file or folder")


# --------------------------------------------------------------------------- per-format readers


def _article_from_json_value(obj: Any, *, source: str) -> Article:
    if not isinstance(obj, dict):
        raise ParseError(source, f"expected a JSON object, got {type(obj).__name__}")
    text = _string_field(obj, "text", source=source)
    if text is None:
        raise ParseError(source, "no 'text' field")
    when = _string_field(obj, "date", source=source)
    return article_from_text(
        text,
        source=source,
        title=_string_field(obj, "title", source=source),
        url=_string_field(obj, "url", source=source),
        outlet=_string_field(obj, "outlet", source=source),
        published=parse_metadata_date(when) if when else None,
    )


def _string_field(obj: dict[str, Any], name: str, *, source: str) -> str | None:
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise ParseError(source, f"field {name!r} must be a string, got {type(value).__name__}")
    return value


def _read_text(path: Path, *, max_bytes: int) -> Iterator[Article | Rejected]:
    source = str(path)
    text = decode_bytes(_read_bounded(path, max_bytes=max_bytes), source=source)
    yield article_from_text(text, source=source)


def _read_html(path: Path, *, max_bytes: int) -> Iterator[Article | Rejected]:
    source = str(path)
    html = decode_bytes(_read_bounded(path, max_bytes=max_bytes), source=source)
    yield article_from_html(html, source=source)


def _read_json(path: Path, *, max_bytes: int) -> Iterator[Article | Rejected]:
    source = str(path)
    data = _read_bounded(path, max_bytes=max_bytes)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise EncodingError(source, "JSON must be UTF-8") from err
    except (json.JSONDecodeError, RecursionError) as err:
        raise ParseError(source, f"invalid JSON: {err}") from err
    items = parsed if isinstance(parsed, list) else [parsed]
    for index, item in enumerate(items):
        item_source = f"{source}[{index}]" if isinstance(parsed, list) else source
        yield _guarded(partial(_article_from_json_value, item, source=item_source))


def _read_jsonl(path: Path, *, max_bytes: int) -> Iterator[Article | Rejected]:
    source = str(path)
    budget = _gzip_budget(path, max_bytes=max_bytes)
    with _open_binary(path) as stream:
        for lineno, line in _bounded_lines(stream, max_line=max_bytes, budget=budget, source=source):
            line_source = f"{source}:{lineno}"
            if line is None:
                yield TooLargeError(line_source, f"line longer than {max_bytes} bytes").to_rejected()
            elif line.strip():
                yield _guarded(partial(_article_from_json_line, line, source=line_source))


def _article_from_json_line(raw: bytes, *, source: str) -> Article:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise EncodingError(source, "line is not UTF-8") from err
    except (json.JSONDecodeError, RecursionError) as err:
        raise ParseError(source, f"invalid JSON: {err}") from err
    return _article_from_json_value(obj, source=source)


def _gzip_budget(path: Path, *, max_bytes: int) -> int | None:
    """Decompressed-size budget for a streamed ``.gz`` (None for plain files, which are streamed as is)."""
    if path.suffix.lower() != ".gz":
        return None
    return max(max_bytes, path.stat().st_size * MAX_GZIP_RATIO)


def _bounded_lines(
    stream: io.BufferedIOBase, *, max_line: int, budget: int | None, source: str
) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, bytes)``; ``None`` for a line above ``max_line`` (skipped in bounded memory)."""
    consumed = 0
    lineno = 0
    while True:
        try:
            line = stream.readline(max_line + 1)
        except (OSError, EOFError, zlib.error) as err:
            raise ParseError(source, f"corrupt compressed data after line {lineno}: {err}") from err
        if not line:
            return
        lineno += 1
        consumed += len(line)
        too_long = len(line) > max_line and not line.endswith(b"\n")
        while too_long and line and not line.endswith(b"\n"):
            line = stream.readline(max_line + 1)  # drain the rest of the long line, chunk by chunk
            consumed += len(line)
        if budget is not None and consumed > budget:
            raise TooLargeError(source, f"decompresses to more than {budget} bytes (gzip bomb?)")
        yield lineno, None if too_long else line


def _guarded(make: Callable[[], Article]) -> Article | Rejected:
    """One record's failure is that record's :class:`Rejected`; the stream goes on."""
    try:
        return make()
    except InputError as err:
        return err.to_rejected()


# --------------------------------------------------------------------------- the stream


def iter_articles(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES, dedupe: bool = True
) -> Iterator[Article | Rejected]:
    """Stream articles from files and folders; every unusable input is a :class:`Rejected` naming why.

    With ``dedupe`` a text seen before in this stream (same id) is a ``Rejected`` with code ``duplicate``.
    """
    seen: dict[str, str] = {}  # id -> first source; 16-hex ids keep this small for millions of articles
    for entry in _walk(paths):
        if isinstance(entry, Rejected):
            yield entry
            continue
        for item in _read_path(entry, max_bytes=max_bytes):
            if isinstance(item, Article) and dedupe:
                first = seen.get(item.id)
                if first is not None:
                    yield Rejected(item.source or "", "ingest", "duplicate", f"same text as {first}")
                    continue
                seen[item.id] = item.source or ""
            yield item


def _read_path(path: Path, *, max_bytes: int) -> Iterator[Article | Rejected]:
    source = str(path)
    suffix = _content_suffix(path)
    readers = {".json": _read_json, ".jsonl": _read_jsonl}
    if suffix in TEXT_SUFFIXES:
        reader = _read_text
    elif suffix in HTML_SUFFIXES:
        reader = _read_html
    elif suffix in readers:
        reader = readers[suffix]
    else:
        yield Rejected(source, "ingest", "unsupported", f"unsupported file type {suffix!r}")
        return
    try:
        yield from reader(path, max_bytes=max_bytes)
    except InputError as err:
        yield err.to_rejected()
    except OSError as err:
        yield Rejected(source, "ingest", "unreadable", f"cannot read: {err.strerror or err}")
