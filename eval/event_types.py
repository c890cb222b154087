"""Event-type classification on CASE 2021 Task 2 (the half of the test set in ../shared/eval/event-types).

Each snippet is parsed with the real spaCy model and classified by the rule system of
:mod:`dateline.stages.events` (lexicon scoring + actor-based territorial refinement); our ACLED sub-event
type is mapped to the CASE SubType label by the explicit table CASE_LABEL below. Prints weighted and macro
F1 over the CASE labels, per-label precision/recall/F1 and the most frequent confusions.

    .venv/bin/python eval/event_types.py [--limit N]

No training: ../shared is evaluation material only; the lexicon is written by us (src/dateline/data).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "eval" / "event-types" / "case2021-task2-dev.tsv"

# Our sub-event type -> CASE 2021 Task 2 SubType. Every one of our sub-types maps explicitly:
# - ACLED sub-types map one to one (CASE's labels are ACLED's);
# - "Chemical weapon" is an ACLED sub-type CASE keeps (CHEM_WEAP);
# - Political interaction: Talks, Statement and Appeal are all diplomatic interaction in CASE (DIPLO);
#   "Claim of responsibility" is CASE's ATTRIB;
# - our non-ACLED families: Crime/Organized crime -> ORG_CRIME,
#   Disaster/* -> NATURAL_DISASTER, MAN_MADE_DISASTER;
# - "Other" strategic development -> OTHER. A snippet with no cue at all is predicted OTHER.
CASE_LABEL = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Air/drone strike": "AIR_STRIKE",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Suicide bomb": "SUIC_BOMB",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Chemical weapon": "CHEM_WEAP",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Sexual violence": "SEX_VIOL",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    "Talks": "DIPLO",
    "Statement": "DIPLO",
    "Appeal": "DIPLO",
    "Claim of responsibility": "ATTRIB",
    "Organized crime": "ORG_CRIME",
    "Natural disaster": "NATURAL_DISASTER",
    "Man-made disaster": "MAN_MADE_DISASTER",
}
NO_CUE_LABEL = "OTHER"


def read_rows(limit: int | None) -> list[tuple[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = [(r["EventSnippet"], r["SubType"]) for r in csv.DictReader(fh, delimiter="\t")]
    return rows[:limit] if limit else rows


def predict(snippets: list[str]) -> list[str]:
    from dateline.backends.nlp import SpacyNlp
    from dateline.stages.events import classify_text_parsed

    out = []
    for text, parsed in zip(snippets, SpacyNlp().pipe(snippets), strict=True):
        sub = classify_text_parsed(text, parsed.tokens)
        out.append(CASE_LABEL[sub] if sub else NO_CUE_LABEL)
    return out


def f1_table(
    gold: list[str], pred: list[str]
) -> tuple[float, float, list[tuple[str, int, float, float, float]]]:
    labels = sorted(set(gold))
    rows = []
    weighted = 0.0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append((lab, n_gold, prec, rec, f1))
        weighted += f1 * n_gold
    macro = sum(r[4] for r in rows) / len(rows)
    return weighted / len(gold), macro, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N snippets")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified snippets")
    args = ap.parse_args()
    if not DATA.is_file():
        print(
            f"{DATA} is absent: the evaluation data lives in ../shared beside the checkout", file=sys.stderr
        )
        return 2
    rows = read_rows(args.limit)
    gold = [g for _, g in rows]
    pred = predict([t for t, _ in rows])
    weighted, macro, table = f1_table(gold, pred)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"CASE 2021 Task 2 (dev half), {len(gold)} snippets, rule system (no training)")
    print(f"{'label':32} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for lab, n, p, r, f in table:
        print(f"{lab:32} {n:4d} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"\naccuracy {accuracy:.3f}   weighted F1 {weighted:.3f}   macro F1 {macro:.3f}")
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    print("\nmost frequent confusions (gold -> predicted):")
    for (g, p), n in confusions.most_common(12):
        print(f"  {n:3d}  {g} -> {p}")
    shown = 0
    for (text, g), p in zip(rows, pred, strict=True):
        if g != p and shown < args.errors:
            print(f"\n[{g} -> {p}] {text[:300]}")
            shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
