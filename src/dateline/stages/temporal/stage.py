"""TimeExpressions: the pipeline stage that finds and normalises an article's time expressions.

requires: ``clean_text`` (boilerplate blanked, so it is never scanned), ``sentences``, ``dated``
assigns:  ``timexes``

The anchor is the article's date. A dated article resolves against its day; an article known only to lie in
a range of days resolves against both ends and widens each result to cover both; an undated article leaves
relative expressions unresolved (never "today").
"""

from __future__ import annotations

from dataclasses import replace

from dateline.model import AnalyzedArticle, TimeExpr
from dateline.pipeline import ArticleStage
from dateline.stages.temporal.finder import find_in_window, find_time_expressions

__all__ = ["TimeExpressions"]


class TimeExpressions(ArticleStage):
    name = "timex"
    requires = frozenset({"clean_text", "sentences", "dated"})
    assigns = frozenset({"timexes"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        return replace(doc, timexes=tuple(self.find(doc)))

    def find(self, doc: AnalyzedArticle) -> list[TimeExpr]:
        text = doc.clean_text or doc.text
        sentences = [s.span for s in doc.sentences] or None
        interval = doc.dated.interval if doc.dated is not None else None
        if interval is None or interval.start is None or interval.end is None:
            return find_time_expressions(text, anchor=None, sentences=sentences)
        return find_in_window(text, earliest=interval.start, latest=interval.end, sentences=sentences)
