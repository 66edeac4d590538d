"""Entry point of the frozen program: the same ``main`` as the ``protocol-desk`` script."""

import sys

from app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
