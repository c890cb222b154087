"""The source and target of a sentence's main event ("who did what to whom"), whatever its type.

Used where no lexicon trigger is needed: the CAMEO-style source/target evaluation (eval/actors.py) and callers
that want the principal participants of any sentence. Rules over the dependency parse:

- the main predicate is the sentence root; a trailing attribution ("..., the ministry said") hands over to
  the reported clause, a leading one ("X said Y would ...") keeps the speaker as source and looks for the
  target inside the reported clause;
- source = the subject (the ``by``-agent when passive), as its noun phrase with "of" complements;
- target = the first actor-like phrase among the direct object, dative, prepositional objects
  ("appeal to Belgium", "called on Saudi Arabia", "talks with Syria") and the embedded clause's subject,
  where actor-like means a named entity (GPE/ORG/NORP/PERSON/FAC) or a phrase the actor registry resolves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dateline.model import Span
from dateline.stages.actors import resolve_actor
from dateline.stages.events.parse import ParseView
from dateline.stages.events.roles import PASSIVE_SUBJECT_DEPS, SAY_LEMMAS, SUBJECT_DEPS

__all__ = ["Participants", "main_participants", "main_predicate"]

ACTOR_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON", "FAC", "LOC"})
TARGET_PREP_LEMMAS = (
    "to",
    "on",
    "with",
    "against",
    "at",
    "from",
    "for",
    "into",
    "toward",
    "towards",
    "by",
    "over",
    "about",
    "between",
    "in",
)
# Dependents that never hold the target: times ("on Monday"), punctuation, the subject's own clause.
SKIP_DEPS = frozenset(
    {"punct", "npadvmod", "tmod", "aux", "auxpass", "neg", "cc", "mark", "det", "advmod", "appos", "relcl"}
)
DEP_ORDER = {"dobj": 0, "dative": 1, "attr": 2, "prep": 3, "pobj": 3, "ccomp": 4, "xcomp": 4, "acomp": 4}
MAX_TARGET_DEPTH = 6


@dataclass(frozen=True, slots=True)
class Participants:
    source: Span | None
    target: Span | None
    targets: tuple[Span, ...] = ()  # the target and the actors coordinated with it


def main_participants(view: ParseView, tokens: range, entities: Iterable[Span]) -> Participants:
    roots = [i for i in tokens if view.head(i) == i or view.head(i) not in tokens]
    if not roots:
        return Participants(None, None)
    named = tuple(entities)
    verb = main_predicate(view, roots[0])
    source_head = _source(view, verb)
    source = view.np_span(source_head, only_of=True) if source_head is not None else None
    candidates = [
        (c, _trim(view, view.np_span(c, only_of=True)))
        for c in _target_candidates(view, verb, source_head)
        if not view.is_pronoun(c)
    ]
    candidates = [(c, s) for c, s in candidates if source is None or not s.overlaps(source)]
    # A named actor anywhere in the predicate's tree beats a nearer common noun the registry knows.
    ordered = [cs for cs in candidates if _named(cs[1], named)] + [
        cs for cs in candidates if not _named(cs[1], named) and resolve_actor(cs[1].of(view.text)) is not None
    ]
    if not ordered:
        return Participants(source, None, ())
    cand, span = ordered[0]
    # coordinated targets are separate actors: "called on Yemen, Algeria and Malaysia"
    targets = [span] + [
        _trim(view, view.np_span(c, only_of=True)) for c in view.conjuncts(cand)[1:] if not view.is_pronoun(c)
    ]
    return Participants(source, targets[0] if targets else None, tuple(targets))


def main_predicate(view: ParseView, root: int) -> int:
    """Follow a trailing attribution into the reported clause: "X attacked Y, police said" -> attacked."""
    for _ in range(3):
        if view.lemma(root) not in SAY_LEMMAS:
            return root
        clauses = [c for c in view.kids(root, "ccomp", "parataxis") if c < root]
        if not clauses:
            return root
        inner = clauses[0]
        subj = view.kids(inner, *SUBJECT_DEPS, *PASSIVE_SUBJECT_DEPS)
        if not subj or view.is_pronoun(subj[0]):
            return root
        root = inner
    return root


def _source(view: ParseView, verb: int) -> int | None:
    for v in (verb, *view.ancestors(verb, limit=3)):
        subj = view.kids(v, *SUBJECT_DEPS)
        if subj:
            return None if view.is_pronoun(subj[0]) else subj[0]
        if view.kids(v, *PASSIVE_SUBJECT_DEPS):
            agents = [o for a in view.kids(v, "agent") for o in view.kids(a, "pobj")]
            return agents[0] if agents else None
        if view.tokens[v].dep not in ("xcomp", "conj", "advcl"):
            break
    return None


def _target_candidates(view: ParseView, verb: int, source_head: int | None) -> Iterator[int]:
    """Noun heads in the predicate's tree, breadth first (nearest argument first; objects before
    prepositional phrases at the same depth), skipping the source and time/manner modifiers."""
    frontier = [verb]
    seen = {verb} if source_head is None else {verb, source_head}
    for _ in range(MAX_TARGET_DEPTH):
        nxt: list[int] = []
        for node in frontier:
            kids = [c for c in view.children[node] if c not in seen and view.tokens[c].dep not in SKIP_DEPS]
            kids.sort(key=lambda c: (DEP_ORDER.get(view.tokens[c].dep, len(DEP_ORDER)), c))
            for c in kids:
                seen.add(c)
                if view.tokens[c].pos in ("NOUN", "PROPN") and view.tokens[c].dep not in ("compound", "poss"):
                    yield c
                nxt.append(c)
        frontier = nxt
        if not frontier:
            return


def _trim(view: ParseView, span: Span) -> Span:
    """Drop a leading preposition the parser folded into the phrase ("to Macedonia")."""
    i = view.token_at(span.start)
    if i is not None and view.tokens[i].pos == "ADP" and view.tokens[i].span.end < span.end:
        nxt = view.token_at(view.tokens[i].span.end + 1)
        if nxt is not None:
            return Span(view.tokens[nxt].span.start, span.end)
    return span


def _prep_objects(view: ParseView, head: int) -> Iterator[int]:
    for p in view.kids(head, "prep"):
        if view.lemma(p) in TARGET_PREP_LEMMAS or view.lemma(p) == "of":
            for o in view.kids(p, "pobj"):
                yield o
                yield from _prep_objects(view, o)


def _named(span: Span, named: tuple[Span, ...]) -> bool:
    return any(span.overlaps(e) for e in named)
