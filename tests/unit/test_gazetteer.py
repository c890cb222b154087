"""Place-name folding and the fake gazetteer (no GeoNames data, no spaCy model)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dateline.backends.gazetteer import (
    Candidate,
    FakeGazetteer,
    Gazetteer,
    GeonamesGazetteer,
    default_cache_dir,
)
from dateline.model import Place
from dateline.stages.placenames import abbreviation_key, loose_key, strict_key


def city(name: str, gid: int, country: str = "SY", population: int = 50_000) -> Place:
    return Place(name, gid, "city", country, None, 35.0, 40.0, 1, population=population)


@pytest.mark.parametrize(
    "variants",
    [
        ["Deir Az Zor", "Deir al-Zour", "Deir el-Zour", "Deir Ezzor", "Deir ez-Zor", "Deir al-Zor"],
        ["Raqa", "Raqqa", "Ar Raqqah", "al-Raqqa"],
        ["Boukamal", "Albu Kamal", "Abu Kamal", "Ālbū Kamāl", "Abou Kemal"],
        ["Qaim", "Al Qaim", "Al Qā’im", "al-Qa'im"],
        ["Mayadeen", "Al Mayadin", "Al Mayādīn", "al-Mayadeen"],
        ["al-Hamidya", "al-Hamidiya", "Hamidiyah"],
    ],
)
def test_transliteration_variants_share_a_loose_key(variants: list[str]) -> None:
    keys = {loose_key(v) for v in variants}
    assert len(keys) == 1, keys


def test_strict_key_folds_case_accents_and_punctuation_only() -> None:
    assert strict_key("Deir ez-Zor") == "deir ez zor"
    assert strict_key("Al Qā’im") == "al qaim"
    assert strict_key("  São   Paulo ") == "sao paulo"
    assert strict_key("Deir al-Zour") != strict_key("Deir ez-Zor")  # only the loose key merges these


def test_loose_key_keeps_distinct_names_apart() -> None:
    assert loose_key("Palmyra") != loose_key("Tadmur")  # same city, but only an alternate name links them
    assert loose_key("Allen") != loose_key("Len")  # a glued "l" is not taken for an article
    assert loose_key("Mosul") != loose_key("Homs")


def test_abbreviation_key_keeps_dots() -> None:
    assert abbreviation_key("Ky.") == "ky."
    assert abbreviation_key("B. C.") == "b.c."


def test_fake_gazetteer_folds_like_the_real_one() -> None:
    deir = city("Deir ez-Zor", 170794, population=271_800)
    gaz: Gazetteer = FakeGazetteer({"Deir ez-Zor": [deir]})
    for spelling in ("Deir ez-Zor", "Deir Az Zor", "Deir al-Zour", "Deir Ezzor"):
        hits = gaz.lookup(spelling)
        assert [c.place.geonameid for c in hits] == [170794], spelling
    assert gaz.lookup("Deir ez-Zor") == [Candidate(deir, loose=False, primary=True)]
    assert gaz.lookup("Deir Ezzor")[0].loose
    assert gaz.lookup("Homs") == []


def test_fake_gazetteer_demonyms_common_words_and_ids() -> None:
    syria = Place("Syria", 163843, "country", "SY", None, 35.0, 38.0, 3)
    gaz = FakeGazetteer({"Syria": [syria]}, demonyms={"Syrian": syria}, common_words=frozenset({"march"}))
    assert gaz.demonym("Syrian") == syria
    assert gaz.demonym("Syria") is None
    assert gaz.is_common_word("March") and not gaz.is_common_word("Syria")
    assert gaz.by_id(163843) == syria
    assert gaz.country("SY") == syria
    assert gaz.lookup_many(["Syria", "Iraq"]) == {"Syria": [Candidate(syria)], "Iraq": []}


def test_real_gazetteer_is_lazy_and_picklable(tmp_path: Path) -> None:
    """Nothing is built or opened until the first lookup; a pickled copy (for a worker) reopens by path."""
    gaz = GeonamesGazetteer(cache_dir=tmp_path)
    assert gaz.index_path.parent == tmp_path and not gaz.index_path.exists()
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.index_path == gaz.index_path and not any(tmp_path.iterdir())


def test_default_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("DATELINE_CACHE")
    assert default_cache_dir() == Path.home() / ".cache" / "dateline"


def test_subdivision_aliases_keep_english_forms_only() -> None:
    from dateline.backends.gazetteer_build import _admin2_short_names, _english_aliases, _Subdivision

    preble = _Subdivision("Preble County", "US.OH.135", 4521907, ("Condado de Preble", "Preble"))
    assert _english_aliases(preble) == ["Preble"]
    assert _admin2_short_names(preble) == ["Preble"]
    ohio = _Subdivision("Ohio", "US.OH", 5165418, ("State of Ohio", "‘Ohaio", "OH"))
    assert _english_aliases(ohio) == ["State of Ohio"]  # no codes, no other languages
    york = _Subdivision("York", "GB.ENG.Q5", 2633351, ("City of York", "York City"))
    assert _admin2_short_names(york) == []  # "City of York" is no short form of "York"


def test_lookup_many_survives_the_cache_filling_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Regression: the cache was cleared while a batch was being filled, losing names of the same batch."""
    from dateline.backends import gazetteer as module

    gaz = module.GeonamesGazetteer(index_path=_tiny_index(tmp_path))
    monkeypatch.setattr(module, "_CACHE_LIMIT", 3)
    names = [f"Nowhere {i}" for i in range(10)]
    assert set(gaz.lookup_many(names)) == set(names)
    assert set(gaz.lookup_many([*names[:2], "Other"])) == {*names[:2], "Other"}


def _tiny_index(tmp_path: Path) -> Path:
    """An index with the real schema and no rows: every lookup misses, which is all the cache test needs."""
    import sqlite3

    from dateline.backends.gazetteer_build import _create_tables

    path = tmp_path / "tiny.sqlite"
    with sqlite3.connect(path) as con:
        _create_tables(con)
    return path


def test_a_region_takes_its_polygon_centroid_when_known() -> None:
    """Towns crowd in a region's south (Ontario); the polygon centroid, when iso3166-2 has one, wins."""
    from dateline.backends.gazetteer_build import _region_row

    towns = [{"latitude": 43.0 + i / 10, "longitude": -80.0 - i / 10, "population": 1000} for i in range(21)]
    placed = _region_row(6093943, "Ontario", "admin1", "CA", "Ontario", towns, (50.0, -86.0))
    assert (placed.lat, placed.lon) == (50.0, -86.0)
    assert placed.population == 21_000 and placed.geonameid == 6093943
    fallback = _region_row(6093943, "Ontario", "admin1", "CA", "Ontario", towns, None)
    assert 43.0 < fallback.lat < 45.0 and -82.0 < fallback.lon < -80.0  # the towns' trimmed box centre


def test_subdivision_points_come_keyed_by_iso_code() -> None:
    """The installed iso3166-2 data: one (lat, lon) per ISO 3166-2 code, inside the region it names."""
    from dateline.backends.gazetteer_build import _iso_subdivision_points

    points = _iso_subdivision_points()
    lat, lon = points["CA-ON"]
    assert 42.0 < lat < 57.0 and -95.0 < lon < -74.0
    assert all(-90.0 <= la <= 90.0 and -180.0 <= lo <= 180.0 for la, lo in points.values())
