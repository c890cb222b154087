"""The event of a sentence is the one its main clause reports: trigger, type, date and place are read from the
trigger's own clause, not from a relative or adverbial clause about another event. Hand-built parses (rows as
the English model parses these sentences), no model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dateline.model import (
    ActorKind,
    AnalyzedArticle,
    EventMention,
    Modality,
    Place,
    Sentence,
    Span,
    TimeExpr,
    TimeInterval,
    Toponym,
)
from dateline.stages.events import ExtractEvents
from dateline.stages.events.classify import classify_window, is_embedded, score_window
from dateline.stages.events.parse import ParseView
from dateline.stages.events.stage import context_country
from tests.unit.events_parses import REPORTED, Row, article, timex, tokens_for


def first_place(doc: AnalyzedArticle, sentence: Span, trigger: Span) -> Toponym | None:
    """A picker with no judgement of its own, so that the tests see the stage's own filtering."""
    return next((t for t in doc.toponyms if sentence.contains(t.span) and t.place is not None), None)


def mention(doc: AnalyzedArticle) -> EventMention:
    out = ExtractEvents(place_picker=first_place)(doc)
    assert len(out.mentions) == 1, out.mentions
    return out.mentions[0]


def toponym(text: str, name: str, *, feature: str = "city", country: str = "SY") -> Toponym:
    start = text.index(name)
    place = Place(
        name, abs(hash(name)) % 10_000_000, feature, country, None, 0.0, 0.0, 3 if feature == "country" else 1
    )
    return Toponym(Span(start, start + len(name)), place)


def view_of(text: str, rows: list[Row]) -> ParseView:
    return ParseView(tokens_for(text, rows), text)


RETOOK = "Government forces retook Palmyra from Islamic State after the jihadists overran it."
RETOOK_ROWS: list[Row] = [
    ("Government", "government", "NOUN", "NN", "compound", 1), ("forces", "force", "NOUN", "NNS", "nsubj", 2),
    ("retook", "retook", "VERB", "VBP", "ROOT", 2), ("Palmyra", "Palmyra", "PROPN", "NNP", "dobj", 2),
    ("from", "from", "ADP", "IN", "prep", 2), ("Islamic", "Islamic", "PROPN", "NNP", "compound", 6),
    ("State", "State", "PROPN", "NNP", "pobj", 4), ("after", "after", "SCONJ", "IN", "mark", 10),
    ("the", "the", "DET", "DT", "det", 9), ("jihadists", "jihadist", "NOUN", "NNS", "nsubj", 10),
    ("overran", "overrun", "VERB", "VBD", "advcl", 2), ("it", "it", "PRON", "PRP", "dobj", 10),
    (".", ".", "PUNCT", ".", "punct", 2),
]  # fmt: skip

REGAINED = "The army has regained Palmyra, the city it lost in December, after weeks of fighting."
REGAINED_ROWS: list[Row] = [
    ("The", "the", "DET", "DT", "det", 1), ("army", "army", "NOUN", "NN", "nsubj", 3),
    ("has", "have", "AUX", "VBZ", "aux", 3), ("regained", "regain", "VERB", "VBN", "ROOT", 3),
    ("Palmyra", "Palmyra", "PROPN", "NNP", "dobj", 3), (",", ",", "PUNCT", ",", "punct", 4),
    ("the", "the", "DET", "DT", "det", 7), ("city", "city", "NOUN", "NN", "appos", 4),
    ("it", "it", "PRON", "PRP", "nsubj", 9), ("lost", "lose", "VERB", "VBD", "relcl", 7),
    ("in", "in", "ADP", "IN", "prep", 9), ("December", "December", "PROPN", "NNP", "pobj", 10),
    (",", ",", "PUNCT", ",", "punct", 4), ("after", "after", "ADP", "IN", "prep", 3),
    ("weeks", "week", "NOUN", "NNS", "pobj", 13), ("of", "of", "ADP", "IN", "prep", 14),
    ("fighting", "fighting", "NOUN", "NN", "pobj", 15), (".", ".", "PUNCT", ".", "punct", 3),
]  # fmt: skip

CAPTURED = "The army captured Albu Kamal after Iraqi forces drove the militants from al-Qaim."
CAPTURED_ROWS: list[Row] = [
    ("The", "the", "DET", "DT", "det", 1), ("army", "army", "NOUN", "NN", "nsubj", 2),
    ("captured", "capture", "VERB", "VBD", "ROOT", 2), ("Albu", "Albu", "PROPN", "NNP", "compound", 4),
    ("Kamal", "Kamal", "PROPN", "NNP", "dobj", 2), ("after", "after", "SCONJ", "IN", "mark", 8),
    ("Iraqi", "iraqi", "ADJ", "JJ", "amod", 7), ("forces", "force", "NOUN", "NNS", "nsubj", 8),
    ("drove", "drive", "VERB", "VBD", "advcl", 2), ("the", "the", "DET", "DT", "det", 10),
    ("militants", "militant", "NOUN", "NNS", "dobj", 8), ("from", "from", "ADP", "IN", "prep", 8),
    ("al", "al", "PROPN", "NNP", "compound", 14), ("-", "-", "PROPN", "NNP", "punct", 14),
    ("Qaim", "Qaim", "PROPN", "NNP", "pobj", 11), (".", ".", "PUNCT", ".", "punct", 2),
]  # fmt: skip

RECLAIM = "Government troops reclaim the city as Russia claims a share of the credit."
RECLAIM_ROWS: list[Row] = [
    ("Government", "government", "NOUN", "NN", "compound", 1), ("troops", "troop", "NOUN", "NNS", "nsubj", 2),
    ("reclaim", "reclaim", "VERB", "VBP", "ROOT", 2), ("the", "the", "DET", "DT", "det", 4),
    ("city", "city", "NOUN", "NN", "dobj", 2), ("as", "as", "SCONJ", "IN", "mark", 7),
    ("Russia", "Russia", "PROPN", "NNP", "nsubj", 7), ("claims", "claim", "VERB", "VBZ", "advcl", 2),
    ("a", "a", "DET", "DT", "det", 9), ("share", "share", "NOUN", "NN", "dobj", 7),
    ("of", "of", "ADP", "IN", "prep", 9), ("the", "the", "DET", "DT", "det", 12),
    ("credit", "credit", "NOUN", "NN", "pobj", 10), (".", ".", "PUNCT", ".", "punct", 2),
]  # fmt: skip

FALLS = "Abu Kamal falls to government and allied forces."
FALLS_ROWS: list[Row] = [
    ("Abu", "Abu", "PROPN", "NNP", "compound", 1), ("Kamal", "Kamal", "PROPN", "NNP", "nsubj", 2),
    ("falls", "fall", "VERB", "VBZ", "ROOT", 2), ("to", "to", "ADP", "IN", "prep", 2),
    ("government", "government", "NOUN", "NN", "nmod", 7), ("and", "and", "CCONJ", "CC", "cc", 4),
    ("allied", "allied", "ADJ", "JJ", "amod", 7), ("forces", "force", "NOUN", "NNS", "pobj", 3),
    (".", ".", "PUNCT", ".", "punct", 2),
]  # fmt: skip

CLEARED = "Troops entered Palmyra on Thursday and declared the city cleared of Islamic State fighters."
CLEARED_ROWS: list[Row] = [
    ("Troops", "troop", "NOUN", "NNS", "nsubj", 1), ("entered", "enter", "VERB", "VBD", "ROOT", 1),
    ("Palmyra", "Palmyra", "PROPN", "NNP", "dobj", 1), ("on", "on", "ADP", "IN", "prep", 1),
    ("Thursday", "Thursday", "PROPN", "NNP", "pobj", 3), ("and", "and", "CCONJ", "CC", "cc", 1),
    ("declared", "declare", "VERB", "VBD", "conj", 1), ("the", "the", "DET", "DT", "det", 8),
    ("city", "city", "NOUN", "NN", "nsubj", 9), ("cleared", "clear", "VERB", "VBN", "ccomp", 6),
    ("of", "of", "ADP", "IN", "prep", 9), ("Islamic", "Islamic", "PROPN", "NNP", "compound", 12),
    ("State", "State", "PROPN", "NNP", "compound", 13), ("fighters", "fighter", "NOUN", "NNS", "pobj", 10),
    (".", ".", "PUNCT", ".", "punct", 1),
]  # fmt: skip

SIGNED = "Russia and Turkey signed a memorandum in Astana."
SIGNED_ROWS: list[Row] = [
    ("Russia", "Russia", "PROPN", "NNP", "nsubj", 3), ("and", "and", "CCONJ", "CC", "cc", 0),
    ("Turkey", "Turkey", "PROPN", "NNP", "conj", 0), ("signed", "sign", "VERB", "VBD", "ROOT", 3),
    ("a", "a", "DET", "DT", "det", 5), ("memorandum", "memorandum", "NOUN", "NN", "dobj", 3),
    ("in", "in", "ADP", "IN", "prep", 5), ("Astana", "Astana", "PROPN", "NNP", "pobj", 6),
    (".", ".", "PUNCT", ".", "punct", 3),
]  # fmt: skip

STORMED = "ISIL stormed back into the town last December."
STORMED_ROWS: list[Row] = [
    ("ISIL", "ISIL", "PROPN", "NNP", "nsubj", 1), ("stormed", "storm", "VERB", "VBD", "ROOT", 1),
    ("back", "back", "ADV", "RB", "advmod", 1), ("into", "into", "ADP", "IN", "prep", 1),
    ("the", "the", "DET", "DT", "det", 5), ("town", "town", "NOUN", "NN", "pobj", 3),
    ("last", "last", "ADJ", "JJ", "amod", 7), ("December", "December", "PROPN", "NNP", "npadvmod", 1),
    (".", ".", "PUNCT", ".", "punct", 1),
]  # fmt: skip

CIVILIANS = "Civilians died in a chemical attack."
CIVILIANS_ROWS: list[Row] = [
    ("Civilians", "civilian", "NOUN", "NNS", "nsubj", 1), ("died", "die", "VERB", "VBD", "ROOT", 1),
    ("in", "in", "ADP", "IN", "prep", 1), ("a", "a", "DET", "DT", "det", 5),
    ("chemical", "chemical", "ADJ", "JJ", "amod", 5), ("attack", "attack", "NOUN", "NN", "pobj", 2),
    (".", ".", "PUNCT", ".", "punct", 1),
]  # fmt: skip


# --------------------------------------------------------------------------- classification


def test_main_clause_trigger_wins_over_an_embedded_one() -> None:
    """ "retook ... after the jihadists overran it": the retaking is the news; "retook" is read as "retake"
    although the lemmatiser leaves it alone."""
    m = mention(article(RETOOK, RETOOK_ROWS))
    assert m.trigger.of(RETOOK) == "retook"
    assert m.sub_event_type == "Government regains territory"
    assert m.actor1 is not None and m.actor1.actor.kind == ActorKind.STATE
    assert m.actor2 is not None and m.actor2.actor.id == "islamic-state"


def test_embedded_cues_are_discounted_only_for_ranking() -> None:
    view = view_of(REGAINED, REGAINED_ROWS)
    fighting = REGAINED_ROWS.index(("fighting", "fighting", "NOUN", "NN", "pobj", 15))
    assert is_embedded(view, fighting) and not is_embedded(view, 3)
    found = classify_window(view, range(len(view.tokens)), min_score=3.0)
    assert found is not None and found.subtype.key == "government-regains-territory"


def test_overlapping_cues_count_once() -> None:
    text = "heavy fighting near the town"
    rows: list[Row] = [(w, w, "NOUN", "NN", "ROOT", i) for i, w in enumerate(text.split())]
    scores, _, _ = score_window(view_of(text, rows), range(len(rows)))
    assert scores["armed-clash"] == 3.0  # "heavy fighting" (3), not plus "fighting" (2) on the same word


def test_storm_as_a_verb_is_no_natural_disaster() -> None:
    view = view_of(STORMED, STORMED_ROWS)
    scores, _, _ = score_window(view, range(len(view.tokens)))
    assert "natural-disaster" not in scores
    flat = "a storm hit the coast"
    rows: list[Row] = [(w, w, "NOUN", "NN", "ROOT", i) for i, w in enumerate(flat.split())]
    assert "natural-disaster" in score_window(view_of(flat, rows), range(len(rows)))[0]


def test_signing_a_memorandum_is_an_agreement_by_its_signatories() -> None:
    m = mention(article(SIGNED, SIGNED_ROWS))
    assert m.sub_event_type == "Agreement"
    assert m.actor1 is not None and m.actor1.actor.id == "russia-government"


# --------------------------------------------------------------------------- roles


def test_falling_to_a_side_makes_that_side_the_taker() -> None:
    m = mention(article(FALLS, FALLS_ROWS))
    assert m.sub_event_type == "Government regains territory"
    assert m.actor1 is not None and m.actor1.actor.kind == ActorKind.STATE


def test_declared_cleared_is_done_by_the_declarer() -> None:
    doc = article(CLEARED, CLEARED_ROWS, timexes=(timex(CLEARED, "Thursday", date(2017, 3, 2)),))
    m = mention(doc)
    assert m.sub_event_type == "Government regains territory"
    assert m.actor1 is not None and m.actor1.actor.kind == ActorKind.STATE
    assert m.actor1.span.of(CLEARED) == "Troops"
    assert m.actor2 is not None and m.actor2.actor.id == "islamic-state"
    # "on Thursday" belongs to "entered", the clause "declared ... cleared" is coordinated with
    assert m.when == TimeInterval.day(date(2017, 3, 2))


def test_civilians_are_never_the_side_carrying_out_violence() -> None:
    m = mention(article(CIVILIANS, CIVILIANS_ROWS))
    assert m.sub_event_type == "Chemical weapon"
    assert m.actor1 is None
    assert m.actor2 is not None and m.actor2.actor.kind == ActorKind.CIVILIANS


# --------------------------------------------------------------------------- date and place


def test_a_relative_clause_date_does_not_date_the_main_event() -> None:
    december = TimeExpr(
        Span(REGAINED.index("December"), REGAINED.index("December") + 8),
        TimeInterval.month(2016, 12),
        "publication",
    )
    m = mention(article(REGAINED, REGAINED_ROWS, timexes=(december,)))
    assert m.sub_event_type == "Government regains territory"
    assert m.when.start is not None and m.when.start.year == 2017  # the recent-week window, not December
    assert m.when.end == REPORTED


def test_place_of_another_clause_is_not_the_event_place() -> None:
    doc = replace(article(CAPTURED, CAPTURED_ROWS), toponyms=(toponym(CAPTURED, "al-Qaim", country="IQ"),))
    assert mention(doc).place is None
    both = replace(
        doc, toponyms=(toponym(CAPTURED, "al-Qaim", country="IQ"), toponym(CAPTURED, "Albu Kamal"))
    )
    place = mention(both).place
    assert place is not None and place.span.of(CAPTURED) == "Albu Kamal"


def test_a_country_named_as_a_party_is_not_the_event_place() -> None:
    doc = replace(
        article(RECLAIM, RECLAIM_ROWS),
        toponyms=(toponym(RECLAIM, "Russia", feature="country", country="RU"),),
    )
    m = mention(doc)
    assert m.sub_event_type == "Government regains territory"
    assert m.place is None


def test_story_country_is_voted_by_towns_before_country_names() -> None:
    """ "Russia claims ... Russia's defence ministry ... Russia" in a story set in Palmyra: one town outvotes
    three mentions of a country, which are as often parties as places."""
    text = "Russia Russia Russia Palmyra"
    russia = toponym(text, "Russia", feature="country", country="RU").place
    countries = [Toponym(Span(i * 7, i * 7 + 6), russia) for i in range(3)]
    rows: list[Row] = [(w, w, "PROPN", "NNP", "ROOT", i) for i, w in enumerate(text.split())]
    doc = replace(article(text, rows), toponyms=(*countries, toponym(text, "Palmyra")))
    assert context_country(doc, text) == "SY"


def test_a_headline_takes_the_place_of_its_lead() -> None:
    """The headline "Government troops reclaim the city ..." (no full stop) names no town; the lead does."""
    lead = "Government forces retook Palmyra from Islamic State after the jihadists overran it."
    text = RECLAIM.rstrip(".") + "\n\n" + lead
    rows = [
        *RECLAIM_ROWS[:-1],
        *[(w, le, p, t, d, h + len(RECLAIM_ROWS) - 1) for w, le, p, t, d, h in RETOOK_ROWS],
    ]
    headline = Span(0, len(RECLAIM) - 1)
    body = Span(text.index(lead), len(text))
    doc = replace(
        article(text, rows),
        sentences=(Sentence(headline), Sentence(body)),
        toponyms=(toponym(text, "Palmyra"),),
    )
    mentions = ExtractEvents(place_picker=first_place)(doc).mentions
    assert [m.sentence for m in mentions] == [headline, body]
    assert all(m.place is not None and m.place.span.of(text) == "Palmyra" for m in mentions)


WHETHER = "Whether the demonstrations reach Tehran at the weekend."
WHETHER_ROWS: list[Row] = [
    ("Whether", "whether", "SCONJ", "IN", "mark", 3), ("the", "the", "DET", "DT", "det", 2),
    ("demonstrations", "demonstration", "NOUN", "NNS", "nsubj", 3),
    ("reach", "reach", "VERB", "VBP", "ROOT", 3),
    ("Tehran", "Tehran", "PROPN", "NNP", "dobj", 3), ("at", "at", "ADP", "IN", "prep", 3),
    ("the", "the", "DET", "DT", "det", 7), ("weekend", "weekend", "NOUN", "NN", "pobj", 5),
    (".", ".", "PUNCT", ".", "punct", 3),
]  # fmt: skip


def test_an_open_question_is_not_an_event_that_happened() -> None:
    """ "What to watch: whether the demonstrations reach Tehran at the weekend" is hypothetical."""
    m = mention(article(WHETHER, WHETHER_ROWS))
    assert m.sub_event_type == "Peaceful protest"
    assert m.modality == Modality.HYPOTHETICAL
