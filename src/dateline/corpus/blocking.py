"""Which mentions are worth comparing: blocking by type family, time window and country.

No all-pairs step over the corpus: mentions are only compared within one type family, within
:data:`BLOCK_WINDOW_DAYS` of each other, and within one country (an unplaced or undated mention is compared
with every mention of its family, because it may belong to any of them). :func:`shard_key` gives the coarser
key the Dask engine partitions by.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from dateline.corpus.similarity import UNSTATED_DATE_LOOKBACK_DAYS, MentionView, article_of, type_family
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


def _apart(groups: Sequence[int] | None) -> Callable[[int, int], bool]:
    if groups is None:
        return lambda _i, _j: True
    return lambda i, j: groups[i] != groups[j]


def _country(view: MentionView) -> str | None:
    return view.place.country if view.place is not None else None


def candidate_pairs(
    views: Sequence[MentionView], *, groups: Sequence[int] | None = None
) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, worth scoring: same family, close in time, same/unknown country.

    ``groups``: mentions with the same group id are already one event (a stored event's reports): their
    pairs are never needed, and a large stored event would otherwise cost the square of its size on every
    merge it takes part in."""
    apart = _apart(groups)
    countries = [_country(v) for v in views]

    def worth(i: int, j: int) -> bool:
        ci, cj = countries[i], countries[j]
        return (ci is None or cj is None or ci == cj) and apart(i, j)

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
                if worth(i, j):
                    pairs.add((min(i, j), max(i, j)))
        by_article: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_article[article_of(views[i])].append(i)
        untyped = [i for i in members if not views[i].sub_event_type]
        for i in undated:
            # A typed report with neither place nor date only links inside its own article (see
            # similarity.anchored_enough): pairing it with the whole family would score nothing more.
            floating = views[i].place is None and bool(views[i].sub_event_type)
            partners = by_article[article_of(views[i])] + untyped if floating else members
            for j in partners:
                if j != i and worth(i, j):
                    pairs.add((min(i, j), max(i, j)))
        yield from sorted(pairs)
