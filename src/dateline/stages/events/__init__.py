"""Events: who did what to whom, where, when, per whom, and how surely.

Modules, in reading order:

- :mod:`.parse`: a view over plain ``Token`` records (children, subtrees, noun-phrase spans);
- :mod:`.lexicon`: weighted cue phrases per ACLED sub-type, from ``data/event_lexicon.toml``;
- :mod:`.classify`: sentence -> sub-type by cue scoring; territorial sub-types settled by the actor;
- :mod:`.roles`: actor1/actor2, associated actors and "X said" claims from the dependency parse;
- :mod:`.modality`: negation, hypotheticals, claims, background events, partial/complete control;
- :mod:`.stage`: the ``ExtractEvents`` pipeline stage (one mention per event-bearing sentence);
- :mod:`.participants` and :mod:`.cameo`: main source/target and CAMEO family of any sentence (evaluation).

Everything is rules over the parse plus a lexicon written by us: no training, no model beyond spaCy's.
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.model import Span, Token
from dateline.stages.events.cameo import cameo_family
from dateline.stages.events.classify import Classification, classify_window, refine_territorial
from dateline.stages.events.parse import ParseView
from dateline.stages.events.participants import Participants, main_participants
from dateline.stages.events.roles import find_roles
from dateline.stages.events.stage import ExtractEvents

__all__ = [
    "Classification",
    "ExtractEvents",
    "ParseView",
    "Participants",
    "cameo_family",
    "classify_text_parsed",
    "main_participants",
]


def classify_text_parsed(
    text: str, tokens: Sequence[Token], *, context_country: str | None = None
) -> str | None:
    """The ACLED-style sub-event type of a parsed snippet (best-scoring sub-type), or None without cues."""
    view = ParseView(tokens, text)
    found = classify_window(view, range(len(tokens)))
    if found is None:
        return None
    subtype = found.subtype
    if subtype.territorial:
        roles = find_roles(view, found.trigger, Span(0, len(text)), context_country=context_country)
        subtype = refine_territorial(subtype, roles.actor1.actor if roles.actor1 else None)
    return subtype.sub_event_type
