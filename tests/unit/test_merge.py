"""Cross-document merge: hand-built mentions and citations, no model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus.blocking import blocking_key, candidate_pairs, shard_key
from dateline.corpus.merge import merge
from dateline.corpus.similarity import MentionView, view_of
from dateline.model import (
    Actor,
    ActorKind,
    ActorRef,
    Citation,
    EventMention,
    Modality,
    Place,
    Span,
    TimeInterval,
    Toponym,
)

ARMY = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
IS = Actor("islamic-state", "Islamic State", ActorKind.REBEL, None)
DEIR = Place("Deir ez-Zor", 170794, "city", "SY", "Deir ez-Zor", 35.33, 40.14, 1)
PALMYRA = Place("Palmyra", 163270, "city", "SY", "Homs", 34.56, 38.28, 1)
MAYADEEN = Place("Mayadin", 168668, "city", "SY", "Deir ez-Zor", 35.02, 40.45, 1)
DEIR_PROVINCE = Place("Deir ez-Zor Governorate", 170792, "admin1", "SY", "Deir ez-Zor", 35.0, 40.5, 3)


def item(
    article: str,
    sentence: str,
    trigger: str,
    place: Place | None,
    when: date | None,
    *,
    outlet: str = "Outlet",
    modality: Modality = Modality.ASSERTED,
    stated: bool = True,
    sub: str = "Government regains territory",
) -> tuple[EventMention, Citation]:
    """A mention whose sentence starts at offset 100 of its article; the trigger is found in the sentence."""
    offset = 100
    t = sentence.index(trigger)
    span = Span(offset, offset + len(sentence))
    name_at = sentence.find(place.name.split()[0]) if place else -1
    interval = TimeInterval.day(when) if when else TimeInterval.unresolved()
    mention = EventMention(
        article_id=article,
        sentence=span,
        trigger=Span(offset + t, offset + t + len(trigger)),
        event_type="Battles",
        sub_event_type=sub,
        actor1=ActorRef(ARMY, Span(offset, offset + 5)),
        actor2=ActorRef(IS, Span(offset + 6, offset + 10)),
        place=Toponym(Span(offset + max(name_at, 0), offset + max(name_at, 0) + 4), place) if place else None,
        when=interval,
        when_evidence=Span(offset, offset + 3) if (when and stated) else None,
        reported=interval,
        modality=modality,
        salience=0.8,
    )
    citation = Citation(article, span, sentence, outlet=outlet, reported=interval)
    return mention, citation


DEIR_A = item(
    "a1",
    "Syrian troops broke the Islamic State siege of Deir Az Zor on Tuesday, state media said.",
    "broke",
    DEIR,
    date(2017, 9, 5),
    outlet="Reuters",
)
DEIR_B = item(
    "b2",
    "The Syrian army broke the siege of Deir al-Zour by Islamic State fighters on Tuesday.",
    "broke",
    DEIR,
    date(2017, 9, 5),
    outlet="AP",
)
PALMYRA_A = item(
    "c3",
    "Syrian troops recaptured Palmyra from Islamic State militants on Thursday.",
    "recaptured",
    PALMYRA,
    date(2017, 3, 2),
    outlet="BBC",
)
PALMYRA_WEEK = item(
    "d4",
    "Syrian troops recaptured the town from Islamic State militants on Thursday.",
    "recaptured",
    PALMYRA,
    date(2017, 10, 12),
    outlet="BBC",
)
MAYADEEN_WEEK = item(
    "e5",
    "Syrian troops recaptured Mayadeen from Islamic State militants on Saturday.",
    "recaptured",
    MAYADEEN,
    date(2017, 10, 14),
    outlet="Reuters",
)


def test_same_event_two_spellings_becomes_one_event_with_two_citations() -> None:
    result = merge([DEIR_A, DEIR_B])
    assert len(result.events) == 1
    event = result.events[0]
    assert len(event.citations) == 2
    assert {c.outlet for c in event.citations} == {"Reuters", "AP"}
    assert event.place == DEIR
    assert event.when == TimeInterval.day(date(2017, 9, 5))
    assert not event.date_inferred
    assert event.actor1 == ARMY and event.actor2 == IS
    assert event.summary in (DEIR_A[1].quote, DEIR_B[1].quote)
    assert result.replaced == ()


def test_different_places_same_week_stay_apart() -> None:
    result = merge([PALMYRA_WEEK, MAYADEEN_WEEK])
    assert len(result.events) == 2
    assert {e.place for e in result.events} == {PALMYRA, MAYADEEN}


def test_different_dates_same_place_stay_apart() -> None:
    assert len(merge([PALMYRA_A, PALMYRA_WEEK]).events) == 2


def test_place_inside_region_is_compatible() -> None:
    regional = item(
        "f6",
        "Syrian troops broke the Islamic State siege in Deir ez-Zor province on Tuesday.",
        "broke",
        DEIR_PROVINCE,
        date(2017, 9, 5),
    )
    result = merge([DEIR_A, regional])
    assert len(result.events) == 1
    assert result.events[0].place == DEIR  # the most specific place wins


def test_undated_article_inherits_date_marked_inferred() -> None:
    undated = item(
        "g7",
        "Syrian troops broke the Islamic State siege of Deir ez-Zor, state media said.",
        "broke",
        DEIR,
        None,
    )
    result = merge([DEIR_A, undated])
    (event,) = result.events
    assert event.when == TimeInterval.day(date(2017, 9, 5))
    assert not event.date_inferred  # one report states the date itself
    by_article = {m.article_id: m for m in event.mentions}
    assert by_article["g7"].when == event.when and by_article["g7"].when_inferred
    assert not by_article["a1"].when_inferred
    assert "inferred" in event.notes


def test_date_from_article_date_only_is_flagged_inferred() -> None:
    only_article_date = item(
        "h8", "Troops broke the siege of Deir ez-Zor.", "broke", DEIR, date(2017, 9, 6), stated=False
    )
    (event,) = merge([only_article_date]).events
    assert event.date_inferred
    assert event.when == TimeInterval.day(date(2017, 9, 6))


def test_all_undated_keeps_the_uncertainty() -> None:
    a = item("i9", "Troops broke the siege of Deir ez-Zor.", "broke", DEIR, None)
    (event,) = merge([a]).events
    assert not event.when.is_resolved
    assert not event.date_inferred


def test_negated_and_hypothetical_mentions_never_make_events() -> None:
    denied = item(
        "j1",
        "The army denied it broke the siege of Deir ez-Zor.",
        "broke",
        DEIR,
        date(2017, 9, 5),
        modality=Modality.NEGATED,
    )
    vowed = item(
        "k2",
        "The army vowed to break the siege of Deir ez-Zor.",
        "break",
        DEIR,
        date(2017, 9, 5),
        modality=Modality.HYPOTHETICAL,
    )
    result = merge([denied, vowed])
    assert result.events == ()
    assert len(result.set_aside) == 2


def test_incremental_merge_joins_existing_event() -> None:
    first = merge([DEIR_A])
    (stored,) = first.events
    second = merge([DEIR_B], existing=[stored])
    (event,) = second.events
    assert event.id == merge([DEIR_A, DEIR_B]).events[0].id
    assert len(event.citations) == 2
    assert second.replaced in ((), (stored.id,))
    assert (stored.id in second.replaced) == (event.id != stored.id)


def test_existing_event_untouched_is_not_returned() -> None:
    (stored,) = merge([PALMYRA_A]).events
    result = merge([MAYADEEN_WEEK], existing=[stored])
    assert [e.place for e in result.events] == [MAYADEEN]
    assert result.replaced == ()


def test_reingesting_the_same_report_changes_nothing() -> None:
    (stored,) = merge([DEIR_A, DEIR_B]).events
    result = merge([DEIR_A], existing=[stored])
    assert result.events == () or result.events[0].citations == stored.citations


def test_blocking_keys() -> None:
    mention = DEIR_A[0]
    key = blocking_key(mention)
    assert key.family == "political-violence" and key.country == "SY" and key.month == "2017-09"
    assert shard_key(mention) == "2017-09:sy"
    views = [view_of(*x) for x in (DEIR_A, PALMYRA_A, MAYADEEN_WEEK)]
    # months apart: never compared
    assert list(candidate_pairs(views)) == []


ALL_ITEMS = [DEIR_A, DEIR_B, PALMYRA_A, PALMYRA_WEEK, MAYADEEN_WEEK]


@settings(max_examples=40, deadline=None)
@given(st.permutations(ALL_ITEMS))
def test_order_independent(order: list[tuple[EventMention, Citation]]) -> None:
    reference = merge(ALL_ITEMS)
    assert merge(order) == reference


HAMIDYA = Place("al-Hamidya", None, "named-place", "SY", "Deir ez-Zor", 35.33, 40.14, 2, parent=170794)
HOSPITAL = Place("Nour Hospital", None, "named-place", "SY", "Deir ez-Zor", 35.33, 40.14, 2, parent=170794)


def test_neighbourhoods_of_one_city_join_the_city_event_and_the_city_is_its_place() -> None:
    hamidya = item(
        "h1",
        "Army units regained control over the al-Hamidya neighbourhood of Deir ez-Zor on Tuesday.",
        "regained control",
        HAMIDYA,
        date(2017, 9, 5),
    )
    hospital = item(
        "h2",
        "Syrian troops restored control over Nour Hospital in Deir ez-Zor from Islamic State on Tuesday.",
        "restored control",
        HOSPITAL,
        date(2017, 9, 5),
    )
    (event,) = merge([DEIR_A, hamidya, hospital]).events
    assert event.place == DEIR
    assert len(event.citations) == 3


def test_report_naming_no_place_and_no_day_does_not_join_another_articles_event() -> None:
    vague = item(
        "z9",
        "A series of Islamic State strongholds were recaptured by Syrian troops as the caliphate crumbles.",
        "recaptured",
        None,
        None,
    )
    result = merge([PALMYRA_A, vague])
    assert len(result.events) == 2


def test_new_report_can_join_two_stored_events_into_one() -> None:
    (first,) = merge([DEIR_A]).events
    undated_other_outlet = item(
        "c9",
        "Syrian troops broke the Islamic State siege of Deir ez-Zor, the army said.",
        "broke",
        DEIR,
        None,
    )
    (second,) = merge([undated_other_outlet]).events
    result = merge([DEIR_B], existing=[first, second])
    (event,) = result.events
    assert {c.article_id for c in event.citations} == {"a1", "b2", "c9"}
    assert set(result.replaced) == {first.id, second.id} - {event.id}


def test_a_report_with_no_place_and_no_date_is_only_paired_inside_its_article() -> None:
    floating = item("a1", "Troops retook a string of villages, officials said later.", "retook", None, None)
    other = item("b2", "Troops retook more villages as the offensive went on.", "retook", None, None)
    same_article = (
        replace(other[0], article_id="a1", sentence=Span(300, 350), trigger=Span(306, 312)),
        replace(other[1], article_id="a1", sentence=Span(300, 350)),
    )
    views = [view_of(*x) for x in (floating, other, same_article)]
    assert list(candidate_pairs(views)) == [(0, 2)]  # never across articles (anchored_enough)
    assert list(candidate_pairs(views, groups=[0, 1, 0])) == []  # one stored event: nothing to compare


def _random_views(rng: Random, size: int) -> list[MentionView]:
    places = [None, DEIR, PALMYRA, Place("Mosul", 99072, "city", "IQ", "Nineveh", 36.3, 43.1, 1)]
    views = []
    for k in range(size):
        day = rng.choice([None, date(2017, 9, 1) + timedelta(days=rng.randint(0, 60))])
        when = TimeInterval.unresolved()
        if day is not None:
            when = TimeInterval(
                day, day + timedelta(days=rng.choice([0, 6, 30])), TimeInterval.day(day).granularity
            )
        views.append(
            MentionView(
                key=f"{k:03d}",
                sentence_id=f"a{rng.randint(0, 5)}:{k}",
                family=rng.choice(["political-violence", "demonstrations"]),
                sub_event_type=rng.choice(["", "Armed clash"]),
                trigger="",
                text="",
                when=when,
                when_stated=True,
                place=rng.choice(places),
                actors=frozenset(),
            )
        )
    return views


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 30))
def test_pairs_with_fresh_mentions_are_the_full_pairs_that_touch_one(rng: Random, size: int) -> None:
    views = _random_views(rng, size)
    groups = [rng.randint(0, size) for _ in range(size)]
    fresh = [i for i in range(size) if rng.random() < 0.3]
    every = list(candidate_pairs(views, groups=groups))
    assert every == sorted(set(every))
    touching = [(i, j) for i, j in every if i in fresh or j in fresh]
    assert list(candidate_pairs(views, groups=groups, fresh=fresh)) == touching


def test_stored_events_no_new_report_links_to_are_left_as_they_are() -> None:
    (deir,) = merge([DEIR_A]).events
    (palmyra,) = merge([PALMYRA_A]).events
    result = merge([MAYADEEN_WEEK], existing=[deir, palmyra])
    assert all(e.id not in (deir.id, palmyra.id) for e in result.events) and result.replaced == ()


def test_merging_stored_events_alone_joins_those_split_apart() -> None:
    (first,) = merge([DEIR_A]).events
    (second,) = merge([DEIR_B]).events
    (joined,) = merge((), existing=[first, second]).events
    assert {c.article_id for c in joined.citations} == {"a1", "b2"}
