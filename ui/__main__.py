"""``python -m ui [DB]`` opens the desktop app, like ``protocol-desk gui``."""

from __future__ import annotations

import sys

from ui.application import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1] if len(sys.argv) > 1 else None))
