"""Ranking a name's candidate places, alone and in the company of the article's other places.

A score per candidate adds a prior (population, feature, spelling closeness, cue words) and, on later passes,
coherence with the article: the countries and first-level regions its other places resolved to, and the
distance to the nearest of them. Two passes after the prior-only one let a confident name ("Louisiana",
"Syria") pull an ambiguous one ("Alexandria", "Palmyra") to its region. Weights are named and were set on
the aggregate accuracy of the TR-News and LGL evaluation (eval/toponyms.py), never on one example.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.backends.gazetteer import Candidate
from dateline.model import Place, Span, Toponym

__all__ = ["Mention", "distance_km", "rank_mentions"]

_COMMA_GAP = re.compile(r"^\s*,\s*$")

# Feature priors, in units of log10(population): a country name almost always means the country. Admin
# populations are sums over their towns (inflated by suburbs counted twice), hence the negative admin prior.
FEATURE_PRIOR = {"country": 2.0, "continent": 2.0, "admin1": -0.5, "admin2": -0.5, "city": 0.0}
# An admin1 that shares its name with a town of its own country ("Deir ez-Zor", "Aleppo") is read as the
# town unless a cue word says "province"; this is the admin1 prior in that case.
SHADOWED_ADMIN1_PRIOR = -0.6
# Matched only after transliteration folding (may be a different name that folds alike).
LOOSE_PENALTY = 1.5
# The name is the place's main GeoNames name rather than one of its alternates.
PRIMARY_BONUS = 0.3
# "the city of X" / "X province" agreeing (or not) with the candidate's feature.
CUE_WEIGHT = 3.0
# Coherence: share of the article's places in the candidate's country, and an explicit region match.
COUNTRY_CONTEXT_WEIGHT = 3.0
ADMIN1_CONTEXT_WEIGHT = 1.5
# Closeness to the nearest other place of the article: full bonus within NEAR_KM, fading by log distance.
NEAR_WEIGHT = 3.0
NEAR_KM = 50.0
# Population term floor: a village of 0 inhabitants still scores log10(POPULATION_FLOOR).
POPULATION_FLOOR = 100
# "Paris, Tenn.": a name followed by ", <region or country>" lies in it.
CONTAINER_WEIGHT = 4.0
# The nearness bonus falls to zero over this many decades of distance beyond NEAR_KM (50 -> 5,000 km).
NEAR_DECADES = 2.0
# Sweeps of coordinate ascent over the article's mentions (it usually settles after one or two).
CONTEXT_PASSES = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the text, its candidate places, and the feature cue words ask for ("city", "admin")."""

    span: Span
    candidates: tuple[Candidate, ...]
    cue: str = ""


@dataclass(frozen=True, slots=True)
class _Context:
    groups: tuple[int, ...]  # mention index -> id of its name (mentions with the same candidates)
    votes: tuple[tuple[int, Place], ...]  # (name id, the place that name was resolved to)
    containers: dict[int, Place]  # mention index -> the region/country named right after it ("Paris, Tenn.")
    contents: dict[int, tuple[Place, ...]]  # container mention index -> candidates of the name before it


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine; the 0.5 % ellipsoid error is irrelevant at 161 km tolerances)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def rank_mentions(mentions: Sequence[Mention], text: str = "") -> list[Toponym]:
    """Resolve every mention; a mention without candidates becomes an unresolved toponym."""
    pairs = _containment_pairs(mentions, text)
    chosen = [_best(m, None, i) for i, m in enumerate(mentions)]
    # Coordinate ascent: re-pick one mention at a time against the others' current picks. Re-picking all
    # at once oscillates (Edmonton follows Enfield to England while Enfield follows Edmonton to Canada).
    context = _context(chosen, mentions, pairs)
    for _ in range(CONTEXT_PASSES):
        changed = False
        for i, m in enumerate(mentions):
            pick = _best(m, context, i)
            if _place_of(pick) != _place_of(chosen[i]):
                changed = True
                chosen[i] = pick
                context = _context(chosen, mentions, pairs)
            else:
                chosen[i] = pick  # same place, score now with context
        if not changed:
            break
    return [
        Toponym(m.span, pick[0].place if pick else None, round(pick[1], 3) if pick else 0.0)
        for m, pick in zip(mentions, chosen, strict=True)
    ]


def _place_of(pick: tuple[Candidate, float] | None) -> Place | None:
    return pick[0].place if pick else None


def _best(mention: Mention, context: _Context | None, index: int) -> tuple[Candidate, float] | None:
    scored = [(c, _score(c, mention, context, index)) for c in mention.candidates]
    return max(scored, key=lambda cs: cs[1]) if scored else None


def _containment_pairs(mentions: Sequence[Mention], text: str) -> dict[int, int]:
    """ "Paris, Tenn." / "Athens, Georgia": mention i -> mention i+1 that names its region or country."""
    pairs = {}
    for i in range(len(mentions) - 1):
        gap = text[mentions[i].span.end : mentions[i + 1].span.start]
        if _COMMA_GAP.match(gap):
            pairs[i] = i + 1
    return pairs


def _inside(place: Place, region: Place) -> bool:
    if region.feature == "country":
        return place.country == region.country and place.feature != "country"
    if region.feature == "admin1":
        return place.country == region.country and place.admin1 == region.admin1 and place.feature != "admin1"
    return False


def _context(
    chosen: Sequence[tuple[Candidate, float] | None], mentions: Sequence[Mention], pairs: dict[int, int]
) -> _Context:
    """Each distinct name votes once: five "Paris" in an article must not vouch for each other."""
    group_ids: dict[tuple[Candidate, ...], int] = {}
    groups = tuple(group_ids.setdefault(m.candidates, len(group_ids)) for m in mentions)
    votes: dict[int, Place] = {}
    for i, pick in enumerate(chosen):
        if pick is not None:
            votes.setdefault(groups[i], pick[0].place)
    containers = {i: pick[0].place for i, j in pairs.items() if (pick := chosen[j]) is not None}
    contents = {j: tuple(c.place for c in mentions[i].candidates) for i, j in pairs.items()}
    return _Context(groups, tuple(votes.items()), containers, contents)


def _score(candidate: Candidate, mention: Mention, context: _Context | None, index: int) -> float:
    place = candidate.place
    score = math.log10(max(place.population, 0) + POPULATION_FLOOR) + _feature_prior(candidate, mention)
    if candidate.loose:
        score -= LOOSE_PENALTY
    if candidate.primary:
        score += PRIMARY_BONUS
    if mention.cue:
        wanted = {"city": ("city",), "admin": ("admin1", "admin2")}[mention.cue]
        score += CUE_WEIGHT if place.feature in wanted else -CUE_WEIGHT
    if context is not None:
        score += _coherence(place, context, index)
    return score


def _feature_prior(candidate: Candidate, mention: Mention) -> float:
    place = candidate.place
    if place.feature == "admin1" and any(
        c.place.feature == "city" and c.place.country == place.country and not c.loose
        for c in mention.candidates
    ):
        return SHADOWED_ADMIN1_PRIOR
    return FEATURE_PRIOR.get(place.feature, 0.0)


def _coherence(place: Place, context: _Context, index: int) -> float:
    own = context.groups[index]
    voters = [p for g, p in context.votes if g != own]  # a name must not vouch for itself
    countries = Counter(p.country for p in voters if p.country)
    total = sum(countries.values())
    score = 0.0
    if total > 0 and place.country:
        score += COUNTRY_CONTEXT_WEIGHT * countries[place.country] / total
    if place.admin1 and any(p.country == place.country and p.admin1 == place.admin1 for p in voters):
        score += ADMIN1_CONTEXT_WEIGHT
    container = context.containers.get(index)
    if container is not None and _inside(place, container):
        score += CONTAINER_WEIGHT
    if any(_inside(p, place) for p in context.contents.get(index, ())):
        score += CONTAINER_WEIGHT
    others = [p for p in voters if p.feature in ("city", "admin2")]
    if others and place.feature in ("city", "admin2"):
        nearest = min(distance_km(place, p) for p in others)
        score += NEAR_WEIGHT * max(0.0, 1.0 - math.log10(max(nearest, NEAR_KM) / NEAR_KM) / NEAR_DECADES)
    return score
