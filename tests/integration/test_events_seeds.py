"""The five seed articles through the real pipeline: the main events are Syrian government forces regaining
territory from Islamic State, with Russia as an associated actor (the project's acceptance example)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.model import AnalyzedArticle, EventMention, Modality

pytestmark = pytest.mark.integration

GOV = "Government regains territory"
SYRIA = "syria-government-forces"


def _pipeline_docs(seeds: list[Path]) -> list[AnalyzedArticle]:
    from dateline.stages import default_pipeline
    from dateline.stages.ingest import article_from_text

    articles = [article_from_text(p.read_text(encoding="utf-8"), source=str(p)) for p in seeds]
    return list(default_pipeline().pipe(articles))


@pytest.fixture(scope="module")
def docs(seeds_dir: Path) -> list[AnalyzedArticle]:
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(seeds) == 5
    return _pipeline_docs(seeds)


def _government_gains(doc: AnalyzedArticle) -> list[EventMention]:
    return [
        m
        for m in doc.mentions
        if m.sub_event_type == GOV and m.actor1 is not None and m.actor1.actor.id == SYRIA
    ]


def test_every_seed_reports_syrian_government_regaining_territory(docs: list[AnalyzedArticle]) -> None:
    for doc in docs:
        gains = _government_gains(doc)
        assert any(m.modality is Modality.ASSERTED for m in gains), (doc.article.source, doc.mentions)


def test_islamic_state_is_the_other_side(docs: list[AnalyzedArticle]) -> None:
    with_is = [
        doc
        for doc in docs
        if any(m.actor2 is not None and m.actor2.actor.id == "islamic-state" for m in _government_gains(doc))
    ]
    assert len(with_is) >= 3


def test_russia_is_associated_with_the_government_side(docs: list[AnalyzedArticle]) -> None:
    with_russia = [
        doc
        for doc in docs
        if any(any(a.actor.country == "RU" for a in m.associated) for m in _government_gains(doc))
    ]
    assert len(with_russia) >= 3


def test_partial_and_complete_changes(docs: list[AnalyzedArticle]) -> None:
    by_name = {Path(d.article.source or "").name[:3]: d for d in docs}
    assert any(m.completeness == "partial" for m in _government_gains(by_name["002"]))  # four neighbourhoods
    assert any(
        m.completeness == "complete" for m in _government_gains(by_name["001"])
    )  # liberated ... completely


def test_headline_events_are_salient_and_context_is_background(docs: list[AnalyzedArticle]) -> None:
    mayadeen = next(d for d in docs if Path(d.article.source or "").name.startswith("002"))
    assert max(m.salience for m in _government_gains(mayadeen)) >= 0.9
    assert any(m.background for m in mayadeen.mentions)  # "had seized ... in 2014"


def test_claims_name_their_source(docs: list[AnalyzedArticle]) -> None:
    claimed = [m for d in docs for m in d.mentions if m.claimed_by]
    assert any("SANA" in (m.claimed_by or "") for m in claimed)
    assert any("Observatory" in (m.claimed_by or "") for m in claimed)
