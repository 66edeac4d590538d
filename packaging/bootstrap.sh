#!/bin/sh
# Creates ./.venv with Python 3.12 or newer and installs Protocol Desk into it.
#   sh packaging/bootstrap.sh          the app
#   sh packaging/bootstrap.sh --test   the app and what its tests need
set -eu
cd "$(dirname "$0")/.."
. packaging/find-python.sh

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c \
  'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
  python=$(find_python) || { echo "Protocol Desk needs Python 3.12 or newer" >&2; exit 1; }
  rm -rf .venv
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
else
  .venv/bin/python -m pip install --quiet -e .
fi
