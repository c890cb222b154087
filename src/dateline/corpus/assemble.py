"""Turn one group of mentions (one real event) into an :class:`Event`: date, place, actors, summary, sources.

Every field is decided by the mentions' votes, with deterministic tie-breaks, so the same group always yields
the same event whatever order its reports arrived in.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dateline.corpus.similarity import MentionView, SimilarityModel, place_inside
from dateline.model import Actor, Citation, Event, EventMention, Granularity, Modality, Place, TimeInterval

__all__ = ["Member", "assemble_event", "event_id"]

# How specific a place is; the event takes the most specific place its reports agree on.
PLACE_SPECIFICITY = {"named-place": 4, "city": 3, "admin1": 2, "country": 1}

# Summary choice: centrality (mean wording similarity to the other reports) decides; a longer sentence gets a
# small bonus per content word up to this many words, because "Clashes continued." says less than a lead.
SUMMARY_LENGTH_CAP_WORDS = 30
SUMMARY_LENGTH_BONUS = 0.005


@dataclass(frozen=True, slots=True)
class Member:
    """One mention in a group, with its citation and its index in the similarity model."""

    mention: EventMention
    citation: Citation
    view: MentionView
    index: int


def event_id(members: Sequence[Member]) -> str:
    """``ev-`` + 16 hex of sha256 of the smallest mention key: stable while a stored event gains reports."""
    anchor = min(m.view.key for m in members)
    return "ev-" + hashlib.sha256(anchor.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- date


def _date_strength(member: Member) -> tuple[int, int, int]:
    """How well a report supports its own date: stated in the text, asserted (not a party's claim), exact."""
    mention, view = member.mention, member.view
    return (
        int(view.when_stated),
        int(mention.modality is Modality.ASSERTED and mention.claimed_by is None),
        int(view.when.granularity is Granularity.DAY and view.when.days == 1),
    )


def choose_date(members: Sequence[Member]) -> tuple[TimeInterval, bool]:
    """The best-supported date and whether it is inferred (no report states it in its text).

    Candidates are the distinct dates reports give; each is backed by the reports whose date contains it.
    The strongest kind of support wins, then the number of backers, then the narrower range, then the earlier.
    Nothing resolved -> the unresolved interval (the uncertainty is kept, not guessed away).
    """
    dated = [m for m in members if m.view.when.is_resolved]
    if not dated:
        return TimeInterval.unresolved(), False
    candidates = {m.view.when for m in dated}
    best = max(candidates, key=lambda candidate: _date_rank(candidate, dated))
    inferred = not any(m.view.when_stated and m.view.when.contains(best) for m in dated)
    return best, inferred


def _date_rank(
    candidate: TimeInterval, dated: Sequence[Member]
) -> tuple[tuple[int, int, int], int, int, int, str]:
    backers = [m for m in dated if m.view.when.contains(candidate)]
    strongest = max(_date_strength(m) for m in backers)
    start = candidate.start.toordinal() if candidate.start is not None else 0
    # narrower range first, then the earlier date (negated so that ``max`` prefers it)
    return strongest, len(backers), -candidate.days, -start, candidate.granularity.value


# --------------------------------------------------------------------------- place and actors


def choose_place(members: Sequence[Member]) -> Place | None:
    """The most specific place every report agrees with (each names it, a place inside it, or one around it).

    Reports naming two different neighbourhoods of a city agree on the city only, so the city is the
    event's place; when no named place is agreed by all, the most-voted (then most specific) is taken.
    """
    places = [m.view.place for m in members if m.view.place is not None]
    if not places:
        return None
    votes = Counter(_place_identity(p) for p in places)
    by_identity = {_place_identity(p): p for p in sorted(places, key=_place_identity)}

    def agreed(identity: tuple[str, str]) -> bool:
        place = by_identity[identity]
        return all(
            other == identity
            or place_inside(place, by_identity[other])
            or place_inside(by_identity[other], place)
            for other in votes
        )

    def specificity(identity: tuple[str, str]) -> int:
        return PLACE_SPECIFICITY.get(by_identity[identity].feature, 0)

    agreed_places = [k for k in by_identity if agreed(k)]
    if agreed_places:
        best = max(agreed_places, key=lambda k: (specificity(k), votes[k], _reverse(k)))
    else:
        best = max(by_identity, key=lambda k: (votes[k], specificity(k), _reverse(k)))
    return by_identity[best]


def _place_identity(place: Place) -> tuple[str, str]:
    return (
        str(place.geonameid) if place.geonameid is not None else place.name.casefold(),
        place.country or "",
    )


def _reverse(identity: tuple[str, str]) -> tuple[int, ...]:
    """Deterministic tie-break inside ``max``: the lexically smallest identity wins."""
    return tuple(-ord(ch) for ch in "".join(identity))


def choose_actors(members: Sequence[Member]) -> tuple[Actor | None, Actor | None, tuple[Actor, ...]]:
    """actor1 and actor2 by vote over their roles; every other actor named becomes an associated actor."""
    known: dict[str, Actor] = {}
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for member in members:
        mention = member.mention
        for ref in (mention.actor1, mention.actor2, *mention.associated):
            if ref is not None:
                known.setdefault(ref.actor.id, ref.actor)
        if mention.actor1 is not None:
            first[mention.actor1.actor.id] += 1
        if mention.actor2 is not None:
            second[mention.actor2.actor.id] += 1
    actor1 = _top(first)
    actor2 = _top(Counter({k: n for k, n in second.items() if k != actor1}))
    associated = tuple(known[k] for k in sorted(known) if k not in (actor1, actor2))
    return (
        known[actor1] if actor1 else None,
        known[actor2] if actor2 else None,
        associated,
    )


def _top(votes: Counter[str]) -> str | None:
    if not votes:
        return None
    return min(votes, key=lambda k: (-votes[k], k))


# --------------------------------------------------------------------------- text and sources


def choose_summary(members: Sequence[Member], model: SimilarityModel) -> str:
    """The evidence sentence of the most central report (main-story, asserted reports first)."""
    centrality = model.centrality([m.index for m in members])

    def rank(k: int) -> tuple[int, float, str]:
        member = members[k]
        words = min(len(member.view.text.split()), SUMMARY_LENGTH_CAP_WORDS)
        main = int(not member.mention.background and member.mention.modality is Modality.ASSERTED)
        return main, centrality[k] + SUMMARY_LENGTH_BONUS * words, member.view.key

    best = max(range(len(members)), key=lambda k: (*rank(k)[:2], _inverse_key(members[k].view.key)))
    return " ".join(members[best].view.text.split())


def _inverse_key(key: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in key)


def unique_citations(members: Sequence[Member]) -> tuple[Citation, ...]:
    """One citation per article and sentence, ordered by report date, outlet and position."""
    seen: dict[tuple[str, int, int], Citation] = {}
    for member in members:
        c = member.citation
        seen.setdefault((c.article_id, c.sentence.start, c.sentence.end), c)
    return tuple(
        seen[k]
        for k in sorted(
            seen,
            key=lambda k: (
                seen[k].reported.start is None,
                seen[k].reported.label(),
                seen[k].outlet or "",
                k,
            ),
        )
    )


def _vote(values: Sequence[str]) -> str:
    present = Counter(v for v in values if v)
    return _top(present) or ""


def _notes(members: Sequence[Member], when: TimeInterval, inferred_articles: Sequence[str]) -> str:
    notes: list[str] = []
    if inferred_articles:
        notes.append(f"date inferred for {len(inferred_articles)} undated report(s) from the other reports")
    other_dates = sorted({m.view.when.label() for m in members if m.view.when.is_resolved} - {when.label()})
    if other_dates:
        notes.append("reports also give " + ", ".join(other_dates))
    claimants = sorted({m.mention.claimed_by for m in members if m.mention.claimed_by})
    if claimants:
        notes.append("claimed by " + ", ".join(claimants))
    return "; ".join(notes)


# --------------------------------------------------------------------------- the event


def assemble_event(members: Sequence[Member], model: SimilarityModel) -> Event:
    """One event from its reports (``members`` non-empty)."""
    ordered = sorted(members, key=lambda m: m.view.key)
    when, inferred = choose_date(ordered)
    actor1, actor2, associated = choose_actors(ordered)
    type_votes = Counter((m.mention.event_type, m.mention.sub_event_type) for m in ordered)
    event_type, sub_event_type = min(type_votes, key=lambda t: (-type_votes[t], t))
    mentions, inferred_articles = _fill_dates(ordered, when)
    return Event(
        id=event_id(ordered),
        event_type=event_type,
        sub_event_type=sub_event_type,
        when=when,
        date_inferred=inferred,
        place=choose_place(ordered),
        actor1=actor1,
        actor2=actor2,
        associated=associated,
        mentions=mentions,
        citations=unique_citations(ordered),
        salience=max(m.mention.salience for m in ordered),
        summary=choose_summary(ordered, model),
        background=all(m.mention.background for m in ordered),
        completeness=_vote([m.mention.completeness for m in ordered]),
        notes=_notes(ordered, when, inferred_articles),
    )


def _fill_dates(members: Sequence[Member], when: TimeInterval) -> tuple[tuple[EventMention, ...], list[str]]:
    """Mentions from undated reports take the event's date, flagged ``when_inferred`` (undone on re-merge)."""
    mentions: list[EventMention] = []
    inferred_articles: list[str] = []
    for member in members:
        mention = member.mention
        if not member.view.when.is_resolved and when.is_resolved:
            mention = replace(mention, when=when, when_evidence=None, when_inferred=True)
            inferred_articles.append(mention.article_id)
        elif not when.is_resolved and mention.when_inferred:
            mention = replace(mention, when=TimeInterval.unresolved(), when_inferred=False)
        mentions.append(mention)
    return tuple(mentions), sorted(set(inferred_articles))
