"""Place-name folding: one key for the many Latin spellings of a name.

News transliterates Arabic place names freely: *Deir Az Zor*, *Deir al-Zour*, *Deir el-Zour*, *Deir Ezzor* and
*Deir ez-Zor* are one city; so are *Raqa*/*Raqqa* and *Boukamal*/*Albu Kamal*/*Abu Kamal*. Two keys are made:

- :func:`strict_key`: case, accents, apostrophes, hyphens and spacing folded; safe for any language, so it is
  the first key tried.
- :func:`loose_key`: additionally drops Arabic articles (al-, el-, ash-, ez-... and their assimilated forms
  like *Ezzor*), folds vowel variants (ou->u, ee->i, e->a, o->u, y->i), collapses doubled letters and spaces.
  It over-merges on purpose (e.g. *Bern*/*Barn*), so the geocoder only uses it when no strict key matched
  and gives such matches a penalty.

``unidecode``/``anyascii`` would transliterate non-Latin scripts too, but every GeoNames entry we index
already carries Latin alternate names, and NFKD decomposition is all that Latin accents need.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["abbreviation_key", "loose_key", "strict_key"]

# Quote-like marks dropped inside names: Qa'im, Qa`im, ʿAyn, Sana’a.
_APOSTROPHES = re.compile(r"['’‘`ʿʾ´]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,]+")
_NON_WORD = re.compile(r"[^a-z0-9 ]")
# Arabic definite article forms written as a separate word (after hyphens became spaces). Sun-letter
# assimilation gives as-, ash-, at-, ad-, ar-, az-, an-, and French/Levantine spellings use el-, es-, ez-...
_ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "as",
        "ash",
        "es",
        "esh",
        "at",
        "et",
        "ad",
        "ed",
        "ar",
        "er",
        "az",
        "ez",
        "an",
        "en",
        "ath",
        "adh",
    }
)
# "Ezzor", "Assuwayda", "Arraqqa": the article glued to a doubled sun letter. Only sun letters are folded
# (not l), so English names like "Allen" or "Ellis" keep their key.
_GLUED_ARTICLE = re.compile(r"^[ae]([tdrzsn])\1(?=[a-z]{2})")
# "Albu Kamal", "Abu Kamal", "Bou Kamal", "Boukamal": the kin word "abu/albu/bu" is written many ways.
_ABU = frozenset({"abu", "albu", "abou", "bou", "bu", "abo"})
# The same kin word glued to the name ("Albukamal"), seen after the vowel folds.
_GLUED_ABU = ("albu", "abu")
# Vowel-variant folds applied in order: longer patterns first so "ou" is seen before "o".
_VOWEL_FOLDS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "ai"),
    ("ey", "ai"),
    ("ay", "ai"),
    ("kh", "k"),
    ("q", "k"),
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
    ("e", "a"),
    ("o", "u"),
    ("y", "i"),
    ("w", "u"),
)
# Latin letters that NFKD does not split into a base letter and a mark (Turkish dotless i, Nordic o with
# stroke...); without this "Diyarbakır" folds to "diyarbakr" and never meets "Diyarbakir".
_UNDECOMPOSED_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"}
)
_DOUBLED = re.compile(r"(.)\1+")
# A final "ah"/"eh" is the Arabic ta marbuta, often written plain "a": Raqqah/Raqqa, Hamidiyeh/Hamidiya.
_TA_MARBUTA = re.compile(r"[ae]h\b")


# Keys are pure functions of the name, and an article asks for the same names many times (every capitalised
# phrase, each candidate's context, demonym checks): cached, they stop showing in the geocoder's profile.
KEY_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=KEY_CACHE_SIZE)
def strict_key(name: str) -> str:
    """Lower-case, accent- and punctuation-free, single spaces: ``"Deir ez-Zor" -> "deir ez zor"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold, not lower: "ß" and "SS" must share a key (lower() keeps "ß", which the filter below drops).
    no_marks = _APOSTROPHES.sub("", no_marks).casefold().translate(_UNDECOMPOSED_LETTERS)
    spaced = _SEPARATORS.sub(" ", no_marks)
    return " ".join(_NON_WORD.sub("", spaced).split())


@lru_cache(maxsize=KEY_CACHE_SIZE)
def loose_key(name: str) -> str:
    """Transliteration-folded key: "Deir al-Zour", "Deir Ezzor" and "Deir ez-Zor" all give ``"dairzur"``."""
    words = strict_key(name).split()
    kept: list[str] = []
    for i, word in enumerate(words):
        if word in _ARTICLES and i < len(words) - 1:
            continue  # "al Qaim" -> "Qaim"; a last word is never an article ("Wadi al")
        if word in _ABU:
            kept.append("bu")
            continue
        kept.append(_GLUED_ARTICLE.sub(r"\1", word) if i > 0 or len(words) == 1 else word)
    folded = "".join(kept)
    # One pass of the folds can make new foldable pairs ("qh" -> "kh", "dhhh" -> "dh"): repeat to a fixed
    # point so that a key is its own key. Passes after the first only shorten the key, so this ends.
    while (refolded := _fold(folded)) != folded:
        folded = refolded
    return folded


def _fold(key: str) -> str:
    key = _TA_MARBUTA.sub("a", key)
    for old, new in _VOWEL_FOLDS:
        key = key.replace(old, new)
    for prefix in _GLUED_ABU:
        if key.startswith(prefix):
            key = "bu" + key[len(prefix) :]
            break
    return _DOUBLED.sub(r"\1", key)


def abbreviation_key(name: str) -> str:
    """Dotted abbreviations keep their dots ("Ky." -> "ky."), so the word "ky" or "Man" never matches them."""
    return "".join(name.lower().split())
