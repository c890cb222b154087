"""Control history from hand-built territorial events."""

from __future__ import annotations

import dataclasses
from datetime import date

from dateline.backends.gazetteer import FakeGazetteer
from dateline.corpus.control import control_history
from dateline.model import Actor, ActorKind, Citation, Event, EventMention, Place, Span, TimeInterval, Toponym

IS = Actor("islamic-state", "Islamic State", ActorKind.REBEL)
GOV = Actor("syria-government-forces", "Military Forces of Syria", ActorKind.STATE, "SY")
SDF = Actor("sdf", "Syrian Democratic Forces", ActorKind.REBEL, "SY")

TADMUR = Place("Tadmur", 163808, "city", "SY", "Homs", 34.56, 38.28, 1, population=51_015)
DEIR = Place("Deir ez-Zor", 170794, "city", "SY", "Deir ez-Zor", 35.34, 40.14, 1, population=271_800)
HAMIDIYA = Place("al-Hamidiya", None, "named-place", "SY", "Deir ez-Zor", 35.34, 40.14, 2, parent=170794)
RAQQA = Place("Ar Raqqah", 172955, "city", "SY", "Ar-Raqqah", 35.95, 39.01, 1)

REGAINS = "Government regains territory"
OVERTAKES = "Non-state actor overtakes territory"


def event(
    eid: str,
    sub: str,
    when: TimeInterval,
    place: Place | None,
    new: Actor | None,
    lost: Actor | None,
    *,
    completeness: str = "",
    background: bool = False,
) -> Event:
    cite = Citation(article_id=f"a-{eid}", sentence=Span(0, 10), quote=f"report {eid}")
    return Event(
        id=eid,
        event_type="Strategic developments" if "transfer" in sub else "Battles",
        sub_event_type=sub,
        when=when,
        date_inferred=False,
        place=place,
        actor1=new,
        actor2=lost,
        associated=(),
        mentions=(),
        citations=(cite,),
        salience=0.5,
        summary=eid,
        background=background,
        completeness=completeness,
    )


def palmyra_events() -> list[Event]:
    return [
        event(
            "gov-2017", REGAINS, TimeInterval.day(date(2017, 3, 2)), TADMUR, GOV, IS, completeness="complete"
        ),
        event("is-2016", OVERTAKES, TimeInterval.month(2016, 12), TADMUR, IS, GOV, background=True),
        event("gov-2016", REGAINS, TimeInterval.month(2016, 3), TADMUR, GOV, IS, background=True),
    ]


def test_palmyra_changes_hands_three_times() -> None:
    steps = control_history(palmyra_events(), TADMUR)
    assert [(s.controller.id if s.controller else None, s.since.label(), s.change) for s in steps] == [
        ("syria-government-forces", "2016-03", "complete"),
        ("islamic-state", "2016-12", "reversal"),
        ("syria-government-forces", "2017-03-02", "reversal"),
    ]
    assert steps[0].until == steps[1].since and steps[1].until == steps[2].since
    assert not steps[-1].until.is_resolved  # still held, as far as the reports go
    assert steps[1].events == ("is-2016",) and steps[1].citations[0].article_id == "a-is-2016"
    assert all(s.place == TADMUR for s in steps)


def test_place_given_by_name_via_gazetteer_or_folded_name() -> None:
    gaz = FakeGazetteer({"Palmyra": [TADMUR]})
    by_gazetteer = control_history(palmyra_events(), "Palmyra", gazetteer=gaz)
    assert [s.events for s in by_gazetteer] == [("gov-2016",), ("is-2016",), ("gov-2017",)]
    assert by_gazetteer[0].place == TADMUR
    assert len(control_history(palmyra_events(), "Tadmur")) == 3  # folded name, no gazetteer
    assert control_history(palmyra_events(), "Palmyra") == []  # an alternate name needs the gazetteer


def test_neighbourhood_is_partial_and_full_capture_follows() -> None:
    events = [
        event("hamidiya", REGAINS, TimeInterval.day(date(2017, 11, 2)), HAMIDIYA, GOV, IS),
        event("city", REGAINS, TimeInterval.day(date(2017, 11, 3)), DEIR, GOV, IS, completeness="complete"),
        event("more", REGAINS, TimeInterval.day(date(2017, 11, 4)), DEIR, GOV, IS, completeness="complete"),
    ]
    steps = control_history(events, DEIR)
    assert [(s.change, s.events) for s in steps] == [
        ("partial", ("hamidiya",)),
        ("complete", ("city", "more")),
    ]
    assert steps[0].until == TimeInterval.day(date(2017, 11, 3))
    assert [c.article_id for c in steps[1].citations] == ["a-city", "a-more"]


def test_other_places_types_undated_and_duplicate_events_are_ignored() -> None:
    events = [
        *palmyra_events(),
        event("raqqa", OVERTAKES, TimeInterval.year(2014), RAQQA, IS, GOV),
        event("attack", "Armed clash", TimeInterval.day(date(2017, 1, 1)), TADMUR, IS, GOV),
        event("undated", OVERTAKES, TimeInterval.unresolved(), TADMUR, IS, GOV),
        event("nobody", OVERTAKES, TimeInterval.day(date(2017, 1, 2)), TADMUR, None, GOV),
        palmyra_events()[0],
    ]
    steps = control_history(events, TADMUR)
    assert [e for s in steps for e in s.events] == ["gov-2016", "is-2016", "gov-2017"]


def test_transfer_to_a_new_controller_is_not_a_reversal() -> None:
    events = [
        event("is", OVERTAKES, TimeInterval.year(2014), RAQQA, IS, GOV),
        event("sdf", OVERTAKES, TimeInterval.month(2017, 10), RAQQA, SDF, IS, completeness="complete"),
    ]
    assert [s.change for s in control_history(events, RAQQA)] == ["complete", "complete"]


def test_place_named_as_the_report_wrote_it() -> None:
    quote = "The army retook Palmyra on Thursday."
    sentence = Span(100, 100 + len(quote))
    toponym = Toponym(Span(116, 123), TADMUR)
    mention = EventMention(
        article_id="a1",
        sentence=sentence,
        trigger=Span(109, 115),
        event_type="Battles",
        sub_event_type=REGAINS,
        place=toponym,
    )
    base = palmyra_events()[0]
    written = dataclasses.replace(
        base, mentions=(mention,), citations=(Citation(article_id="a1", sentence=sentence, quote=quote),)
    )
    assert [s.events for s in control_history([written], "Palmyra")] == [("gov-2017",)]
    assert control_history([written], "Homs") == []


def test_neighbourhood_counts_for_a_city_given_by_name() -> None:
    events = [
        event("hamidiya", REGAINS, TimeInterval.day(date(2017, 11, 2)), HAMIDIYA, GOV, IS),
        event("city", REGAINS, TimeInterval.day(date(2017, 11, 3)), DEIR, GOV, IS, completeness="complete"),
    ]
    steps = control_history(events, "Deir al-Zour")
    assert [(s.change, s.events) for s in steps] == [("partial", ("hamidiya",)), ("complete", ("city",))]
    assert steps[0].place == DEIR
