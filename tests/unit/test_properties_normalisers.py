"""Property tests (hypothesis) for the normalisers: place-name folding, actor aliases, date rules.

Not repeated here (already covered elsewhere): the store round trip (test_store_properties.py), merge order
independence (test_merge.py), output round trips (test_outputs_properties.py), cleaner offsets and
idempotence (test_clean.py), and time expressions on fixed phrases (test_temporal_properties.py). The date
properties below generate the dates themselves and check where resolved intervals fall around the anchor.
"""

from __future__ import annotations

import tomllib
import unicodedata
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from dateline.model import AnalyzedArticle
from dateline.stages.actors import SHORT_ALIAS_MAX, normalise_phrase, resolve_actor
from dateline.stages.clean import clean_text
from dateline.stages.dating import FRESHNESS_DAYS, date_article, find_full_dates
from dateline.stages.ingest import article_from_text
from dateline.stages.placenames import loose_key, strict_key
from dateline.stages.temporal import find_time_expressions, resolve_relative

# --------------------------------------------------------------------------- place names

# Latin letters, the Turkish/Nordic/German ones NFKD leaves alone, and the marks that separate name parts.
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüöçñâÉÜßıøł"
NAME_WORDS = st.text(alphabet=st.sampled_from("abdefhiklmnoqrstuyz"), min_size=3, max_size=9)
ARABIC_ARTICLES = st.sampled_from(["al-", "Al ", "el-", "El-", "ez-", "ash-", "as-", "ad-", "an-", "ar "])
CONSONANTS = "bfjklmnpqrtvz"  # no h (digraphs "kh", "th"), no vowels (folded in pairs: "ee" -> "i")


def _glued_article(word: str) -> bool:
    # "Ezzor", "Assuwayda": an article glued to a doubled sun letter, which the key folds like "ez-Zor".
    return len(word) >= 3 and word[0] in "ae" and word[1] == word[2] and word[1] in "tdrzsn"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
@example("dhhh al-")  # regression: one pass of the folds left "dh" behind ("hdhal" -> "hdal" on a re-key)
@example("qh")  # regression: "q" -> "k" ran after "kh" -> "k"
def test_loose_and_strict_keys_are_idempotent(name: str) -> None:
    assert strict_key(strict_key(name)) == strict_key(name)
    assert loose_key(loose_key(name)) == loose_key(name)
    assert loose_key(strict_key(name)) == loose_key(name)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(LATIN + " -'"), max_size=30))
@example("Straße")  # regression: lower() kept "ß", so "Straße" and "STRASSE" had different keys
@example("Diyarbakır")  # regression: dotless i was dropped, not folded to i
def test_keys_ignore_case(name: str) -> None:
    assert strict_key(name.upper()) == strict_key(name.lower()) == strict_key(name)
    assert loose_key(name.upper()) == loose_key(name.lower()) == loose_key(name)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME_WORDS, min_size=1, max_size=3), st.data())
def test_keys_ignore_diacritics(words: list[str], data: st.DataObject) -> None:
    plain = " ".join(words)
    marks = data.draw(st.lists(st.sampled_from("\u0301\u0300\u0308\u0302\u0327"), min_size=len(plain)))
    accented = unicodedata.normalize(
        "NFC", "".join(ch + (m if ch.isalpha() else "") for ch, m in zip(plain, marks, strict=False))
    )
    assert strict_key(accented) == strict_key(plain)
    assert loose_key(accented) == loose_key(plain)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME_WORDS, min_size=1, max_size=3), ARABIC_ARTICLES, st.integers(min_value=0, max_value=2))
def test_arabic_article_before_a_word_is_dropped(words: list[str], article: str, where: int) -> None:
    """ "Deir al-Zour" ~ "Deir Zour", "al-Bab" ~ "Bab": an article word never counts (unless last)."""
    assume(not _glued_article(words[0]))  # a glued first word is only folded when it is not first
    where = min(where, len(words) - 1)
    with_article = [*words[:where], article + words[where], *words[where + 1 :]]
    assert loose_key(" ".join(with_article)) == loose_key(" ".join(words))


@settings(max_examples=200, deadline=None)
@given(NAME_WORDS, st.sampled_from(CONSONANTS), st.integers(min_value=1, max_value=4), st.data())
def test_doubled_consonants_collapse(word: str, consonant: str, times: int, data: st.DataObject) -> None:
    """ "Raqqa" ~ "Raqa", "Deir Ezzor" ~ "Deir Ezor": doubling a consonant never changes the loose key."""
    cut = data.draw(st.integers(min_value=1, max_value=len(word)))
    single = word[:cut] + consonant + word[cut:]
    assume(not _glued_article(word[:cut] + consonant * 2))  # "Ezor" is a name, "Ezzor" is "ez-Zor"
    doubled = word[:cut] + consonant * (times + 1) + word[cut:]
    assert loose_key(doubled) == loose_key(single)


# --------------------------------------------------------------------------- actor aliases


def _registry_aliases() -> list[tuple[str, str]]:
    """(alias, canonical actor id) for every name and alias in actors.toml."""
    text = resources.files("dateline").joinpath("data", "actors.toml").read_text(encoding="utf-8")
    entries = tomllib.loads(text)["actor"]
    return [(alias, e["id"]) for e in entries for alias in [e["name"], *e.get("aliases", [])]]


ALIASES = _registry_aliases()


def _is_short(alias: str) -> bool:
    return len(normalise_phrase(alias).replace(".", "")) <= SHORT_ALIAS_MAX and " " not in alias.strip()


@pytest.mark.parametrize(("alias", "actor_id"), ALIASES)
def test_every_registry_alias_resolves_to_its_actor(alias: str, actor_id: str) -> None:
    # Short aliases ("IS", "SAA") are written in capitals, as they must be to count (not "is", "us").
    written = alias.upper() if _is_short(alias) else alias
    actor = resolve_actor(written)
    assert actor is not None and actor.id == actor_id


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ALIASES), st.data())
def test_alias_resolution_ignores_case_and_whitespace(pair: tuple[str, str], data: st.DataObject) -> None:
    alias, actor_id = pair
    if _is_short(alias):
        written = alias.upper()  # case matters for these on purpose
    else:
        flips = data.draw(st.lists(st.booleans(), min_size=len(alias), max_size=len(alias)))
        written = "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(alias, flips, strict=True))
    gaps = st.text(alphabet=st.sampled_from(" \t\n\u00a0"), min_size=1, max_size=3)
    spaced = data.draw(gaps).join(written.split())
    padded = data.draw(gaps) + spaced + data.draw(gaps)
    actor = resolve_actor(padded)
    assert actor is not None and actor.id == actor_id


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
@example("the 's Government forces")  # regression: a stray mark after a determiner survived one pass
def test_normalise_phrase_is_idempotent(text: str) -> None:
    once = normalise_phrase(text)
    assert normalise_phrase(once) == once


# --------------------------------------------------------------------------- date rules

ANCHORS = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
EVERY_ANCHOR = st.one_of(ANCHORS, st.just(date(1, 1, 1)), st.just(date(9999, 12, 31)))
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip


def _written(day: date, form: int) -> str:
    month = MONTH_NAMES[day.month - 1]
    return (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat())[form]


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=2), EVERY_ANCHOR, EVERY_ANCHOR)
def test_absolute_dates_resolve_to_themselves_whatever_the_anchor(
    day: date, form: int, first: date, second: date
) -> None:
    text = f"Fighting resumed on {_written(day, form)}, the army said."
    for anchor in (first, second):
        found = [e for e in find_time_expressions(text, anchor=anchor) if e.anchor_kind == "absolute"]
        assert [(e.interval.start, e.interval.end) for e in found] == [(day, day)]
    assert [f.day for f in find_full_dates(text)] == [day]


PAST_CUES = st.sampled_from(
    [
        "yesterday",
        "last week",
        "last month",
        "last year",
        "two days ago",
        "a week ago",
        "last Tuesday",
        "last Sunday",
        "last winter",
        "three years ago",
    ]
)
FUTURE_CUES = st.sampled_from(
    [
        "tomorrow",
        "next week",
        "next month",
        "next year",
        "next Tuesday",
        "next Sunday",
        "three weeks from now",
        "next summer",
    ]
)
WEEKDAYS = st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])


@settings(max_examples=200, deadline=None)
@given(ANCHORS, PAST_CUES, st.booleans())
def test_past_cues_resolve_before_the_anchor(anchor: date, phrase: str, past: bool) -> None:
    interval = resolve_relative(phrase, anchor, past=past)  # the cue wins over the clause's tense
    assert interval.end is not None and interval.end < anchor


@settings(max_examples=200, deadline=None)
@given(ANCHORS, FUTURE_CUES, st.booleans())
def test_future_cues_resolve_after_the_anchor(anchor: date, phrase: str, past: bool) -> None:
    interval = resolve_relative(phrase, anchor, past=past)
    assert interval.start is not None and interval.start > anchor


@settings(max_examples=200, deadline=None)
@given(ANCHORS, WEEKDAYS, st.booleans())
def test_bare_weekday_falls_within_a_week_on_the_side_of_the_tense(
    anchor: date, weekday: str, past: bool
) -> None:
    interval = resolve_relative(f"on {weekday}", anchor, past=past)
    assert interval.start is not None and interval.start == interval.end
    assert interval.start.strftime("%A") == weekday
    offset = (interval.start - anchor).days
    assert -6 <= offset <= 0 if past else 0 <= offset <= 6


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dates(min_value=date(1990, 1, 1), max_value=date(2020, 12, 31)), min_size=1, max_size=4))
def test_an_article_dated_by_its_body_is_no_older_than_its_newest_date(days: list[date]) -> None:
    sentences = [f"The town was shelled on {_written(d, i % 3)}, residents said." for i, d in enumerate(days)]
    text = "Town shelled again\n\n" + "\n\n".join(sentences)
    article = article_from_text(text, source="property")
    cleaned = clean_text(article.text)
    dated = date_article(AnalyzedArticle(article, clean_text=cleaned.clean_text, removed=cleaned.removed))
    assert dated.interval.start == max(days)
    assert dated.interval.end is not None and dated.interval.end - max(days) <= timedelta(days=FRESHNESS_DAYS)
    assert dated.evidence is not None and dated.evidence.end <= len(article.text)
