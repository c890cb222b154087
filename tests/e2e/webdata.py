"""A small store of hand-built articles and events for the web tests (API, browser, report).

The articles are written here for the tests (short invented wire copy about places and actors of the 2017
Syria campaign). One article is hostile: its text, title, outlet and URL are full of markup and script
that must be shown as text and never run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateline.model import (
    Actor,
    ActorKind,
    AnalyzedArticle,
    Article,
    ArticleDate,
    Citation,
    Event,
    Place,
    Span,
    TimeInterval,
)
from dateline.store.sqlite import Store

__all__ = ["EVIL_MARKUP", "WebData", "build_store"]

EVIL_MARKUP = (
    "<script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned = 2">'
    "</script><script>window.__pwned = 3</script>"
    '<svg onload="window.__pwned = 4"></svg>'
    "\u2028<!-- -->]]>"
)

ARMY = Actor("syria-government-forces", "Syrian government forces", ActorKind.STATE, "SY")
IS = Actor("islamic-state", "Islamic State", ActorKind.REBEL, None)
RUSSIA = Actor("russia-military-forces", "Russian military forces", ActorKind.EXTERNAL, "RU")

PALMYRA = Place("Palmyra", 170885, "city", "SY", "Homs", 34.56, 38.28, 1, population=51323)
MAYADEEN = Place("Al Mayadin", 165200, "city", "SY", "Deir ez-Zor", 35.02, 40.45, 1, population=44000)
DEIR = Place("Deir ez-Zor", 170794, "city", "SY", "Deir ez-Zor", 35.34, 40.14, 1, population=242565)
ALEPPO = Place("Aleppo", 170063, "city", "SY", "Aleppo", 36.20, 37.16, 1, population=1602264)


@dataclass(frozen=True, slots=True)
class WebData:
    path: Path
    event_ids: tuple[str, ...]
    evil_event_id: str
    palmyra_event_id: str


def _article(article_id: str, text: str, *, title: str, outlet: str, url: str, day: date) -> AnalyzedArticle:
    dated = ArticleDate(TimeInterval.day(day), "metadata")
    return AnalyzedArticle(
        article=Article(id=article_id, text=text, title=title, url=url, outlet=outlet),
        clean_text=text,
        dated=dated,
    )


def _cite(doc: AnalyzedArticle, sentence: str) -> Citation:
    start = doc.text.index(sentence)
    return Citation(
        article_id=doc.id,
        sentence=Span(start, start + len(sentence)),
        quote=sentence,
        outlet=doc.article.outlet,
        url=doc.article.url,
        title=doc.article.title,
        reported=doc.dated.interval if doc.dated else TimeInterval.unresolved(),
    )


def _event(
    event_id: str,
    *,
    kind: tuple[str, str],
    when: TimeInterval,
    place: Place | None,
    actors: tuple[Actor | None, Actor | None],
    citations: tuple[Citation, ...],
    summary: str,
    background: bool = False,
    inferred: bool = False,
) -> Event:
    return Event(
        id=event_id,
        event_type=kind[0],
        sub_event_type=kind[1],
        when=when,
        date_inferred=inferred,
        place=place,
        actor1=actors[0],
        actor2=actors[1],
        associated=(),
        mentions=(),
        citations=citations,
        salience=0.2 if background else 0.9,
        summary=summary,
        background=background,
        completeness="complete" if kind[1] == "Government regains territory" else "",
    )


def build_store(path: Path) -> WebData:
    """Write the articles and events into a new store at ``path``."""
    lead_a = (
        "Government troops backed by Russian air strikes recaptured the desert city of Palmyra on Thursday."
    )
    back_a = "The militants had seized the city in December after a surprise offensive."
    wire = _article(
        "a000000000000001",
        f"PALMYRA, Syria (Test Wire) - {lead_a} Engineers began clearing mines in the old town. {back_a}",
        title="Army retakes Palmyra",
        outlet="Test Wire",
        url="https://example.org/palmyra",
        day=date(2017, 3, 3),
    )
    lead_b = "Syrian forces entered Palmyra after Islamic State fighters withdrew overnight."
    paper = _article(
        "a000000000000002",
        f"By a staff reporter. {lead_b} Residents who fled last year said they would not return soon.",
        title="Palmyra changes hands again",
        outlet="Test Daily",
        url="https://example.com/news/palmyra",
        day=date(2017, 3, 4),
    )
    lead_c = "The army said it had driven Islamic State out of Mayadeen on Saturday."
    lead_d = "The siege of Deir ez-Zor was broken this week when an armoured column reached the garrison."
    mayadeen = _article(
        "a000000000000003",
        f"{lead_c} {lead_d} Aleppo residents marched to mark the anniversary of the battle for the city.",
        title="Mayadeen falls",
        outlet="Test Wire",
        url="https://example.org/mayadeen",
        day=date(2017, 10, 15),
    )
    lead_e = "Aleppo residents marched to mark the anniversary of the battle for the city."
    evil_sentence = f"Protesters gathered in Aleppo carrying signs reading {EVIL_MARKUP} outside the court."
    evil = _article(
        "a0000000000000ee",
        f"ALEPPO - {evil_sentence} Police watched from a distance.",
        title=f"Evil {EVIL_MARKUP} title",
        outlet=f"Outlet {EVIL_MARKUP}",
        url="javascript:window.__pwned=5",
        day=date(2017, 11, 2),
    )
    events = [
        _event(
            "ev-palmyra-retaken",
            kind=("Strategic developments", "Government regains territory"),
            when=TimeInterval.day(date(2017, 3, 2)),
            place=PALMYRA,
            actors=(ARMY, IS),
            citations=(_cite(wire, lead_a), _cite(paper, lead_b)),
            summary="Syrian government forces retake Palmyra from Islamic State",
        ),
        _event(
            "ev-palmyra-seized",
            kind=("Strategic developments", "Non-state actor overtakes territory"),
            when=TimeInterval.month(2016, 12),
            place=PALMYRA,
            actors=(IS, ARMY),
            citations=(_cite(wire, back_a),),
            summary="Islamic State seizes Palmyra",
            background=True,
        ),
        _event(
            "ev-mayadeen-retaken",
            kind=("Strategic developments", "Government regains territory"),
            when=TimeInterval.day(date(2017, 10, 14)),
            place=MAYADEEN,
            actors=(ARMY, IS),
            citations=(_cite(mayadeen, lead_c),),
            summary="Syrian government forces retake Mayadeen from Islamic State",
        ),
        _event(
            "ev-deir-siege-broken",
            kind=("Battles", "Government regains territory"),
            when=TimeInterval.week_of(date(2017, 10, 12)),
            place=DEIR,
            actors=(ARMY, IS),
            citations=(_cite(mayadeen, lead_d),),
            summary="Army column breaks the siege of Deir ez-Zor",
            inferred=True,
        ),
        _event(
            "ev-aleppo-march",
            kind=("Protests", "Peaceful protest"),
            when=TimeInterval.unresolved(),
            place=ALEPPO,
            actors=(None, None),
            citations=(_cite(mayadeen, lead_e),),
            summary="Aleppo residents march on the battle's anniversary",
        ),
        _event(
            "ev-evil",
            kind=("Protests", f"Peaceful {EVIL_MARKUP}"),
            when=TimeInterval.day(date(2017, 11, 1)),
            place=ALEPPO,
            actors=(Actor("evil", f"Evil {EVIL_MARKUP} actor", ActorKind.PROTESTERS, "SY"), None),
            citations=(_cite(evil, evil_sentence),),
            summary=f"Protest {EVIL_MARKUP} in Aleppo",
        ),
    ]
    store = Store(path)
    try:
        for doc in (wire, paper, mayadeen, evil):
            store.add_analyzed(doc)
        store.replace_events(add=events)
    finally:
        store.close()
    return WebData(
        path=path,
        event_ids=tuple(e.id for e in events),
        evil_event_id="ev-evil",
        palmyra_event_id="ev-palmyra-retaken",
    )
