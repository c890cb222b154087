"""The tag-map lookup gives exactly the annotations of the model's own attribute ruler."""

from __future__ import annotations

from importlib.resources import files

import pytest

spacy = pytest.importorskip("spacy")

from dateline.backends.nlp import MODEL_NAME, PARAGRAPH_BREAKS, _load  # noqa: E402
from dateline.backends.tag_map import TAG_MAP  # noqa: E402


def _annotations(nlp: object, texts: list[str]) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_)
        for doc in nlp.pipe(texts)  # type: ignore[attr-defined]
        for t in doc
    ]


def test_tag_map_lookup_matches_the_attribute_ruler() -> None:
    folder = files("dateline.data") / "demo" / "articles"
    texts = [f.read_text(encoding="utf-8") for f in sorted(folder.iterdir(), key=lambda f: f.name)]
    texts.append("I 'm not sure but they 'd gone , Mr. Smith ... \n  \t and the U.S. wo n't  ; y'all ?")
    ours = _load(MODEL_NAME, ())
    assert TAG_MAP in ours.pipe_names
    theirs = spacy.load(MODEL_NAME)
    theirs.add_pipe(PARAGRAPH_BREAKS, before="parser")  # the one other change _load makes
    assert _annotations(ours, texts) == _annotations(theirs, texts)
