"""Annotate: sentences, tokens (with dependency parse) and named entities from the NLP backend.

requires: ``clean_text`` (boilerplate already blanked, so it is never parsed as content)
assigns:  ``sentences``, ``tokens``, ``entities``, ``ner_skipped``

By default (``parse="cue-sentences"``) only sentences that hold an event cue go through the model (parse,
lemmas, named entities): the events stage reads no other sentence, and the model is most of the pipeline's
CPU. Measured on 300 demo + Timeline17 articles, 30 % of sentences (42 % of tokens) hold a cue. The other
sentences get tokens only and are listed in ``ner_skipped``, so the geocoder knows that no entity there
means "not looked" and asks those names for more evidence. ``parse="all"`` runs the model on every
sentence (the most accurate places, at about twice the cost).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import tee
from typing import Literal

from dateline.backends.nlp import NlpBackend, SelectiveNlp, SentenceFilter, SpacyNlp
from dateline.errors import ConfigError
from dateline.model import AnalyzedArticle

__all__ = ["Annotate", "ParseMode", "event_cue_filter"]

ParseMode = Literal["cue-sentences", "all"]
PARSE_MODES: tuple[ParseMode, ...] = ("cue-sentences", "all")


def event_cue_filter(*, triggers_only: bool = True) -> SentenceFilter:
    """Whether any form of a sentence's words opens a cue of the event lexicon, over guessed rather than
    tagged lemmas, plus the lexicon's own irregular forms ("retook" -> "retake") and hyphen-free forms (the
    classifier matches "counter-attack" as "counterattack"); a multi-word cue counts when all its words are
    present (in any order: a cheap superset of the classifier's contiguous match).

    With ``triggers_only`` (the default), only cues that can anchor a mention count: the events stage emits
    a mention only around a trigger of weight >= ``MIN_TRIGGER_WEIGHT`` that is not context-only, so a
    sentence with none of those cannot yield one, whatever its parse; this skips the ~3 in 10 sentences that
    hold only context words ("troops", "weather"). Without it, the same broad probe as
    ``ExtractEvents._has_cue``."""
    from dateline.stages.events.classify import MIN_TRIGGER_WEIGHT
    from dateline.stages.events.lexicon import default_lexicon

    lexicon = default_lexicon()
    irregular = lexicon.irregular
    # first word -> the other words of each cue it opens (a multi-word cue needs all of its words present)
    cues: dict[str, list[tuple[str, ...]]] = {}
    for first, opened in lexicon.by_first_word.items():
        for cue in opened:
            anchors = (
                cue.weight >= MIN_TRIGGER_WEIGHT
                and not cue.subtype.startswith("@")
                and cue.words not in lexicon.context_only
            )
            if anchors or not triggers_only:
                cues.setdefault(first, []).append(cue.words[1:])

    def has_cue(forms: Iterable[str]) -> bool:
        present: set[str] = set()
        for form in forms:
            present.add(form)
            present.add(form.replace("-", ""))
            present.add(irregular.get(form, form))
        return any(
            all(w in present for w in rest) for first in present.intersection(cues) for rest in cues[first]
        )

    return has_cue


class Annotate:
    name = "annotate"
    requires = frozenset({"clean_text"})
    assigns = frozenset({"sentences", "tokens", "entities", "ner_skipped"})

    def __init__(self, nlp: NlpBackend | None = None, *, parse: ParseMode = "cue-sentences") -> None:
        if parse not in PARSE_MODES:
            raise ConfigError(f"Annotate: parse must be one of {PARSE_MODES}, not {parse!r}")
        self.nlp: NlpBackend = nlp if nlp is not None else SpacyNlp()
        self.parse = parse
        self._filter: SentenceFilter | None = None

    def pipe(self, docs: Iterable[AnalyzedArticle]) -> Iterator[AnalyzedArticle]:
        # tee keeps the stream lazy: parsing stays batched without holding the whole corpus in memory.
        for_text, for_result = tee(docs)
        texts = (d.clean_text for d in for_text)
        if self.parse == "cue-sentences" and isinstance(self.nlp, SelectiveNlp):
            if self._filter is None:
                self._filter = event_cue_filter()
            parsed = self.nlp.pipe_selective(texts, parse_if=self._filter)
        else:  # a backend with no selective mode (the fake) parses everything, as parse="all" asks
            parsed = self.nlp.pipe(texts)
        for doc, p in zip(for_result, parsed, strict=True):
            yield replace(
                doc,
                sentences=p.sentences,
                tokens=p.tokens,
                entities=p.entities,
                ner_skipped=p.ner_skipped,
                done=doc.done | {self.name},
            )
