"""Floor: ECB+ (topics 1-35) cross-document event coreference with the merge's similarity and clustering."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]

# Measured 0.758 CoNLL F1 (predicted document clusters, all 33 topics) with eval/ecbplus.py; the floor sits a
# little below so that harmless changes pass and a real regression fails.
ECBPLUS_CONLL_F1_FLOOR = 0.74


def _load_eval(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"eval_{name}", REPO / "eval" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.integration
@pytest.mark.shared
def test_ecbplus_conll_floor(shared_dir: Path) -> None:
    ecbplus = _load_eval("ecbplus")
    root = shared_dir / "eval" / "ecbplus"
    if not root.is_dir():
        pytest.skip(f"{root} is absent")
    topics = ecbplus.read_topics(root, None)
    scores, mentions = ecbplus.evaluate(topics, "docs", ecbplus.MERGE_THRESHOLD)
    assert mentions > 4000
    assert scores.conll >= ECBPLUS_CONLL_F1_FLOOR, f"CoNLL F1 {scores.conll:.3f}"
