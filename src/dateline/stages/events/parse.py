"""A read-only view over an article's plain ``Token`` records: children, subtrees, noun-phrase spans.

The stages receive the dependency parse as a flat tuple of ``Token`` (heads are article-wide indices), not
as a spaCy ``Doc``; this view rebuilds the few tree operations the event rules need, once per article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from dateline.model import Span, Token

__all__ = ["ParseView"]

# Dependents that belong to an actor's name ("the Syrian army's 4th division", "forces of Syria's President");
# clauses, appositions and coordination are cut off so "X, which ..." or "X and Y" is not one actor.
NP_KEEP = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "case",
        "nummod",
        "nmod",
        "quantmod",
        "npadvmod",
        "prep",
        "pobj",
        "punct",
        "flat",
        "nn",
        "predet",
        "advmod",
        "hmod",
        "hyph",
    }
)
PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WDT", "EX"})


class ParseView:
    def __init__(self, tokens: Sequence[Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.starts = [t.span.start for t in tokens]
        self.children: list[list[int]] = [[] for _ in tokens]
        for i, t in enumerate(tokens):
            if t.head != i and 0 <= t.head < len(tokens):
                self.children[t.head].append(i)

    # ------------------------------------------------------------------ locating
    def token_range(self, span: Span) -> range:
        """Indices of the tokens that start inside ``span``."""
        return range(bisect_left(self.starts, span.start), bisect_left(self.starts, span.end))

    def token_at(self, offset: int) -> int | None:
        i = bisect_left(self.starts, offset + 1) - 1
        if 0 <= i < len(self.tokens) and self.tokens[i].span.start <= offset < self.tokens[i].span.end:
            return i
        return None

    def word(self, i: int) -> str:
        return self.tokens[i].span.of(self.text)

    def lemma(self, i: int) -> str:
        return self.tokens[i].lemma.lower()

    # ------------------------------------------------------------------ tree
    def kids(self, i: int, *deps: str) -> list[int]:
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def head(self, i: int) -> int:
        return self.tokens[i].head

    def ancestors(self, i: int, limit: int = 12) -> Iterator[int]:
        seen = 0
        while self.tokens[i].head != i and seen < limit:
            i = self.tokens[i].head
            seen += 1
            yield i

    def subtree(self, i: int, keep: frozenset[str] | None = None) -> list[int]:
        """Token ``i`` and its descendants; with ``keep``, only through those dependency labels (coordinated
        modifiers are kept too: "the Syrian and Russian air forces" is one phrase)."""
        out = [i]
        stack = list(self.children[i])
        while stack:
            c = stack.pop()
            dep = self.tokens[c].dep
            modifier_coordination = dep in ("cc", "conj") and self.tokens[c].head != i
            if keep is not None and dep not in keep and not modifier_coordination:
                continue
            out.append(c)
            stack.extend(self.children[c])
        return sorted(out)

    def is_pronoun(self, i: int) -> bool:
        return self.tokens[i].tag in PRONOUN_TAGS or self.tokens[i].pos == "PRON"

    def np_span(self, i: int, *, with_preps: bool = True, only_of: bool = False) -> Span:
        """The noun phrase headed by token ``i``: its name-like dependents, contiguous, punctuation trimmed.
        ``only_of`` keeps "of" phrases ("the government of Liberia") but no other prepositional phrase."""
        keep = NP_KEEP if with_preps else NP_KEEP - {"prep", "pobj"}
        idx = [j for j in self.subtree(i, keep) if abs(j - i) < 25]
        if only_of:
            idx = [j for j in idx if not self._under_other_prep(j, i)]
        # keep only the contiguous run around the head (a dropped clause leaves a gap)
        lo = hi = idx.index(i)
        while lo > 0 and idx[lo - 1] == idx[lo] - 1:
            lo -= 1
        while hi < len(idx) - 1 and idx[hi + 1] == idx[hi] + 1:
            hi += 1
        run = idx[lo : hi + 1]
        while len(run) > 1 and self.tokens[run[-1]].pos in ("PUNCT", "ADP", "CCONJ"):
            run.pop()
        while len(run) > 1 and self.tokens[run[0]].pos in ("PUNCT", "CCONJ"):
            run.pop(0)
        return Span(self.tokens[run[0]].span.start, self.tokens[run[-1]].span.end)

    def _under_other_prep(self, j: int, root: int) -> bool:
        while j != root:
            if self.tokens[j].dep == "prep" and self.lemma(j) != "of":
                return True
            j = self.tokens[j].head
        return False

    def conjuncts(self, i: int) -> list[int]:
        """``i`` and the heads coordinated with it ("Iraqi forces and allied Shiite militiamen")."""
        out = [i]
        stack = self.kids(i, "conj")
        while stack:
            c = stack.pop(0)
            out.append(c)
            stack.extend(self.kids(c, "conj"))
        return out
