"""Sentence -> ACLED sub-event type by weighted cue scoring over lemmas (see data/event_lexicon.toml).

The scorer is a hand-set linear model: each distinct cue found adds its weight to its sub-type;
sub-types whose ``needs`` groups are absent score nothing (a "tear gas" cue means protest with
intervention only inside a protest). The best score wins. Territorial sub-types are settled afterwards
by who acted (:func:`refine_territorial`): ACLED's "Government regains territory" and "Non-state actor
overtakes territory" differ by actor, not by verb, so their cues are pooled into one territorial score.

The sentence's own event is the one its main clause reports: cues inside a subordinate clause or a temporal
or causal phrase ("..., the city it lost in December", "after weeks of fighting", "in retaliation for the
chemical attack") count at a discount when sub-types compete, and the trigger is taken from the main clause
when it has one. The discount only ranks; whether the sentence holds an event at all is decided on the full
weights, so "five people were killed in an air strike" is still an air strike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dateline.model import Actor, ActorKind
from dateline.stages.events.lexicon import CueHit, EventLexicon, SubType, default_lexicon, find_cues
from dateline.stages.events.parse import ParseView

__all__ = ["Classification", "classify_window", "refine_territorial", "score_window"]

# A sentence holds an event when its best sub-type scores at least this: one strong trigger (weight >= 3) or
# a weaker trigger with supporting context. Set from the lexicon's weight convention, not fitted.
MIN_EVENT_SCORE = 3.0
# Cues lighter than this are context ("civilian", "base", "troops"): they tip a decision but never anchor
# an event mention on their own (a cue counts once per sentence: repetition is style, not evidence).
MIN_TRIGGER_WEIGHT = 2.0
GOV = "government-regains-territory"
NON_STATE = "non-state-overtakes-territory"
# Actor kinds that can "regain" territory for a government in ACLED's sense.
STATE_KINDS = frozenset({ActorKind.STATE})
_SKIP_POS = frozenset({"PUNCT", "SPACE"})
TERRITORIAL_KEYS = frozenset({GOV, NON_STATE})
# A cue embedded in a subordinate clause or a temporal/causal phrase is usually context for the main event
# ("retook Palmyra ... after the jihadists overran it"): half weight is enough for a main-clause cue of the
# same strength to win, while a much stronger embedded cue still can. Set by the convention of the lexicon's
# weights (a 3 in the main clause beats a 5 embedded), not fitted.
EMBEDDED_FACTOR = 0.5
# Dependency labels that open a clause of its own below the main one.
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp"})
# Prepositions that place an event before, after or behind the main one rather than name it.
BACKGROUND_PREPS = frozenset({"after", "before", "since", "following", "for", "until", "despite", "amid"})


@dataclass(frozen=True, slots=True)
class Classification:
    subtype: SubType
    score: float
    trigger: int  # article-wide token index of the trigger's first token
    trigger_end: int  # article-wide token index of the trigger's last token
    scores: tuple[tuple[str, float], ...]  # every scoring sub-type, best first (for explanations and evals)


def _window(
    view: ParseView, indices: Sequence[int], lex: EventLexicon
) -> tuple[list[str], list[str], list[int]]:
    lemmas: list[str] = []
    words: list[str] = []
    back: list[int] = []
    for i in indices:
        tok = view.tokens[i]
        if tok.pos in _SKIP_POS or tok.lemma == "-":
            continue
        word = view.word(i).lower().replace("-", "")
        # the lemmatiser's tables miss some irregular forms of prefixed verbs ("retook" stays "retook")
        lemmas.append(lex.irregular.get(word, tok.lemma.lower().replace("-", "")))
        words.append(word)
        back.append(i)
    return lemmas, words, back


def is_embedded(view: ParseView, i: int) -> bool:
    """Whether token ``i`` sits in a subordinate clause or a temporal/causal phrase, not the main clause."""
    node = i
    for _ in range(12):
        tok = view.tokens[node]
        if tok.dep in SUBORDINATE_DEPS:
            return True
        if tok.dep == "prep" and view.lemma(node) in BACKGROUND_PREPS:
            return True
        if tok.head == node:
            return False
        node = tok.head
    return False


def _distinct_weights(view: ParseView, hits: list[CueHit], back: list[int], *, discount: bool) -> float:
    """Sum of weights, each cue phrase once, and overlapping cues once (the heavier: "fighting" matching both
    "fight" and "fighting" is one word of evidence, as is "counter-attack" matching "attack")."""
    best: dict[tuple[str, ...], tuple[float, int, int]] = {}
    for h in hits:
        w = h.cue.weight
        if discount and is_embedded(view, back[h.first]):
            w *= EMBEDDED_FACTOR
        if w > best.get(h.cue.words, (-1.0, 0, 0))[0]:
            best[h.cue.words] = (w, h.first, h.last)
    taken: list[tuple[float, int, int]] = []
    for w, first, last in sorted(best.values(), key=lambda x: -x[0]):
        if not any(first <= t_last and t_first <= last for _, t_first, t_last in taken):
            taken.append((w, first, last))
    return sum(w for w, _, _ in taken)


def score_window(
    view: ParseView, indices: Sequence[int], *, lexicon: EventLexicon | None = None, discount: bool = False
) -> tuple[dict[str, float], dict[str, list[CueHit]], list[int]]:
    """Per-sub-type scores for a token window, the hits behind them, and the window's token-index map.
    With ``discount``, cues outside the main clause count at :data:`EMBEDDED_FACTOR`. The two territorial
    sub-types share one pooled score (their hits stay apart, so the trigger keeps its own sub-type)."""
    lex = lexicon or default_lexicon()
    lemmas, words, back = _window(view, indices, lex)
    hits = find_cues(lemmas, words, lex)
    groups = {h.cue.subtype[1:] for h in hits if h.cue.subtype.startswith("@")}
    by_sub: dict[str, list[CueHit]] = {}
    for h in hits:
        if h.cue.subtype.startswith("@"):
            continue
        if h.cue.words in lex.subtypes[h.cue.subtype].noun_only and view.tokens[back[h.first]].pos == "VERB":
            continue  # "stormed back into the city" is an assault, not a storm
        by_sub.setdefault(h.cue.subtype, []).append(h)
    pooled = [h for key in TERRITORIAL_KEYS for h in by_sub.get(key, [])]
    scores: dict[str, float] = {}
    for key, sub_hits in by_sub.items():
        if not all(g in groups for g in lex.subtypes[key].needs):
            continue
        scored = pooled if key in TERRITORIAL_KEYS else sub_hits
        scores[key] = _distinct_weights(view, scored, back, discount=discount)
    for key in list(scores):
        parent = lex.subtypes[key].extends
        if parent:
            scores[key] += scores.get(parent, 0.0)
    return scores, by_sub, back


def classify_window(
    view: ParseView, indices: Sequence[int], *, lexicon: EventLexicon | None = None, min_score: float = 0.0
) -> Classification | None:
    """The best sub-type for the tokens at ``indices`` (sentence or snippet), or None below ``min_score``."""
    lex = lexicon or default_lexicon()
    full, by_sub, back = score_window(view, indices, lexicon=lex)
    if not full:
        return None
    ranking, _, _ = score_window(view, indices, lexicon=lex, discount=True)
    # ties on the main-clause score go to the stronger full score, then to the cue found first
    ranked = sorted(ranking.items(), key=lambda kv: (-kv[1], -full[kv[0]]))
    best = ranked[0][0]
    best_score = full[best]
    if best_score < min_score:
        return None
    territorial = best in TERRITORIAL_KEYS
    candidates = [h for key in TERRITORIAL_KEYS for h in by_sub.get(key, [])] if territorial else by_sub[best]
    triggers = [h for h in candidates if h.cue.words not in lex.context_only]
    if min_score > 0:  # a mention needs a real trigger, not just context words
        triggers = [h for h in triggers if h.cue.weight >= MIN_TRIGGER_WEIGHT]
        if not triggers:
            return None
    trigger = _pick_trigger(view, triggers or candidates, back)
    subtype = lex.subtypes[trigger.cue.subtype] if territorial else lex.subtypes[best]
    return Classification(subtype, best_score, back[trigger.first], back[trigger.last], tuple(ranked))


def _pick_trigger(view: ParseView, hits: list[CueHit], back: list[int]) -> CueHit:
    """The heaviest main-clause cue, preferring verbs then nouns (a verb anchors the clause the roles are
    read from); an embedded cue only when the main clause has none."""

    def rank(h: CueHit) -> tuple[bool, float, int, int]:
        pos = view.tokens[back[h.first]].pos
        pos_rank = 2 if pos == "VERB" else 1 if pos in ("NOUN", "PROPN") else 0
        return (not is_embedded(view, back[h.first]), h.cue.weight, pos_rank, -h.first)

    return max(hits, key=rank)


def refine_territorial(
    subtype: SubType, actor1: Actor | None, *, lexicon: EventLexicon | None = None
) -> SubType:
    """Government regains vs non-state actor overtakes territory, decided by who took it.

    A state actor taking ground is a government regaining it; anyone else taking it is a non-state actor
    overtaking it. With no resolved actor, "re-" verbs (recapture, retake) keep the government reading.
    """
    lex = lexicon or default_lexicon()
    if subtype.key not in (GOV, NON_STATE) or actor1 is None:
        return subtype
    if actor1.kind in STATE_KINDS:
        return lex.subtypes[GOV]
    return lex.subtypes[NON_STATE]
