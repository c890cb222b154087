"""Clean: blank page furniture (captions, credits, share lines, footers) so it is never parsed as content.

requires: ``article``
assigns:  ``clean_text`` (same length as the raw text: removed stretches become spaces, newlines kept, so
          every offset stays a raw offset), ``removed`` (a :class:`Removal` per blanked stretch)

A line classifier in four passes, each seeing the text as the earlier passes left it:

1. line rules (:data:`dateline.data.boilerplate.LINE_RULES`), each matching one whole line, plus the leading
   ``date YYYY-MM-DD`` header token and lines that only name the article's outlet;
2. ``headline-bullets``: runs of bullet lines that read as headlines of other stories;
3. ``duplicate-line``: a copy of the kept line just before it (the caption printed twice);
4. the footer block after the last real sentence, once it holds furniture: ``bare-url`` lines, and
   ``footer-line`` for a short title-like line with furniture right above and below (a site name).

Later passes read the result of earlier ones, never the reverse, which makes cleaning idempotent:
cleaning a cleaned text removes nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from dateline.data.boilerplate import BARE_URL, DATE_HEADER, LINE_RULES, LineRule
from dateline.model import AnalyzedArticle, Removal, Span
from dateline.pipeline import ArticleStage

__all__ = ["HEADLINE_MAX_WORDS", "Clean", "CleanResult", "clean_text", "find_headline"]

# Furniture lines are short (the longest, a print-edition note or a caption, run to a few hundred
# characters); longer lines are content and skip the rules, which keeps a 5 MB one-line text fast.
MAX_FURNITURE_CHARS = 1000
# A repeated line shorter than this is a heading or a label ("The road ahead"), not a caption copy.
DUPLICATE_MIN_WORDS = 4
# Headline bullets: "- Rebels agree to hand villages to the government". Shorter bullets are item
# lists ("- Food"), longer ones are prose; a run needs at least two to look like a related-stories list.
BULLET_MIN_WORDS = 4
BULLET_MAX_WORDS = 25
BULLET_RUN_MIN = 2
# Footer lines after furniture: "The Example Express" (a site name); real sentences are longer or end in
# punctuation.
FOOTER_MAX_WORDS = 6

# A headline is one short line without a final full stop; longer first lines are a lead paragraph.
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 300

_NOT_NEWLINE = re.compile(r"[^\n]")
_BULLET = re.compile(r"[-•–—*·▪►]\s+\S")
# A line ending like a sentence (closing quotes and brackets allowed after the stop).
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class CleanResult:
    clean_text: str
    removed: tuple[Removal, ...]


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-blank line: the span of its stripped content and that content."""

    span: Span
    content: str
    words: int


def clean_text(
    text: str, *, outlet: str | None = None, rules: Sequence[LineRule] = LINE_RULES
) -> CleanResult:
    """Blank the furniture of ``text``. ``outlet`` (the site name, when known) is furniture on a line of its
    own; ``rules`` are the line rules (defaults: :data:`~dateline.data.boilerplate.LINE_RULES`)."""
    header = _date_header(text)
    # Lines are read with the header token already blank, so the subtitle after it is judged on its own.
    lines = list(_lines(_blank(text, [header]) if header else text))
    removed: dict[int, Removal] = {}  # line index -> removal
    _apply_line_rules(lines, removed, outlet=outlet, rules=rules)
    _mark_headline_bullets(lines, removed)
    # The footer pass can blank a line between two copies of a line ("X" / URL / "X"), which makes them
    # neighbours: repeat the last two passes until nothing more goes, or a second cleaning would remove the
    # copy (found by fuzz/run.py). Each round only adds removals, so this ends.
    settled = -1
    while len(removed) != settled:
        settled = len(removed)
        _mark_duplicates(lines, removed)
        _mark_footer(lines, removed)
    removals = sorted([*removed.values(), *([header] if header else [])], key=lambda r: r.span)
    return CleanResult(_blank(text, removals), tuple(removals))


def _lines(text: str) -> Iterator[_Line]:
    for match in re.finditer(r"[^\n]+", text):
        content = match.group()
        stripped = content.strip()
        if stripped:
            start = match.start() + (len(content) - len(content.lstrip()))
            yield _Line(Span(start, start + len(stripped)), stripped, len(stripped.split()))


def _date_header(text: str) -> Removal | None:
    match = DATE_HEADER.match(text)
    if match is None:
        return None
    start = match.start() + (len(match.group()) - len(match.group().lstrip()))
    end = match.end()
    # A token right after it ("date 2017-03-03 date 2017-03-04") would lead the text once the first is blank:
    # blank it now too, or cleaning the cleaned text would remove more (found by fuzz/run.py).
    while (again := DATE_HEADER.match(text[end:])) is not None:
        end += again.end()
    return Removal(Span(start, end), "date-header")


def _apply_line_rules(
    lines: list[_Line], removed: dict[int, Removal], *, outlet: str | None, rules: Sequence[LineRule]
) -> None:
    outlet_key = _key(outlet) if outlet else None
    for index, line in enumerate(lines):
        if outlet_key is not None and _key(line.content) == outlet_key:
            removed[index] = Removal(line.span, "outlet-name")
            continue
        if len(line.content) > MAX_FURNITURE_CHARS:
            continue
        for rule in rules:
            if line.words <= rule.max_words and rule.pattern.fullmatch(line.content):
                removed[index] = Removal(line.span, rule.name)
                break


def _mark_duplicates(lines: list[_Line], removed: dict[int, Removal]) -> None:
    """Only a copy of the line just before (a caption printed twice): a line repeated further away is
    usually structure the article means (recipe steps, a recurring interview question)."""
    previous: str | None = None
    for index, line in enumerate(lines):
        if index in removed:
            continue
        key = _key(line.content)
        if key == previous and line.words >= DUPLICATE_MIN_WORDS:
            removed[index] = Removal(line.span, "duplicate-line")
        previous = key


def _mark_headline_bullets(lines: list[_Line], removed: dict[int, Removal]) -> None:
    """Runs of headline-like bullets before the first or after the last real sentence: lists of other stories
    sit around an article, while a list inside it (between sentences) is the article's own content."""
    sentences = [i for i, line in enumerate(lines) if i not in removed and _is_real_sentence(line)]
    first_sentence = sentences[0] if sentences else len(lines)
    last_sentence = sentences[-1] if sentences else -1
    for run in _bullet_runs(lines, removed):
        around = run[-1] < first_sentence or run[0] > last_sentence
        if around and len(run) >= BULLET_RUN_MIN and all(_is_headline_bullet(lines[i]) for i in run):
            for i in run:
                removed[i] = Removal(lines[i].span, "headline-bullets")


def _bullet_runs(lines: list[_Line], removed: dict[int, Removal]) -> Iterator[list[int]]:
    """Consecutive kept bullet lines (removed lines are blank now: they neither extend nor break a run)."""
    run: list[int] = []
    for index, line in enumerate(lines):
        if index in removed:
            continue
        if _BULLET.match(line.content):
            run.append(index)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _is_real_sentence(line: _Line) -> bool:
    return (
        line.words > FOOTER_MAX_WORDS
        and not _BULLET.match(line.content)
        and bool(_SENTENCE_END.search(line.content))
    )


def _is_headline_bullet(line: _Line) -> bool:
    words = line.words - 1  # the bullet itself
    return BULLET_MIN_WORDS <= words <= BULLET_MAX_WORDS and not _SENTENCE_END.search(line.content)


def _mark_footer(lines: list[_Line], removed: dict[int, Removal]) -> None:
    """Footer block: the lines after the last real sentence, if it holds furniture. There URL lines go, and a
    short title-like line goes when furniture sits right above and below it ("X" / site name / URL)."""
    zone = _footer_zone(lines, removed)
    furniture = {i for i in zone if i in removed}
    urls = {i for i in zone if i not in removed and BARE_URL.fullmatch(lines[i].content)}
    if not furniture | urls:
        return
    for index in sorted(urls):
        removed[index] = Removal(lines[index].span, "bare-url")
    sandwiched = [
        i
        for i in zone
        if i not in furniture | urls
        and i - 1 in furniture | urls
        and (i + 1 == len(lines) or i + 1 in furniture | urls)
    ]
    for index in sandwiched:
        removed[index] = Removal(lines[index].span, "footer-line")


def _footer_zone(lines: list[_Line], removed: dict[int, Removal]) -> list[int]:
    """Indices of the trailing lines that are furniture or short and sentence-less, up to (not including) the
    last real sentence; never the first kept line (the headline)."""
    first_kept = next((i for i in range(len(lines)) if i not in removed), len(lines))
    zone: list[int] = []
    for index in range(len(lines) - 1, first_kept, -1):
        line = lines[index]
        if index not in removed and (line.words > FOOTER_MAX_WORDS or _SENTENCE_END.search(line.content)):
            break
        zone.append(index)
    return zone


def _key(line: str) -> str:
    return " ".join(line.casefold().split())


def _blank(text: str, removals: list[Removal]) -> str:
    """Replace each removed stretch by spaces, keeping newlines, so offsets are unchanged."""
    pieces: list[str] = []
    done = 0
    for removal in sorted(removals, key=lambda r: r.span):
        start = max(removal.span.start, done)
        pieces.append(text[done:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start : removal.span.end]))
        done = max(done, removal.span.end)
    pieces.append(text[done:])
    return "".join(pieces)


def find_headline(cleaned: str) -> Span | None:
    """The span of the headline of a cleaned text: its first line, when that reads as a headline."""
    first = next(_lines(cleaned), None)
    if first is None or first.words > HEADLINE_MAX_WORDS or len(first.content) > HEADLINE_MAX_CHARS:
        return None
    if _SENTENCE_END.search(first.content):
        return None
    return first.span


class Clean(ArticleStage):
    name = "clean"
    requires = frozenset({"article"})
    assigns = frozenset({"clean_text", "removed"})

    def __init__(self, *, extra_rules: Sequence[LineRule] = ()) -> None:
        """``extra_rules`` (a site's own furniture, say) run after the built-in rules."""
        self.rules: tuple[LineRule, ...] = (*LINE_RULES, *extra_rules)

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        result = clean_text(doc.article.text, outlet=doc.article.outlet, rules=self.rules)
        return replace(doc, clean_text=result.clean_text, removed=result.removed)
