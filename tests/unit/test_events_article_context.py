"""Article-level completion of event mentions: the implicit loser of a territorial change, and
supporting forces named once for an actor."""

from __future__ import annotations

from dateline.model import Actor, ActorKind, ActorRef, EventMention, Place, Span, Toponym
from dateline.stages.events.stage import _fill_territorial_losers, _share_supporting_forces

GOV = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
IS = Actor("islamic-state", "Islamic State", ActorKind.REBEL)
SDF = Actor("sdf", "Syrian Democratic Forces", ActorKind.REBEL, "SY")
RUSSIA = Actor("russia-military-forces", "Military Forces of Russia", ActorKind.EXTERNAL, "RU")
TOWN = Place("Al Mayadin", 173480, "city", "SY", None, 35.0, 40.4, 1)
OTHER_TOWN = Place("Tadmur", 163808, "city", "SY", None, 34.5, 38.3, 1)


def ref(actor: Actor, at: int) -> ActorRef:
    return ActorRef(actor, Span(at, at + 2))


def mention(
    at: int,
    sub: str,
    actor1: Actor | None,
    actor2: Actor | None = None,
    *,
    place: Place | None = TOWN,
    associated: tuple[ActorRef, ...] = (),
) -> EventMention:
    return EventMention(
        article_id="a",
        sentence=Span(at, at + 10),
        trigger=Span(at + 3, at + 5),
        event_type="Battles",
        sub_event_type=sub,
        actor1=ref(actor1, at) if actor1 else None,
        actor2=ref(actor2, at + 6) if actor2 else None,
        associated=associated,
        place=Toponym(Span(at + 8, at + 10), place) if place else None,
    )


def test_implicit_loser_is_taken_from_an_earlier_event_at_the_same_place() -> None:
    retaken = mention(0, "Government regains territory", GOV)
    earlier = mention(20, "Non-state actor overtakes territory", IS, GOV)
    filled = _fill_territorial_losers([retaken, earlier])
    assert filled[0].actor2 is not None and filled[0].actor2.actor == IS
    assert filled[0].actor2.span == earlier.actor1.span  # type: ignore[union-attr]  # evidence in that sentence


def test_a_third_party_at_the_place_is_not_the_loser() -> None:
    retaken = mention(0, "Government regains territory", GOV)
    elsewhere = mention(20, "Armed clash", SDF, IS)
    assert _fill_territorial_losers([retaken, elsewhere])[0].actor2 is None


def test_an_opponent_at_another_place_is_not_used() -> None:
    retaken = mention(0, "Government regains territory", GOV)
    other = mention(20, "Armed clash", GOV, IS, place=OTHER_TOWN)
    assert _fill_territorial_losers([retaken, other])[0].actor2 is None


def test_supporting_forces_named_once_support_the_actor_throughout_the_article() -> None:
    campaign = mention(0, "Government regains territory", GOV, associated=(ref(RUSSIA, 1),))
    city = mention(20, "Government regains territory", GOV, IS)
    other_side = mention(40, "Armed clash", IS, GOV)
    shared = _share_supporting_forces((campaign, city, other_side))
    assert [a.actor for a in shared[1].associated] == [RUSSIA]
    assert shared[2].associated == ()  # Russia supports the government, not IS


def test_a_supporter_is_never_added_when_it_is_the_other_side() -> None:
    campaign = mention(0, "Armed clash", GOV, associated=(ref(RUSSIA, 1),))
    against_russia = mention(20, "Armed clash", GOV, RUSSIA)
    assert _share_supporting_forces((campaign, against_russia))[1].associated == ()
