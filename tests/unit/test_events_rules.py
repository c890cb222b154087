"""The pieces under ExtractEvents: lexicon scoring rules, territorial refinement, participants (source/target)
and CAMEO families, on hand-built parses (no model)."""

from __future__ import annotations

from dateline.model import Actor, ActorKind, Entity, Span
from dateline.stages.events.cameo import CAMEO_FAMILIES, cameo_family
from dateline.stages.events.classify import classify_window, refine_territorial, score_window
from dateline.stages.events.lexicon import default_lexicon
from dateline.stages.events.parse import ParseView
from dateline.stages.events.participants import main_participants
from tests.unit.events_parses import Row, tokens_for

URGED = "Kenyan President Daniel Moi urged Uganda to repatriate criminals."
URGED_ROWS: list[Row] = [
    ("Kenyan", "kenyan", "ADJ", "JJ", "amod", 1), ("President", "President", "PROPN", "NNP", "compound", 3),
    ("Daniel", "Daniel", "PROPN", "NNP", "compound", 3), ("Moi", "Moi", "PROPN", "NNP", "nsubj", 4),
    ("urged", "urge", "VERB", "VBD", "ROOT", 4), ("Uganda", "Uganda", "PROPN", "NNP", "dobj", 4),
    ("to", "to", "PART", "TO", "aux", 7), ("repatriate", "repatriate", "VERB", "VB", "xcomp", 4),
    ("criminals", "criminal", "NOUN", "NNS", "dobj", 7), (".", ".", "PUNCT", ".", "punct", 4),
]  # fmt: skip

DEMONSTRATED = "Thousands of students demonstrated in Jakarta, police said."
DEMONSTRATED_ROWS: list[Row] = [
    ("Thousands", "thousand", "NOUN", "NNS", "nsubj", 3), ("of", "of", "ADP", "IN", "prep", 0),
    ("students", "student", "NOUN", "NNS", "pobj", 1),
    ("demonstrated", "demonstrate", "VERB", "VBD", "ccomp", 8),
    ("in", "in", "ADP", "IN", "prep", 3), ("Jakarta", "Jakarta", "PROPN", "NNP", "pobj", 4),
    (",", ",", "PUNCT", ",", "punct", 8), ("police", "police", "NOUN", "NNS", "nsubj", 8),
    ("said", "say", "VERB", "VBD", "ROOT", 8), (".", ".", "PUNCT", ".", "punct", 8),
]  # fmt: skip


def flat(text: str) -> ParseView:
    """Tokens with lemma = lower-cased word and no parse (enough for the lexicon)."""
    rows = [(w, w.lower().strip(".,"), "X", "X", "ROOT", i) for i, w in enumerate(text.split())]
    return ParseView(tokens_for(text, rows), text)


def test_violent_demonstration_extends_the_protest_score() -> None:
    view = flat("protester throw stone at police and torch car")  # base forms: no lemmatizer here
    scores, _, _ = score_window(view, range(len(view.tokens)))
    assert scores["violent-demonstration"] > scores["peaceful-protest"]


def test_needs_group_gates_a_subtype() -> None:
    view = flat("police fired tear gas at the stadium")  # no protest: not a protest with intervention
    scores, _, _ = score_window(view, range(len(view.tokens)))
    assert "protest-with-intervention" not in scores


def test_context_words_never_anchor_a_mention() -> None:
    view = flat("civilians gunmen village")
    assert classify_window(view, range(len(view.tokens)), min_score=3.0) is None
    assert ("civilian",) in default_lexicon().context_only


def test_territorial_refinement_follows_the_actor() -> None:
    lex = default_lexicon()
    gov, non_state = lex.subtype("government-regains-territory"), lex.subtype("non-state-overtakes-territory")
    army = Actor("x-military-forces", "Military Forces of X", ActorKind.STATE, "XX")
    rebels = Actor("rebels", "Rebels", ActorKind.REBEL)
    assert refine_territorial(non_state, army) == gov
    assert refine_territorial(gov, rebels) == non_state
    assert refine_territorial(gov, None) == gov
    assert refine_territorial(lex.subtype("armed-clash"), army).key == "armed-clash"


def test_participants_source_and_target() -> None:
    view = ParseView(tokens_for(URGED, URGED_ROWS), URGED)
    entities = [Entity(Span(0, 6), "NORP").span, Span(17, 27), Span(34, 40)]
    found = main_participants(view, range(len(view.tokens)), entities)
    assert found.source is not None and found.source.of(URGED) == "Kenyan President Daniel Moi"
    assert found.target is not None and found.target.of(URGED) == "Uganda"
    assert CAMEO_FAMILIES[cameo_family(view, range(len(view.tokens)))] == "verbal conflict"


def test_trailing_attribution_hands_over_to_the_reported_clause() -> None:
    view = ParseView(tokens_for(DEMONSTRATED, DEMONSTRATED_ROWS), DEMONSTRATED)
    found = main_participants(view, range(len(view.tokens)), [Span(41, 48)])
    assert found.source is not None and found.source.of(DEMONSTRATED) == "Thousands of students"
    assert CAMEO_FAMILIES[cameo_family(view, range(len(view.tokens)))] == "material conflict"
