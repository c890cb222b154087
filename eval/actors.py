"""Who did what to whom on the ConfliBERT CAMEO data (../shared/eval/actors).

- ``cameo_ner-test.txt``: tokens with BIO tags for source (S) and target (T) actors; we parse each
  sentence with the real spaCy model, take
  :func:`dateline.stages.events.participants.main_participants` and score exact span
  matches (precision, recall, F1) for S and for T, plus a lenient score (overlap counts) for reference;
- ``cameo_class-test.tsv``: five CAMEO families; accuracy of
  :func:`dateline.stages.events.cameo.cameo_family`.

    .venv/bin/python eval/actors.py [--limit N]

No training: the *-train files are not used; rules and lexicon are ours.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "eval" / "actors"
ACTOR_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON", "FAC", "LOC"})


@dataclass(frozen=True)
class Gold:
    text: str
    starts: list[int]  # char offset of each token in text
    spans: dict[str, set[tuple[int, int]]]  # role -> {(first token, last token)}


def read_ner(path: Path, limit: int | None) -> list[Gold]:
    out: list[Gold] = []
    blocks = path.read_text(encoding="utf-8").replace("\r", "").split("\n\n")
    for block in blocks:
        rows = [line.rsplit(" ", 1) for line in block.split("\n") if line.strip()]
        rows = [r for r in rows if len(r) == 2]
        if not rows:
            continue
        words = [w for w, _ in rows]
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        spans: dict[str, set[tuple[int, int]]] = {"S": set(), "T": set()}
        open_role, first = None, 0
        for i, (_, tag) in enumerate([*rows, ("", "O")]):
            role = tag[2:] if tag[:2] in ("B-", "I-") else None
            if open_role is not None and (tag.startswith("B-") or role != open_role):
                spans.setdefault(open_role, set()).add((first, i - 1))
                open_role = None
            if tag.startswith("B-") or (role is not None and open_role is None):
                open_role, first = role, i
        out.append(Gold(" ".join(words), starts, spans))
        if limit and len(out) >= limit:
            break
    return out


def to_tokens(span: object, starts: list[int], text: str) -> tuple[int, int] | None:
    from bisect import bisect_right

    from dateline.model import Span

    assert isinstance(span, Span)
    first = bisect_right(starts, span.start) - 1
    last = bisect_right(starts, span.end - 1) - 1
    return (first, last) if first >= 0 else None


def score(
    pairs: list[tuple[set[tuple[int, int]], set[tuple[int, int]]]], *, lenient: bool
) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for gold, pred in pairs:
        for p in pred:
            hit = p in gold or (lenient and any(p[0] <= g[1] and g[0] <= p[1] for g in gold))
            tp += hit
            fp += not hit
        for g in gold:
            found = g in pred or (lenient and any(p[0] <= g[1] and g[0] <= p[1] for p in pred))
            fn += not found
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def span_scores(limit: int | None, *, show: bool = False) -> dict[str, float]:
    """Exact-span F1 for S and T (printing the table when ``show``)."""
    from dateline.backends.nlp import SpacyNlp
    from dateline.stages.events.parse import ParseView
    from dateline.stages.events.participants import main_participants

    golds = read_ner(DATA / "cameo_ner-test.txt", limit)
    pairs: dict[str, list[tuple[set[tuple[int, int]], set[tuple[int, int]]]]] = {"S": [], "T": []}
    for gold, parsed in zip(golds, SpacyNlp().pipe(g.text for g in golds), strict=True):
        view = ParseView(parsed.tokens, gold.text)
        entities = [e.span for e in parsed.entities if e.label in ACTOR_LABELS]
        found = main_participants(view, range(len(parsed.tokens)), entities)
        predicted = {"S": [found.source] if found.source else [], "T": list(found.targets)}
        for role, spans in predicted.items():
            pred = {t for t in (to_tokens(s, gold.starts, gold.text) for s in spans) if t}
            pairs[role].append((gold.spans.get(role, set()), pred))
    out = {role: score(pairs[role], lenient=False)[2] for role in ("S", "T")}
    if show:
        print(
            f"CAMEO source/target spans: {len(golds)} sentences (ConfliBERT cameo_ner test), "
            "rules over the parse"
        )
        print(f"{'role':8} {'P':>6} {'R':>6} {'F1':>6}   {'lenient F1':>10}")
        for role in ("S", "T"):
            p, r, f = score(pairs[role], lenient=False)
            lf = score(pairs[role], lenient=True)[2]
            print(f"{role:8} {p:6.3f} {r:6.3f} {f:6.3f}   {lf:10.3f}")
    return out


def class_accuracy(limit: int | None, *, show: bool = False) -> float:
    """Accuracy on the 5 CAMEO families (printing per-family recall and confusions when ``show``)."""
    from dateline.backends.nlp import SpacyNlp
    from dateline.stages.events.cameo import CAMEO_FAMILIES, cameo_family
    from dateline.stages.events.parse import ParseView

    rows = []
    for line in (DATA / "cameo_class-test.tsv").read_text(encoding="utf-8").replace("\r", "").splitlines():
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit():
            rows.append((text, int(label)))
    rows = rows[:limit] if limit else rows
    preds = []
    for (text, _), parsed in zip(rows, SpacyNlp().pipe(t for t, _ in rows), strict=True):
        view = ParseView(parsed.tokens, text)
        roots = range(len(parsed.tokens))
        preds.append(cameo_family(view, roots))
    gold = [g for _, g in rows]
    acc = sum(p == g for p, g in zip(preds, gold, strict=True)) / len(gold)
    if not show:
        return acc
    print(f"\nCAMEO 5-class: {len(gold)} sentences, accuracy {acc:.3f}")
    for k, name in enumerate(CAMEO_FAMILIES):
        n = sum(g == k for g in gold)
        right = sum(p == g == k for p, g in zip(preds, gold, strict=True))
        print(f"  {k} {name:22} n={n:4d} recall {right / n if n else 0:.3f}")
    confusions = Counter((g, p) for p, g in zip(preds, gold, strict=True) if p != g)
    print(
        "  confusions (gold->pred): " + ", ".join(f"{g}->{p}:{n}" for (g, p), n in confusions.most_common(8))
    )
    return acc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences of each file")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(
            f"{DATA} is absent: the evaluation data lives in ../shared beside the checkout", file=sys.stderr
        )
        return 2
    span_scores(args.limit, show=True)
    class_accuracy(args.limit, show=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
