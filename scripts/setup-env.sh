# Sourced by the run scripts: make .venv and install the requirements when they changed.
# Usage: source scripts/setup-env.sh requirements.txt|requirements-dev.txt
set -euo pipefail
req="${1:-requirements.txt}"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)" >&2
  "$PY" -m venv .venv
fi
# One stamp per requirements file, so the dashboard and the tests do not undo each other's.
name="$(basename "$req" .txt)"
stamp=".venv/.installed-$name-$(cat requirements.txt "$req" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing $req into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  rm -f ".venv/.installed-$name-"* && touch "$stamp"
fi
