"""Fuzz the input-facing code of dateline: the cleaner, the date rules, HTML/bytes ingest and file ingest,
place-name folding and actor resolution.

    .venv/bin/python fuzz/run.py [--seconds N] [--target cleaner|dates|html|jsonl|places|actors|all]
                                 [--engine atheris|random] [--seed N]

Each target turns a byte string into *structured* input (HTML with random nesting, unclosed tags, entities
and scripts; text mixing page furniture, prose, dates and awkward Unicode; date-like strings; JSON Lines
files with broken lines, gzip, truncated gzip; bytes in several encodings) through :class:`Choices`, so the
same generators serve two engines:

- ``atheris`` (coverage-guided libFuzzer, when installed: ``pip install atheris``): one child process per
  target, because ``atheris.Fuzz`` never returns;
- ``random``: seeded random byte strings, in process; deterministic for a seed (the test suite uses it).

Invariants: nothing but :class:`dateline.errors.InputError` subclasses escapes; offsets lie within the text;
``clean_text`` keeps the length and newlines and is idempotent; intervals start <= end; keys are folded.
A failure is counted per input; the shortest failing input per distinct failure is shrunk and printed as a
reproducer (the generated values, not bytes). Inputs slower than :data:`SLOW_SECONDS` are counted apart.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from dateline.errors import InputError
from dateline.model import AnalyzedArticle, Article, Rejected, Span, TimeInterval
from dateline.stages.actors import normalise_phrase, resolve_actor
from dateline.stages.clean import clean_text, find_headline
from dateline.stages.dating import date_article, find_full_dates
from dateline.stages.ingest import (
    article_from_html,
    article_from_text,
    decode_bytes,
    iter_articles,
    parse_metadata_date,
)
from dateline.stages.placenames import abbreviation_key, loose_key, strict_key
from dateline.stages.temporal import find_in_window, find_time_expressions, resolve_relative

# libFuzzer's default input cap (4 KB) is a long news article already; HTML pages need a little more.
MAX_INPUT_BYTES = 8192
# An input slower than this is reported (a regex backtracking, a quadratic loop): on 8 KB it should be ms.
SLOW_SECONDS = 2.0
# Shrinking a failing input stops after this many seconds per distinct failure.
SHRINK_SECONDS = 3.0
ENGINES = ("atheris", "random")


class InvariantError(AssertionError):
    """An output broke a promise of the API (an offset out of bounds, a length changed). ``promise`` names
    it (one per distinct bug); ``detail`` shows the values."""

    def __init__(self, promise: str, detail: str) -> None:
        super().__init__(f"{promise}: {detail}" if detail else promise)
        self.promise = promise


def check(ok: bool, promise: str, detail: str = "") -> None:
    if not ok:
        raise InvariantError(promise, detail)


# --------------------------------------------------------------------------- bytes -> choices


class Choices:
    """Reads decisions off a byte string; once it is used up every decision is 0 (the simplest option), so
    a shorter input is a simpler structure, which is what shrinking relies on."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.log: list[tuple[str, object]] = []  # the generated values, printed as the reproducer

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def below(self, n: int) -> int:
        value = self.byte() << 8 | self.byte() if n > 256 else self.byte()
        return value % n if n > 0 else 0

    def pick(self, options: Sequence[str]) -> str:
        return options[self.below(len(options))]

    def chance(self, percent: int) -> bool:
        return self.below(100) >= 100 - percent  # 0 (bytes used up) is "no"

    def raw(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk

    def note(self, label: str, value: object) -> None:
        self.log.append((label, value))


# --------------------------------------------------------------------------- generators


def _pool(words: str) -> tuple[str, ...]:
    return tuple(words.split("|"))


MONTHS = _pool("January|Feb.|march|Sept|SEPTEMBER|May|Dec.|Juin|Jan")
WEEKDAYS = _pool("Monday|thursday|Friday|Sunday")
RELATIVE = _pool(
    "last week|next Tuesday|two days ago|99999999999 years ago|in 100000 years|the 1990s|the 0s|earlier this"
    " year|a year earlier|three weeks from now|tonight|the third quarter|Q4|last winter|this summer|yesterday"
    "|10 p.m.|noon|now|for 9999 years|every Monday|the year-ago quarter|fiscal 2099|9999 BC"
)
PROSE = _pool(
    "Government forces retook the town|the army said|will meet|was killed|officials said|rebels"
    "|in Deir ez-Zor|near al-Bab|Islamic State|The|on|said.|(Reuters) -|BEIRUT, |Published:|Updated|date"
    "|appeared in the print edition of The Daily on"
)
FURNITURE = _pool(
    "Credit: AP|FILE PHOTO:|Subscribe|Related Stories|READ MORE:|Share this article|AGENCE FRANCE PRESSE"
    "|REUTERS|Advertisement|© 2017 Example Media Ltd.|(Reporting by A; Editing by B)|www.example.com"
    "|https://x.example/a?b=1|1. ITV Report|Follow us on Twitter|- Rebels agree to hand villages to the"
    " government|- Food|*"
)
# Characters that trip text code: line/paragraph separators, CR, NUL, BOM, combining marks, RTL marks, NBSP,
# zero-width joiners, surrogate-free astral characters, Arabic, a lone high code point.
ODD_CHARS = "\u2028\u2029\r\x00\ufeff\u0301\u200f\u00a0\u200d\U0001f600دمشق\x85\x0b\x0c\t  \n\n\uffff"


def gen_date_string(c: Choices) -> str:
    day, year = str(c.below(40)), str(c.below(10000)).zfill(c.below(5))
    month = c.pick(MONTHS)
    forms = (f"{month} {day}, {year}", f"{day} {month} {year}", f"{year}-{c.below(14):02}-{day.zfill(2)}",
             f"{c.pick(WEEKDAYS)}", c.pick(RELATIVE), f"{day}/{c.below(13)}/{year}", f"{month} {year}",
             f"{year}-{c.below(14):02}-{day.zfill(2)}T25:61:00+99:00", f"{c.pick(WEEKDAYS)}, {day} {month} "
             f"{year} 10:32:00 GMT", f"{day}{c.pick(('st', 'nd', 'th'))} of {month}, {year}")  # fmt: skip
    return c.pick(forms)


def gen_line(c: Choices) -> str:
    kind = c.below(7)
    if kind == 0:
        return c.pick(FURNITURE)
    if kind == 1:
        return gen_date_string(c)
    if kind == 2:
        return "".join(c.pick(ODD_CHARS) for _ in range(c.below(12)))
    if kind == 3:
        return c.raw(c.below(40)).decode("utf-8", errors="replace")
    words = [c.pick(PROSE) if c.chance(70) else gen_date_string(c) for _ in range(c.below(14))]
    return " ".join(words) + c.pick((".", "", "!", ":", " -"))


def gen_text(c: Choices) -> str:
    lines = [gen_line(c) for _ in range(c.below(24))]
    prefix = f"date {gen_date_string(c)} " if c.chance(15) else ""
    return prefix + c.pick(("\n", "\n\n", "\r\n", " ")).join(lines)


def gen_anchor(c: Choices) -> date:
    """Ordinary days, and the ends of the calendar where date arithmetic overflows."""
    edges = (date.min, date.max, date(1, 1, 7), date(9999, 12, 25), date(2000, 2, 29))
    if c.chance(40):
        return edges[c.below(len(edges))]
    return date.fromordinal(1 + c.below(1 << 16) * 11 % (date.max.toordinal() - 1))


TAGS = _pool("div|p|article|main|span|script|style|table|td|a|b|h1|time|noscript|iframe|svg|header|footer|li")
ENTITIES = _pool("&amp;|&nbsp;|&#0;|&#x110000;|&#99999999;|&bogus;|&lt;|&#x202e;|&")
MARKUP = _pool("<!--|-->|<![CDATA[|]]>|<!DOCTYPE html>|<|>|</p>|<br/>|<meta charset='koi8-r'>")


def gen_html(c: Choices, depth: int = 0) -> str:
    parts: list[str] = []
    if depth == 0 and c.chance(60):
        meta = c.pick(("article:published_time", "date", "og:site_name", "og:title", "pubdate"))
        parts.append(f'<html><head><meta property="{meta}" content="{gen_date_string(c)}"><title>'
                     f"{gen_line(c)}</title></head><body>")  # fmt: skip
    for _ in range(c.below(8)):
        kind = c.below(6)
        if kind == 0 and depth < 60:
            tag = c.pick(TAGS)
            closing = f"</{tag}>" if c.chance(70) else ""  # unclosed tags
            parts.append(f'<{tag} class="{c.pick(TAGS)}">{gen_html(c, depth + 1)}{closing}')
        elif kind == 1:
            parts.append(c.pick(ENTITIES))
        elif kind == 2:
            parts.append(c.pick(MARKUP))
        else:
            parts.append(gen_text(c) if c.chance(30) else gen_line(c))
    return "".join(parts)


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1256", "latin-1", "shift_jis", "cp1252")


def gen_bytes(c: Choices, text: str) -> bytes:
    """``text`` in some encoding, maybe truncated or salted with random bytes; or plain random bytes."""
    if c.chance(10):
        return c.raw(c.below(600))
    data = text.encode(c.pick(ENCODINGS), errors="replace")
    if c.chance(20):
        data = data[: c.below(len(data) + 1)]
    if c.chance(20):
        cut = c.below(len(data) + 1)
        data = data[:cut] + c.raw(c.below(8)) + data[cut:]
    return data


def gen_json_record(c: Choices) -> str:
    fields: dict[str, object] = {"text": gen_text(c)}
    for name in ("title", "url", "date", "outlet"):
        if c.chance(40):
            fields[name] = gen_date_string(c) if name == "date" else gen_line(c)
    if c.chance(10):
        wrong: tuple[object, ...] = (None, 5, [], "", {"nested": True})  # wrong types and empty values
        fields[c.pick(("text", "date", "title"))] = wrong[c.below(len(wrong))]
    if c.chance(5):
        return json.dumps([fields])  # an array where an object is expected
    line = json.dumps(fields, ensure_ascii=c.chance(50))
    return line[: c.below(len(line) + 1)] if c.chance(15) else line  # broken JSON


def write_input_files(c: Choices, folder: Path) -> None:
    """A folder of the file kinds ingest reads: .jsonl (broken lines), .jsonl.gz (maybe truncated), .json,
    .txt, .html, .gz text, hidden files and unsupported suffixes."""
    for index in range(1 + c.below(4)):
        suffix = c.pick((".jsonl", ".jsonl.gz", ".json", ".txt", ".html", ".txt.gz", ".md", ".pdf", ""))
        name = ("." if c.chance(5) else "") + f"f{index}{suffix}"
        if suffix.startswith(".json"):
            body = "\n".join(gen_json_record(c) for _ in range(c.below(5))).encode()
        elif suffix == ".html":
            body = gen_bytes(c, gen_html(c))
        else:
            body = gen_bytes(c, gen_text(c))
        if suffix.endswith(".gz"):
            body = gzip.compress(body)
            body = body[: c.below(len(body) + 1)] if c.chance(20) else body
        (folder / name).write_bytes(body)
        c.note(name, body)


# --------------------------------------------------------------------------- invariants


def check_span(span: Span | None, text: str, what: str) -> None:
    if span is not None:
        check(0 <= span.start <= span.end <= len(text), f"{what} span in the text", f"{span}, {len(text)}")


def check_interval(interval: TimeInterval, what: str) -> None:
    check((interval.start is None) == (interval.end is None), f"{what}: both ends set or neither")
    if interval.start is not None and interval.end is not None:
        check(interval.start <= interval.end, f"{what}: interval start <= end")


def check_article(article: Article) -> None:
    check(bool(article.text.strip()), "an Article with no text")
    check(len(article.id) == 16, "article id of 16 hex digits", article.id)
    if article.published is not None:
        check_interval(article.published.interval, "published")
        check_span(article.published.evidence, article.text, "published evidence")


# --------------------------------------------------------------------------- targets


def fuzz_cleaner(c: Choices) -> None:
    text, outlet = gen_text(c), gen_line(c) if c.chance(30) else None
    c.note("text", text)
    c.note("outlet", outlet)
    result = clean_text(text, outlet=outlet)
    check(len(result.clean_text) == len(text), "clean_text changed the length")
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    check(newlines == [i for i, ch in enumerate(result.clean_text) if ch == "\n"], "newlines moved")
    for removal in result.removed:
        check_span(removal.span, text, f"removal {removal.rule}")
    check(clean_text(result.clean_text, outlet=outlet).clean_text == result.clean_text, "not idempotent")
    check_span(find_headline(result.clean_text), text, "headline")


def fuzz_dates(c: Choices) -> None:
    text, anchor, earliest = gen_text(c), gen_anchor(c), gen_anchor(c)
    c.note("text", text)
    c.note("anchor", anchor)
    for expr in find_time_expressions(text, anchor=anchor):
        check(expr.span.start < expr.span.end, "time expression span not empty", str(expr.span))
        check_span(expr.span, text, "time expression")
        check_interval(expr.interval, "time expression")
    earliest, latest = sorted((earliest, anchor))
    c.note("window", (earliest, latest))
    for expr in find_in_window(text, earliest=earliest, latest=latest):
        check_span(expr.span, text, "window time expression")
    phrase = gen_date_string(c)
    c.note("phrase", phrase)
    check_interval(resolve_relative(phrase, anchor, past=c.chance(50)), "resolve_relative")
    check_interval(parse_metadata_date(phrase).interval, "parse_metadata_date")
    for found in find_full_dates(text):
        check_span(found.span, text, "full date")
    with contextlib.suppress(InputError):  # an empty text is not an article
        article = article_from_text(text, source="fuzz")
        cleaned = clean_text(article.text)
        doc = AnalyzedArticle(article, clean_text=cleaned.clean_text, removed=cleaned.removed)
        dated = date_article(doc)
        check_interval(dated.interval, "date_article")
        check_span(dated.evidence, article.text, "date evidence")


def fuzz_html(c: Choices) -> None:
    html = gen_html(c)
    c.note("html", html)
    with contextlib.suppress(InputError):
        check_article(article_from_html(html, source="fuzz.html", url=c.pick(("", "https://x.example/a"))))
    data = gen_bytes(c, gen_text(c))
    c.note("bytes", data)
    with contextlib.suppress(InputError):
        text = decode_bytes(data, source="fuzz.txt")
        check(isinstance(text, str), "decode_bytes returned no str")
        check_article(article_from_text(text, source="fuzz.txt"))


def fuzz_jsonl(c: Choices) -> None:
    with tempfile.TemporaryDirectory(prefix="dateline-fuzz-") as tmp:
        write_input_files(c, Path(tmp))
        ids: set[str] = set()
        for item in iter_articles([tmp, Path(tmp) / "missing.txt"], max_bytes=4000):
            check(isinstance(item, Article | Rejected), "iter_articles yields Article | Rejected", repr(item))
            if isinstance(item, Article):
                check_article(item)
                check(item.id not in ids, "a duplicate text was not rejected")
                ids.add(item.id)
            else:
                check(bool(item.source and item.code and item.reason), "Rejected has a reason", repr(item))


def fuzz_places(c: Choices) -> None:
    parts = _pool(
        "al-|El |Deir|ez-Zor|Raqqah|Ezzor|Abu|Kamal|ʿAyn|ah|Sana’a|Qa'im|Alllen|-|.|ÉÇ|ß|İ|ı|ﬁ|ø|\u0301"
    )
    name = " ".join(c.pick((*parts, gen_line(c))) for _ in range(c.below(6)))
    c.note("name", name)
    strict, loose = strict_key(name), loose_key(name)
    check(strict == strict_key(strict), "strict_key idempotent", repr(strict))
    check(loose == loose_key(loose), "loose_key idempotent", f"{loose!r} -> {loose_key(loose)!r}")
    upper = loose_key(name.upper())
    check(loose == upper, "loose_key case-insensitive", f"{loose!r} vs {upper!r}")
    check(all(ch.isascii() and ch.isalnum() for ch in loose), "loose_key of ASCII letters, digits", loose)
    abbreviation_key(name)


def fuzz_actors(c: Choices) -> None:
    parts = (*PROSE, *_pool("IS|US-led|regime forces|Syrian troops|the|Turkey|'s|backed|gunmen|(SDF)"))
    phrase = " ".join(c.pick((*parts, gen_line(c))) for _ in range(c.below(8)))
    country = c.pick(("", "SY", "IQ", "NG", "XX", "zz"))
    c.note("phrase", phrase)
    c.note("context_country", country)
    actor = resolve_actor(phrase, context_country=country or None)
    check(actor is None or bool(actor.id and actor.name), "an actor has an id and a name", repr(actor))
    normalised = normalise_phrase(phrase)
    check(normalised == normalise_phrase(normalised), "normalise_phrase idempotent", repr(normalised))


TARGETS: dict[str, Callable[[Choices], None]] = {
    "cleaner": fuzz_cleaner,
    "dates": fuzz_dates,
    "html": fuzz_html,
    "jsonl": fuzz_jsonl,
    "places": fuzz_places,
    "actors": fuzz_actors,
}


# --------------------------------------------------------------------------- running one input


@dataclass
class Failure:
    signature: str  # exception type and the innermost dateline frame: one line per distinct bug
    message: str
    data: bytes
    log: list[tuple[str, object]]


@dataclass
class Report:
    target: str
    engine: str
    tried: int = 0
    failed: int = 0
    slow: int = 0
    seconds: float = 0.0
    failures: dict[str, Failure] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """A report as printed (a child process hands this back): its table row and its failures' reproducers."""

    row: str
    details: str
    failed: int


def run_one(target: Callable[[Choices], None], data: bytes) -> Failure | None:
    choices = Choices(data)
    try:
        target(choices)
    except InputError:
        return None  # the documented way to refuse an input
    except Exception as err:  # the harness's job: any other exception is a finding, recorded and shrunk
        return Failure(_signature(err), f"{type(err).__name__}: {err}"[:300], data, choices.log)
    return None


def _signature(err: BaseException) -> str:
    if isinstance(err, InvariantError):
        return f"broken promise: {err.promise}"
    frames = [f for f in traceback.extract_tb(err.__traceback__) if "dateline" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(err).__name__} at {where}"


def record(report: Report, target: Callable[[Choices], None], data: bytes) -> None:
    started = time.perf_counter()
    failure = run_one(target, data)
    report.slow += time.perf_counter() - started > SLOW_SECONDS
    report.tried += 1
    if failure is not None:
        report.failed += 1
        known = report.failures.get(failure.signature)
        if known is None or len(data) < len(known.data):
            report.failures[failure.signature] = failure


def shrink(target: Callable[[Choices], None], failure: Failure) -> Failure:
    """Greedy delta debugging while the same failure repeats: drop a chunk of the bytes, or else zero it (0 is
    the simplest choice), for chunks from half the input down to single bytes."""
    best, deadline = failure, time.monotonic() + SHRINK_SECONDS
    chunk = max(1, len(best.data) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        start = 0
        while start < len(best.data) and time.monotonic() < deadline:
            data, end = best.data, start + chunk
            zeroed = data[:start] + bytes(len(data[start:end])) + data[end:]
            for candidate in (data[:start] + data[end:], zeroed):
                again = run_one(target, candidate) if candidate != data else None
                if again is not None and again.signature == failure.signature:
                    best = again
                    break
            else:
                start += chunk
        chunk //= 2
    return best


def finish(report: Report, target: Callable[[Choices], None], started: float) -> Report:
    report.seconds = time.monotonic() - started
    report.failures = {k: shrink(target, f) for k, f in report.failures.items()}
    return report


# --------------------------------------------------------------------------- engines


def fuzz_random(name: str, *, seconds: float, seed: int) -> Report:
    """Seeded random inputs of random length; deterministic input sequence for a seed."""
    target, rng, report = TARGETS[name], random.Random(f"{name}:{seed}"), Report(name, "random")
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        size = rng.choice((16, 64, 256, 1024, MAX_INPUT_BYTES))
        record(report, target, rng.randbytes(rng.randrange(size)))
    return finish(report, target, started)


def fuzz_atheris_child(name: str, *, seconds: float, seed: int, result_file: Path) -> None:
    """Run inside a child process: libFuzzer drives :func:`record`; at the time budget the report is written
    and the process ends (``atheris.Fuzz`` never returns)."""
    import atheris

    target, report, started = TARGETS[name], Report(name, "atheris"), time.monotonic()

    def one_input(data: bytes) -> None:
        record(report, target, data)
        if time.monotonic() - started >= seconds:
            result_file.write_text(json.dumps(asdict(summarise(finish(report, target, started)))))
            sys.stdout.flush()
            os._exit(0)

    artifacts = tempfile.mkdtemp(prefix="dateline-fuzz-artifacts-")
    args = [sys.argv[0], f"-max_len={MAX_INPUT_BYTES}", f"-seed={seed}", "-rss_limit_mb=4096", "-timeout=60",
            f"-max_total_time={int(seconds) + 120}", f"-artifact_prefix={artifacts}/"]  # fmt: skip
    atheris.Setup(args, one_input)
    atheris.Fuzz()


# The child imports this module under atheris's import hook, so dateline's code is instrumented for coverage
# (only dateline's: atheris.instrument_all() over every loaded library took minutes to start).
_CHILD_BOOT = """
import sys, atheris
sys.path.insert(0, sys.argv[1])
with atheris.instrument_imports(include=["dateline"]):
    import run
sys.exit(run.main(sys.argv[2:]))
"""


def fuzz_atheris(name: str, *, seconds: float, seed: int) -> Summary:
    with tempfile.TemporaryDirectory(prefix="dateline-fuzz-") as tmp:
        result_file = Path(tmp) / "report.json"
        options = f"--child --target {name} --seconds {seconds} --seed {seed} --result-file".split()
        command = [sys.executable, "-c", _CHILD_BOOT, str(Path(__file__).parent), *options, str(result_file)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 600, check=False)
        if result_file.exists():
            return Summary(**json.loads(result_file.read_text()))
        # libFuzzer itself stopped: a hang (-timeout), memory (-rss_limit_mb) or a crash in C code.
        tail = "\n".join(done.stderr.splitlines()[-15:])
        row = summarise(Report(name, "atheris", failed=1)).row
        return Summary(row, f"[{name}] the fuzzer stopped (exit {done.returncode}):\n{tail}", 1)


# --------------------------------------------------------------------------- command line

HEADER = (
    f"{'target':<9} {'engine':<8} {'inputs tried':>12} {'failures':>9} {'distinct':>9} {'slow':>5} "
    f"{'seconds':>8}"
)


def summarise(r: Report) -> Summary:
    row = f"{r.target:<9} {r.engine:<8} {r.tried:>12,} {r.failed:>9,} {len(r.failures):>9} {r.slow:>5} "
    lines: list[str] = []
    for f in r.failures.values():
        lines.append(f"[{r.target}] {f.signature}\n  {f.message}\n  reproducer ({len(f.data)} bytes):")
        lines += [f"    {label} = {value!r:.600}" for label, value in f.log]
    return Summary(row + f"{r.seconds:>8.1f}", "\n".join(lines), r.failed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=30.0, help="time budget per target")
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--engine", choices=ENGINES, default=None, help="default: atheris when installed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        fuzz_atheris_child(args.target, seconds=args.seconds, seed=args.seed, result_file=args.result_file)
        return 0
    engine = args.engine or ("atheris" if importlib.util.find_spec("atheris") else "random")
    names = list(TARGETS) if args.target == "all" else [args.target]
    if engine == "atheris":
        summaries = [fuzz_atheris(name, seconds=args.seconds, seed=args.seed) for name in names]
    else:
        summaries = [summarise(fuzz_random(name, seconds=args.seconds, seed=args.seed)) for name in names]
    print("\n".join([HEADER, *(s.row for s in summaries)]))
    for summary in (s for s in summaries if s.details):
        print("\n" + summary.details)
    return 1 if any(s.failed for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
