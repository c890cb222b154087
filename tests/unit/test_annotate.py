"""Annotate's selective parse: the cue filter, the mode switch, and the mapping of sentence parses back to
article offsets. Uses a blank spaCy pipeline (tokenizer only: no trained model) and hand-built Docs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

import pytest

from dateline.backends.nlp import FakeNlp, Parsed, SentenceFilter, _assemble, _rule_sentences
from dateline.errors import ConfigError
from dateline.model import AnalyzedArticle, Article
from dateline.stages.annotate import Annotate, ParseMode, event_cue_filter
from dateline.stages.events.lexicon import default_lexicon

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def blank():  # type: ignore[no-untyped-def]
    return spacy.blank("en")


def test_cue_filter_accepts_a_lexicon_cue_and_rejects_plain_prose() -> None:
    has_cue = event_cue_filter()
    cue = next(iter(default_lexicon().by_first_word))
    assert has_cue(["the", cue, "city"])
    assert not has_cue(["the", "bread", "was", "warm"])


def test_cue_filter_knows_the_lexicons_irregular_forms() -> None:
    lexicon = default_lexicon()
    forms = [f for f, lemma in lexicon.irregular.items() if lemma in lexicon.by_first_word]
    if not forms:
        pytest.skip("lexicon lists no irregular cue forms")
    assert event_cue_filter()([forms[0]])


def test_unknown_parse_mode_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="parse"):
        Annotate(FakeNlp(), parse=cast(Any, "some"))


class RecordingSelective:
    """A selective backend that records which entry point Annotate called."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def pipe(self, texts: Iterable[str]) -> Iterator[Parsed]:
        self.calls.append("pipe")
        return FakeNlp().pipe(texts)

    def pipe_selective(self, texts: Iterable[str], *, parse_if: SentenceFilter) -> Iterator[Parsed]:
        self.calls.append("selective")
        return FakeNlp().pipe(texts)


@pytest.mark.parametrize(("mode", "call"), [("cue-sentences", "selective"), ("all", "pipe")])
def test_mode_picks_the_backend_entry_point(mode: str, call: str) -> None:
    backend = RecordingSelective()
    stage = Annotate(backend, parse=cast(ParseMode, mode))
    doc = AnalyzedArticle(article=Article(id="a", text="Troops entered Palmyra."))
    doc = replace_clean(doc)
    out = list(stage.pipe([doc]))
    assert backend.calls == [call]
    assert out[0].sentences and "annotate" in out[0].done


def replace_clean(doc: AnalyzedArticle) -> AnalyzedArticle:
    from dataclasses import replace

    return replace(doc, clean_text=doc.text)


def test_a_backend_without_selective_mode_still_annotates() -> None:
    doc = replace_clean(AnalyzedArticle(article=Article(id="a", text="One. Two.")))
    (out,) = Annotate(FakeNlp()).pipe([doc])
    assert len(out.sentences) == 2


def test_rule_sentences_split_on_final_punctuation_and_line_breaks(blank) -> None:  # type: ignore[no-untyped-def]
    text = 'HEADLINE WITHOUT STOP\nThe U.S. said "it ended." Then more\n\n  \nLast one'
    doc = blank(text)
    got = [s.text.strip() for s in _rule_sentences(doc)]
    assert got == ["HEADLINE WITHOUT STOP", 'The U.S. said "it ended."', "Then more", "Last one"]


def test_assemble_shifts_offsets_and_heads_into_the_article(blank) -> None:  # type: ignore[no-untyped-def]
    text = "Nothing here.\nRebels attacked Homs."
    doc = blank(text)
    plan = _rule_sentences(doc)
    second = plan[1]
    # a hand-made parse of the second sentence: "attacked" is the root, the others hang on it
    sub = spacy.tokens.Doc(
        blank.vocab,
        words=[t.text for t in second],
        spaces=[bool(t.whitespace_) for t in second],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "punct"],
        lemmas=["rebel", "attack", "Homs", "."],
        pos=["NOUN", "VERB", "PROPN", "PUNCT"],
    )
    parsed = _assemble(text, doc, plan, {(id(doc), second.start): sub})
    assert [t.span.of(text) for t in parsed.tokens] == [t.text for t in doc]
    attacked = next(i for i, t in enumerate(parsed.tokens) if t.span.of(text) == "attacked")
    assert parsed.tokens[attacked].lemma == "attack" and parsed.tokens[attacked].head == attacked
    assert all(parsed.tokens[i].head == attacked for i in range(second.start, second.end))
    # the unparsed sentence: lower-cased words, no parse, every token its own head
    assert parsed.tokens[0].lemma == "nothing" and parsed.tokens[0].dep == "" and parsed.tokens[0].head == 0
    assert [s.span.of(text) for s in parsed.sentences] == ["Nothing here.", "Rebels attacked Homs."]


def test_trigger_filter_ignores_context_only_words_the_broad_probe_accepts() -> None:
    lexicon = default_lexicon()
    context = [c.words[0] for cues in lexicon.by_first_word.values() for c in cues if c.weight < 2]
    weak_only = [
        w
        for w in context
        if all(c.weight < 2 for c in lexicon.by_first_word[w]) and w not in lexicon.irregular
    ]
    if not weak_only:
        pytest.skip("lexicon has no context-only first words")
    assert event_cue_filter(triggers_only=False)([weak_only[0]])
    assert not event_cue_filter()([weak_only[0]])


def test_a_multi_word_cue_needs_all_its_words() -> None:
    lexicon = default_lexicon()
    multi = [
        c
        for cues in lexicon.by_first_word.values()
        for c in cues
        if len(c.words) > 1
        and c.weight >= 2
        and all(len(d.words) > 1 for d in lexicon.by_first_word[c.words[0]])
    ]
    if not multi:
        pytest.skip("lexicon has no first word that only opens multi-word cues")
    words = multi[0].words
    has_cue = event_cue_filter()
    assert has_cue(["the", *words])
    assert not has_cue(["the", words[0]]) or words[0] in lexicon.irregular


def test_every_lemma_is_cached_under_spacys_key() -> None:
    from types import SimpleNamespace

    from dateline.backends.nlp import _cache_every_lemma

    calls: list[int] = []

    def rule_lemmatize(token: SimpleNamespace) -> list[str]:
        calls.append(token.orth)
        return [f"lemma{token.orth}"]

    lemmatizer = SimpleNamespace(mode="rule", rule_lemmatize=rule_lemmatize, lemmatize=rule_lemmatize)
    _cache_every_lemma(lemmatizer)

    def word(orth: int, pos: int = 1) -> SimpleNamespace:
        return SimpleNamespace(orth=orth, pos=pos, morph=SimpleNamespace(key=0))

    assert [lemmatizer.lemmatize(w) for w in (word(7), word(7), word(7, pos=2))] == [["lemma7"]] * 3
    assert calls == [7, 7]  # once per (word, POS, morphology)
