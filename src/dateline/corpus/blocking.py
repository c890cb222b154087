"""Which mentions are worth comparing: blocking by type family, time window and country.

No all-pairs step over the corpus: mentions are only compared within one type family, within
:data:`BLOCK_WINDOW_DAYS` of each other, and within one country (an unplaced or undated mention is compared
with every mention of its family, because it may belong to any of them). :func:`shard_key` gives the coarser
key the Dask engine partitions by.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from dateline.corpus.similarity import UNSTATED_DATE_LOOKBACK_DAYS, MentionView, type_family
from dateline.model import EventMention

__all__ = ["BLOCK_WINDOW_DAYS", "BlockKey", "blocking_key", "candidate_pairs", "shard_key"]

# Mentions further apart than this (one's start after the other's end) are never compared: wider than the
# date slack plus the look-back given to reports that only carry their article's date, so no compatible
# pair is lost.
BLOCK_WINDOW_DAYS = UNSTATED_DATE_LOOKBACK_DAYS + 3


@dataclass(frozen=True, slots=True, order=True)
class BlockKey:
    """Mentions with different keys (ignoring ``None`` parts, which match anything) are never compared."""

    family: str
    country: str | None
    month: str | None  # "YYYY-MM" of the start day


def blocking_key(mention: EventMention) -> BlockKey:
    place = mention.place.place if mention.place is not None else None
    start = None if mention.when_inferred else mention.when.start
    return BlockKey(
        family=type_family(mention.event_type),
        country=place.country if place is not None else None,
        month=start.strftime("%Y-%m") if start is not None else None,
    )


def shard_key(mention: EventMention) -> str:
    """``"YYYY-MM:CC"`` (``undated``/``xx`` when unknown): the partition the distributed engine merges within.

    Events straddling a month boundary can be split across shards; the engine re-merges neighbouring shards'
    events with ``merge(existing=...)`` to join them.
    """
    key = blocking_key(mention)
    return f"{key.month or 'undated'}:{(key.country or 'xx').lower()}"


def _countries_match(a: MentionView, b: MentionView) -> bool:
    ca = a.place.country if a.place is not None else None
    cb = b.place.country if b.place is not None else None
    return ca is None or cb is None or ca == cb


def candidate_pairs(views: Sequence[MentionView]) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, worth scoring: same family, close in time, same/unknown country."""
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, view in enumerate(views):
        by_family[view.family].append(index)
    for members in by_family.values():
        dated = sorted(
            (i for i in members if views[i].when.start is not None),
            key=lambda i: views[i].when.start or date.min,
        )
        undated = [i for i in members if views[i].when.start is None]
        pairs: set[tuple[int, int]] = set()
        # Sliding window over the dated mentions, sorted by start day.
        for pos, i in enumerate(dated):
            end_i = views[i].when.end
            assert end_i is not None
            for j in dated[pos + 1 :]:
                start_j = views[j].when.start
                assert start_j is not None
                if (start_j - end_i).days > BLOCK_WINDOW_DAYS:
                    break  # later mentions start later still
                pairs.add((min(i, j), max(i, j)))
        for i in undated:
            for j in members:
                if j != i:
                    pairs.add((min(i, j), max(i, j)))
        for i, j in sorted(pairs):
            if _countries_match(views[i], views[j]):
                yield i, j
