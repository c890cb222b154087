from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.backends.nlp import FakeNlp
from dateline.errors import StageError
from dateline.model import AnalyzedArticle, Article
from dateline.pipeline import ArticleStage, Pipeline, check_order
from dateline.stages.annotate import Annotate


class Upper(ArticleStage):
    name = "upper"
    requires = frozenset({"article"})
    assigns = frozenset({"clean_text"})

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        return replace(doc, clean_text=doc.text.upper())


def test_check_order_rejects_a_stage_before_its_prerequisite() -> None:
    with pytest.raises(StageError, match="annotate"):
        check_order([Annotate(FakeNlp()), Upper()])


def test_pipeline_runs_stages_in_order_and_records_them() -> None:
    pipeline = Pipeline([Upper(), Annotate(FakeNlp())])
    doc = pipeline(Article(id="a", text="Troops entered Palmyra. They cleared mines."))
    assert doc.clean_text.startswith("TROOPS")
    assert len(doc.sentences) == 2
    assert doc.done == {"upper", "annotate"}


def test_pipeline_streams_in_input_order() -> None:
    pipeline = Pipeline([Upper(), Annotate(FakeNlp())])
    texts = [f"Article number {i}." for i in range(50)]
    out = [d.clean_text for d in pipeline.pipe(Article(id=str(i), text=t) for i, t in enumerate(texts))]
    assert out == [t.upper() for t in texts]
