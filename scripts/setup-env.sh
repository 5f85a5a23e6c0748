# Sourced by the run scripts: make .venv and install the locked requirements when they changed.
# Usage: source scripts/setup-env.sh requirements.txt|requirements-dev.txt
# The ranges in requirements*.txt are the source; what is installed is their lock
# (requirements*.lock: exact versions and hashes, from scripts/update-lock.sh), so a fresh
# machine gets the environment the tests last passed on, not last night's releases.
set -euo pipefail
req="${1:-requirements.txt}"
lock="${req%.txt}.lock"
PY="${PYTHON:-python3}"
if [ ! -f "$lock" ]; then
  echo "error: $lock is missing; run scripts/update-lock.sh" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)" >&2
  "$PY" -m venv .venv
fi
# One stamp per lock, so the dashboard and the tests do not undo each other's (the names
# end in .lock, so requirements.lock's glob never matches requirements-dev.lock's stamp).
name="$(basename "$lock")"
stamp=".venv/.installed-$name-$(sha256sum "$lock" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing $lock into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  rm -f ".venv/.installed-$name-"* && touch "$stamp"
fi
