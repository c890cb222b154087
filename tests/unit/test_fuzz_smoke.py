"""Each fuzz target of fuzz/run.py for a moment, with the seeded random engine (deterministic inputs; the
long coverage-guided runs are ``fuzz/run.py --engine atheris``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dateline.errors import ParseError
from dateline.model import Article, Rejected
from dateline.stages.clean import clean_text
from dateline.stages.ingest import article_from_html, iter_articles

# Per target: long enough for a few hundred structured inputs of the slowest target (dates), short enough
# that the six targets add about ten seconds to the unit suite.
SMOKE_SECONDS = 1.5
SEED = 20261123


def _load_fuzz_script() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "fuzz" / "run.py"
    spec = importlib.util.spec_from_file_location("dateline_fuzz_run", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz_script()


@pytest.mark.parametrize("target", sorted(fuzz.TARGETS))
def test_fuzz_target_finds_no_failure(target: str) -> None:
    report = fuzz.fuzz_random(target, seconds=SMOKE_SECONDS, seed=SEED)
    assert report.tried > 0, report  # html's first input imports trafilatura (~1 s): few inputs on a slow CI
    details = [f"{f.signature}: {f.message} {f.log}" for f in report.failures.values()]
    assert report.failed == 0, details


def test_the_same_bytes_give_the_same_input() -> None:
    data = bytes(range(256)) * 4
    first, second = fuzz.Choices(data), fuzz.Choices(data)
    assert fuzz.gen_html(first) == fuzz.gen_html(second)
    assert fuzz.gen_text(fuzz.Choices(b"")) == ""  # used-up bytes mean the simplest input


def test_a_failure_is_recorded_and_shrunk() -> None:
    def fragile(choices: Any) -> None:  # a fuzz.Choices (the script is loaded at run time)
        text = fuzz.gen_text(choices)
        choices.note("text", text)
        fuzz.check("\n" not in text, "no newline")

    report = fuzz.Report("fragile", "random")
    for n in range(40):
        fuzz.record(report, fragile, bytes([n, 3, 0, 9, 1, 1, 1, 1] * 20))
    assert report.tried == 40 and report.failed > 0
    failure = fuzz.shrink(fragile, report.failures["broken promise: no newline"])
    assert len(failure.data) < 160


def test_command_line_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert fuzz.main(["--engine", "random", "--target", "places", "--seconds", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "inputs tried" in out and "places" in out


# --------------------------------------------------------------------------- regressions found by fuzzing

# lxml's drop_tree asserts that an element has a parent; htmldate's cleaning broke that on an <svg> root
# holding <div>s, and the AssertionError ended a whole ingest batch.
SVG_ROOT_HTML = '<svg class="main"><b class="div"></b><div class="div"><div class="div"><div class="div">'


def test_html_that_trips_an_lxml_assertion_is_one_rejected_page(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        article_from_html(SVG_ROOT_HTML, source="page.html")
    (tmp_path / "a.html").write_text(SVG_ROOT_HTML)
    (tmp_path / "b.txt").write_text("Government forces retook the town on Tuesday, a monitor said.")
    items = list(iter_articles([tmp_path]))
    assert [type(item) for item in items] == [Rejected, Article]
    assert isinstance(items[0], Rejected) and items[0].code == "parse"


def test_two_leading_date_tokens_are_cleaned_in_one_pass() -> None:
    # Blanking only the first left the second leading the text, so a second cleaning removed more.
    text = "date 2017-03-03 date 2017-03-04 Army retakes town\nGovernment forces retook the town, they said."
    once = clean_text(text).clean_text
    assert clean_text(once).clean_text == once
    assert once.lstrip().startswith("Army retakes town")


def test_a_line_repeated_around_a_footer_url_is_cleaned_in_one_pass() -> None:
    # The footer pass blanked the URL after the duplicate pass had run, so only a second cleaning saw the two
    # copies of the line as neighbours.
    line = "Ruins of the old market"  # short and without a full stop: footer-like, and 4+ words
    text = f"{line}\nwww.example.com\n{line}\nBeirut"
    once = clean_text(text).clean_text
    assert clean_text(once).clean_text == once
