#!/bin/sh
# Builds the one-folder program dist/protocol-desk/ with PyInstaller, on a clean clone:
#   sh packaging/build.sh
# It makes its own virtual environment (build/venv) with the app and PyInstaller, so
# neither .venv nor the system Python is touched, and it excludes what the app does not
# use (see protocol-desk.spec). Run the result as dist/protocol-desk/protocol-desk.
set -eu
cd "$(dirname "$0")/.."
. packaging/find-python.sh

venv=build/venv
# A venv keeps its programs in bin/, or Scripts/ on Windows (Git Bash runs this there).
venv_python() {
  if [ -x "$venv/Scripts/python.exe" ]; then echo "$venv/Scripts/python.exe"; else echo "$venv/bin/python"; fi
}
if [ ! -x "$(venv_python)" ] || ! "$(venv_python)" -c \
  'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
  python=$(find_python) || { echo "Protocol Desk needs Python 3.12 or newer" >&2; exit 1; }
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi
py=$(venv_python)
"$py" -m pip install --quiet --upgrade pip
# setuptools stages the wheel in build/lib: clear it so a deleted module cannot linger.
rm -rf build/lib build/bdist.*
"$py" -m pip install --quiet . 'pyinstaller>=6.10,<7'
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/protocol-desk.spec
echo "built dist/protocol-desk/protocol-desk ($(du -sh dist/protocol-desk | cut -f1))"
