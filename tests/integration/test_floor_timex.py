"""Floors for time expressions on all of TimeBank + AQUAINT (TempEval-3 training data); runs in seconds.

Reproduce the figures with ``.venv/bin/python eval/timex_tbaq.py``. Floors sit slightly under what the grammar
reaches so that a regression fails, not a rounding change.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VALUE_F1_FLOOR = 0.795  # reached: 0.807 (HeidelTime on the TempEval-3 test set: 0.776)
RELAXED_F1_FLOOR = 0.93  # reached: 0.943
STRICT_F1_FLOOR = 0.86  # reached: 0.875


def _load_eval_module() -> object:
    spec = importlib.util.spec_from_file_location("timex_tbaq", REPO / "eval" / "timex_tbaq.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["timex_tbaq"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.integration
@pytest.mark.shared
def test_tbaq_floors(shared_dir: Path) -> None:
    if not (shared_dir / "eval" / "timex" / "tbaq").is_dir():
        pytest.skip("TBAQ data is absent")
    tbaq = _load_eval_module()
    tbaq.TBAQ = shared_dir / "eval" / "timex" / "tbaq"  # type: ignore[attr-defined]
    total, _, _ = tbaq.evaluate(list(tbaq.documents(None)))  # type: ignore[attr-defined]
    assert total.f1(total.value)[2] >= VALUE_F1_FLOOR
    assert total.f1(total.relaxed)[2] >= RELAXED_F1_FLOOR
    assert total.f1(total.strict)[2] >= STRICT_F1_FLOOR
