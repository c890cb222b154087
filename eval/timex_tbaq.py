"""Time expressions on TimeBank + AQUAINT (TempEval-3 training data): span and value F1, the TempEval-3 way.

    .venv/bin/python eval/timex_tbaq.py [--limit N] [--errors K]

Scoring follows the TempEval-3 conventions (UzZaman et al. 2013): only TIMEX3s inside <TEXT> count (the
document creation time is the anchor, not a target); a system expression matches a gold one *strictly* when
the offsets are equal and *relaxed* when they overlap (one-to-one, largest overlap first); value F1 counts a
relaxed match whose ``value`` string equals the gold one (P = correct / system, R = correct / gold), so it is
relaxed span F1 times value accuracy. Reference figures (TempEval-3 test set): HeidelTime value F1 0.776,
SUTime 0.674.
Ages ("six-year-old") are reported by dateline as DURATIONs but are not TIMEX3s in TimeML, so they are dropped
before scoring (see ``system``).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateline.stages.temporal import find_time_expressions

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TBAQ = SHARED / "eval" / "timex" / "tbaq"
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    timex_type: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str
    creation: date | None
    gold: tuple[Timex, ...]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(path: Path) -> Document:
    """The plain text of <TEXT> with the gold TIMEX3 offsets into it, and the creation date."""
    raw = path.read_text(encoding="utf-8")
    creation = None
    dct = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if (
        dct
        and (v := dict(_ATTR.findall(dct.group(0))).get("value", ""))
        and re.match(r"\d{4}-\d{2}-\d{2}", v)
    ):
        creation = date.fromisoformat(v[:10])
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    pieces: list[str] = []
    length, gold, open_timex = 0, [], None
    position = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[position : m.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = m.end()
        if m.group(2) == "TIMEX3":
            if m.group(1):
                attrs, start = open_timex  # type: ignore[misc]
                gold.append((start, length, attrs))
                open_timex = None
            else:
                open_timex = (dict(_ATTR.findall(m.group(3))), length)
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    timexes = tuple(Timex(s, e, a.get("type", ""), a.get("value", ""), text[s:e]) for s, e, a in gold)
    return Document(path.stem, text, creation, timexes)


def documents(limit: int | None) -> Iterator[Document]:
    paths = sorted(TBAQ.glob("TimeBank/*.tml")) + sorted(TBAQ.glob("AQUAINT/*.tml"))
    for path in paths[:limit]:
        yield parse_tml(path)


# dateline reports ages ("the 12-year-old boy", "six years old") as DURATIONs so that no later stage can
# mistake them for dates; TimeML does not mark ages at all, so they are left out of the comparison.
_AGE = re.compile(r"\bold$", re.IGNORECASE)


def system(doc: Document) -> tuple[Timex, ...]:
    found = find_time_expressions(doc.text, anchor=doc.creation)
    return tuple(
        Timex(e.span.start, e.span.end, e.timex_type, e.value, e.span.of(doc.text))
        for e in found
        if not (e.timex_type == "DURATION" and _AGE.search(e.span.of(doc.text)))
    )


def match(gold: tuple[Timex, ...], predicted: tuple[Timex, ...]) -> list[tuple[Timex, Timex]]:
    """One-to-one relaxed matching: overlapping pairs, largest overlap first."""
    pairs = sorted(
        ((min(g.end, p.end) - max(g.start, p.start), i, j)
         for i, g in enumerate(gold) for j, p in enumerate(predicted)
         if g.start < p.end and p.start < g.end),
        reverse=True,
    )  # fmt: skip
    used_gold, used_predicted, matched = set(), set(), []
    for _, i, j in pairs:
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            matched.append((gold[i], predicted[j]))
    return matched


@dataclass
class Tally:
    """Counts for one slice. Matches are counted twice: under the gold expression's type (the recall side)
    and under the system's (the precision side); for the whole set the two are the same."""

    gold: int = 0
    predicted: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0
    type_ok: int = 0
    relaxed_p: int = 0
    strict_p: int = 0
    value_p: int = 0

    def f1(self, hits: int, hits_p: int | None = None) -> tuple[float, float, float]:
        """P, R, F1 from recall-side ``hits`` and precision-side ``hits_p`` (default: the same)."""
        p = (hits if hits_p is None else hits_p) / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def shape(s: str) -> str:
    return re.sub(r"\d", "9", s.lower())


def evaluate(docs: list[Document]) -> tuple[Tally, dict[str, Tally], dict[str, Counter[str]]]:
    total, by_type = Tally(), {t: Tally() for t in TYPES}
    errors: dict[str, Counter[str]] = {"missed": Counter(), "spurious": Counter(), "wrong value": Counter()}
    for doc in docs:
        predicted = system(doc)
        pairs = match(doc.gold, predicted)
        total.gold += len(doc.gold)
        total.predicted += len(predicted)
        for g in doc.gold:
            by_type.setdefault(g.timex_type, Tally()).gold += 1
        for p in predicted:
            by_type.setdefault(p.timex_type, Tally()).predicted += 1
        for g, p in pairs:
            ok_value = g.value == p.value
            exact = (g.start, g.end) == (p.start, p.end)
            for tally in (total, by_type[g.timex_type]):
                tally.relaxed += 1
                tally.strict += exact
                tally.value += ok_value
                tally.type_ok += g.timex_type == p.timex_type
            side = by_type.setdefault(p.timex_type, Tally())
            side.relaxed_p += 1
            side.strict_p += exact
            side.value_p += ok_value
            if not ok_value:
                errors["wrong value"][f"{g.text.lower()!r} gold {shape(g.value)} got {shape(p.value)}"] += 1
        matched_gold = {id(g) for g, _ in pairs}
        matched_predicted = {id(p) for _, p in pairs}
        errors["missed"].update(
            f"{shape(g.text)!r} {g.timex_type}" for g in doc.gold if id(g) not in matched_gold
        )
        errors["spurious"].update(
            f"{shape(p.text)!r} {p.timex_type}" for p in predicted if id(p) not in matched_predicted
        )
    return total, by_type, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents (TimeBank first)")
    parser.add_argument("--errors", type=int, default=12, help="how many of each error class to list")
    args = parser.parse_args()
    if not TBAQ.is_dir():
        sys.exit(f"{TBAQ} is absent: the TBAQ evaluation data lives in ../shared beside the checkout")
    started = time.perf_counter()
    docs = list(documents(args.limit))
    total, by_type, errors = evaluate(docs)
    elapsed = time.perf_counter() - started
    print(f"TBAQ time expressions: {len(docs)} documents, {total.gold} gold TIMEX3, {total.predicted} found, "
          f"{elapsed:.1f} s")  # fmt: skip
    print(f"\n{'':<10}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for label, hits in (("strict", total.strict), ("relaxed", total.relaxed), ("value", total.value),
                        ("type", total.type_ok)):  # fmt: skip
        p, r, f = total.f1(hits)
        print(f"{label:<10}{total.gold:>6}{total.predicted:>7}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    print("\nper type (recall over the gold expressions of the type, precision over the system's)")
    print(f"{'type':<10}{'gold':>6}{'found':>7}{'relaxF1':>9}{'strictF1':>9}{'valueF1':>9}{'val.acc':>9}")
    for name in TYPES:
        t = by_type[name]
        accuracy = t.value / t.relaxed if t.relaxed else 0.0
        relaxed, strict = t.f1(t.relaxed, t.relaxed_p)[2], t.f1(t.strict, t.strict_p)[2]
        value = t.f1(t.value, t.value_p)[2]
        print(
            f"{name:<10}{t.gold:>6}{t.predicted:>7}{relaxed:>9.3f}{strict:>9.3f}{value:>9.3f}{accuracy:>9.3f}"
        )
    print("\nreference (TempEval-3 test): HeidelTime value F1 0.776, SUTime 0.674")
    for kind, counter in errors.items():
        print(f"\nworst {kind} ({sum(counter.values())} in all):")
        for key, n in counter.most_common(args.errors):
            print(f"  {n:>4}  {key}")


if __name__ == "__main__":
    main()
