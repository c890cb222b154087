"""Who did what to whom, read off the dependency parse around a trigger.

- actor1: the subject of the clause governing the trigger (the ``by``-agent when passive), else the trigger
  noun's own modifiers ("Russian air strikes") or its ``by``-phrase ("an attack by gunmen");
- actor2: the direct object (the passive subject), or the object of "from"/"against"/"on"/"with"
  ("retook Palmyra from IS", "clashes with the army");
- associated actors: "backed by X", "X-backed", "in cooperation with X", "led (on the ground) by X",
  "with backing from X", "alongside X", "supported by X", anywhere in the trigger's clause;
- claimed_by: the subject of a reporting verb the trigger's clause hangs from ("..., SANA said"), or
  "according to X".

Clause subjects are inherited through xcomp/conj/advcl chains ("the army continued its push, retaking ..."),
the usual dependency-parse way of finding an implicit subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dateline.model import Actor, ActorRef, Span
from dateline.stages.actors import is_reporter, resolve_actor
from dateline.stages.events.parse import ParseView

__all__ = ["Claim", "Roles", "find_claim", "find_roles", "governing_verb"]

SAY_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "report",
        "announce",
        "state",
        "claim",
        "confirm",
        "add",
        "declare",
        "allege",
        "quote",
        "according",
        "write",
        "insist",
        "note",
        "explain",
        "disclose",
        "reveal",
        "acknowledge",
        "assert",
    }
)
SUBJECT_DEPS = ("nsubj", "csubj")
# "with backing from X", "in cooperation with X": the phrase names allies, never the opposing side.
ASSOCIATION_NOUNS = frozenset(
    {"backing", "support", "help", "cooperation", "co-operation", "coordination", "cover"}
)
# Dependents that are part of a name, not a phrase head of their own.
NAME_PARTS = frozenset({"compound", "amod", "poss", "nmod", "flat"})
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
# Clause links through which a verb inherits its head's subject.
INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp"})
# Prepositions that introduce the other side of an event, in order of preference.
TARGET_PREPS = ("from", "against", "on", "with", "at", "between", "of")
# Intransitive verbs whose subject is the place or side that lost, and whose prepositional object is the one
# that took it ("Abu Kamal falls to government forces", "the town fell into the hands of IS").
TAKER_PREPS = {"fall": ("to", "into")}
ASSOCIATION = re.compile(
    r"(?:\b(?:backed|supported|assisted|aided|bolstered|helped|accompanied|led(?: on the ground)?)\s+by\s+"
    r"|\b(?:in\s+(?:cooperation|co-operation|coordination|conjunction)\s+with|with\s+(?:the\s+)?(?:backing|support|help|cover)\s+(?:from|of)"
    r"|alongside|together\s+with|along\s+with)\s+)",
    re.IGNORECASE,
)
HYPHEN_BACKED = re.compile(r"\b([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-(?:backed|led|supported|allied)\b")


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: ActorRef | None
    actor2: ActorRef | None
    associated: tuple[ActorRef, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    source: str
    span: Span
    verb: int | None  # token index of the reporting verb (its time modifiers give claimed_when)


def governing_verb(view: ParseView, i: int) -> int:
    """The verb whose clause a trigger belongs to (itself if a verb; a noun's nearest verbal ancestor)."""
    if view.tokens[i].pos in ("VERB", "AUX"):
        return i
    for a in view.ancestors(i, limit=4):
        if view.tokens[a].pos in ("VERB", "AUX"):
            return a
    return i


def clause_subject(view: ParseView, v: int) -> tuple[int | None, bool]:
    """(subject head, passive?) of verb ``v``, inherited through xcomp/conj/advcl; relcl -> its noun."""
    for _ in range(4):
        subj = view.kids(v, *SUBJECT_DEPS)
        if subj:  # two subjects means a mis-joined headline: the one nearest before the verb is the clause's
            before = [s for s in subj if s < v]
            return (before[-1] if before else subj[0]), False
        passive = view.kids(v, *PASSIVE_SUBJECT_DEPS)
        if passive:
            return passive[0], True
        tok = view.tokens[v]
        if tok.dep == "relcl" or (tok.dep == "acl" and tok.tag in ("VBG", "VBN")):
            return tok.head, False
        if tok.dep == "acl":  # "waged a campaign to retake": the campaigner retakes
            noun = tok.head
            if view.tokens[noun].dep in ("dobj", "pobj", "attr") and view.head(noun) != noun:
                v = view.head(noun)
                if view.tokens[v].pos == "ADP":
                    v = view.head(v)
                continue
        if tok.dep not in INHERIT_DEPS or tok.head == v:
            return None, False
        v = tok.head
    return None, False


def _ref(view: ParseView, head: int | None, ctx: str | None, *, with_preps: bool = True) -> ActorRef | None:
    if head is None:
        return None
    if view.is_pronoun(head):
        return _same_sentence_antecedent(view, head, ctx)
    for j in view.conjuncts(head):
        span = view.np_span(j, with_preps=with_preps)
        actor = resolve_actor(span.of(view.text), context_country=ctx)
        # news agencies and monitors report events; they are claimants, not parties
        if actor is not None and not is_reporter(actor):
            return ActorRef(actor, span)
    return None


def _same_sentence_antecedent(view: ParseView, pronoun: int, ctx: str | None) -> ActorRef | None:
    """ "IS has lost the land it had seized": a subject pronoun in an embedded clause refers to the subject of
    the clause above it (the commonest antecedent); the pronoun's own span is kept as the evidence."""
    if view.lemma(pronoun) not in ("it", "they", "he", "she"):
        return None
    for a in view.ancestors(pronoun, limit=6):
        for s in view.kids(a, *SUBJECT_DEPS):
            if s != pronoun and not view.is_pronoun(s):
                found = _ref(view, s, ctx)
                if found is not None:
                    return ActorRef(found.actor, view.tokens[pronoun].span)
    return None


def _prep_object(view: ParseView, v: int, preps: tuple[str, ...]) -> int | None:
    for prep in preps:
        for p in view.kids(v, "prep"):
            if view.lemma(p) == prep:
                objs = [o for o in view.kids(p, "pobj") if view.lemma(o) not in ASSOCIATION_NOUNS]
                if objs:
                    return objs[0]
    return None


def find_roles(view: ParseView, trigger: int, clause: Span, *, context_country: str | None) -> Roles:
    v = governing_verb(view, trigger)
    subj, passive = clause_subject(view, v)
    own = _noun_trigger_sides(view, trigger, context_country) if trigger != v else None
    taker = _taker(view, v, context_country)
    if own is not None:  # "the fighting between the army and IS", "an attack by gunmen"
        actor1, actor2 = own
    elif taker is not None:  # "X falls to Y": Y took X, whoever held it
        actor1, actor2 = taker, _ref(view, subj, context_country)
    elif passive or _declared_state(view, v):
        agents = [o for a in view.kids(v, "agent") for o in view.kids(a, "pobj")]
        agent = agents[0] if agents else None
        if agent is None and not passive:  # "the army declared the city captured": the declarer took it
            agent, _ = clause_subject(view, view.head(v))
        actor1 = _ref(view, agent, context_country)
        actor2 = _ref(view, subj, context_country)
    else:
        actor1 = _ref(view, subj, context_country)
        objs = view.kids(v, "dobj")
        actor2 = _ref(view, objs[0] if objs else None, context_country)
    if actor1 is None and trigger != v:
        # a noun trigger's modifiers name its agent ("Russian air strikes"); its "of"/"from" phrases do not
        actor1 = _ref(view, trigger, context_country, with_preps=False) or _ref(
            view, _prep_object(view, trigger, ("by",)), context_country
        )
    if actor1 is None and (subj is None or _line_break_between(view, subj, trigger)):
        actor1 = _nearest_preceding_actor(view, trigger, context_country)
    if actor2 is None:
        for node in (v, trigger) if trigger != v else (v,):
            actor2 = _ref(view, _prep_object(view, node, TARGET_PREPS), context_country)
            if actor2 is not None:
                break
    associated = find_associated(view, clause, context_country=context_country)
    helpers = {a.actor.id for a in associated}
    if actor2 is not None and (actor2.actor.id in helpers or (actor1 and actor1.actor.id == actor2.actor.id)):
        actor2 = None  # an ally named in "with backing from X" is not the other side
    main_ids = {r.actor.id for r in (actor1, actor2) if r is not None}
    associated = tuple(a for a in associated if a.actor.id not in main_ids)
    return Roles(actor1, actor2, associated)


def _declared_state(view: ParseView, v: int) -> bool:
    """ "declared the city cleared", "announced Boukamal captured": a bare participle complement whose
    subject is what was acted on (a passive without "was"), and whose doer is the declaring verb's subject."""
    tok = view.tokens[v]
    return (
        tok.tag == "VBN"
        and tok.dep in ("ccomp", "xcomp", "oprd")
        and view.head(v) != v
        and not view.kids(v, "aux", "auxpass")
    )


def _taker(view: ParseView, v: int, ctx: str | None) -> ActorRef | None:
    """The side named after "fall to"/"fall into the hands of": the one that took the place."""
    preps = TAKER_PREPS.get(view.lemma(v))
    if preps is None:
        return None
    obj = _prep_object(view, v, preps)
    if obj is not None and view.lemma(obj) == "hand":  # "into the hands of IS"
        obj = _prep_object(view, obj, ("of",))
    found = _ref(view, obj, ctx)
    if found is None and obj is not None:  # "government and allied forces": the first side named leads
        span = view.np_span(obj, with_preps=False)
        actors = [a for a in map(_resolve_in(ctx), _distributed(span.of(view.text))) if a is not None]
        found = ActorRef(actors[0], span) if actors and not is_reporter(actors[0]) else None
    return found


def _noun_trigger_sides(
    view: ParseView, trigger: int, ctx: str | None
) -> tuple[ActorRef | None, ActorRef | None] | None:
    """The sides a noun trigger names itself: "between X and Y" or "by X" (with "on/against Y")."""
    between = _prep_object(view, trigger, ("between",))
    if between is not None:
        sides = [_ref(view, j, ctx, with_preps=False) for j in view.conjuncts(between)[:2]]
        if sides[0] is not None:
            return sides[0], sides[1] if len(sides) > 1 else None
    by = _ref(view, _prep_object(view, trigger, ("by",)), ctx)
    if by is not None:
        return by, _ref(view, _prep_object(view, trigger, ("on", "against")), ctx)
    return None


def _nearest_preceding_actor(view: ParseView, trigger: int, ctx: str | None) -> ActorRef | None:
    """Fallback when the parse gives the trigger's clause no subject (typically a headline run into the lead
    without punctuation): the nearest actor-naming phrase before the trigger on the same line, skipping
    "backed by X" phrases, which name helpers rather than the doer."""
    i = trigger - 1
    while i >= 0 and "\n" not in view.text[view.tokens[i].span.end : view.tokens[i + 1].span.start]:
        tok = view.tokens[i]
        if tok.pos in ("NOUN", "PROPN", "X") and tok.dep not in NAME_PARTS and not _in_agent_phrase(view, i):
            found = _ref(view, i, ctx, with_preps=False)
            if found is not None:
                return found
        i -= 1
    return None


def _line_break_between(view: ParseView, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    return "\n" in view.text[view.tokens[lo].span.end : view.tokens[hi].span.start]


def _in_agent_phrase(view: ParseView, i: int) -> bool:
    return any(view.tokens[a].dep == "agent" for a in view.ancestors(i, limit=3))


def find_associated(view: ParseView, clause: Span, *, context_country: str | None) -> tuple[ActorRef, ...]:
    """Actors fighting alongside: "backed by Russian air raids", "Russian-backed", "in cooperation with"."""
    text = clause.of(view.text)
    found: dict[str, ActorRef] = {}
    starts: list[int] = []
    for m in ASSOCIATION.finditer(text):
        starts.append(clause.start + m.end())
    for m in HYPHEN_BACKED.finditer(text):
        span = Span(clause.start + m.start(1), clause.start + m.end(1))
        actor = resolve_actor(m.group(1) + " forces", context_country=context_country)
        if actor is not None:
            found.setdefault(actor.id, ActorRef(actor, span))
    for offset in starts:
        i = view.token_at(offset)
        if i is None:
            continue
        head = _np_head(view, i)
        for j in view.conjuncts(head):
            for span in (view.np_span(j), view.np_span(j, with_preps=False)):
                actors = [a for a in map(_resolve_in(context_country), _distributed(span.of(view.text))) if a]
                for actor in actors:
                    found.setdefault(actor.id, ActorRef(actor, span))
                if actors:
                    break
    return tuple(found.values())


def _resolve_in(ctx: str | None) -> Callable[[str], Actor | None]:
    return lambda text: resolve_actor(text, context_country=ctx)


def _distributed(text: str) -> list[str]:
    """ "the Syrian and Russian air forces" -> ["Syrian air forces", "Russian air forces"]: coordinated
    modifiers share the head noun (the parser attaches them as one phrase)."""
    parts = [
        re.sub(r"^(?:the|a|an)\s+", "", p.strip(), flags=re.I) for p in re.split(r"\s+and\s+|,\s*", text)
    ]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return [text]
    tail = parts[-1].split()[1:]
    if not tail:
        return [text]
    return [" ".join([p, *tail]) if len(p.split()) == 1 else p for p in parts[:-1]] + [parts[-1]]


def _np_head(view: ParseView, i: int) -> int:
    """Climb from a phrase's first token to its head noun (stopping at the preposition/verb above it)."""
    while view.tokens[i].dep in (
        "det",
        "amod",
        "compound",
        "poss",
        "nummod",
        "case",
        "punct",
        "npadvmod",
        "advmod",
    ):
        h = view.head(i)
        if h == i:
            break
        i = h
    return i


def find_claim(view: ParseView, trigger: int, sentence: Span) -> Claim | None:
    """Who the sentence attributes the event to: a reporting verb above the trigger, or "according to X"."""
    v = governing_verb(view, trigger)
    for node in (v, *view.ancestors(v, limit=6)):
        if node != v and view.lemma(node) in SAY_LEMMAS and view.tokens[node].pos == "VERB":
            subj = view.kids(node, *SUBJECT_DEPS)
            if subj and not view.is_pronoun(subj[0]):
                span = view.np_span(subj[0])
                return Claim(span.of(view.text), span, node)
    for c in view.kids(v, "parataxis"):
        if view.lemma(c) in SAY_LEMMAS:
            subj = view.kids(c, *SUBJECT_DEPS)
            if subj and not view.is_pronoun(subj[0]):
                span = view.np_span(subj[0])
                return Claim(span.of(view.text), span, c)
    for i in view.token_range(sentence):
        if view.lemma(i) == "accord" or view.word(i).lower() == "according":
            for to in view.kids(i, "prep"):
                objs = view.kids(to, "pobj")
                if objs:
                    span = view.np_span(objs[0])
                    return Claim(span.of(view.text), span, None)
    return None
