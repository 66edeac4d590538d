"""Protocol rules in the desktop app: precedence, seating plans, duplicates, registers.

Importing this package costs nothing: :mod:`ui.protocol.extension` registers the tabs
and menu actions, and every view module is imported only when it is first shown.
"""
