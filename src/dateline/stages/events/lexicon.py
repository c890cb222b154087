"""The event lexicon: weighted cue phrases per ACLED sub-event type, loaded from ``data/event_lexicon.toml``.

A cue is a phrase of one or more words; it matches a run of tokens when every word equals the token's lemma or
its lower-cased surface form (so "shelled" matches "shell" and "airstrikes" matches "airstrike"). Hyphens are
dropped on both sides, so "air-strike", "air strike" and "airstrike" are written once each in the TOML.

Why hand-written matching rather than spaCy's PhraseMatcher: tokens arrive as plain ``Token`` records
(they may have crossed a process boundary), not as a ``Doc``; and we match lemma-or-word per position,
which the PhraseMatcher's single ``attr`` cannot.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from dateline.errors import ConfigError

__all__ = ["Cue", "CueHit", "EventLexicon", "SubType", "default_lexicon", "find_cues"]


@dataclass(frozen=True, slots=True)
class SubType:
    key: str
    event_type: str
    sub_event_type: str
    needs: tuple[str, ...] = ()
    territorial: bool = False
    extends: str = (
        ""  # a parent sub-type whose score this one adds to ("violent demonstration" = protest + violence)
    )
    # cue phrases that name this sub-type only as nouns ("a storm", not "troops stormed the town")
    noun_only: frozenset[tuple[str, ...]] = frozenset()


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]
    weight: float
    subtype: str  # SubType.key, or "@group" for a context group member


@dataclass(frozen=True, slots=True)
class CueHit:
    cue: Cue
    first: int  # index (within the token window given to find_cues) of the first matched token
    last: int  # index of the last matched token (inclusive)


@dataclass(frozen=True, slots=True)
class EventLexicon:
    subtypes: dict[str, SubType]
    by_first_word: dict[str, tuple[Cue, ...]]
    max_words: int
    context_only: frozenset[tuple[str, ...]] = frozenset()  # cue phrases that never anchor a mention
    # surface form -> lemma, for irregular forms the lemmatiser misses ("retook" -> "retake")
    irregular: dict[str, str] = field(default_factory=dict)

    def subtype(self, key: str) -> SubType:
        return self.subtypes[key]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().replace("-", " ").split())


def _build(data: dict[str, object]) -> EventLexicon:
    subtypes: dict[str, SubType] = {}
    cues: list[Cue] = []
    raw_subtypes = data.get("subtype", [])
    if not isinstance(raw_subtypes, list):
        raise ConfigError("event_lexicon.toml: [[subtype]] must be an array of tables")
    for item in raw_subtypes:
        try:
            st = SubType(
                key=item["key"],
                event_type=item["event_type"],
                sub_event_type=item["sub_event_type"],
                needs=tuple(item.get("needs", ())),
                territorial=bool(item.get("territorial", False)),
                extends=str(item.get("extends", "")),
                noun_only=frozenset(_words(p) for p in item.get("noun_only", ())),
            )
            weights = dict(item["cues"])
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"event_lexicon.toml: bad subtype {item!r}: {exc}") from exc
        subtypes[st.key] = st
        cues.extend(Cue(_words(p), float(w), st.key) for p, w in weights.items())
    groups = data.get("group", {})
    if isinstance(groups, dict):
        for name, phrases in groups.items():
            cues.extend(Cue(_words(p), 0.0, "@" + name) for p in phrases)
    index: dict[str, list[Cue]] = {}
    for cue in cues:
        if cue.words:
            index.setdefault(cue.words[0], []).append(cue)
    context = data.get("context_only", {})
    context_words = context.get("words", []) if isinstance(context, dict) else []
    irregular = data.get("irregular_lemmas", {})
    if not isinstance(irregular, dict):
        raise ConfigError("event_lexicon.toml: [irregular_lemmas] must be a table of form = lemma")
    return EventLexicon(
        subtypes=subtypes,
        by_first_word={w: tuple(c) for w, c in index.items()},
        max_words=max((len(c.words) for c in cues), default=1),
        context_only=frozenset(_words(w) for w in context_words),
        irregular={str(k).lower(): str(v).lower() for k, v in irregular.items()},
    )


@cache
def default_lexicon() -> EventLexicon:
    text = resources.files("dateline").joinpath("data", "event_lexicon.toml").read_text(encoding="utf-8")
    try:
        return _build(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"event_lexicon.toml is not valid TOML: {exc}") from exc


def find_cues(lemmas: Sequence[str], words: Sequence[str], lexicon: EventLexicon) -> list[CueHit]:
    """Every cue occurrence in a token window. ``lemmas``/``words`` are parallel, lower case, hyphens removed
    (callers drop hyphen tokens and keep an index map back to the real tokens)."""
    hits: list[CueHit] = []
    n = len(lemmas)
    for i in range(n):
        candidates = lexicon.by_first_word.get(lemmas[i], ())
        if words[i] != lemmas[i]:
            candidates = candidates + lexicon.by_first_word.get(words[i], ())
        for cue in candidates:
            k = len(cue.words)
            if i + k <= n and all(cue.words[j] in (lemmas[i + j], words[i + j]) for j in range(k)):
                hits.append(CueHit(cue, i, i + k - 1))
    return hits
