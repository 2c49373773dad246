#!/usr/bin/env bash
# Set up (first run only) and run every test, the real-browser ones included, with coverage.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
bash scripts/browser-deps.sh
exec .venv/bin/python -m pytest -n auto --dist loadfile --cov=xbmarkets --cov-report=term "$@"
