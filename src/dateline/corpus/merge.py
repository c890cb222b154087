"""Cross-document merge: mentions of one real event, across articles, become one :class:`Event`.

GDELT counts every report as an event, so one kidnapping reported by three hundred outlets becomes hundreds of
kidnappings. Here reports are grouped when they are compatible (same type family, dates that can overlap, the
same place or one inside the other -- :func:`dateline.corpus.similarity.compatible`) and similar enough
(wording, trigger, actors, place, date -- :class:`~dateline.corpus.similarity.SimilarityModel`), with
average-linkage clustering over blocked candidate pairs (:mod:`dateline.corpus.blocking`). A report naming
neither a place nor a day is only grouped with reports of its own article
(:func:`~dateline.corpus.similarity.anchored_enough`).

Incremental: the store calls ``merge(new_items, existing=candidate_events)`` with the events of the same time
window and places; stored events stay whole (their reports start merged) and may absorb new reports or each
other. Deterministic and order-independent: inputs are sorted by mention key before anything else, and event
ids derive from the smallest mention key (:func:`dateline.corpus.assemble.event_id`).

Negated and hypothetical mentions ("denied shelling", "vowed to retake") never create a happened event: they
are set aside in :attr:`MergeResult.set_aside`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.corpus.assemble import Member, assemble_event
from dateline.corpus.blocking import blocking_key, candidate_pairs, shard_key
from dateline.corpus.clustering import MERGE_THRESHOLD, average_link_clusters
from dateline.corpus.similarity import (
    MentionView,
    SimilarityModel,
    anchored_enough,
    compatible,
    mention_key,
    view_of,
)
from dateline.model import Citation, Event, EventMention, Modality

__all__ = ["MergeResult", "blocking_key", "cluster_views", "merge", "shard_key"]

# Modalities that report something as having happened (a party's claim is kept, and marked in the notes).
HAPPENED = frozenset({Modality.ASSERTED, Modality.CLAIMED})


@dataclass(frozen=True, slots=True)
class MergeResult:
    """``events``: new or changed events. ``replaced``: ids of existing events absorbed into another id.

    ``set_aside``: mentions that do not report a happened event (negated, hypothetical), kept out of events.
    """

    events: tuple[Event, ...]
    replaced: tuple[str, ...]
    set_aside: tuple[EventMention, ...] = ()


def cluster_views(
    views: Sequence[MentionView],
    *,
    seeds: Sequence[Sequence[int]] = (),
    threshold: float = MERGE_THRESHOLD,
    model: SimilarityModel | None = None,
) -> list[list[int]]:
    """Group ``views`` (indices) into events: the clustering :func:`merge` uses, exposed for evaluation.

    With ``seeds`` (stored events), pairs are scored in two rounds so that the work grows with the new
    reports, not with the store: first every pair with a new report; then the pairs between stored events
    that some new report links to (a pair scoring at least ``threshold``). A stored event no new report
    links to cannot join anything: its mean link to any group is a mean of scores below the threshold
    (its pairs with new reports, and its links to other stored events, which did not merge before).
    """
    model = model if model is not None else SimilarityModel(views)
    groups = list(range(len(views)))  # each mention its own group, but a seed's mentions share one
    for number, seed in enumerate(seeds, start=len(views)):
        for i in seed:
            groups[i] = number
    # With no new report at all, the caller asks for the stored events to be joined with one another (the
    # Dask engine stitches events split by a shard boundary so): every pair counts.
    fresh = ([i for i, group in enumerate(groups) if group == i] or None) if seeds else None
    scored = _scored(views, model, candidate_pairs(views, groups=groups, fresh=fresh))
    if fresh is not None:
        linked = {groups[k] for i, j, s in scored if s >= threshold for k in (i, j) if groups[k] != k}
        stored = [k for k, group in enumerate(groups) if group in linked]
        subset = [views[k] for k in stored]
        among = candidate_pairs(subset, groups=[groups[k] for k in stored])
        scored += _scored(views, model, ((stored[a], stored[b]) for a, b in among))
    return average_link_clusters(
        len(views),
        scored,
        can_join=lambda i, j: compatible(views[i], views[j]),
        seeds=seeds,
        threshold=threshold,
    )


def _scored(
    views: Sequence[MentionView], model: SimilarityModel, pairs: Iterable[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """``(i, j, score)`` for the candidate pairs that may link: compatible and anchored enough."""
    kept = [
        (i, j) for i, j in pairs if compatible(views[i], views[j]) and anchored_enough(views[i], views[j])
    ]
    return [(i, j, s) for (i, j), s in zip(kept, model.score_pairs(kept), strict=True)]


def merge(
    items: Iterable[tuple[EventMention, Citation]],
    *,
    existing: Iterable[Event] = (),
    threshold: float = MERGE_THRESHOLD,
) -> MergeResult:
    """Merge new ``(mention, citation)`` pairs into events, joining ``existing`` events where they match."""
    stored = sorted(existing, key=lambda e: e.id)
    pairs, seed_keys = _stored_pairs(stored)
    set_aside: list[EventMention] = []
    new_keys: set[str] = set()
    for mention, citation in items:
        if mention.modality not in HAPPENED:
            set_aside.append(mention)
            continue
        key = mention_key(mention)
        if key not in pairs:  # a report already stored (re-ingest) keeps its stored form
            pairs[key] = (mention, citation)
            new_keys.add(key)

    keys = sorted(pairs)
    index = {k: i for i, k in enumerate(keys)}
    views = [view_of(*pairs[k]) for k in keys]
    model = SimilarityModel(views)
    seeds = [[index[k] for k in group] for group in seed_keys.values()]
    clusters = cluster_views(views, seeds=seeds, threshold=threshold, model=model)

    owner_of = {k: event_id for event_id, group in seed_keys.items() for k in group}
    events: list[Event] = []
    replaced: set[str] = set()
    for cluster in clusters:
        cluster_keys = [keys[i] for i in cluster]
        old_ids = {owner_of[k] for k in cluster_keys if k in owner_of}
        if not any(k in new_keys for k in cluster_keys) and len(old_ids) <= 1:
            continue  # a stored event nothing joined: unchanged
        members = [Member(*pairs[keys[i]], views[i], i) for i in cluster]
        event = assemble_event(members, model)
        events.append(event)
        replaced |= old_ids - {event.id}
    events.sort(key=lambda e: e.id)
    set_aside.sort(key=mention_key)
    return MergeResult(events=tuple(events), replaced=tuple(sorted(replaced)), set_aside=tuple(set_aside))


def _linkable(a: MentionView, b: MentionView) -> bool:
    return compatible(a, b) and anchored_enough(a, b)


def _stored_pairs(
    stored: Sequence[Event],
) -> tuple[dict[str, tuple[EventMention, Citation]], dict[str, list[str]]]:
    """The stored events' reports as ``(mention, citation)`` by key, and each event's keys (its seed)."""
    pairs: dict[str, tuple[EventMention, Citation]] = {}
    groups: dict[str, list[str]] = {}
    for event in stored:
        by_sentence = {(c.article_id, c.sentence): c for c in event.citations}
        keys: list[str] = []
        for mention in event.mentions:
            key = mention_key(mention)
            if key in pairs:
                continue  # the same report in two stored events: the first (by id) keeps it
            citation = by_sentence.get(
                (mention.article_id, mention.sentence),
                Citation(article_id=mention.article_id, sentence=mention.sentence, quote=""),
            )
            pairs[key] = (mention, citation)
            keys.append(key)
        if keys:
            groups[event.id] = keys
    return pairs, groups
