"""The records every stage reads and writes: frozen, slotted dataclasses of plain values.

Rules (see DESIGN.md):
- Text is never copied into a record where an offset will do: a :class:`Span` points into ``Article.text``.
  Cross-article records (:class:`Citation`) carry a short quote because they outlive the article in memory.
- "Unknown" is a value (``TimeInterval.unresolved()``), not ``None`` sprinkled around.
- Records are picklable plain values so they cross process and Dask worker boundaries unchanged.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "Actor",
    "ActorKind",
    "ActorRef",
    "AnalyzedArticle",
    "Article",
    "ArticleDate",
    "Citation",
    "ControlStep",
    "Entity",
    "Event",
    "EventMention",
    "Granularity",
    "Modality",
    "Place",
    "Rejected",
    "Removal",
    "Sentence",
    "Span",
    "TimeExpr",
    "TimeInterval",
    "Timeline",
    "TimelineEntry",
    "Token",
    "Toponym",
]


# --------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


# --------------------------------------------------------------------------- time


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class TimeInterval:
    """A closed range of days ``[start, end]`` with the granularity it was stated at.

    ``start``/``end`` are both ``None`` exactly when the interval is unresolved. A range wider than its
    granularity (e.g. an undated article known only to fall within a week) keeps granularity DAY or WEEK
    and a wider ``[start, end]``: precision is read off :attr:`acled_precision`.
    """

    start: date | None
    end: date | None
    granularity: Granularity

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be None")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"interval ends before it starts: {self.start} > {self.end}")

    # constructors -------------------------------------------------------------
    @classmethod
    def unresolved(cls) -> TimeInterval:
        return cls(None, None, Granularity.UNKNOWN)

    @classmethod
    def day(cls, d: date) -> TimeInterval:
        return cls(d, d, Granularity.DAY)

    @classmethod
    def week_of(cls, d: date) -> TimeInterval:
        monday = d - timedelta(days=d.weekday())
        return cls(monday, monday + timedelta(days=6), Granularity.WEEK)

    @classmethod
    def month(cls, year: int, month: int) -> TimeInterval:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), Granularity.MONTH)

    @classmethod
    def year(cls, year: int) -> TimeInterval:
        return cls(date(year, 1, 1), date(year, 12, 31), Granularity.YEAR)

    # queries ------------------------------------------------------------------
    @property
    def is_resolved(self) -> bool:
        return self.start is not None

    @property
    def days(self) -> int:
        """Number of days covered (0 when unresolved)."""
        if self.start is None or self.end is None:
            return 0
        return (self.end - self.start).days + 1

    @property
    def acled_precision(self) -> int | None:
        """ACLED ``time_precision``: 1 exact day, 2 within a week, 3 a month or wider; None if unknown."""
        if not self.is_resolved:
            return None
        if self.days <= 1:
            return 1
        if self.days <= 7:
            return 2
        return 3

    def overlaps(self, other: TimeInterval) -> bool:
        if self.start is None or self.end is None or other.start is None or other.end is None:
            return False
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: TimeInterval) -> bool:
        if self.start is None or self.end is None or other.start is None or other.end is None:
            return False
        return self.start <= other.start and other.end <= self.end

    def label(self) -> str:
        """Label at the stated precision: ``2017-03-02``, ``2017-03``, ``2017``, or a ``start..end`` range."""
        if self.start is None or self.end is None:
            return "undated"
        if self.granularity is Granularity.DAY and self.start == self.end:
            return self.start.isoformat()
        if self.granularity is Granularity.MONTH and self.days <= 31:
            return self.start.strftime("%Y-%m")
        if self.granularity is Granularity.YEAR and self.days <= 366:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression found in the text and what it normalises to.

    ``anchor_kind``: what a relative expression was resolved against: ``"absolute"`` (needs no anchor),
    ``"publication"`` (the article date), ``"narrative"`` (an earlier date in the text), ``"none"``
    (could not be resolved). ``timex_type`` follows TimeML: DATE, TIME, DURATION, SET. ``value`` is the
    TIMEX3 value string (``2017-11-02``, ``2017-W09``, ``P6Y``, ``PAST_REF``) used by the evaluation.
    """

    span: Span
    interval: TimeInterval
    anchor_kind: str
    timex_type: str = "DATE"
    value: str = ""


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """When an article was published, how we know, and where the evidence is.

    ``source`` is one of ``metadata`` (feed/HTML/JSON field), ``header`` (a leading ``date YYYY-MM-DD`` line),
    ``print-edition`` ("appeared in the print edition ... on March 04, 2017"), ``dateline``, ``text``
    (absolute dates in the body), ``inferred`` (from a dated report of the same event), ``undated``.
    """

    interval: TimeInterval
    source: str
    evidence: Span | None = None
    note: str = ""

    @classmethod
    def undated(cls, note: str = "no date evidence found") -> ArticleDate:
        return cls(TimeInterval.unresolved(), "undated", None, note)


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class Article:
    """One ingested article. ``id`` is the sha256 (hex, first 16 chars) of the normalised text."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    source: str | None = None  # file path (and line number for JSONL) it came from
    published: ArticleDate | None = None  # from metadata only; the dating stage decides the final date
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be used. Batch failures are data: counted, reported, never a silent None."""

    source: str
    stage: str
    code: str  # machine-readable, e.g. "empty", "binary", "encoding", "too-large", "bad-json", "duplicate"
    reason: str  # human-readable, names what was wrong


@dataclass(frozen=True, slots=True)
class Removal:
    """A stretch of raw text the cleaner removed, and the named rule that removed it."""

    span: Span
    rule: str


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the parse, as plain values (so a parsed article crosses process boundaries).

    ``head`` is the index of the head token within the same article (a root points to itself).
    """

    span: Span
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int


@dataclass(frozen=True, slots=True)
class Entity:
    span: Span
    label: str  # spaCy label: GPE, LOC, ORG, NORP, PERSON, DATE, ...


# --------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place.

    ``feature``: ``country``, ``admin1``, ``city`` (any populated place) or ``named-place`` (a neighbourhood,
    hospital, park, airbase... GeoNames lacks; it then carries its ``parent`` city's id and coordinates).
    ``precision`` is ACLED's geo_precision: 1 the exact town, 2 near/part of it or a named place inside it,
    3 only a region or country is known.
    """

    name: str
    geonameid: int | None
    feature: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # admin1 name (or code when the name is unknown)
    lat: float | None
    lon: float | None
    precision: int
    parent: int | None = None  # geonameid of the enclosing city for named places
    population: int = 0


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in the text and the place it resolved to (``place`` None if unresolved)."""

    span: Span
    place: Place | None
    score: float = 0.0


# --------------------------------------------------------------------------- actors and events


class ActorKind(StrEnum):
    STATE = "state forces"
    REBEL = "rebel group"
    POLITICAL_MILITIA = "political militia"
    IDENTITY_MILITIA = "identity militia"
    CIVILIANS = "civilians"
    EXTERNAL = "external/other forces"
    PROTESTERS = "protesters"
    RIOTERS = "rioters"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Actor:
    id: str  # stable slug, e.g. "islamic-state", "syria-government-forces"
    name: str  # canonical display name
    kind: ActorKind
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as mentioned: the canonical actor and the span that named it."""

    actor: Actor
    span: Span


class Modality(StrEnum):
    ASSERTED = "asserted"  # reported as having happened
    NEGATED = "negated"  # "denied", "did not"
    HYPOTHETICAL = "hypothetical"  # "threatened", "vowed", "plans to", "was expected to"
    CLAIMED = "claimed"  # a party's claim reported as such


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as stated in one sentence of one article; every field points at its evidence.

    Three times are kept apart: ``when`` (when it happened), ``reported`` (the article's date) and
    ``claimed_when`` (when the quoted source said it, e.g. "SANA said late on Thursday").
    """

    article_id: str
    sentence: Span
    trigger: Span
    event_type: str  # ACLED event type, e.g. "Battles", or "Political interaction"
    sub_event_type: str  # e.g. "Government regains territory"
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    associated: tuple[ActorRef, ...] = ()
    place: Toponym | None = None
    when: TimeInterval = field(default_factory=TimeInterval.unresolved)
    when_evidence: Span | None = None
    reported: TimeInterval = field(default_factory=TimeInterval.unresolved)
    claimed_by: str | None = None
    claimed_by_span: Span | None = None
    claimed_when: TimeInterval = field(default_factory=TimeInterval.unresolved)
    modality: Modality = Modality.ASSERTED
    completeness: str = ""  # "complete" | "partial" | "" for territorial changes
    salience: float = 0.0  # 0..1: headline/lead main story high, background mention low
    background: bool = False  # a past or side event mentioned for context
    # Set by the cross-article merge: ``when`` was unresolved in this article and was taken from the event's
    # best-supported date (other reports). The merge treats such a date as unknown when it re-votes.
    when_inferred: bool = False


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """An article plus everything the per-article stages found. Stages return a new one via ``replace``.

    ``clean_text`` has the same length as ``article.text``: the cleaner blanks removed stretches with spaces
    (keeping newlines), so every offset found in ``clean_text`` is also an offset into the raw text.
    ``ner_skipped`` lists the sentences the NLP model did not read (annotated with tokens only, to save its
    cost where no event can be): no entity found there means "not looked", not "none".
    """

    article: Article
    clean_text: str = ""
    removed: tuple[Removal, ...] = ()
    dated: ArticleDate | None = None
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    ner_skipped: tuple[Span, ...] = ()
    timexes: tuple[TimeExpr, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    mentions: tuple[EventMention, ...] = ()
    done: frozenset[str] = frozenset()  # names of stages already applied

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text


@dataclass(frozen=True, slots=True)
class Citation:
    """A source behind an event: which article, which sentence, and the sentence itself for display."""

    article_id: str
    sentence: Span
    quote: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    reported: TimeInterval = field(default_factory=TimeInterval.unresolved)


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event, merged from the mentions that report it."""

    id: str
    event_type: str
    sub_event_type: str
    when: TimeInterval
    date_inferred: bool  # True when the date came from another report or from the article's date range
    place: Place | None
    actor1: Actor | None
    actor2: Actor | None
    associated: tuple[Actor, ...]
    mentions: tuple[EventMention, ...]
    citations: tuple[Citation, ...]
    salience: float
    summary: str
    background: bool = False
    completeness: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    event: Event
    summary: str
    salience: float
    background: bool


@dataclass(frozen=True, slots=True)
class Timeline:
    query: str
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class ControlStep:
    """One change of control of a place, with the event(s) that evidence it."""

    place: Place
    controller: Actor | None
    since: TimeInterval
    until: TimeInterval
    change: str  # "complete" | "partial" | "reversal"
    events: tuple[str, ...]  # event ids
    citations: tuple[Citation, ...]
