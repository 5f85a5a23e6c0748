#!/usr/bin/env bash
# Run the dashboard on the shipped data: sets up .venv on first use, then starts Streamlit.
# Extra arguments go to `streamlit run` (e.g. scripts/run-dashboard.sh --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh requirements.txt
exec .venv/bin/python -m streamlit run dashboard.py --browser.gatherUsageStats false "$@"
