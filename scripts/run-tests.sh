#!/usr/bin/env bash
# The test command: sets up .venv, installs Chromium when it can, runs pytest.
# Extra arguments go to pytest (e.g. scripts/run-tests.sh -k validate).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh requirements-dev.txt

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser test and chart export" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: Chromium is missing and cannot be installed here (needs root and apt-get);" \
         "browser and image-export tests will skip. Install it with: sudo apt-get install chromium" >&2
  fi
fi

exec .venv/bin/python -m pytest "$@"
