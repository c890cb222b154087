"""How surely and how recently: modality, background/context events, completeness of territorial changes.

All decisions read the trigger's clause in the dependency parse:

- negated: a ``neg`` dependent ("did not capture"), or the clause hangs under "deny"/"refute"/"fail"/"refuse";
- hypothetical: a modal auxiliary ("could", "would", "will"), an infinitive governed by an intention or
  expectation verb ("threatened to", "vowed to", "plans to", "was expected to", "racing to take"), an
  infinitive of purpose under a noun ("an offensive to retake"), or an "if" clause;
- claimed: the reporting verb is itself a claim ("claimed", "alleged") or the verb carries "allegedly";
- background: pluperfect ("had seized"), or a stated time well before the article date ("in 2014",
  "last year");
- completeness (territorial sub-types only): "complete" for "completely", "full control", "entire",
  "completed the recapture", or a whole town/city as object; "partial" for "four neighbourhoods of",
  "part of", "outskirts", "swathes of".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.model import Modality, Span, TimeExpr
from dateline.stages.events.parse import ParseView
from dateline.stages.events.roles import governing_verb

__all__ = ["completeness", "is_background", "modality", "pluperfect"]

NEGATING_HEADS = frozenset({"deny", "refute", "fail", "refuse", "dismiss", "rule"})
INTENT_HEADS = frozenset(
    {
        "threaten",
        "vow",
        "plan",
        "pledge",
        "promise",
        "aim",
        "seek",
        "try",
        "attempt",
        "intend",
        "prepare",
        "want",
        "hope",
        "expect",
        "race",
        "push",
        "call",
        "urge",
        "bid",
        "strive",
        "set",
        "plot",
        "propose",
        "wish",
        "demand",
        "order",
        "vote",
        "decide",
        "agree",
        "offer",
        "ask",
        "warn",
        "continue",
        "struggle",
        "fight",
    }
)
INTENT_NOUNS = frozenset(
    {
        "offensive",
        "campaign",
        "bid",
        "plan",
        "attempt",
        "effort",
        "push",
        "drive",
        "operation",
        "promise",
        "threat",
        "order",
        "call",
        "battle",
        "fight",
        "preparation",
        "goal",
        "aim",
    }
)
HYPOTHETICAL_MODALS = frozenset(
    {"will", "would", "could", "may", "might", "should", "can", "shall", "must", "'ll"}
)
CLAIM_HEADS = frozenset({"claim", "allege"})
# Clause openers that make the clause's event an open question or a condition ("whether the demonstrations
# reach Tehran", "if the army retakes the town", "unless talks resume"), not something that happened.
CONDITION_MARKS = frozenset({"if", "whether", "unless"})
HEDGES = frozenset({"allegedly", "reportedly", "purportedly", "supposedly"})
# A stated time this far before the article date marks a context event ("In July, it lost Mosul" in an
# October article), not the news. Two months: news leads reach back days or weeks, rarely more.
BACKGROUND_GAP = timedelta(days=60)
_LAST_YEAR = re.compile(
    r"\b(?:last|previous|past) (?:year|decade)\b|\byears? ago\b|\bin (?:19|20)\d\d\b", re.I
)

COMPLETE_WORDS = frozenset(
    {"completely", "entirely", "fully", "totally", "entire", "entirety", "whole", "full"}
)
COMPLETE_VERBS = frozenset({"complete", "finish"})
PARTIAL_HEADS = frozenset(
    {
        "neighbourhood",
        "neighborhood",
        "part",
        "parts",
        "district",
        "area",
        "outskirt",
        "outskirts",
        "swathe",
        "swath",
        "section",
        "quarter",
        "half",
        "village",
        "street",
        "some",
        "several",
        "block",
        "edge",
        "portion",
        "much",
        "most",
    }
)
WHOLE_PLACE_HEADS = frozenset({"city", "town", "village", "province", "region"})


def modality(view: ParseView, trigger: int, claim_verb: int | None) -> Modality:
    v = governing_verb(view, trigger)
    if _negated(view, v):
        return Modality.NEGATED
    if _hypothetical(view, v):
        return Modality.HYPOTHETICAL
    if claim_verb is not None and view.lemma(claim_verb) in CLAIM_HEADS:
        return Modality.CLAIMED
    if any(view.lemma(c) in HEDGES for c in view.kids(v, "advmod")):
        return Modality.CLAIMED
    return Modality.ASSERTED


def _negated(view: ParseView, v: int) -> bool:
    if view.kids(v, "neg"):
        return True
    node = v
    for _ in range(3):
        dep = view.tokens[node].dep
        if dep not in ("xcomp", "ccomp", "conj") or view.head(node) == node:
            return False
        node = view.head(node)
        if view.lemma(node) in NEGATING_HEADS or (view.kids(node, "neg") and dep == "xcomp"):
            return True
    return False


def _hypothetical(view: ParseView, v: int) -> bool:
    aux = view.kids(v, "aux", "auxpass")
    if any(view.tokens[a].tag == "MD" and view.lemma(a) in HYPOTHETICAL_MODALS for a in aux):
        return True
    if any(view.lemma(m) in CONDITION_MARKS for m in view.kids(v, "mark")):
        return True
    infinitive = any(view.tokens[a].tag == "TO" for a in aux)
    if not infinitive:
        return False
    head = view.head(v)
    if head == v:
        return False
    dep = view.tokens[v].dep
    if dep in ("xcomp", "ccomp") and view.lemma(head) in INTENT_HEADS:
        return True
    if dep in ("acl", "relcl") and view.lemma(head) in INTENT_NOUNS:
        return True
    # "in order to retake", "to retake areas" as a purpose adjunct: not (yet) an event
    return dep == "advcl"


def pluperfect(view: ParseView, trigger: int) -> bool:
    v = governing_verb(view, trigger)
    if view.tokens[v].tag != "VBN":
        return False
    return any(view.lemma(a) == "have" and view.tokens[a].tag == "VBD" for a in view.kids(v, "aux"))


def is_background(
    view: ParseView,
    trigger: int,
    sentence: Span,
    when: TimeExpr | None,
    reported: date | None,
    *,
    reported_speech: bool = False,
) -> bool:
    # "SANA said forces had regained control": the pluperfect is the past tense shifted back by "said".
    if pluperfect(view, trigger) and not reported_speech:
        return True
    if reported is None:
        return False
    if when is not None and when.interval.end is not None:
        return when.interval.end < reported - BACKGROUND_GAP
    clause = view.subtree(governing_verb(view, trigger))
    clause_text = view.text[view.tokens[clause[0]].span.start : view.tokens[clause[-1]].span.end]
    m = _LAST_YEAR.search(clause_text)
    if m is None:
        return False
    years = re.findall(r"(?:19|20)\d\d", m.group())
    return not years or int(years[0]) < reported.year


def completeness(view: ParseView, trigger: int, sentence: Span) -> str:
    """ "complete" / "partial" / "" for a territorial change, from the object and its modifiers."""
    v = governing_verb(view, trigger)
    clause = view.subtree(v)
    words = {view.lemma(i) for i in clause} | {view.word(i).lower() for i in clause}
    if words & COMPLETE_WORDS or view.lemma(v) in COMPLETE_VERBS:
        return "complete"
    if any(view.lemma(h) in COMPLETE_VERBS for h in view.ancestors(v, limit=2)):
        return "complete"
    objects = view.kids(v, "dobj", "nsubjpass") or view.kids(trigger, "dobj")
    if trigger != v:  # a noun trigger: "the recapture of Palmyra"
        objects = [
            o for p in view.kids(trigger, "prep") if view.lemma(p) == "of" for o in view.kids(p, "pobj")
        ] or objects
    for obj in objects:
        if view.lemma(obj) == "control":  # "took control of four neighbourhoods": judge what is controlled
            held = [
                o
                for p in view.kids(obj, "prep")
                if view.lemma(p) in ("of", "over")
                for o in view.kids(p, "pobj")
            ]
            obj = held[0] if held else obj
        head_lemma = view.lemma(obj)
        modifiers = {view.lemma(c) for c in view.kids(obj, "nummod", "amod", "det", "quantmod")}
        if head_lemma in PARTIAL_HEADS or modifiers & PARTIAL_HEADS:
            return "partial"
        if view.tokens[obj].pos == "NUM":
            return "partial"
        if head_lemma in WHOLE_PLACE_HEADS or view.tokens[obj].pos == "PROPN":
            return "complete"
    return ""
