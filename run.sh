#!/usr/bin/env bash
# Set up (first run only) and start the dashboard on the shipped data snapshot.
# Headless: no first-run e-mail prompt and no browser launch; open the printed URL.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
echo "xbmarkets: open http://localhost:${XBMARKETS_PORT:-8501} in your browser"
exec .venv/bin/python -m streamlit run dashboard.py --server.headless=true \
  --server.port="${XBMARKETS_PORT:-8501}" --browser.gatherUsageStats=false "$@"
