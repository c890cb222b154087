"""Geocode: find place names in the text and resolve each to a GeoNames place.

requires: ``clean_text``, ``sentences``, ``entities``
assigns:  ``toponyms``

Names are found by longest match against the gazetteer over the text itself, not only over spaCy's entities
(its small model is weak on Middle East names: it tags *Mayadeen* as a DATE). spaCy's entities are used the
other way round, to veto: a name inside a longer PERSON or NORP entity is not a place; one word tagged
PERSON/ORG/NORP on its own (*Palmyra* as PERSON, *Aleppo* as NORP) counts if it is a large town or another
mention shows it is a place; a plain place name inside an ORG ("the Mansfield Police Department") counts.
A place name that is also an English word ("Police", "Deal") needs a GPE/LOC entity, a cue word or a large
population; months, weekdays, agencies (SANA), demonyms (Syrian) and function words never count.
Candidates are ranked by population, feature (country > region > town), spelling closeness, cue words
("the city of X", "X province") and coherence with the rest of the article: the countries and regions it
mentions and the distance to its other places (see :mod:`dateline.stages.place_ranking`). Neighbourhoods,
hospitals and parks that GeoNames lacks become ``named-place`` places inside the city mentioned nearby
(:mod:`dateline.stages.named_places`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dateline.backends.gazetteer import Candidate, Gazetteer, GeonamesGazetteer
from dateline.model import AnalyzedArticle, Entity, Span, Toponym
from dateline.pipeline import ArticleStage
from dateline.stages.event_place import pick_event_place
from dateline.stages.named_places import find_named_places
from dateline.stages.place_ranking import Mention, rank_mentions
from dateline.stages.placenames import strict_key

__all__ = ["Geocode", "find_mentions", "pick_event_place", "resolve_spans"]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Longest place name tried, in words ("Bosnia and Herzegovina", "Saint Vincent and the Grenadines" are 4-6).
MAX_NAME_WORDS = 6
# A place name that is also an English word is taken without a supporting GPE/LOC entity only above this
# population (Reading, Mobile are real towns; "Police", "Deal" are not worth the false alarms).
COMMON_WORD_MIN_POPULATION = 1_000_000
# A name found only through transliteration folding needs at least this many letters ("Raqa" has 4).
MIN_LOOSE_LETTERS = 4
# All-capital surfaces this short are initialisms unless they name a country or a state.
SHORT_CAPS = 3
# Words that are never places in news prose although GeoNames has towns so named.
MONTHS_AND_DAYS = _word_set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday today"
)
# News agencies and outlets whose names are also towns ("SANA" and Sanaa, "AFP"...).
AGENCIES = _word_set(
    "sana afp ap reuters tass ria irna xinhua bbc cnn ani upi dpa efe ansa anadolu interfax kuna wam spa "
    "petra mena qna ina isna"
)
# Titles, compass words and abbreviations that start capitalised phrases but are not places on their own.
NOT_PLACES = _word_set(
    "president minister general colonel king queen prince sheikh mr mrs ms dr said state god st mt ft "
    "north south east west northeast northwest southeast southwest central northern southern eastern western "
    "upper lower greater new old"
)
# Last words of a capitalised description of a part of a town ("the Old City", "the New Town").
TOWN_PART_WORDS = _word_set("city town quarter zone")
# Function words that never start a place name ("But I", "And I", "Will I" match Scandinavian hamlets).
FUNCTION_WORDS = _word_set(
    "a an and but or if will we they i you he she it its this that these those so as at in on for to of with "
    "by from our their his her my your is was are were be been"
)
# A doubtful name (one word spaCy tagged PERSON, ORG or NORP) is still taken for a town this populous
# (spaCy's small model tags Aleppo as NORP and Alexandria as PERSON).
DOUBTFUL_MIN_POPULATION = 100_000
# Entity labels whose text is not a place (a person, an organisation, a nationality or group).
VETO_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
# Entity labels that vouch for a place reading.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ENT"})  # ENT: FakeNlp's label-less capitalised phrase

# A word: an abbreviation with dots ("U.S."), or letters/digits with inner hyphens and apostrophes.
_WORD = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’`ʼ-]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# Lower-case article prefixes that may start a place name ("al-Hamidiya", "el-Arish").
_ARTICLE_START = re.compile(r"^(?:al|el|ash|as|ad|ar|az|ez|an|at)-[A-Z]")
_CITY_CUE = re.compile(r"\b(?:city|town|village|suburb|outskirts|centre|center) of\s+(?:the\s+)?$", re.I)
_REGION_CUE_AFTER = re.compile(
    r"^\s+(?:province|governorate|region|state|county|district|oblast|prefecture)\b", re.I
)
_ABBREVIATED_HEADS = frozenset({"St", "Mt", "Ft", "Pt"})
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|s|m|t)$|n['’]t$|â", re.I)
# Words before a name that say it is a place. Strong ones (a preposition of location or movement, or a verb
# of taking ground) also vouch for a multi-word name spaCy calls a PERSON ("captured Albu Kamal"); "of" and
# "from" only for a single doubtful word ("the wife of X", "a letter from X" are common with people).
_STRONG_LOCATIVE_WORDS = (
    r"in|near|into|outside|inside|towards?|captured|recaptured|retook|retaken|seized|entered|besieged|"
    r"shelled|stormed|overran"
)
_LOCATIVE_BEFORE = re.compile(rf"\b(?:{_STRONG_LOCATIVE_WORDS}|from|of)\s+(?P<the>the\s+)?$")
_STRONG_LOCATIVE_BEFORE = re.compile(rf"\b(?:{_STRONG_LOCATIVE_WORDS})\s+(?P<the>the\s+)?$")
# "the Roman theatre", "the al-Nuri mosque": after "the", a name followed by a lower-case word modifies that
# noun, so the preposition before "the" locates the noun, not the name; unless the noun is itself a stretch
# of land around the place ("from the Palmyra area", "in the Idlib countryside").
_LAND_NOUNS = _word_set("area region countryside outskirts desert border frontier front valley plain coast")
_LOWER_WORD_AFTER = re.compile(r"^[ \t]+(?P<word>[a-z]\w*)")
_CITY_CUE_AFTER = re.compile(r"^\s+(?:city|town|village)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str

    @property
    def can_start(self) -> bool:
        return self.text[:1].isupper() or bool(_ARTICLE_START.match(self.text))

    @property
    def can_end(self) -> bool:
        last = self.text.rsplit("-", 1)[-1]
        return last[:1].isupper() or last[:1].isdigit()


class Geocode(ArticleStage):
    name = "geocode"
    requires = frozenset({"clean_text", "sentences", "entities"})
    assigns = frozenset({"toponyms"})

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer: Gazetteer = gazetteer if gazetteer is not None else GeonamesGazetteer()

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        mentions = find_mentions(
            doc.clean_text,
            doc.entities,
            self.gazetteer,
            sentence_starts=_starts(doc),
            ner_skipped=doc.ner_skipped,
        )
        toponyms = rank_mentions(mentions, doc.clean_text)
        named = [
            t
            for t in find_named_places(doc.clean_text, toponyms)
            if not _led_by_demonym(t.span.of(doc.clean_text), self.gazetteer)
        ]
        merged = _merge(toponyms, named)
        return replace(doc, toponyms=merged)


def _starts(doc: AnalyzedArticle) -> frozenset[int]:
    return frozenset(s.span.start for s in doc.sentences)


def _led_by_demonym(name: str, gazetteer: Gazetteer) -> bool:
    """ "Syrian air base", "Another Russian Airport": a nationality and a facility word describe, they do
    not name."""
    return any(gazetteer.demonym(word) is not None for word in name.split()[:-1])


def _merge(toponyms: Sequence[Toponym], named: Sequence[Toponym]) -> tuple[Toponym, ...]:
    """Named places win over an overlapping gazetteer reading (a neighbourhood, not a far-away village)."""
    kept = [t for t in toponyms if not any(t.span.overlaps(n.span) for n in named)]
    return tuple(sorted([*kept, *named], key=lambda t: t.span))


def _words(text: str) -> list[_Word]:
    out = []
    for m in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", m.group())
        out.append(_Word(m.start(), m.start() + len(word), word))
    return out


def _joinable(text: str, left: _Word, right: _Word) -> bool:
    """Two words may be parts of one name only if plain spaces separate them (no comma, stop, newline)."""
    gap = text[left.end : right.start]
    if left.text in _ABBREVIATED_HEADS and gap == ". ":
        return True  # "St. Louis", "Mt. Hermon"
    return len(gap) <= 2 and gap.strip() == "" and "\n" not in gap


def _phrases(text: str, words: list[_Word]) -> Iterable[tuple[int, int]]:
    """(first word, last word) index pairs of every capitalised phrase up to MAX_NAME_WORDS long."""
    for i, first in enumerate(words):
        if not first.can_start:
            continue
        for j in range(i, min(i + MAX_NAME_WORDS, len(words))):
            if j > i and not _joinable(text, words[j - 1], words[j]):
                break
            if words[j].can_end:
                yield i, j


def find_mentions(
    text: str,
    entities: Sequence[Entity],
    gazetteer: Gazetteer,
    *,
    sentence_starts: frozenset[int] = frozenset(),
    ner_skipped: Sequence[Span] = (),
) -> list[Mention]:
    """Greedy longest match of gazetteer names over capitalised phrases, minus the vetoed ones.

    A name spaCy alone doubts (one word tagged PERSON, like *Palmyra* in the seed articles) is kept when
    another mention of the same name in the article shows it is a place ("Palmyra city", "in Palmyra").
    In ``ner_skipped`` text no entity can veto a name, so a name there needs what a doubted one needs
    (unless it is a country, region or large town), and a mention of the same name accepted where the
    model did read counts as that evidence.
    """
    unread = _Coverage(ner_skipped)
    words = _words(text)
    phrases = list(_phrases(text, words))
    found = gazetteer.lookup_many({text[words[i].start : words[j].end] for i, j in phrases})
    by_start: dict[int, list[int]] = {}
    for i, j in phrases:
        by_start.setdefault(i, []).append(j)
    people = _person_words(text, entities)
    accepted: list[tuple[Mention, str]] = []  # (mention, verdict: yes or the evidence it still needs)
    evidence: dict[str, set[str]] = {_IF_EVIDENCE: set(), _IF_STRONG_EVIDENCE: set()}
    i = 0
    while i < len(words):
        for j in sorted(by_start.get(i, []), reverse=True):
            span = Span(words[i].start, words[j].end)
            if gazetteer.demonym(span.of(text)) is not None:
                i = j  # "Sri Lankan" is an adjective; "Sri" alone is not a town here
                break
            candidates = found.get(span.of(text), [])
            verdict = _NO
            if candidates and span.of(text) not in people:
                verdict = _verdict(text, span, candidates, entities, gazetteer, sentence_starts)
            if verdict == _NO:
                continue
            if verdict == _YES and unread.contains(span):
                verdict = _unread_verdict(candidates)
            elif verdict == _YES and ner_skipped:
                evidence[_IF_EVIDENCE].add(strict_key(span.of(text)))
            mention = Mention(span, tuple(candidates), _cue(text, span))
            accepted.append((mention, verdict))
            for strength in _place_evidence(text, mention, entities):
                evidence[strength].add(strict_key(span.of(text)))
            i = j
            break
        i += 1
    return [
        m for m, verdict in accepted if verdict == _YES or strict_key(m.span.of(text)) in evidence[verdict]
    ]


# Verdicts on a candidate name: a place, not a place, or a place if some mention of the same name in the
# article has (strong) place evidence around it.
_YES, _NO, _IF_EVIDENCE, _IF_STRONG_EVIDENCE = "yes", "no", "if-evidence", "if-strong-evidence"


class _Coverage:
    """Membership of spans in a sorted set of disjoint stretches (bisect: articles have ~100 sentences)."""

    def __init__(self, stretches: Sequence[Span]) -> None:
        self._stretches = sorted(stretches)
        self._starts = [s.start for s in self._stretches]

    def contains(self, span: Span) -> bool:
        i = bisect_right(self._starts, span.start) - 1
        return i >= 0 and self._stretches[i].contains(span)


def _unread_verdict(candidates: Sequence[Candidate]) -> str:
    """A name in a sentence the model did not read: countries, regions and large towns stand on their own
    (the names a person or an organisation rarely shares); others need a second, confirmed mention or
    place evidence around them."""
    if any(
        c.place.feature in ("country", "admin1")
        or (c.place.feature == "city" and c.place.population >= DOUBTFUL_MIN_POPULATION and not c.loose)
        for c in candidates
    ):
        return _YES
    return _IF_EVIDENCE


def _person_words(text: str, entities: Sequence[Entity]) -> frozenset[str]:
    """Words of multi-word PERSON names: "Steele" later in an article about "John Steele" is him."""
    return frozenset(
        w for e in entities if e.label == "PERSON" for w in e.span.of(text).split() if " " in e.span.of(text)
    )


def _verdict(
    text: str,
    span: Span,
    candidates: Sequence[Candidate],
    entities: Sequence[Entity],
    gazetteer: Gazetteer,
    sentence_starts: frozenset[int],
) -> str:
    surface = span.of(text)
    lowered = surface.lower().strip(".")
    first = lowered.split()[0] if lowered.split() else lowered
    if lowered in MONTHS_AND_DAYS or lowered in AGENCIES or lowered in NOT_PLACES or first in FUNCTION_WORDS:
        return _NO
    if _CONTRACTION.search(surface):
        return _NO  # "We've", "They're"
    letters = sum(ch.isalpha() for ch in surface)
    if all(c.loose for c in candidates) and (
        letters < MIN_LOOSE_LETTERS
        or surface.isupper()
        or _is_english_word(gazetteer, surface.split()[0])  # not the "Az" of "Deir Az Zor": that is Arizona
    ):
        # Folding is for transliterated names: "U.N." would fold to a French village, "Human" to Uman,
        # "File" to Fillé. Short, shouted or English words must match a spelling GeoNames has.
        return _NO
    if (
        surface.replace(".", "").isupper()
        and letters <= SHORT_CAPS
        and not any(c.place.feature in ("country", "admin1") for c in candidates)
    ):
        return _NO  # "ST", "UN": initialisms, unless a country or state ("US", "UK", "N.Y.")
    covering = [e for e in entities if e.span.overlaps(span)]
    vetoes = [e for e in covering if e.label in VETO_LABELS and e.span.contains(span)]
    if vetoes:
        plain_name = not all(c.loose for c in candidates) and not gazetteer.is_common_word(surface)
        return _veto_verdict(text, span, vetoes, candidates, plain_name=plain_name)
    # The entity must be the name itself: "Sea" inside the LOC "Black Sea" is not a place called Sea.
    supported = any(e.label in PLACE_LABELS and e.span == span for e in covering)
    if not _is_common_phrase(gazetteer, surface) or (supported and not _is_fake_label(covering)):
        return _YES
    initial = span.start in sentence_starts or _after_line_break(text, span.start)
    if initial or (surface.isupper() and len(surface) > 1):
        return _NO  # "Police said...", "OF" in shouted headlines
    big = any(
        c.place.feature == "country"
        or (c.place.feature == "city" and c.place.population >= COMMON_WORD_MIN_POPULATION)
        for c in candidates
    )
    cued = bool(_cue(text, span))  # "the city of Palmyra", "Deal town"
    return _YES if supported or cued or big else _NO


def _is_english_word(gazetteer: Gazetteer, word: str) -> bool:
    """An English word, plurals included ("Plumes"): the lemma index lists base forms only."""
    return gazetteer.is_common_word(word) or (
        word.endswith("s") and len(word) > MIN_LOOSE_LETTERS and gazetteer.is_common_word(word[:-1])
    )


def _is_common_phrase(gazetteer: Gazetteer, surface: str) -> bool:
    """An English word, or a description of a part of a town: an adjective of NOT_PLACES and a town word
    ("Old City", "New Town", "Central Quarter"). Capitalised, such a phrase names the old city of the town
    the story is about more often than a place of that name (Old City, Palestine), so it needs the
    evidence a common word needs. All-English names in general ("Fort Worth", "New York", "West Bank") are
    not held back: the model's lemma index lists York, Virginia and Zealand as words too."""
    words = surface.lower().split()
    return gazetteer.is_common_word(surface) or (
        len(words) > 1 and words[0] in NOT_PLACES and words[-1] in TOWN_PART_WORDS
    )


def _is_fake_label(entities: Sequence[Entity]) -> bool:
    return all(e.label == "ENT" for e in entities)


def _veto_verdict(
    text: str, span: Span, vetoes: Sequence[Entity], candidates: Sequence[Candidate], *, plain_name: bool
) -> str:
    """A name inside an entity that is not a place.

    - Inside a longer ORG-like name ("the Mansfield Police Department", "Texas A&M"): the place is still
      named, so it counts, if it is a plain place name (not "Congress", not a folded "Human" -> Uman).
    - Inside a longer PERSON or NORP ("Jordan Henderson", "Cambridge Italian"): not a place.
    - Exactly one such entity ("Aleppo" as NORP, "Palmyra" as PERSON): spaCy's small model often errs on
      single foreign names, so the name counts if it is a large town or the article shows it is a place.
    """
    if all(e.span == span for e in vetoes):
        if " " in span.of(text) and any(e.label == "PERSON" for e in vetoes):
            # spaCy's small model reads unfamiliar two-word town names as people ("Khan Shaykhun",
            # "Albu Kamal"); a name GeoNames spells so is a place when a cue or a strong locative says so
            # ("the town of X", "captured X"); otherwise the person reading stands.
            exact = any(not c.loose for c in candidates)
            return _IF_STRONG_EVIDENCE if exact else _NO
        big = any(
            c.place.feature == "city" and c.place.population >= DOUBTFUL_MIN_POPULATION and not c.loose
            for c in candidates
        )
        if all(c.loose for c in candidates):
            return _IF_STRONG_EVIDENCE  # a doubtful tag and a folded spelling: two weak signals ("al-Nuri")
        return _YES if big else _IF_EVIDENCE
    if any(e.label in ("PERSON", "NORP") for e in vetoes):
        return _NO
    return _YES if plain_name else _NO


def _place_evidence(text: str, mention: Mention, entities: Sequence[Entity]) -> tuple[str, ...]:
    """Which kinds of evidence the words around this mention give that it is a place.

    Strong: a cue ("city of X", "X province") or a strong locative ("in X", "captured X"). Plain: also
    "of"/"from", or a GPE/LOC entity of which it is the only capitalised part ("Palmyra city"). A name
    used as a modifier ("of the Roman theatre") gets no evidence from the preposition.
    """
    if mention.cue:
        return (_IF_EVIDENCE, _IF_STRONG_EVIDENCE)
    before = text[max(0, mention.span.start - 25) : mention.span.start]
    modifier = _is_modifier(text, mention.span)
    if not modifier and _STRONG_LOCATIVE_BEFORE.search(before):
        return (_IF_EVIDENCE, _IF_STRONG_EVIDENCE)
    if not modifier and _LOCATIVE_BEFORE.search(before):
        return (_IF_EVIDENCE,)
    for e in entities:
        if e.label in ("GPE", "LOC") and e.span.contains(mention.span):
            rest = text[e.span.start : mention.span.start] + text[mention.span.end : e.span.end]
            if not any(w[:1].isupper() for w in rest.split()):
                return (_IF_EVIDENCE,)
    return ()


def _is_modifier(text: str, span: Span) -> bool:
    """ "the Roman theatre": a name after "the" and before a lower-case content word modifies that word."""
    if not text[max(0, span.start - 4) : span.start].lower().endswith("the "):
        return False
    after = _LOWER_WORD_AFTER.match(text[span.end : span.end + 30])
    return after is not None and after.group("word") not in FUNCTION_WORDS | _LAND_NOUNS


def _after_line_break(text: str, offset: int) -> bool:
    before = text[max(0, offset - 3) : offset]
    return offset == 0 or "\n" in before or before.rstrip().endswith((".", ":", "!", "?", '"', "“"))


def _cue(text: str, span: Span) -> str:
    """The feature the words around a name ask for: "city" ("the city of X"), "admin" ("X province")."""
    if _REGION_CUE_AFTER.match(text[span.end : span.end + 30]):
        return "admin"
    if _CITY_CUE.search(text[max(0, span.start - 30) : span.start]) or _CITY_CUE_AFTER.match(
        text[span.end : span.end + 12]
    ):
        return "city"
    return ""


def resolve_spans(
    text: str, spans: Sequence[Span], gazetteer: Gazetteer, *, demonyms: bool = True
) -> list[Toponym]:
    """Resolve given name spans (gold spans in evaluation) with the same ranking as the stage.

    ``demonyms``: resolve adjectives like "Turkish" to their country, as the TR-News annotation does.
    """
    found = gazetteer.lookup_many({s.of(text) for s in spans})
    mentions = []
    for span in spans:
        country = gazetteer.demonym(span.of(text)) if demonyms else None
        candidates = [Candidate(country)] if country else list(found.get(span.of(text), []))
        mentions.append(Mention(span, tuple(candidates), _cue(text, span)))
    return rank_mentions(mentions, text)
