"""Sentence -> ACLED sub-event type by weighted cue scoring over lemmas (see data/event_lexicon.toml).

The scorer is a hand-set linear model: each distinct cue found adds its weight to its sub-type;
sub-types whose ``needs`` groups are absent score nothing (a "tear gas" cue means protest with
intervention only inside a protest). The best score wins. Territorial sub-types are settled afterwards
by who acted (:func:`refine_territorial`): ACLED's "Government regains territory" and "Non-state actor
overtakes territory" differ by actor, not by verb.
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


@dataclass(frozen=True, slots=True)
class Classification:
    subtype: SubType
    score: float
    trigger: int  # article-wide token index of the trigger's first token
    trigger_end: int  # article-wide token index of the trigger's last token
    scores: tuple[tuple[str, float], ...]  # every scoring sub-type, best first (for explanations and evals)


def _window(view: ParseView, indices: Sequence[int]) -> tuple[list[str], list[str], list[int]]:
    lemmas: list[str] = []
    words: list[str] = []
    back: list[int] = []
    for i in indices:
        tok = view.tokens[i]
        if tok.pos in _SKIP_POS or tok.lemma == "-":
            continue
        lemmas.append(tok.lemma.lower().replace("-", ""))
        words.append(view.word(i).lower().replace("-", ""))
        back.append(i)
    return lemmas, words, back


def score_window(
    view: ParseView, indices: Sequence[int], *, lexicon: EventLexicon | None = None
) -> tuple[dict[str, float], dict[str, list[CueHit]], list[int]]:
    """Per-sub-type scores for a token window, the hits behind them, and the window's token-index map."""
    lex = lexicon or default_lexicon()
    lemmas, words, back = _window(view, indices)
    hits = find_cues(lemmas, words, lex)
    groups = {h.cue.subtype[1:] for h in hits if h.cue.subtype.startswith("@")}
    by_sub: dict[str, list[CueHit]] = {}
    for h in hits:
        if not h.cue.subtype.startswith("@"):
            by_sub.setdefault(h.cue.subtype, []).append(h)
    scores: dict[str, float] = {}
    for key, sub_hits in by_sub.items():
        if not all(g in groups for g in lex.subtypes[key].needs):
            continue
        distinct = {h.cue.words: h.cue.weight for h in sub_hits}
        scores[key] = sum(distinct.values())
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
    scores, by_sub, back = score_window(view, indices, lexicon=lex)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    if best_score < min_score:
        return None
    triggers = [h for h in by_sub[best] if h.cue.words not in lex.context_only]
    if min_score > 0:  # a mention needs a real trigger, not just context words
        triggers = [h for h in triggers if h.cue.weight >= MIN_TRIGGER_WEIGHT]
        if not triggers:
            return None
    trigger = _pick_trigger(view, triggers or by_sub[best], back)
    return Classification(
        lex.subtypes[best], best_score, back[trigger.first], back[trigger.last], tuple(ranked)
    )


def _pick_trigger(view: ParseView, hits: list[CueHit], back: list[int]) -> CueHit:
    """The heaviest cue, preferring verbs then nouns (a verb anchors the clause the roles are read from)."""

    def rank(h: CueHit) -> tuple[float, int, int]:
        pos = view.tokens[back[h.first]].pos
        pos_rank = 2 if pos == "VERB" else 1 if pos in ("NOUN", "PROPN") else 0
        return (h.cue.weight, pos_rank, -h.first)

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
