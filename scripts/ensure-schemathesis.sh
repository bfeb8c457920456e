#!/usr/bin/env bash
# Makes schemathesis (Python) available for the API contract test, in a virtualenv under the user's
# cache (outside the project, whose build would otherwise trace into it), installing it with pip when
# missing. Prints the path of the executable.
# Needs python3 with venv and pip, and access to the Python package index.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${XDG_CACHE_HOME:-$HOME/.cache}/clusterscope/schemathesis"
mkdir -p "$(dirname "$venv")"
bin="$venv/bin/schemathesis"
if [ ! -x "$bin" ]; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 not found: install python3 and python3-venv (apt-get install -y python3 python3-venv) for the schemathesis test" >&2
    exit 1
  fi
  python3 -m venv "$venv" >&2 || { echo "python3 -m venv failed: install python3-venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5' >&2 || { echo "pip install schemathesis failed" >&2; exit 1; }
fi
echo "$bin"
