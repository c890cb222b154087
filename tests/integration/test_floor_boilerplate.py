"""Floor on HTML body extraction (ingest + clean) over a fixed subset of ../shared/eval/boilerplate.

Measured 2026-11-23 on the first 60 pages (sorted ids): ingest+clean P 0.940 R 0.974 F1 0.953; plain
trafilatura F1 0.948. Reproduce: ``.venv/bin/python eval/boilerplate.py --limit 60``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FLOOR_PAGES = 60
# Mean per-page token F1 of the cleaned text; measured 0.953, floor leaves room for library updates.
FLOOR_F1 = 0.93
# The cleaner must not cost more than this much F1 against plain trafilatura on the same pages.
MAX_LOSS_VS_TRAFILATURA = 0.01

REPO = Path(__file__).resolve().parents[2]


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_boilerplate", REPO / "eval" / "boilerplate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.mark.integration
@pytest.mark.shared
def test_boilerplate_floor(shared_dir: Path) -> None:
    if not (shared_dir / "eval" / "boilerplate").is_dir():
        pytest.skip("boilerplate evaluation data absent")
    evaluation = _eval_module()
    pages = evaluation.pages(FLOOR_PAGES)
    ours = evaluation.score(evaluation.ours(cleaned=True), pages)
    reference = evaluation.score(evaluation.reference, pages)
    assert ours.rejected == 0
    assert ours.f1 >= FLOOR_F1, ours
    assert ours.f1 >= reference.f1 - MAX_LOSS_VS_TRAFILATURA, (ours, reference)
