"""Annotate: sentences, tokens (with dependency parse) and named entities from the NLP backend.

requires: ``clean_text`` (boilerplate already blanked, so it is never parsed as content)
assigns:  ``sentences``, ``tokens``, ``entities``
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import tee

from dateline.backends.nlp import NlpBackend, SpacyNlp
from dateline.model import AnalyzedArticle

__all__ = ["Annotate"]


class Annotate:
    name = "annotate"
    requires = frozenset({"clean_text"})
    assigns = frozenset({"sentences", "tokens", "entities"})

    def __init__(self, nlp: NlpBackend | None = None) -> None:
        self.nlp: NlpBackend = nlp if nlp is not None else SpacyNlp()

    def pipe(self, docs: Iterable[AnalyzedArticle]) -> Iterator[AnalyzedArticle]:
        # tee keeps the stream lazy: parsing stays batched without holding the whole corpus in memory.
        for_text, for_result = tee(docs)
        parsed = self.nlp.pipe(d.clean_text for d in for_text)
        for doc, p in zip(for_result, parsed, strict=True):
            yield replace(
                doc,
                sentences=p.sentences,
                tokens=p.tokens,
                entities=p.entities,
                done=doc.done | {self.name},
            )
