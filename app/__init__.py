"""Protocol Desk core: domain model, database, services, reports and command line.

Nothing in this package may import PySide6 or ``ui``: the core must run headless
(command line, tests, a future server) and a test enforces it.
"""

__version__ = "0.1.0"
