#!/usr/bin/env bash
# The code gates CI runs before the tests: lint, format and types, each at zero findings
# (configuration in pyproject.toml; a disabled rule carries its reason there).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
echo "gates: ruff, ruff format and mypy clean"
