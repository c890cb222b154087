"""Ranking a name's candidate places, alone and in the company of the article's other places.

A score per candidate adds a prior (population, feature, spelling closeness, cue words) and, on later passes,
coherence with the article: the countries and first-level regions its other places resolved to, and the
distance to the nearest of them. Two passes after the prior-only one let a confident name ("Louisiana",
"Syria") pull an ambiguous one ("Alexandria", "Palmyra") to its region. Alternate names yield to places
whose main name it is ("Berea" is Berea, Kentucky before it is Aleppo), synonyms never vouch for each other
("DeKalb" and "DeKalb County"), and a support term looks at every reading of the other names at once, which
coordinate ascent alone cannot. Weights are named and were set on the aggregate accuracy of the TR-News and
LGL evaluation (eval/toponyms.py), never on one example.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from dateline.backends.gazetteer import Candidate
from dateline.model import Place, Span, Toponym
from dateline.stages.placenames import loose_key, strict_key

__all__ = ["Mention", "distance_km", "rank_mentions"]

_COMMA_GAP = re.compile(r"^\s*,\s*$")

# Feature priors, in units of log10(population): a country name almost always means the country. Admin
# populations are sums over their towns (inflated by suburbs counted twice), hence the negative admin prior.
FEATURE_PRIOR = {"country": 2.0, "continent": 2.0, "admin1": -0.5, "admin2": -1.0, "city": 0.0}
# An admin1 that shares its name with a town of its own country ("Deir ez-Zor", "Aleppo") is read as the
# town unless a cue word says "province"; this is the admin1 prior in that case.
SHADOWED_ADMIN1_PRIOR = -0.6
# The other way round: a small town named after a first-level region of its own country that it does not
# lie in ("California", Pennsylvania; "Indiana", Pennsylvania; "Wales", England) is read as the region unless
# the article's places pull hard: this is the town's prior. Small: under NAMESAKE_TOWN_SHARE of the region's
# population, so Washington, D.C. is no namesake of Washington state. Both set on the aggregate of TR-News
# and LGL (eval/toponyms.py): 2.0 and 3.0 score alike, a share of 1 % and 10 % alike.
NAMESAKE_TOWN_PRIOR = -2.0
NAMESAKE_TOWN_SHARE = 0.01
# Matched only after transliteration folding (may be a different name that folds alike).
LOOSE_PENALTY = 1.5
# The name is the place's main GeoNames name rather than one of its alternates.
PRIMARY_BONUS = 0.3
# An alternate name of one place that is the main name of other candidates ("Berea", an old name of Aleppo,
# and a town in Kentucky; "Twickenham", a nickname of Huntsville): the places so named come first.
SHADOWED_ALTERNATE_PENALTY = 2.0
# Abbreviated name heads, so "St. Petersburg" counts as a short form of "Saint Petersburg".
_SHORT_FORMS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}
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
# Weight of the best possible nearness to the other names (see _support), and how many candidates per name
# it considers (the most populous; this bounds the matrix for names like "Springfield").
SUPPORT_WEIGHT = 1.0
SUPPORT_CANDIDATES = 60
# Features whose distance to other places means something (a country's reference point does not).
_LOCAL = ("city", "admin2")
# Sweeps of coordinate ascent over the article's mentions (it usually settles after one or two).
CONTEXT_PASSES = 4
# A name matched only through transliteration folding ("Ghouta" folds like Gotha, "Gurgur" like Gorgor)
# whose pick lies in a country no exactly-matched place of the article is in, and farther than this from
# all its exactly-matched towns and regions, is left unresolved: the folding found a different name, or the
# place is missing from the index. Far enough that a neighbouring country's town stays (Albu Kamal in an
# Iraqi story: 100 km from al-Qaim). Countries' reference points are not used for the distance: Europe's
# are close together, and a story naming France and Syria does not make Gotha likely.
LOOSE_FOREIGN_KM = 1500.0


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
    support: dict[tuple[int, Place], float]  # (name id, candidate) -> how near the other names could lie
    # What the other names say, per name id (all mentions of a name share it): filled on first use, as
    # every mention of every name is scored against the same context many times per pass.
    voices: dict[int, _Voices] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class _Voices:
    """The picks of the names other than one, as the coherence score reads them."""

    countries: Counter[str]
    total: int
    regions: frozenset[tuple[str | None, str]]  # (country, admin1) of each pick
    local: tuple[Place, ...]  # picks that are towns or counties
    nearest_km: dict[Place, float] = field(default_factory=dict)  # candidate -> km to the nearest local pick


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
    names = [strict_key(m.span.of(text)) if text else "" for m in mentions]
    chosen = [_best(m, None, i, names[i]) for i, m in enumerate(mentions)]
    # Coordinate ascent: re-pick one mention at a time against the others' current picks. Re-picking all
    # at once oscillates (Edmonton follows Enfield to England while Enfield follows Edmonton to Canada).
    support = _support(mentions)
    context = _context(chosen, mentions, pairs, support)
    for _ in range(CONTEXT_PASSES):
        changed = False
        for i, m in enumerate(mentions):
            pick = _best(m, context, i, names[i])
            if _place_of(pick) != _place_of(chosen[i]):
                changed = True
                chosen[i] = pick
                context = _context(chosen, mentions, pairs, support)
            else:
                chosen[i] = pick  # same place, score now with context
        if not changed:
            break
    chosen = _drop_foreign_loose(chosen)
    return [
        Toponym(m.span, pick[0].place if pick else None, round(pick[1], 3) if pick else 0.0)
        for m, pick in zip(mentions, chosen, strict=True)
    ]


def _drop_foreign_loose(
    chosen: Sequence[tuple[Candidate, float] | None],
) -> list[tuple[Candidate, float] | None]:
    """Unresolve loose picks far from the story's places (see LOOSE_FOREIGN_KM); the story's places are
    the exact matches, so an article of loose matches or countries only is left as it is."""
    anchors = [pick[0].place for pick in chosen if pick is not None and not pick[0].loose]
    countries = {p.country for p in anchors if p.country}
    local = [p for p in anchors if p.feature in ("city", "admin1", "admin2")]
    if not local:
        return list(chosen)  # only countries named: too little to call a town foreign
    return [
        None
        if pick is not None
        and pick[0].loose
        and pick[0].place.country not in countries
        and min(distance_km(pick[0].place, a) for a in local) > LOOSE_FOREIGN_KM
        else pick
        for pick in chosen
    ]


def _place_of(pick: tuple[Candidate, float] | None) -> Place | None:
    return pick[0].place if pick else None


def _best(
    mention: Mention, context: _Context | None, index: int, name: str
) -> tuple[Candidate, float] | None:
    own_places = frozenset(c.place for c in mention.candidates)
    named_so = any(c.primary and not c.loose for c in mention.candidates)
    scored = [
        (c, _score(c, mention, context, index, own_places=own_places, name=name, named_so=named_so))
        for c in mention.candidates
    ]
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
    chosen: Sequence[tuple[Candidate, float] | None],
    mentions: Sequence[Mention],
    pairs: dict[int, int],
    support: dict[tuple[int, Place], float],
) -> _Context:
    """Each distinct name votes once: five "Paris" in an article must not vouch for each other."""
    groups = _group_ids(mentions)
    votes: dict[int, Place] = {}
    for i, pick in enumerate(chosen):
        if pick is not None:
            votes.setdefault(groups[i], pick[0].place)
    containers = {i: pick[0].place for i, j in pairs.items() if (pick := chosen[j]) is not None}
    contents = {j: tuple(c.place for c in mentions[i].candidates) for i, j in pairs.items()}
    return _Context(groups, tuple(votes.items()), containers, contents, support)


def _group_ids(mentions: Sequence[Mention]) -> tuple[int, ...]:
    """Mention index -> id of its name (mentions with the same candidates share one)."""
    group_ids: dict[tuple[Candidate, ...], int] = {}
    return tuple(group_ids.setdefault(m.candidates, len(group_ids)) for m in mentions)


def _closeness(km: float) -> float:
    """1 within NEAR_KM, falling with log distance to 0 at NEAR_KM * 10**NEAR_DECADES."""
    return max(0.0, 1.0 - math.log10(max(km, NEAR_KM) / NEAR_KM) / NEAR_DECADES)


def _support(mentions: Sequence[Mention]) -> dict[tuple[int, Place], float]:
    """For each name's local candidates (towns, counties): the mean, over the article's other names, of how
    near that name's nearest candidate lies.

    Coordinate ascent only compares a candidate with the others' current picks, so a pair read the wrong
    way together ("Richmond" and "Madison County" both in Virginia) never leaves it even when another
    reading puts both in one place (Kentucky, where Richmond is Madison County's seat). This term sees
    every reading of the other names at once. Distances are computed with numpy in one matrix: an LGL
    article has a few hundred candidates.
    """
    import numpy as np  # imported on first use: `import dateline` must stay light

    groups = _group_ids(mentions)
    first_of_group = {g: m for g, m in zip(groups, mentions, strict=True)}
    owners: list[int] = []
    places: list[Place] = []
    coordinates: list[tuple[float, float]] = []
    for g, m in first_of_group.items():
        for c in sorted(m.candidates, key=lambda c: -c.place.population)[:SUPPORT_CANDIDATES]:
            if c.place.feature in _LOCAL and c.place.lat is not None and c.place.lon is not None:
                owners.append(g)
                places.append(c.place)
                coordinates.append((c.place.lat, c.place.lon))
    distinct_groups = sorted(set(owners))
    if len(distinct_groups) < 2:
        return {}
    lat, lon = np.radians(np.array(coordinates)).T
    h = (
        np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
        + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
    )
    km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    close = np.clip(1.0 - np.log10(np.maximum(km, NEAR_KM) / NEAR_KM) / NEAR_DECADES, 0.0, None)  # _closeness
    # A place that two names share ("DeKalb", "DeKalb County") is a synonym, not a neighbour.
    index: dict[Place, int] = {}
    codes = np.array([index.setdefault(p, len(index)) for p in places])
    close[codes[:, None] == codes[None, :]] = 0.0
    owner = np.array(owners)
    best_per_group = np.stack([close[:, owner == g].max(axis=1) for g in distinct_groups], axis=1)
    out: dict[tuple[int, Place], float] = {}
    for row, (g, place) in enumerate(zip(owners, places, strict=True)):
        others = [k for k, h_ in enumerate(distinct_groups) if h_ != g]
        out[(g, place)] = float(best_per_group[row, others].mean())
    return out


def _score(
    candidate: Candidate,
    mention: Mention,
    context: _Context | None,
    index: int,
    *,
    own_places: frozenset[Place],
    name: str,
    named_so: bool,
) -> float:
    """``named_so``: some candidate has the mention's name as its main name; ``name``: its strict key."""
    place = candidate.place
    score = math.log10(max(place.population, 0) + POPULATION_FLOOR) + _feature_prior(candidate, mention)
    if candidate.loose:
        score -= LOOSE_PENALTY
    if candidate.primary:
        score += PRIMARY_BONUS
    elif named_so and _renamed(candidate.place, name):
        score -= SHADOWED_ALTERNATE_PENALTY
    if mention.cue:
        wanted = {"city": ("city",), "admin": ("admin1", "admin2")}[mention.cue]
        score += CUE_WEIGHT if place.feature in wanted else -CUE_WEIGHT
    if context is not None:
        score += _coherence(place, context, index, own_places)
    return score


def _renamed(place: Place, name: str) -> bool:
    """The name is not a short form of the place's main name: "Berea" for Aleppo, not "Enfield" for
    "Enfield Town". Without the name (no text given) every alternate counts as a renaming."""
    words = [_SHORT_FORMS.get(w, w) for w in name.split()]
    main = [_SHORT_FORMS.get(w, w) for w in strict_key(place.name).split()]
    if words and loose_key(name) == loose_key(place.name):
        return False  # a spelling of the main name ("Rawa" for Rāwah), not another name
    return not words or main[: len(words)] != words


def _feature_prior(candidate: Candidate, mention: Mention) -> float:
    place = candidate.place
    if place.feature == "city" and any(_named_after(place, c.place) for c in mention.candidates):
        return NAMESAKE_TOWN_PRIOR
    if place.feature == "admin1" and any(
        c.place.feature == "city" and _inside(c.place, place) and c.primary and not c.loose
        for c in mention.candidates
    ):
        return SHADOWED_ADMIN1_PRIOR
    return FEATURE_PRIOR.get(place.feature, 0.0)


def _named_after(town: Place, region: Place) -> bool:
    """A small town bearing the name of a first-level region of its country that it lies outside of."""
    return (
        region.feature == "admin1"
        and region.country == town.country
        and region.admin1 != town.admin1
        and strict_key(region.name) == strict_key(town.name)
        and town.population < NAMESAKE_TOWN_SHARE * region.population
    )


def _coherence(place: Place, context: _Context, index: int, own_places: frozenset[Place]) -> float:
    own = context.groups[index]
    voices = context.voices.get(own)
    if voices is None:
        voices = context.voices[own] = _voices(context, own, own_places)
    score = 0.0
    if voices.total > 0 and place.country:
        score += COUNTRY_CONTEXT_WEIGHT * voices.countries[place.country] / voices.total
    if place.admin1 and (place.country, place.admin1) in voices.regions:
        score += ADMIN1_CONTEXT_WEIGHT
    container = context.containers.get(index)
    if container is not None and _inside(place, container):
        score += CONTAINER_WEIGHT
    if any(_inside(p, place) for p in context.contents.get(index, ())):
        score += CONTAINER_WEIGHT
    if voices.local and place.feature in _LOCAL:
        km = voices.nearest_km.get(place)
        if km is None:
            km = voices.nearest_km[place] = min(distance_km(place, p) for p in voices.local)
        score += NEAR_WEIGHT * _closeness(km)
    score += SUPPORT_WEIGHT * context.support.get((own, place), 0.0)
    return score


def _voices(context: _Context, own: int, own_places: frozenset[Place]) -> _Voices:
    # A name must not vouch for itself, nor for a synonym: "DeKalb" read as DeKalb County, Georgia, would
    # otherwise pull "DeKalb County" there and the pair would outvote the Illinois towns around them.
    # (Mentions of one name share their candidates, so ``own_places`` is the same for all of them.)
    voters = [p for g, p in context.votes if g != own and p not in own_places]
    countries = Counter(p.country for p in voters if p.country)
    regions = frozenset((p.country, p.admin1) for p in voters if p.admin1)
    local = tuple(p for p in voters if p.feature in _LOCAL)
    return _Voices(countries, sum(countries.values()), regions, local)
