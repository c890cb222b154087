"""How alike two event mentions are: hard compatibility checks plus a graded similarity score.

The merge (:mod:`dateline.corpus.merge`) and the ECB+ evaluation (``eval/ecbplus.py``) share this module, so
the figure the evaluation prints is the figure of the code that merges news reports.

Two layers:

- :func:`compatible` -- reports that cannot describe one real event: different type families, dates that
  cannot overlap, two different towns. These are never linked, whatever the wording says.
- :class:`SimilarityModel` -- a score in ``[0, 1]``: a weighted average of the features *both* mentions carry
  (wording via TF-IDF over the evidence sentences, trigger word, actors, place, date). A feature one side
  lacks is left out of the average rather than counted as a mismatch, so an undated or unplaced report is
  judged on what it does say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, lru_cache

import numpy as np
import snowballstemmer
from scipy.sparse import csr_matrix

from dateline.corpus.lexicon import BASE_FORMS
from dateline.model import Citation, EventMention, Place, TimeInterval

__all__ = [
    "MentionView",
    "SimilarityModel",
    "anchored_enough",
    "article_of",
    "compatible",
    "content_words",
    "dates_compatible",
    "effective_range",
    "mention_key",
    "places_compatible",
    "trigger_words",
    "type_family",
    "view_of",
]

# ACLED groups its six event types into three families; reports of one attack are often typed differently
# ("shelling" -> Explosions/Remote violence in one outlet, "clashes" -> Battles in another), so the merge only
# requires the same family. Types outside ACLED (e.g. "Political interaction") are their own family.
TYPE_FAMILIES: dict[str, str] = {
    "battles": "political-violence",
    "explosions/remote violence": "political-violence",
    "violence against civilians": "political-violence",
    "protests": "demonstrations",
    "riots": "demonstrations",
    "strategic developments": "strategic-developments",
}

# Outlets date the same event a day apart (time zones, "late on Thursday" filed on Friday, a claim made the
# next morning), so stated dates are compatible when they come within this many days of each other.
DATE_SLACK_DAYS = 1

# A mention whose date has no evidence in its sentence carries only the article's date; the event it reports
# may have happened some days before publication (follow-up and analysis pieces), never after.
UNSTATED_DATE_LOOKBACK_DAYS = 7

# Feature weights of the similarity score (normalised over the features both mentions carry). Wording and the
# trigger word dominate because they are the only features every report has; place, actors and date add
# evidence when present; place weighs most of those because ACLED's own unit of event is one place, day,
# actor pair and type. Wording/trigger calibrated on ECB+ (topics 1-35); the rest set by judgement.
WEIGHT_TEXT = 0.45
WEIGHT_TRIGGER = 0.45
WEIGHT_ACTORS = 0.20
WEIGHT_PLACE = 0.30
WEIGHT_DATE = 0.10
WEIGHT_SUBTYPE = 0.05

# Bonus for two mentions of one sub-event type in one article: a report tells one operation in several
# sentences ("recaptured three neighbourhoods", "regained control over al-Hamidya", "restored control over
# the Public Park"); ACLED codes that as one event. Only for typed (ACLED) mentions.
WEIGHT_SAME_REPORT = 0.3

# Credit for two different trigger words of the same ACLED sub-event type ("retook" / "regained control" /
# "liberated"): news varies its verbs far more than ECB+'s gold triggers do, and the sub-event type is the
# classifier's normalisation of the verb. Partial, so that two reports sharing only a type do not merge.
SAME_SUBTYPE_CREDIT = 0.5

# Place score when one place lies inside the other (a named place in its city, a town in its province).
CONTAINED_PLACE_SCORE = 0.6

# Two named places of one city (a neighbourhood and a hospital of Deir ez-Zor) can be parts of one event
# ("the army retook the city"), or two events in one city: compatible, with little credit, so the wording and
# the event type decide.
SIBLING_PLACE_SCORE = 0.3

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STEMMER = snowballstemmer.stemmer("english")


@cache
def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, imported on first use: importing scikit-learn costs over a second,
    which every CLI start-up would otherwise pay."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words without English stop words (the TF-IDF analyzer)."""
    words = _WORD.findall(text.lower())
    return [_stem(w) for w in words if w not in _stop_words() and len(w) > 1]


def trigger_words(text: str) -> str:
    """The trigger's content words at their base form ("struck" -> "strike", "death" -> "die"), stemmed."""
    words = _WORD.findall(text.lower())
    return " ".join(_stem(BASE_FORMS.get(w, w)) for w in words if w not in _stop_words())


def type_family(event_type: str) -> str:
    key = event_type.strip().lower()
    return TYPE_FAMILIES.get(key, key)


def mention_key(mention: EventMention) -> str:
    """A stable, sortable identity for a mention: article, trigger offsets and type."""
    return (
        f"{mention.article_id}:{mention.trigger.start:07d}-{mention.trigger.end:07d}:"
        f"{mention.event_type}/{mention.sub_event_type}"
    )


@dataclass(frozen=True, slots=True)
class MentionView:
    """What the comparison reads from a mention and its citation (plain values, built once per mention)."""

    key: str
    sentence_id: str  # "article:start" -- two mentions of one sentence are different events
    family: str
    sub_event_type: str
    trigger: str  # stemmed trigger word(s); "" when unknown
    text: str  # the evidence sentence
    when: TimeInterval  # unresolved when the report gives no date
    when_stated: bool  # the date has evidence in the sentence (not only the article's date)
    place: Place | None
    actors: frozenset[str]


def _trigger_text(mention: EventMention, citation: Citation) -> str:
    """The trigger's words, cut from the quote when the quote is the sentence verbatim (offsets line up)."""
    if len(citation.quote) != len(mention.sentence):
        return ""
    start = mention.trigger.start - mention.sentence.start
    end = mention.trigger.end - mention.sentence.start
    if start < 0 or end > len(citation.quote):
        return ""
    return citation.quote[start:end]


def view_of(mention: EventMention, citation: Citation) -> MentionView:
    actors = [
        ref.actor.id for ref in (mention.actor1, mention.actor2, *mention.associated) if ref is not None
    ]
    # A date the merge filled in from other reports is not evidence: treat it as unknown when re-voting.
    when = TimeInterval.unresolved() if mention.when_inferred else mention.when
    return MentionView(
        key=mention_key(mention),
        sentence_id=f"{mention.article_id}:{mention.sentence.start}",
        family=type_family(mention.event_type),
        sub_event_type=mention.sub_event_type,
        trigger=trigger_words(_trigger_text(mention, citation)),
        text=citation.quote,
        when=when,
        when_stated=mention.when_evidence is not None and when.is_resolved,
        place=mention.place.place if mention.place is not None else None,
        actors=frozenset(actors),
    )


# --------------------------------------------------------------------------- hard constraints


def effective_range(view: MentionView) -> TimeInterval:
    """The days the event may have happened on: the stated range, or a look-back from the article's date."""
    if view.when_stated or view.when.start is None or view.when.end is None:
        return view.when
    return TimeInterval(
        view.when.start - timedelta(days=UNSTATED_DATE_LOOKBACK_DAYS), view.when.end, view.when.granularity
    )


def dates_compatible(a: MentionView, b: MentionView) -> bool:
    ra, rb = effective_range(a), effective_range(b)
    if ra.start is None or ra.end is None or rb.start is None or rb.end is None:
        return True  # an undated report can belong to any dated event
    slack = timedelta(days=DATE_SLACK_DAYS)
    return ra.start - slack <= rb.end and rb.start - slack <= ra.end


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return a.name.casefold() == b.name.casefold() and a.country == b.country


def place_inside(inner: Place, outer: Place) -> bool:
    """``inner`` lies within ``outer``: a named place in its city, a town in its admin1 region or country."""
    if inner.parent is not None and inner.parent == outer.geonameid:
        return True
    if inner.country is None or inner.country != outer.country:
        return False
    if outer.feature == "country":
        return inner.feature != "country"
    if outer.feature == "admin1":
        return (
            inner.feature not in ("country", "admin1")
            and inner.admin1 is not None
            and (inner.admin1 == outer.admin1 or inner.admin1 == outer.name)
        )
    return False


def place_relation(a: Place | None, b: Place | None) -> float | None:
    """1 same place, CONTAINED_/SIBLING_PLACE_SCORE one inside the other / both in one city, 0 different,
    None when either is unknown."""
    if a is None or b is None:
        return None
    if _same_place(a, b):
        return 1.0
    if place_inside(a, b) or place_inside(b, a):
        return CONTAINED_PLACE_SCORE
    if a.parent is not None and a.parent == b.parent:
        return SIBLING_PLACE_SCORE
    return 0.0


def places_compatible(a: MentionView, b: MentionView) -> bool:
    relation = place_relation(a.place, b.place)
    return relation is None or relation > 0.0


def compatible(a: MentionView, b: MentionView) -> bool:
    """False when the two mentions cannot report the same real event.

    Two mentions in one sentence are two events: a sentence names an event once ("retook Palmyra after
    shelling it" is a retaking and a shelling), and their identical wording would otherwise glue them.
    """
    return (
        a.family == b.family
        and a.sentence_id != b.sentence_id
        and dates_compatible(a, b)
        and places_compatible(a, b)
    )


def anchored_enough(a: MentionView, b: MentionView) -> bool:
    """Typed (news) mentions link across articles only when each has a place or a date.

    "a series of its former strongholds recaptured" names no place and no day: joining it to whichever event
    shares its verb would be a guess that adds a false source. Within one article the context vouches for it.
    Such a pair is not scored (it neither links nor blocks). Untyped mentions (ECB+) carry neither and are
    judged on wording alone.
    """
    if not (a.sub_event_type and b.sub_event_type) or article_of(a) == article_of(b):
        return True
    return all(v.place is not None or v.when.is_resolved for v in (a, b))


# --------------------------------------------------------------------------- graded similarity


def article_of(view: MentionView) -> str:
    """The id of the article a mention was read in."""
    return view.sentence_id.rsplit(":", 1)[0]


def _event_word_agreement(a: MentionView, b: MentionView) -> float:
    """1 for the same trigger word; SAME_SUBTYPE_CREDIT for different words of one sub-event type.

    When the classifier put the two in different sub-event types ("Government regains territory" vs
    "Non-state actor overtakes territory"), the same verb ("regained control") gets only half credit.
    """
    same_word = bool(a.trigger) and a.trigger == b.trigger
    if a.sub_event_type and b.sub_event_type:
        if a.sub_event_type == b.sub_event_type:
            return 1.0 if same_word else SAME_SUBTYPE_CREDIT
        return 0.5 if same_word else 0.0
    return 1.0 if same_word else 0.0


class SimilarityModel:
    """TF-IDF over the evidence sentences of one batch of mentions, and the pairwise score built on it.

    IDF is fitted on the batch (the new mentions plus the candidate events they are compared with), so rare
    words shared by two reports -- a town, a commander's name -- weigh more than "forces" or "said".
    """

    def __init__(self, views: Sequence[MentionView]) -> None:
        self.views = tuple(views)
        texts = [v.text for v in self.views]
        self._vectors: csr_matrix | None = None
        if any(content_words(t) for t in texts):
            from sklearn.feature_extraction.text import TfidfVectorizer  # lazy: see _stop_words

            vectorizer = TfidfVectorizer(analyzer=content_words, sublinear_tf=True)
            self._vectors = vectorizer.fit_transform(texts).tocsr()

    def text_similarity(self, i: int, j: int) -> float:
        if self._vectors is None:
            return 0.0
        return float(self._vectors[i].multiply(self._vectors[j]).sum())

    def centrality(self, members: Sequence[int]) -> list[float]:
        """Mean wording similarity of each member to the other members (1.0 for a lone member)."""
        if len(members) < 2 or self._vectors is None:
            return [1.0] * len(members)
        block = self._vectors[list(members)]
        sims = np.asarray((block @ block.T).todense())
        return [float((sims[k].sum() - sims[k, k]) / (len(members) - 1)) for k in range(len(members))]

    def score_pairs(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        """:meth:`score` for many pairs, with the wording similarities computed in one sparse product."""
        if not pairs:
            return []
        if self._vectors is None:
            texts = [0.0] * len(pairs)
        else:
            left = self._vectors[[i for i, _ in pairs]]
            right = self._vectors[[j for _, j in pairs]]
            texts = np.asarray(left.multiply(right).sum(axis=1)).ravel().tolist()
        return [self._combine(i, j, t) for (i, j), t in zip(pairs, texts, strict=True)]

    def score(self, i: int, j: int) -> float:
        """Weighted average, over the features both mentions carry, of per-feature agreement in [0, 1]."""
        return self._combine(i, j, self.text_similarity(i, j))

    def _combine(self, i: int, j: int, text: float) -> float:
        a, b = self.views[i], self.views[j]
        parts: list[tuple[float, float]] = [(WEIGHT_TEXT, text)]
        if (a.trigger and b.trigger) or (a.sub_event_type and b.sub_event_type):
            parts.append((WEIGHT_TRIGGER, _event_word_agreement(a, b)))
        if a.actors and b.actors:
            parts.append((WEIGHT_ACTORS, len(a.actors & b.actors) / len(a.actors | b.actors)))
        relation = place_relation(a.place, b.place)
        if relation is not None:
            parts.append((WEIGHT_PLACE, relation))
        if a.when_stated and b.when_stated:
            parts.append((WEIGHT_DATE, 1.0 if a.when == b.when else 0.5))
        if a.sub_event_type and b.sub_event_type:
            same_type = a.sub_event_type == b.sub_event_type
            parts.append((WEIGHT_SUBTYPE, 1.0 if same_type else 0.0))
            if same_type and article_of(a) == article_of(b):
                parts.append((WEIGHT_SAME_REPORT, 1.0))
        total = sum(w for w, _ in parts)
        return sum(w * s for w, s in parts) / total
