#!/usr/bin/env bash
# Sets up a virtualenv from scratch (if needed), installs dateline with its test extras and a headless browser,
# then runs the whole test suite. This is the README's test command and exactly what CI (.ci/run) runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
bash .ci/install-browser.sh || echo "warning: chromium could not be installed; browser tests will skip" >&2
.venv/bin/ruff check src tests eval bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
