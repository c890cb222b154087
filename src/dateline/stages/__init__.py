"""Per-article stages, in the order a newcomer reads them:
ingest -> clean -> dating -> annotate -> temporal -> geocode -> events."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.backends.gazetteer import Gazetteer
    from dateline.backends.nlp import NlpBackend
    from dateline.pipeline import Pipeline

__all__ = ["default_pipeline"]


def default_pipeline(*, nlp: NlpBackend | None = None, gazetteer: Gazetteer | None = None) -> Pipeline:
    """The standard per-article pipeline. Pass fakes for model-free tests; the defaults load lazily."""
    from dateline.pipeline import Pipeline
    from dateline.stages.annotate import Annotate
    from dateline.stages.clean import Clean
    from dateline.stages.dating import DateArticle
    from dateline.stages.events import ExtractEvents
    from dateline.stages.geocode import Geocode
    from dateline.stages.temporal import TimeExpressions

    return Pipeline(
        [
            Clean(),
            DateArticle(),
            Annotate(nlp),
            TimeExpressions(),
            Geocode(gazetteer) if gazetteer is not None else Geocode(),
            ExtractEvents(),
        ]
    )
