"""Hand-built parses for the event tests: (word, lemma, pos, tag, dep, head) rows, as the English model
parses these sentences, so the tests need no model. Offsets are computed by finding each word in order."""

from __future__ import annotations

from datetime import date

from dateline.model import (
    AnalyzedArticle,
    Article,
    ArticleDate,
    Entity,
    Sentence,
    Span,
    TimeExpr,
    TimeInterval,
    Token,
)

Row = tuple[str, str, str, str, str, int]

REPORTED = date(2017, 11, 3)


def tokens_for(text: str, rows: list[Row]) -> tuple[Token, ...]:
    out = []
    pos = 0
    for word, lemma, upos, tag, dep, head in rows:
        start = text.index(word, pos)
        pos = start + len(word)
        out.append(Token(Span(start, pos), lemma, upos, tag, dep, head))
    return tuple(out)


def article(
    text: str, rows: list[Row], *, timexes: tuple[TimeExpr, ...] = (), entities: tuple[Entity, ...] = ()
) -> AnalyzedArticle:
    return AnalyzedArticle(
        article=Article(id="a1", text=text),
        clean_text=text,
        dated=ArticleDate(TimeInterval.day(REPORTED), "header"),
        sentences=(Sentence(Span(0, len(text))),),
        tokens=tokens_for(text, rows),
        entities=entities,
        timexes=timexes,
    )


def timex(text: str, phrase: str, day: date) -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(Span(start, start + len(phrase)), TimeInterval.day(day), "publication")


RETAKEN = (
    "Syria regime forces have retaken four neighbourhoods of Mayadeen, the Observatory said on Thursday."
)
RETAKEN_ROWS: list[Row] = [
    ("Syria", "Syria", "PROPN", "NNP", "compound", 2),
    ("regime", "regime", "NOUN", "NN", "compound", 2),
    ("forces", "force", "NOUN", "NNS", "nsubj", 4),
    ("have", "have", "AUX", "VBP", "aux", 4),
    ("retaken", "retake", "VERB", "VBN", "ccomp", 12),
    ("four", "four", "NUM", "CD", "nummod", 6),
    ("neighbourhoods", "neighbourhood", "NOUN", "NNS", "dobj", 4),
    ("of", "of", "ADP", "IN", "prep", 6),
    ("Mayadeen", "Mayadeen", "PROPN", "NNP", "pobj", 7),
    (",", ",", "PUNCT", ",", "punct", 12),
    ("the", "the", "DET", "DT", "det", 11),
    ("Observatory", "Observatory", "PROPN", "NNP", "nsubj", 12),
    ("said", "say", "VERB", "VBD", "ROOT", 12),
    ("on", "on", "ADP", "IN", "prep", 12),
    ("Thursday", "Thursday", "PROPN", "NNP", "pobj", 13),
    (".", ".", "PUNCT", ".", "punct", 12),
]

NOT_CAPTURED = "The army did not capture the town."
NOT_CAPTURED_ROWS: list[Row] = [
    ("The", "the", "DET", "DT", "det", 1),
    ("army", "army", "NOUN", "NN", "nsubj", 4),
    ("did", "do", "AUX", "VBD", "aux", 4),
    ("not", "not", "PART", "RB", "neg", 4),
    ("capture", "capture", "VERB", "VB", "ROOT", 4),
    ("the", "the", "DET", "DT", "det", 6),
    ("town", "town", "NOUN", "NN", "dobj", 4),
    (".", ".", "PUNCT", ".", "punct", 4),
]

DENIED = "The rebels denied that they attacked the village."
DENIED_ROWS: list[Row] = [
    ("The", "the", "DET", "DT", "det", 1),
    ("rebels", "rebel", "NOUN", "NNS", "nsubj", 2),
    ("denied", "deny", "VERB", "VBD", "ROOT", 2),
    ("that", "that", "SCONJ", "IN", "mark", 5),
    ("they", "they", "PRON", "PRP", "nsubj", 5),
    ("attacked", "attack", "VERB", "VBD", "ccomp", 2),
    ("the", "the", "DET", "DT", "det", 7),
    ("village", "village", "NOUN", "NN", "dobj", 5),
    (".", ".", "PUNCT", ".", "punct", 2),
]

THREATENED = "Islamic State militants threatened to attack the city."
THREATENED_ROWS: list[Row] = [
    ("Islamic", "islamic", "ADJ", "JJ", "compound", 1),
    ("State", "State", "PROPN", "NNP", "compound", 2),
    ("militants", "militant", "NOUN", "NNS", "nsubj", 3),
    ("threatened", "threaten", "VERB", "VBD", "ROOT", 3),
    ("to", "to", "PART", "TO", "aux", 5),
    ("attack", "attack", "VERB", "VB", "xcomp", 3),
    ("the", "the", "DET", "DT", "det", 7),
    ("city", "city", "NOUN", "NN", "dobj", 5),
    (".", ".", "PUNCT", ".", "punct", 3),
]

LED_BY = "Regime forces, led on the ground by Russian forces, took control of Mayadeen."
LED_BY_ROWS: list[Row] = [
    ("Regime", "regime", "NOUN", "NN", "compound", 1),
    ("forces", "force", "NOUN", "NNS", "nsubj", 11),
    (",", ",", "PUNCT", ",", "punct", 1),
    ("led", "lead", "VERB", "VBN", "acl", 1),
    ("on", "on", "ADP", "IN", "prep", 3),
    ("the", "the", "DET", "DT", "det", 6),
    ("ground", "ground", "NOUN", "NN", "pobj", 4),
    ("by", "by", "ADP", "IN", "agent", 3),
    ("Russian", "russian", "ADJ", "JJ", "amod", 9),
    ("forces", "force", "NOUN", "NNS", "pobj", 7),
    (",", ",", "PUNCT", ",", "punct", 1),
    ("took", "take", "VERB", "VBD", "ROOT", 11),
    ("control", "control", "NOUN", "NN", "dobj", 11),
    ("of", "of", "ADP", "IN", "prep", 12),
    ("Mayadeen", "Mayadeen", "PROPN", "NNP", "pobj", 13),
    (".", ".", "PUNCT", ".", "punct", 11),
]

LIBERATED = "Army units liberated the city of Deir al-Zour completely."
LIBERATED_ROWS: list[Row] = [
    ("Army", "army", "NOUN", "NN", "compound", 1),
    ("units", "unit", "NOUN", "NNS", "nsubj", 2),
    ("liberated", "liberate", "VERB", "VBD", "ROOT", 2),
    ("the", "the", "DET", "DT", "det", 4),
    ("city", "city", "NOUN", "NN", "dobj", 2),
    ("of", "of", "ADP", "IN", "prep", 4),
    ("Deir", "Deir", "PROPN", "NNP", "compound", 9),
    ("al", "al", "PROPN", "NNP", "compound", 9),
    ("-", "-", "PROPN", "NNP", "compound", 9),
    ("Zour", "Zour", "PROPN", "NNP", "pobj", 5),
    ("completely", "completely", "ADV", "RB", "advmod", 2),
    (".", ".", "PUNCT", ".", "punct", 2),
]

HAD_SEIZED = "Islamic State had seized the town in 2014."
HAD_SEIZED_ROWS: list[Row] = [
    ("Islamic", "Islamic", "PROPN", "NNP", "compound", 1),
    ("State", "State", "PROPN", "NNP", "nsubj", 3),
    ("had", "have", "AUX", "VBD", "aux", 3),
    ("seized", "seize", "VERB", "VBN", "ROOT", 3),
    ("the", "the", "DET", "DT", "det", 5),
    ("town", "town", "NOUN", "NN", "dobj", 3),
    ("in", "in", "ADP", "IN", "prep", 3),
    ("2014", "2014", "NUM", "CD", "pobj", 6),
    (".", ".", "PUNCT", ".", "punct", 3),
]

ACCORDING = "Syrian troops recaptured Palmyra from Islamic State, according to the Kremlin."
ACCORDING_ROWS: list[Row] = [
    ("Syrian", "syrian", "ADJ", "JJ", "amod", 1),
    ("troops", "troop", "NOUN", "NNS", "nsubj", 2),
    ("recaptured", "recapture", "VERB", "VBD", "ROOT", 2),
    ("Palmyra", "Palmyra", "PROPN", "NNP", "dobj", 2),
    ("from", "from", "ADP", "IN", "prep", 2),
    ("Islamic", "Islamic", "PROPN", "NNP", "compound", 6),
    ("State", "State", "PROPN", "NNP", "pobj", 4),
    (",", ",", "PUNCT", ",", "punct", 2),
    ("according", "accord", "VERB", "VBG", "prep", 2),
    ("to", "to", "ADP", "IN", "prep", 8),
    ("the", "the", "DET", "DT", "det", 11),
    ("Kremlin", "Kremlin", "PROPN", "NNP", "pobj", 9),
    (".", ".", "PUNCT", ".", "punct", 2),
]
