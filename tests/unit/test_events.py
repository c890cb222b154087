"""ExtractEvents on hand-built parses: types, actors, reported speech, modality, associated actors,
completeness and background (no spaCy model)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.model import AnalyzedArticle, EventMention, Granularity, Modality, Span, TimeInterval, Toponym
from dateline.pipeline import check_order
from dateline.stages.events import ExtractEvents
from tests.unit import events_parses as P


def no_place(doc: AnalyzedArticle, sentence: Span, trigger: Span) -> Toponym | None:
    return None


def only_mention(doc: AnalyzedArticle) -> EventMention:
    out = ExtractEvents(place_picker=no_place)(doc)
    assert len(out.mentions) == 1, out.mentions
    return out.mentions[0]


def test_stage_contract() -> None:
    stage = ExtractEvents(place_picker=no_place)
    assert stage.name == "events"
    assert stage.requires == {"sentences", "tokens", "entities", "timexes", "toponyms", "dated"}
    assert stage.assigns == {"mentions"}


def test_territorial_gain_with_reported_speech_and_partial_control() -> None:
    text = P.RETAKEN
    doc = P.article(text, P.RETAKEN_ROWS, timexes=(P.timex(text, "Thursday", date(2017, 11, 2)),))
    m = only_mention(doc)
    assert (m.event_type, m.sub_event_type) == ("Battles", "Government regains territory")
    assert m.trigger.of(text) == "retaken"
    assert m.actor1 is not None and m.actor1.actor.id == "syria-government-forces"
    assert m.actor1.span.of(text) == "Syria regime forces"
    assert m.claimed_by == "the Observatory"
    assert m.claimed_by_span is not None and m.claimed_by_span.of(text) == "the Observatory"
    # "on Thursday" hangs from "said": it dates the claim, not the event
    assert m.claimed_when == TimeInterval.day(date(2017, 11, 2))
    assert m.completeness == "partial"
    assert m.modality is Modality.ASSERTED
    assert m.reported == TimeInterval.day(P.REPORTED)
    # no time of its own: it takes the day the Observatory said so (Thursday), as ACLED codes it
    assert m.when == TimeInterval.day(date(2017, 11, 2))
    assert m.when_evidence is not None and m.when_evidence.of(text) == "Thursday"
    assert m.salience == 1.0 and not m.background


def test_present_perfect_without_any_date_is_the_week_before_publication() -> None:
    text = P.RETAKEN
    m = only_mention(P.article(text, P.RETAKEN_ROWS))  # no timex at all
    assert m.when == TimeInterval(date(2017, 10, 28), P.REPORTED, Granularity.WEEK)
    assert m.when.acled_precision == 2
    assert m.when_evidence is not None and m.when_evidence.of(text) == "have"


def test_negation() -> None:
    m = only_mention(P.article(P.NOT_CAPTURED, P.NOT_CAPTURED_ROWS))
    assert m.modality is Modality.NEGATED


def test_denial_negates_the_reported_event() -> None:
    m = only_mention(P.article(P.DENIED, P.DENIED_ROWS))
    assert m.modality is Modality.NEGATED


def test_threat_is_hypothetical() -> None:
    m = only_mention(P.article(P.THREATENED, P.THREATENED_ROWS))
    assert m.modality is Modality.HYPOTHETICAL
    assert m.salience < 1.0


def test_associated_actor_led_on_the_ground_by() -> None:
    text = P.LED_BY
    m = only_mention(P.article(text, P.LED_BY_ROWS))
    assert m.sub_event_type == "Government regains territory"
    assert m.actor1 is not None and m.actor1.actor.id == "syria-government-forces"
    assert [a.actor.id for a in m.associated] == ["russia-military-forces"]
    assert m.associated[0].span.of(text) == "Russian forces"


def test_complete_recapture() -> None:
    m = only_mention(P.article(P.LIBERATED, P.LIBERATED_ROWS))
    assert m.sub_event_type == "Government regains territory"
    assert m.completeness == "complete"


def test_pluperfect_is_background_and_non_state_actor_overtakes() -> None:
    m = only_mention(P.article(P.HAD_SEIZED, P.HAD_SEIZED_ROWS))
    assert m.background
    assert m.sub_event_type == "Non-state actor overtakes territory"
    assert m.actor1 is not None and m.actor1.actor.id == "islamic-state"
    assert m.salience < 0.5


def test_according_to_and_from_target() -> None:
    text = P.ACCORDING
    m = only_mention(P.article(text, P.ACCORDING_ROWS))
    assert m.claimed_by == "the Kremlin"
    assert m.actor2 is not None and m.actor2.actor.id == "islamic-state"
    assert m.completeness == "complete"  # a named town as the object


def test_sentence_without_cue_is_skipped() -> None:
    text = "The weather was mild."
    rows = [
        ("The", "the", "DET", "DT", "det", 1),
        ("weather", "weather", "NOUN", "NN", "nsubj", 2),
        ("was", "be", "AUX", "VBD", "ROOT", 2),
        ("mild", "mild", "ADJ", "JJ", "acomp", 2),
        (".", ".", "PUNCT", ".", "punct", 2),
    ]
    assert ExtractEvents(place_picker=no_place)(P.article(text, rows)).mentions == ()


def test_default_pipeline_order_accepts_the_stage() -> None:
    class Upstream:
        name = "up"
        requires = frozenset[str]()
        assigns = frozenset({"sentences", "tokens", "entities", "timexes", "toponyms", "dated"})

        def pipe(self, docs):  # type: ignore[no-untyped-def]
            return iter(docs)

    check_order([Upstream(), ExtractEvents(place_picker=no_place)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A drone strike hit the village.", "Air/drone strike"),
        ("A suicide bomber hit the market.", "Suicide bomb"),
        ("Police use tear gas to disperse the protest.", "Protest with intervention"),
        ("Gunmen kidnap two aid workers.", "Abduction/forced disappearance"),
    ],
)
def test_lexicon_reading_without_parse(text: str, expected: str) -> None:
    """FakeNlp tokens (no parse, lemma = lower-cased word) still classify when words are base forms."""
    from dateline.backends.nlp import FakeNlp
    from dateline.stages.events import classify_text_parsed

    parsed = FakeNlp().parse(text)
    assert classify_text_parsed(text, parsed.tokens) == expected
