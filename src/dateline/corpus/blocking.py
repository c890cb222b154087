"""Which mentions are worth comparing: blocking by type family, dates and country.

No all-pairs step over the corpus: mentions are only compared within one type family, when their dates can
overlap (:func:`~dateline.corpus.similarity.dates_compatible`) and within one country (an unplaced or undated
mention is compared with every mention of its family, because it may belong to any of them). The store
fetches candidate events within :data:`BLOCK_WINDOW_DAYS`; :func:`shard_key` gives the coarser key the Dask
engine partitions by.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from dateline.corpus.similarity import (
    DATE_SLACK_DAYS,
    UNSTATED_DATE_LOOKBACK_DAYS,
    MentionView,
    article_of,
    effective_range,
    type_family,
)
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


def _apart(groups: Sequence[int] | None, size: int) -> np.ndarray:
    return np.arange(size) if groups is None else np.asarray(groups)


def _country(view: MentionView) -> str | None:
    return view.place.country if view.place is not None else None


def _floating(view: MentionView) -> bool:
    return view.when.start is None and view.place is None and bool(view.sub_event_type)


def _codes(values: Sequence[str | None]) -> np.ndarray:
    """Small integers standing for ``values`` (``-1`` for ``None``), for vectorised equality tests."""
    numbers: dict[str, int] = {}
    codes = [-1 if v is None else numbers.setdefault(v, len(numbers)) for v in values]
    return np.array(codes, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class _Family:
    """One type family's mentions as arrays: the pair test runs over all of them at once, per mention."""

    index: np.ndarray  # positions in the caller's ``views``
    earliest: np.ndarray  # proleptic ordinal of the first day the event may have happened on (when dated)
    end: np.ndarray  # ... and of the last
    dated: np.ndarray
    floating: np.ndarray  # typed, unplaced, undated: paired only in its article (and with untyped ones)
    untyped: np.ndarray
    article: np.ndarray
    country: np.ndarray
    group: np.ndarray

    @classmethod
    def of(cls, views: Sequence[MentionView], members: list[int], groups: np.ndarray) -> _Family:
        chosen = [views[i] for i in members]
        ranges = [effective_range(v) for v in chosen]
        return cls(
            index=np.array(members, dtype=np.int64),
            earliest=np.array([r.start.toordinal() if r.start else 0 for r in ranges], dtype=np.int64),
            end=np.array([r.end.toordinal() if r.end else 0 for r in ranges], dtype=np.int64),
            dated=np.array([r.start is not None and r.end is not None for r in ranges], dtype=bool),
            floating=np.array([_floating(v) for v in chosen], dtype=bool),
            untyped=np.array([not v.sub_event_type for v in chosen], dtype=bool),
            article=_codes([article_of(v) for v in chosen]),
            country=_codes([_country(v) for v in chosen]),
            group=groups[members],
        )

    def partners(self, k: int) -> np.ndarray:
        """Positions (within the family) of the mentions worth comparing with member ``k``."""
        same_article = self.article == self.article[k]
        if self.dated[k]:
            # :func:`~dateline.corpus.similarity.dates_compatible`, vectorised: the two ranges, widened by the
            # slack, overlap.
            near = self.dated & (self.earliest <= self.end[k] + DATE_SLACK_DAYS)
            near &= self.end >= self.earliest[k] - DATE_SLACK_DAYS
        elif self.floating[k]:
            near = same_article | self.untyped
        else:
            near = np.ones(len(self.index), dtype=bool)
        # An undated partner pairs with ``k`` by its own rule: anything, or (floating) its article-mates and
        # untyped mentions.
        near |= ~self.dated & (~self.floating | same_article | self.untyped[k])
        country = self.country[k]
        if country >= 0:
            near &= (self.country < 0) | (self.country == country)
        near &= self.group != self.group[k]
        return np.flatnonzero(near)


def candidate_pairs(
    views: Sequence[MentionView],
    *,
    groups: Sequence[int] | None = None,
    fresh: Sequence[int] | None = None,
) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, in order, worth scoring: same family, close in time, same or
    unknown country.

    A typed report with neither place nor date only pairs inside its own article (see
    :func:`dateline.corpus.similarity.anchored_enough`): pairing it with the whole family would score nothing.

    ``groups``: mentions with the same group id are already one event (a stored event's reports): their
    pairs are never needed, and a large stored event would otherwise cost the square of its size on every
    merge it takes part in. ``fresh``: when given, only pairs with at least one of these indices (the new
    reports of an incremental merge); the rest of the pairs among the stored events are not enumerated at all.
    """
    group_ids = _apart(groups, len(views))
    wanted = None if fresh is None else set(fresh)
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, view in enumerate(views):
        by_family[view.family].append(index)
    pairs: list[tuple[int, int]] = []
    for members in by_family.values():
        family = _Family.of(views, members, group_ids)
        for k, i in enumerate(members):
            if wanted is not None and i not in wanted:
                continue
            for j in family.index[family.partners(k)].tolist():
                # Each pair once: from its smaller index, or from its only fresh member.
                if j > i or (wanted is not None and j not in wanted):
                    pairs.append((min(i, j), max(i, j)))
    yield from sorted(pairs)
