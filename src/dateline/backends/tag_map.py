"""The attribute ruler's tag map as a dictionary lookup: same annotations, a fraction of the time.

spaCy's English models map each fine-grained tag to its coarse POS and morphology with single-token
``{"TAG": ...}`` patterns in the ``attribute_ruler``, then apply word-specific exceptions. Its ``Matcher``
tries every pattern at every token, so the tag map (56 of en_core_web_sm's 179 patterns) costs a third of
the component, the component ~13 % of the model over our sentences. :func:`split_tag_map` moves those
patterns into ``dateline_tag_map``, a component that looks the tag up, placed just before the ruler, and
leaves the exceptions in the ruler.

Why this gives the same result: the ruler matches every pattern first and then sets attributes in pattern
order (a later pattern overrides an earlier one). The tag map comes first in the model's pattern list, and
no exception pattern tests an attribute the tag map sets (POS, MORPH, LEMMA), so setting the tag map
before the exceptions are matched changes neither which exceptions match nor what is left set. Models that
do not have that shape are left as they are. ``tests/integration/test_tag_map.py`` checks it on real text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

__all__ = ["TAG_MAP", "split_tag_map"]

TAG_MAP = "dateline_tag_map"
RULER = "attribute_ruler"
# Token attributes the tag map sets: an exception pattern that tests one of them would see a different doc.
_SET_BY_TAG_MAP = frozenset({"POS", "MORPH", "LEMMA"})


class TagMap:
    """Sets each token's attributes from its tag, as the ruler's ``{"TAG": tag}`` patterns did."""

    def __init__(self, table: dict[int, dict[Any, Any]]) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            attrs = table.get(token.tag)
            if attrs is not None:
                set_token_attrs(token, attrs)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(TAG_MAP)
def _make_tag_map(nlp: Language, name: str) -> TagMap:
    """Built from (and taken out of) the model's attribute ruler; see :func:`split_tag_map`."""
    ruler = nlp.get_pipe(RULER)
    patterns = ruler.patterns  # type: ignore[attr-defined]
    count = _leading_tag_patterns(patterns)
    table: dict[int, dict[Any, Any]] = {}
    for pattern in patterns[:count]:  # in order: a later pattern for the same tag overrides, as in the ruler
        tag = nlp.vocab.strings.add(pattern["patterns"][0][0]["TAG"])
        table[tag] = normalize_token_attrs(nlp.vocab, dict(pattern["attrs"]))
    ruler.clear()  # type: ignore[attr-defined]
    ruler.add_patterns(patterns[count:])  # type: ignore[attr-defined]
    return TagMap(table)


def split_tag_map(nlp: Language) -> None:
    """Move the attribute ruler's leading tag map into a ``dateline_tag_map`` lookup before it, when the
    model's patterns have the shape that keeps the result identical (see the module docstring)."""
    if RULER not in nlp.pipe_names or TAG_MAP in nlp.pipe_names:
        return
    patterns = nlp.get_pipe(RULER).patterns  # type: ignore[attr-defined]
    count = _leading_tag_patterns(patterns)
    rest = patterns[count:]
    tested = {key.upper() for p in rest for pattern in p["patterns"] for token in pattern for key in token}
    if count and not tested & _SET_BY_TAG_MAP:
        nlp.add_pipe(TAG_MAP, before=RULER)


def _leading_tag_patterns(patterns: list[dict[str, Any]]) -> int:
    """How many patterns at the start are one token matched on its tag alone."""
    count = 0
    for p in patterns:
        shapes = p["patterns"]
        if not (len(shapes) == 1 and len(shapes[0]) == 1 and set(shapes[0][0]) == {"TAG"}):
            break
        if p.get("index", 0) != 0 or not isinstance(shapes[0][0]["TAG"], str):
            break
        count += 1
    return count
