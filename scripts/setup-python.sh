#!/usr/bin/env bash
# Creates .venv (git-ignored) with the test-only Python tools: moto (local AWS emulator) and
# checkov (scanner). Idempotent: reinstalls only when requirements-test.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha
want="$(sha256sum requirements-test.txt | cut -d' ' -f1)"
# pip warns once per configured index location that does not exist on this machine; those
# lines say nothing about the install, so they are dropped (pip's exit status still counts).
pip_install() {
  .venv/bin/pip install --quiet --disable-pip-version-check "$@" 2>&1 | { grep -v "^WARNING: Location '.*' is ignored" || true; }
}
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  pip_install --upgrade pip
  pip_install -r requirements-test.txt
  echo "$want" > "$stamp"
fi
.venv/bin/python -c "import moto, checkov" >/dev/null
echo "python test tools ready: moto $(.venv/bin/python -c 'import moto;print(moto.__version__)'), checkov $(.venv/bin/checkov --version)"
