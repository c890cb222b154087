"""dateline: raw news articles in; a deduplicated, dated, geolocated timeline of events out, every claim cited."""

from __future__ import annotations

__version__ = "0.1.0"
