"""CAMEO interaction families (statement / intent to cooperate / material cooperation / demand / protest).

A coarse second view of a sentence used to compare with CAMEO-coded data (eval/actors.py): the same
lemma-cue matching as the event lexicon, over the ``[cameo.*]`` tables of ``data/event_lexicon.toml``, with a
cue on the main predicate (the sentence root, or the reported clause of a trailing "..., X said") counting
more, since CAMEO codes the main predicate.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from dateline.stages.events.classify import classify_window
from dateline.stages.events.lexicon import Cue, EventLexicon, find_cues
from dateline.stages.events.parse import ParseView
from dateline.stages.events.participants import main_predicate

__all__ = ["CAMEO_FAMILIES", "cameo_family"]

CAMEO_FAMILIES = (
    "statement",
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
MATERIAL_CONFLICT = 4
# Event families that are material conflict in CAMEO terms (protest, coercion, assault, fight).
CONFLICT_EVENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}
)
CONFLICT_SUB_TYPES = frozenset({"Arrests", "Looting/property destruction", "Change to group/activity"})
# A main-predicate cue outweighs the same cue in a subordinate phrase: "X denied ... that Y attacked Z" is
# a denial (a statement), not an attack.
MAIN_PREDICATE_FACTOR = 2.5
# A violent event named only in a subordinate phrase is what the sentence is about less often than not.
SUBORDINATE_EVENT_FACTOR = 0.4
# With no cue at all, a sentence reports someone saying something: the statement family.
DEFAULT_FAMILY = 0


@cache
def _cameo_lexicon() -> EventLexicon:
    text = resources.files("dateline").joinpath("data", "event_lexicon.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text).get("cameo", {})
    index: dict[str, list[Cue]] = {}
    for family, cues in table.items():
        for phrase, weight in cues.items():
            words = tuple(phrase.lower().replace("-", " ").split())
            index.setdefault(words[0], []).append(Cue(words, float(weight), family))
    return EventLexicon(
        {}, {w: tuple(c) for w, c in index.items()}, max(len(c.words) for cs in index.values() for c in cs)
    )


def cameo_family(view: ParseView, tokens: range) -> int:
    """Index into :data:`CAMEO_FAMILIES` for the sentence whose tokens are ``tokens``."""
    roots = [i for i in tokens if view.head(i) == i or view.head(i) not in tokens]
    main = main_predicate(view, roots[0]) if roots else -1
    near_main = {main, *view.kids(main, "aux", "prt", "xcomp", "dobj", "prep")} if main >= 0 else set()
    indices = [i for i in tokens if view.tokens[i].pos not in ("PUNCT", "SPACE")]
    lemmas = [view.lemma(i) for i in indices]
    words = [view.word(i).lower() for i in indices]
    scores = [0.0] * len(CAMEO_FAMILIES)
    for hit in find_cues(lemmas, words, _cameo_lexicon()):
        factor = MAIN_PREDICATE_FACTOR if indices[hit.first] in near_main else 1.0
        scores[int(hit.cue.subtype)] += hit.cue.weight * factor
    scores[MATERIAL_CONFLICT] += _violent_event_score(view, tokens, near_main)
    best = max(range(len(scores)), key=lambda k: scores[k])
    return best if scores[best] > 0 else DEFAULT_FAMILY


def _violent_event_score(view: ParseView, tokens: range, near_main: set[int]) -> float:
    """The event lexicon's score when its best reading is a violent or coercive event, else 0; weighted down
    when the trigger sits in a subordinate phrase ("an investigation of arms sales")."""
    found = classify_window(view, tokens)
    if found is None:
        return 0.0
    st = found.subtype
    if st.event_type not in CONFLICT_EVENT_TYPES and st.sub_event_type not in CONFLICT_SUB_TYPES:
        return 0.0
    return found.score * (1.0 if found.trigger in near_main else SUBORDINATE_EVENT_FACTOR)
