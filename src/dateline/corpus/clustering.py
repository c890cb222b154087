"""Group mentions into events: constrained average-linkage agglomerative clustering over scored pairs.

Average linkage (mean pairwise score between two groups) rather than single linkage, because single linkage
chains: a report of Monday's battle that mentions Tuesday's can glue two events together through one pair.
Hand-written rather than scikit-learn's ``AgglomerativeClustering`` because that one needs the dense n x n
matrix (no blocking) and cannot honour cannot-link constraints or pre-formed groups (events already stored).

Deterministic and order-independent: callers pass mentions sorted by key, clusters are named by their smallest
member index, and ties are broken by those names.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence

__all__ = ["MERGE_THRESHOLD", "average_link_clusters"]

# Two groups are merged while their mean pairwise similarity reaches this value. ECB+ topics 1-35
# (eval/ecbplus.py) score the same from 0.35 to 0.5; the low end is taken because news reports of one event
# vary their verbs ("retook", "liberated", "regained control"). The mean runs over the scored pairs only:
# pairs blocked out are incompatible anyway (and block the join), and pairs left unscored on purpose (see
# ``similarity.anchored_enough``) should neither link nor drag a mean down.
MERGE_THRESHOLD = 0.4


def average_link_clusters(
    size: int,
    scored_pairs: Iterable[tuple[int, int, float]],
    *,
    can_join: Callable[[int, int], bool],
    seeds: Sequence[Sequence[int]] = (),
    threshold: float = MERGE_THRESHOLD,
) -> list[list[int]]:
    """Clusters (lists of sorted indices, ordered by smallest member) of ``range(size)``.

    ``scored_pairs``: ``(i, j, score)`` for the pairs worth scoring; the linkage is their mean.
    ``can_join(i, j)``: the hard constraint, checked for every cross pair before two groups merge.
    ``seeds``: groups that start merged (stored events).
    """
    owner = list(range(size))
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    for seed in seeds:
        _start_merged(seed, owner, members)

    links: dict[int, dict[int, tuple[float, int]]] = {c: {} for c in members}
    for i, j, score in scored_pairs:
        a, b = owner[i], owner[j]
        if a != b:
            total, count = links[a].get(b, (0.0, 0))
            links[a][b] = links[b][a] = (total + score, count + 1)

    heap: list[tuple[float, int, int]] = []
    for a, neighbours in links.items():
        for b, link in neighbours.items():
            if a < b:
                _push(heap, a, b, link, threshold)

    blocked: set[tuple[int, int]] = set()
    while heap:
        neg_mean, a, b = heapq.heappop(heap)
        if a not in members or b not in members or (a, b) in blocked:
            continue
        total, count = links[a].get(b, (0.0, 1))
        if abs(total / count + neg_mean) > 1e-12:
            continue  # stale entry: the groups changed since it was pushed
        if not all(can_join(i, j) for i in members[a] for j in members[b]):
            blocked.add((a, b))
            continue
        _join(a, b, members, links, heap, blocked, threshold)

    return [sorted(group) for _, group in sorted(members.items())]


def _start_merged(seed: Sequence[int], owner: list[int], members: dict[int, list[int]]) -> None:
    indices = sorted({owner[i] for i in seed})
    if len(indices) < 2:
        return
    head = indices[0]
    for other in indices[1:]:
        for i in members.pop(other):
            owner[i] = head
            members[head].append(i)


def _push(
    heap: list[tuple[float, int, int]],
    a: int,
    b: int,
    link: tuple[float, int],
    threshold: float,
) -> None:
    total, count = link
    mean = total / count
    if mean >= threshold:
        heapq.heappush(heap, (-mean, min(a, b), max(a, b)))


def _join(
    a: int,
    b: int,
    members: dict[int, list[int]],
    links: dict[int, dict[int, tuple[float, int]]],
    heap: list[tuple[float, int, int]],
    blocked: set[tuple[int, int]],
    threshold: float,
) -> None:
    """Merge group ``b`` into ``a`` (``a < b``: the name stays the smallest member); re-score neighbours."""
    members[a].extend(members.pop(b))
    b_links = links.pop(b)
    b_links.pop(a, None)
    links[a].pop(b, None)
    for c, (total, count) in b_links.items():
        links[c].pop(b, None)
        old_total, old_count = links[a].get(c, (0.0, 0))
        links[a][c] = links[c][a] = (old_total + total, old_count + count)
        if (min(b, c), max(b, c)) in blocked:
            blocked.add((min(a, c), max(a, c)))  # a cannot-link pair stays inside the merged group
    for c, link in links[a].items():
        if (min(a, c), max(a, c)) not in blocked:
            _push(heap, a, c, link, threshold)
