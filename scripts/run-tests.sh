#!/usr/bin/env bash
# The test command: sets up .venv, installs Chromium and nginx when it can, runs pytest.
# Extra arguments go to pytest (e.g. scripts/run-tests.sh -k validate).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh requirements-dev.txt

# Debian packages the tests use: Chromium (browser tests, chart export; or $BROWSER_PATH) and nginx
# (the cluster test and the published site)
missing=()
[ -n "${BROWSER_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's ${missing[*]} for the browser and cluster tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: ${missing[*]} missing and cannot be installed here (needs root and apt-get);" \
         "browser and cluster tests will skip. Install with: sudo apt-get install ${missing[*]}" >&2
  fi
fi
export PATH="$PATH:/usr/sbin"  # nginx lives there

exec .venv/bin/python -m pytest "$@"
