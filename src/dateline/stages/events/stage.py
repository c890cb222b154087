"""ExtractEvents: one EventMention per event-bearing sentence: type, actors, place, time and modality.

requires: ``sentences``, ``tokens``, ``entities``, ``timexes``, ``toponyms``, ``dated``
assigns:  ``mentions``

Sentences with no cue lemma are skipped after a dictionary probe (no parse walk), which keeps the stage far
cheaper than the parse that feeds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from dateline.model import (
    ActorKind,
    ActorRef,
    AnalyzedArticle,
    EventMention,
    Granularity,
    Modality,
    Span,
    TimeExpr,
    TimeInterval,
    Toponym,
)
from dateline.pipeline import ArticleStage
from dateline.stages.actors import default_registry
from dateline.stages.events.classify import MIN_EVENT_SCORE, classify_window, refine_territorial
from dateline.stages.events.lexicon import EventLexicon, default_lexicon
from dateline.stages.events.modality import completeness, is_background, modality
from dateline.stages.events.parse import ParseView
from dateline.stages.events.roles import Claim, find_claim, find_roles, governing_verb

__all__ = ["ExtractEvents"]

# Salience: the headline and the lead carry the story; later paragraphs add detail and context.
SALIENCE_HEADLINE = 1.0
SALIENCE_LEAD = 0.9
SALIENCE_BODY = 0.75
SALIENCE_DECAY = 0.88  # per sentence after the lead
SALIENCE_FLOOR = 0.1
BACKGROUND_FACTOR = 0.4  # a context event ("In July, it lost Mosul") is worth less than the news
NOT_ASSERTED_FACTOR = 0.5  # denied or hypothetical events are kept, but ranked low
# An undated event in a present-perfect or lead sentence happened shortly before publication: we date it to
# the week ending on the article date (ACLED time_precision 2) rather than claim the day.
RECENT_WINDOW = timedelta(days=6)
LEAD_SENTENCES = 2
TIMEX_TYPES = frozenset({"DATE", "TIME"})

PlacePicker = Callable[[AnalyzedArticle, Span, Span], Toponym | None]


def _default_place_picker() -> PlacePicker:
    try:
        from dateline.stages.geocode import pick_event_place
    except ImportError:  # geocoder not installed in this build: first resolved toponym of the sentence
        return _first_place
    return pick_event_place


def _first_place(doc: AnalyzedArticle, sentence: Span, trigger: Span) -> Toponym | None:
    return next((t for t in doc.toponyms if sentence.contains(t.span) and t.place is not None), None)


@dataclass(frozen=True, slots=True)
class _TimeChoice:
    when: TimeExpr | None
    claimed: TimeExpr | None


class ExtractEvents(ArticleStage):
    name = "events"
    requires = frozenset({"sentences", "tokens", "entities", "timexes", "toponyms", "dated"})
    assigns = frozenset({"mentions"})

    def __init__(
        self,
        *,
        lexicon: EventLexicon | None = None,
        place_picker: PlacePicker | None = None,
        min_score: float = MIN_EVENT_SCORE,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.place_picker = place_picker or _default_place_picker()
        self.min_score = min_score

    def __call__(self, doc: AnalyzedArticle) -> AnalyzedArticle:
        text = doc.clean_text or doc.text
        view = ParseView(doc.tokens, text)
        ctx = context_country(doc, text)
        mentions: list[EventMention] = []
        previous_actor: ActorRef | None = None  # actor1 of the event in the sentence just before
        for k, sentence in enumerate(doc.sentences):
            indices = view.token_range(sentence.span)
            if not self._has_cue(view, indices):
                previous_actor = None
                continue
            mention = self._mention(doc, view, k, sentence.span, indices, ctx, previous_actor)
            previous_actor = None
            if mention is not None:
                mentions.append(mention)
                previous_actor = mention.actor1
        mentions = _headlines_take_lead_place(mentions, _first_body_sentence(doc, text))
        return replace(doc, mentions=_share_supporting_forces(_fill_territorial_losers(mentions)))

    def _has_cue(self, view: ParseView, indices: range) -> bool:
        index = self.lexicon.by_first_word
        return any(view.lemma(i) in index or view.word(i).lower() in index for i in indices)

    def _mention(
        self,
        doc: AnalyzedArticle,
        view: ParseView,
        k: int,
        sentence: Span,
        indices: range,
        ctx: str | None,
        previous_actor: ActorRef | None,
    ) -> EventMention | None:
        found = classify_window(view, indices, lexicon=self.lexicon, min_score=self.min_score)
        if found is None:
            return None
        trigger = Span(view.tokens[found.trigger].span.start, view.tokens[found.trigger_end].span.end)
        roles = find_roles(view, found.trigger, sentence, context_country=ctx)
        actor1 = roles.actor1 or _pronoun_antecedent(view, found.trigger, previous_actor)
        actor2 = roles.actor2
        if (
            found.subtype.event_type in CONFLICT_TYPES
            and actor1 is not None
            and actor1.actor.kind in VICTIM_KINDS
        ):
            # ACLED never codes civilians as the side carrying out political violence: a civilian
            # subject ("doctors said the symptoms were consistent with a nerve agent") is the victim
            actor1, actor2 = None, actor2 or actor1
        subtype = refine_territorial(found.subtype, actor1.actor if actor1 else None, lexicon=self.lexicon)
        claim = find_claim(view, found.trigger, sentence)
        times = _choose_times(view, doc.timexes, sentence, found.trigger, claim)
        reported = doc.dated.interval if doc.dated is not None else TimeInterval.unresolved()
        mod = modality(view, found.trigger, claim.verb if claim else None)
        background = is_background(
            view,
            found.trigger,
            sentence,
            times.when,
            reported.end,
            reported_speech=claim is not None and claim.verb is not None,
        )
        when, evidence = _when(view, found.trigger, k, times, reported, background)
        return EventMention(
            article_id=doc.id,
            sentence=sentence,
            trigger=trigger,
            event_type=subtype.event_type,
            sub_event_type=subtype.sub_event_type,
            actor1=actor1,
            actor2=actor2,
            associated=roles.associated,
            place=self._place(doc, view, sentence, trigger, (actor1, actor2, *roles.associated)),
            when=when,
            when_evidence=evidence,
            reported=reported,
            claimed_by=claim.source if claim else None,
            claimed_by_span=claim.span if claim else None,
            claimed_when=times.claimed.interval if times.claimed else TimeInterval.unresolved(),
            modality=mod,
            completeness=completeness(view, found.trigger, sentence) if subtype.territorial else "",
            salience=_salience(k, background, mod),
            background=background,
        )

    def _place(
        self,
        doc: AnalyzedArticle,
        view: ParseView,
        sentence: Span,
        trigger: Span,
        actors: tuple[ActorRef | None, ...],
    ) -> Toponym | None:
        """The picker's choice among the sentence's toponyms that name a place rather than a party, and that
        sit in the trigger's own clause when any does ("captured Albu Kamal, ... six days after Iraqi forces
        drove the militants from al-Qaim": al-Qaim is the place of the other clause's event)."""
        spans = [a.span for a in actors if a is not None]
        inside = [t for t in doc.toponyms if sentence.contains(t.span) and t.place is not None]
        places = [t for t in inside if not _names_a_party(view, t, spans)]
        trig = view.token_at(trigger.start)
        relation = {id(t): _place_relation(view, t.span, trig) for t in places}
        own = [t for t in places if relation[id(t)] == "own"]
        # with none in its own clause, the place of the reporting clause above ("said in Mosul") or one the
        # parse leaves unattached (a verbless headline) may do; a place of another event's clause never does
        usable = own or [t for t in places if relation[id(t)] in ("above", "detached")]
        drop = {id(t) for t in inside} - {id(t) for t in usable}
        kept = tuple(t for t in doc.toponyms if id(t) not in drop)
        if len(kept) != len(doc.toponyms):
            doc = replace(doc, toponyms=kept)
        return self.place_picker(doc, sentence, trigger)


# A country's name in these roles names a party, not a scene: "Russia claims a share of the credit", "US fires
# cruise missiles", "Syria's army". Towns are kept: "Mosul's old city" is still Mosul.
PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "compound", "amod", "nmod"})


def _names_a_party(view: ParseView, toponym: Toponym, actor_spans: list[Span]) -> bool:
    place = toponym.place
    if place is None or place.feature != "country":
        return False
    if any(span.overlaps(toponym.span) for span in actor_spans):
        return True
    head = view.token_at(toponym.span.start)
    return head is not None and view.tokens[head].dep in PARTY_DEPS


def _place_relation(view: ParseView, place: Span, trigger: int | None) -> str:
    first = view.token_at(place.start)
    return "detached" if first is None or trigger is None else clause_relation(view, first, trigger)


def clause_relation(view: ParseView, first: int, trigger: int) -> str:
    """Where the phrase of token ``first`` (a place, a date) hangs relative to the trigger's clause: "own"
    (the trigger's clause), "above" (a clause the trigger's clause depends on: "said in Mosul"), "other" (a
    clause of its own: "the city it lost in December", "speaking from Florida" -- never this event's), or
    "detached" (the parse joins them through no verb, as in a verbless headline)."""
    v = governing_verb(view, trigger)
    targets = {trigger, v}
    if first in targets:
        return "own"
    above = set(view.ancestors(v))
    for node in view.ancestors(first):
        if node in targets:
            return "own"
        if view.tokens[node].pos in ("VERB", "AUX"):
            return "above" if node in above else "other"
    return "detached"


CONFLICT_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
VICTIM_KINDS = frozenset({ActorKind.CIVILIANS})
TERRITORIAL = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)


# A headline has no closing full stop; the body's sentences do.
_SENTENCE_END = (".", "!", "?", '"', "'", "”", "’", ")")


def _first_body_sentence(doc: AnalyzedArticle, text: str) -> int:
    """Offset where the article's body starts: its first sentence ending like prose, not like a headline."""
    for sentence in doc.sentences:
        if sentence.span.of(text).rstrip().endswith(_SENTENCE_END):
            return sentence.span.start
    return 0


def _headlines_take_lead_place(mentions: list[EventMention], body_start: int) -> list[EventMention]:
    """A headline and the lead below it report one event, and the headline often names it too briefly to
    place it ("Government troops reclaim desert city"): a headline mention without a place takes the place of
    the article's first body mention of the same event type, so that both join one event."""
    lead: dict[str, Toponym] = {}
    for m in mentions:
        if m.sentence.start >= body_start and m.place is not None:
            lead.setdefault(m.event_type, m.place)
    return [
        replace(m, place=lead[m.event_type])
        if m.sentence.start < body_start and m.place is None and m.event_type in lead
        else m
        for m in mentions
    ]


def _place_key(mention: EventMention) -> int | None:
    place = mention.place.place if mention.place is not None else None
    if place is None:
        return None
    return place.parent or place.geonameid


def _fill_territorial_losers(mentions: list[EventMention]) -> tuple[EventMention, ...]:
    """A territorial change whose sentence does not name the side that lost the place ("regime forces have
    retaken four neighbourhoods of Mayadeen") takes it from the nearest other event in the same article at the
    same place where the same actor faced someone ("IS had expelled Syrian forces from Mayadeen"): news prose
    names the holder once and then leaves it implicit. Third parties at the place (another force fighting
    there) are not opponents. The span points at that other sentence's evidence."""
    out = []
    for i, m in enumerate(mentions):
        key = _place_key(m)
        if m.sub_event_type in TERRITORIAL and m.actor2 is None and m.actor1 is not None and key is not None:
            opponent = _nearest_opponent(mentions, i, m.actor1.actor.id, key)
            if opponent is not None:
                m = replace(m, actor2=opponent)
        out.append(m)
    return tuple(out)


def _nearest_opponent(mentions: list[EventMention], i: int, actor_id: str, key: int) -> ActorRef | None:
    for j in sorted(range(len(mentions)), key=lambda j: abs(j - i)):
        other = mentions[j]
        if j == i or _place_key(other) != key or other.actor1 is None or other.actor2 is None:
            continue
        if other.actor1.actor.id == actor_id:
            return other.actor2
        if other.actor2.actor.id == actor_id:
            return other.actor1
    return None


def _share_supporting_forces(mentions: tuple[EventMention, ...]) -> tuple[EventMention, ...]:
    """Supporting forces named once for an actor ("backed by Russian air raids, Assad's forces have waged a
    campaign...") support that actor's fighting throughout the article, so every conflict event the actor
    leads in the same article carries them as associated actors (never when they are the other side)."""
    support: dict[str, dict[str, ActorRef]] = {}
    for m in mentions:
        if m.actor1 is not None:
            for ref in m.associated:
                support.setdefault(m.actor1.actor.id, {}).setdefault(ref.actor.id, ref)
    out = []
    for m in mentions:
        helpers = support.get(m.actor1.actor.id, {}) if m.actor1 is not None else {}
        if helpers and m.event_type in CONFLICT_TYPES:
            have = {a.actor.id for a in m.associated} | {m.actor2.actor.id if m.actor2 else ""}
            extra = tuple(ref for actor_id, ref in sorted(helpers.items()) if actor_id not in have)
            m = replace(m, associated=m.associated + extra)
        out.append(m)
    return tuple(out)


# A town names where the story happens; a country's name is as often an actor ("Russia claims a share of the
# credit", "the United States launched missiles"), so it only breaks ties between towns' countries.
TOWN_VOTE = 1.0
COUNTRY_VOTE = 0.25


def context_country(doc: AnalyzedArticle, text: str) -> str | None:
    """The story's country: most voted among resolved toponyms, else among GPE/NORP entity names."""
    counts: dict[str, float] = {}
    for t in doc.toponyms:
        if t.place is not None and t.place.country:
            vote = TOWN_VOTE if t.place.precision < 3 else COUNTRY_VOTE
            counts[t.place.country] = counts.get(t.place.country, 0.0) + vote
    if not counts:
        countries = default_registry().countries
        for e in doc.entities:
            if e.label in ("GPE", "NORP"):
                cc = countries.get(e.span.of(text).lower().removeprefix("the ").rstrip("s"))
                cc = cc or countries.get(e.span.of(text).lower().removeprefix("the "))
                if cc:
                    counts[cc] = counts.get(cc, 0.0) + 1.0
    return max(counts, key=counts.__getitem__) if counts else None  # ties: the first named


def _pronoun_antecedent(view: ParseView, trigger: int, previous: ActorRef | None) -> ActorRef | None:
    """ "they"/"it" as subject: the previous mention's first actor (the usual antecedent in news prose)."""
    if previous is None:
        return None
    v = governing_verb(view, trigger)
    subj = view.kids(v, "nsubj")
    if subj and view.is_pronoun(subj[0]) and view.lemma(subj[0]) in ("they", "it", "he", "she"):
        return ActorRef(previous.actor, view.tokens[subj[0]].span)
    return None


def _choose_times(
    view: ParseView, timexes: tuple[TimeExpr, ...], sentence: Span, trigger: int, claim: Claim | None
) -> _TimeChoice:
    """The timex governing the trigger's clause (when) and the one on the reporting verb (claimed_when)."""
    v = governing_verb(view, trigger)
    when: TimeExpr | None = None
    claimed: TimeExpr | None = None
    loose: TimeExpr | None = None
    for tx in timexes:
        if not sentence.contains(tx.span) or tx.timex_type not in TIMEX_TYPES or not tx.interval.is_resolved:
            continue
        first = view.token_at(tx.span.start)
        if first is None:
            continue
        chain = [first, *view.ancestors(first)]
        if (
            claim is not None
            and claim.verb is not None
            and claim.verb in chain
            and v not in chain[: chain.index(claim.verb)]
        ):
            claimed = claimed or tx
        else:
            relation = clause_relation(view, first, trigger)
            if relation == "own":
                when = when or tx
            elif relation != "other":  # a clause above ("took Palmyra on Thursday and declared it cleared")
                loose = loose or tx
    return _TimeChoice(when or loose, claimed)


def _when(
    view: ParseView, trigger: int, k: int, times: _TimeChoice, reported: TimeInterval, background: bool
) -> tuple[TimeInterval, Span | None]:
    """The event's own timex; else the date of the source's statement ("SANA said on Thursday"); else, for a
    recent event, the week up to the article date (present perfect, or the lead); else unresolved."""
    if times.when is not None:
        return times.when.interval, times.when.span
    if background:
        return TimeInterval.unresolved(), None
    claimed = times.claimed
    if claimed is not None and claimed.interval.is_resolved:
        # "forces regained control, SANA said late on Thursday": the source's dated statement is the only
        # date the report gives, and, as in ACLED's coding practice, the event takes the date it was reported
        # on, at the precision the statement has (a day stays a day; a week stays a week).
        return claimed.interval, claimed.span
    if reported.end is None:
        return TimeInterval.unresolved(), None
    perfect = _present_perfect_aux(view, trigger)
    if perfect is None and k >= LEAD_SENTENCES:
        return TimeInterval.unresolved(), None
    window = TimeInterval(reported.end - RECENT_WINDOW, reported.end, Granularity.WEEK)
    return window, (view.tokens[perfect].span if perfect is not None else None)


def _present_perfect_aux(view: ParseView, trigger: int) -> int | None:
    v = governing_verb(view, trigger)
    if view.tokens[v].tag != "VBN":
        return None
    for a in view.kids(v, "aux"):
        if view.lemma(a) == "have" and view.tokens[a].tag in ("VBP", "VBZ"):
            return a
    return None


def _salience(k: int, background: bool, mod: Modality) -> float:
    if k == 0:
        base = SALIENCE_HEADLINE
    elif k < LEAD_SENTENCES:
        base = SALIENCE_LEAD
    else:
        base = max(SALIENCE_FLOOR, SALIENCE_BODY * SALIENCE_DECAY ** (k - LEAD_SENTENCES))
    if background:
        base *= BACKGROUND_FACTOR
    if mod not in (Modality.ASSERTED, Modality.CLAIMED):
        base *= NOT_ASSERTED_FACTOR
    return round(base, 3)
