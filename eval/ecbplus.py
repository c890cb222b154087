"""ECB+ cross-document event coreference with dateline's merge similarity.

    .venv/bin/python eval/ecbplus.py [--limit N] [--split topic|subtopic|docs] [--threshold T]

Reads ../shared/eval/ecbplus/<topic>/<topic>_<n>ecb[plus].xml (topics 1-35). Gold event mentions are the
ACTION_* and NEG_ACTION_* markables in the validated sentences (ECBplus_coreference_sentences.csv);
gold chains are the CROSS_DOC_COREF instances and INTRA_DOC_COREF chains; a mention in no chain is a
singleton (kept, as in Cybulska & Vossen 2015 and Barhom et al. 2019).

Each gold mention becomes a :class:`~dateline.corpus.similarity.MentionView` (its sentence as evidence, its
stemmed trigger words), and is clustered with :func:`dateline.corpus.merge.cluster_views` -- the same scoring
and clustering :func:`dateline.corpus.merge.merge` uses -- within one topic and, by default, within
*predicted* document clusters (``--split docs``: TF-IDF average-linkage over whole documents, the usual way of
recovering ECB+'s two subtopics without gold). ``--split subtopic`` uses the gold ecb/ecbplus split;
``--split topic`` clusters each whole topic at once.

Prints MUC, B3, CEAF-e and CoNLL F1 (the reference scorer's definitions, reimplemented) and same-event pair
precision/recall.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.corpus.clustering import MERGE_THRESHOLD
from dateline.corpus.merge import cluster_views
from dateline.corpus.similarity import MentionView, content_words, trigger_words
from dateline.model import TimeInterval

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ECB_DIR = SHARED / "eval" / "ecbplus"

# Documents of one topic whose TF-IDF cosine distance (average linkage) stays under this are one
# predicted subtopic. ECB+ subtopics (same kind of event, different instance) differ in names and places.
DOC_CLUSTER_DISTANCE = 0.85


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc: str
    subtopic: str  # "ecb" or "ecbplus"
    sentence: int
    trigger: str
    sentence_text: str
    chain: str  # gold cluster id (a singleton gets its own)


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    topic: str
    subtopic: str
    text: str
    mentions: tuple[GoldMention, ...]


# --------------------------------------------------------------------------- reading ECB+


def selected_sentences(root: Path) -> dict[str, set[int]]:
    """``"1_10ecbplus"`` -> sentence numbers validated for coreference."""
    chosen: dict[str, set[int]] = defaultdict(set)
    with (root / "ECBplus_coreference_sentences.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            chosen[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return chosen


def read_document(path: Path, sentences: set[int]) -> Document:
    root = ET.parse(path).getroot()
    name = path.stem
    tokens: dict[str, tuple[int, str]] = {}
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        tokens[tok.get("t_id", "")] = (sent, tok.text or "")
        by_sentence[sent].append(tok.text or "")
    markables = root.find("Markables")
    anchors: dict[str, list[str]] = {}
    instance_of: dict[str, str] = {}
    events: set[str] = set()
    for m in markables if markables is not None else []:
        m_id = m.get("m_id", "")
        ids = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if ids:
            anchors[m_id] = ids
            if m.tag.startswith(("ACTION", "NEG_ACTION")):
                events.add(m_id)
        elif m.get("instance_id"):
            instance_of[m_id] = m.get("instance_id", "")
    chain_of = _chains(root, name, instance_of)
    mentions = []
    for m_id in sorted(events, key=lambda x: int(x)):
        ids = anchors[m_id]
        sent = tokens[ids[0]][0]
        if sent not in sentences:
            continue
        mentions.append(
            GoldMention(
                doc=name,
                subtopic="ecbplus" if name.endswith("plus") else "ecb",
                sentence=sent,
                trigger=" ".join(tokens[t][1] for t in ids),
                sentence_text=" ".join(by_sentence[sent]),
                chain=chain_of.get(m_id, f"singleton:{name}:{m_id}"),
            )
        )
    text = " ".join(" ".join(words) for _, words in sorted(by_sentence.items()))
    topic = name.split("_")[0]
    return Document(name, topic, "ecbplus" if name.endswith("plus") else "ecb", text, tuple(mentions))


def _chains(root: ET.Element, doc: str, instance_of: dict[str, str]) -> dict[str, str]:
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        if target is None:
            continue
        t_id = target.get("m_id", "")
        chain = instance_of.get(t_id) or rel.get("note") or f"intra:{doc}:{t_id}"
        if rel.tag == "INTRA_DOC_COREF" and not instance_of.get(t_id):
            chain = f"intra:{doc}:{t_id}"
        for src in rel.findall("source"):
            chain_of[src.get("m_id", "")] = chain
    return chain_of


def read_topics(root: Path, limit: int | None) -> dict[str, list[Document]]:
    chosen = selected_sentences(root)
    topics = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    if limit is not None:
        topics = topics[:limit]
    out: dict[str, list[Document]] = {}
    for topic in topics:
        docs = [read_document(f, chosen.get(f.stem, set())) for f in sorted(topic.glob("*.xml"))]
        out[topic.name] = docs
    return out


# --------------------------------------------------------------------------- clustering


def split_documents(docs: Sequence[Document], mode: str) -> list[list[Document]]:
    if mode == "topic" or len(docs) < 2:
        return [list(docs)]
    if mode == "subtopic":
        groups: dict[str, list[Document]] = defaultdict(list)
        for d in docs:
            groups[d.subtopic].append(d)
        return [groups[k] for k in sorted(groups)]
    vectors = TfidfVectorizer(analyzer=content_words, sublinear_tf=True).fit_transform([d.text for d in docs])
    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=DOC_CLUSTER_DISTANCE, metric="cosine", linkage="average"
    ).fit_predict(vectors.toarray())
    return _attach_lone_documents(docs, [int(x) for x in labels], vectors)


def _attach_lone_documents(docs: Sequence[Document], labels: list[int], vectors: Any) -> list[list[Document]]:
    """A document left alone by the clustering joins the group it is most similar to (mean cosine).

    Average linkage leaves short or off-angle reports on their own; a lone document in a topic is far more
    often an outlier of one of the topic's stories than a story of its own.
    """
    sizes = Counter(labels)
    big = sorted(k for k, n in sizes.items() if n > 1)
    if big:
        sims = (vectors @ vectors.T).toarray()
        for i, label in enumerate(labels):
            if sizes[label] == 1:
                labels[i] = max(
                    big, key=lambda k: np.mean([sims[i, j] for j, x in enumerate(labels) if x == k])
                )
    grouped: dict[int, list[Document]] = defaultdict(list)
    for doc, label in zip(docs, labels, strict=True):
        grouped[label].append(doc)
    return [grouped[k] for k in sorted(grouped)]


def to_view(m: GoldMention, index: int) -> MentionView:
    return MentionView(
        key=f"{m.doc}:{index:05d}",
        sentence_id=f"{m.doc}:{m.sentence}",
        family="event",
        sub_event_type="",
        trigger=trigger_words(m.trigger) or m.trigger.lower(),
        text=m.sentence_text,
        when=TimeInterval.unresolved(),
        when_stated=False,
        place=None,
        actors=frozenset(),
    )


def predict(docs: Sequence[Document], mode: str, threshold: float) -> list[list[GoldMention]]:
    clusters: list[list[GoldMention]] = []
    for group in split_documents(docs, mode):
        mentions = [m for d in group for m in d.mentions]
        views = [to_view(m, i) for i, m in enumerate(mentions)]
        for members in cluster_views(views, threshold=threshold):
            clusters.append([mentions[i] for i in members])
    return clusters


# --------------------------------------------------------------------------- metrics


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def muc(key: list[set[int]], response: list[set[int]]) -> tuple[float, float]:
    def score(a: list[set[int]], b: list[set[int]]) -> float:
        owner = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {owner.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num / den if den else 0.0

    return score(response, key), score(key, response)


def b_cubed(key: list[set[int]], response: list[set[int]]) -> tuple[float, float]:
    def score(a: list[set[int]], b: list[set[int]]) -> float:
        owner = {m: c for c in b for m in c}
        total = sum(len(c) for c in a)
        return sum(len(c & owner.get(m, {m})) / len(c) for c in a for m in c) / total if total else 0.0

    return score(response, key), score(key, response)


def ceaf_e(key: list[set[int]], response: list[set[int]]) -> tuple[float, float]:
    sim = np.zeros((len(key), len(response)))
    owner = {m: j for j, c in enumerate(response) for m in c}
    for i, c in enumerate(key):
        for m in c:
            if m in owner:
                j = owner[m]
                sim[i, j] = 2 * len(c & response[j]) / (len(c) + len(response[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return total / len(response), total / len(key)


def pairs(clusters: list[set[int]]) -> set[tuple[int, int]]:
    return {(a, b) for c in clusters for a in c for b in c if a < b}


@dataclass(frozen=True, slots=True)
class Scores:
    muc: tuple[float, float]
    b3: tuple[float, float]
    ceaf: tuple[float, float]
    pair: tuple[float, float]

    @property
    def conll(self) -> float:
        return (_f1(*self.muc) + _f1(*self.b3) + _f1(*self.ceaf)) / 3


def evaluate(topics: dict[str, list[Document]], mode: str, threshold: float) -> tuple[Scores, int]:
    ids: dict[int, int] = {}
    key_chains: dict[str, set[int]] = defaultdict(set)
    response: list[set[int]] = []
    for topic, docs in topics.items():
        for cluster in predict(docs, mode, threshold):
            members: set[int] = set()
            for m in cluster:
                ident = ids.setdefault(id(m), len(ids))
                key_chains[f"{topic}:{m.chain}"].add(ident)
                members.add(ident)
            response.append(members)
    key = list(key_chains.values())
    gold_pairs, sys_pairs = pairs(key), pairs(response)
    hits = len(gold_pairs & sys_pairs)
    pair = (hits / len(sys_pairs) if sys_pairs else 0.0, hits / len(gold_pairs) if gold_pairs else 0.0)
    return Scores(muc(key, response), b_cubed(key, response), ceaf_e(key, response), pair), len(ids)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N topics")
    parser.add_argument("--split", choices=("docs", "subtopic", "topic"), default="docs")
    parser.add_argument("--threshold", type=float, default=MERGE_THRESHOLD)
    args = parser.parse_args(argv)
    if not ECB_DIR.is_dir():
        print(f"ECB+ not found at {ECB_DIR} (evaluation material lives beside the checkout)", file=sys.stderr)
        return 2
    began = time.perf_counter()
    topics = read_topics(ECB_DIR, args.limit)
    scores, n = evaluate(topics, args.split, args.threshold)
    elapsed = time.perf_counter() - began
    print(
        f"ECB+ topics={len(topics)} mentions={n} split={args.split} "
        f"threshold={args.threshold} ({elapsed:.1f}s)"
    )
    print(f"{'metric':<8} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (p, r) in (
        ("MUC", scores.muc),
        ("B3", scores.b3),
        ("CEAF-e", scores.ceaf),
        ("pairs", scores.pair),
    ):
        print(f"{name:<8} {p:6.3f} {r:6.3f} {_f1(p, r):6.3f}")
    print(f"{'CoNLL F1':<22} {scores.conll:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
