"""Runs the per-article stages in order.

Each stage declares the fields it ``requires`` and ``assigns`` (names of :class:`AnalyzedArticle` fields).
:func:`check_order` verifies once, at start-up, that every requirement is assigned by an earlier stage, so a
pipeline cannot be driven in a wrong order silently. Stages work on batches (``pipe``) so model-backed stages
can use ``nlp.pipe``; a per-article stage just maps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from dateline.errors import StageError
from dateline.model import AnalyzedArticle, Article

__all__ = ["ArticleStage", "Pipeline", "Stage", "check_order"]

# Fields an AnalyzedArticle has as soon as it is made from an Article.
INITIAL_FIELDS = frozenset({"article"})


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def pipe(self, docs: Iterable[AnalyzedArticle]) -> Iterator[AnalyzedArticle]: ...


def check_order(stages: Sequence[Stage]) -> None:
    have = set(INITIAL_FIELDS)
    for stage in stages:
        missing = stage.requires - have
        if missing:
            raise StageError(f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage assigns")
        have |= stage.assigns


class Pipeline:
    """An ordered list of stages, checked once when built."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        check_order(stages)
        self.stages = tuple(stages)

    def pipe(self, articles: Iterable[Article]) -> Iterator[AnalyzedArticle]:
        docs: Iterable[AnalyzedArticle] = (AnalyzedArticle(article=a) for a in articles)
        for stage in self.stages:
            docs = stage.pipe(docs)
        yield from docs

    def __call__(self, article: Article) -> AnalyzedArticle:
        return next(iter(self.pipe([article])))


class ArticleStage:
    """Base for stages that handle one article at a time: subclasses set the three class attributes
    and implement ``__call__``; ``pipe`` maps it and records the stage name in ``done``."""

    name: str = ""
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        raise NotImplementedError

    def pipe(self, docs: Iterable[AnalyzedArticle]) -> Iterator[AnalyzedArticle]:
        for doc in docs:
            out = self(doc)
            yield replace(out, done=out.done | {self.name})
