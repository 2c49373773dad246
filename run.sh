#!/usr/bin/env bash
# Set up (first run only) and start the dashboard on the shipped data snapshot.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py --browser.gatherUsageStats=false "$@"
