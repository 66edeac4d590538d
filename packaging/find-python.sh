# Sourced by bootstrap.sh and build.sh: find_python prints a Python 3.12+ interpreter.
# Python 3.12+ is required: PySide6 6.12 on 3.11 corrupts the reference count of None
# when QModelIndex.data() returns nothing, and the process aborts.
find_python() {
  for candidate in python3.12 python3.13 python3.14 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
      'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv keeps versions that are installed but not active.
  root=${PYENV_ROOT:-$HOME/.pyenv}
  for candidate in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do
    "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' \
      && { echo "$candidate"; return 0; }
  done
  return 1
}
