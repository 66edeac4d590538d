"""Pausing Python's cyclic garbage collector around large batch jobs.

A briefing pack or a big import allocates millions of small objects that live
until the job ends (paragraph fragments, ORM rows). Each allocation burst makes
the collector traverse all of them again and again, which cost a briefing pack
about a sixth of its time while freeing almost nothing: measured on the
benchmark pack, pausing it adds about 15 MB at the peak. Reference counting
still frees everything that is not in a cycle.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable automatic collection while the block runs (nested or from several
    threads at once: the collector comes back when the last block ends, and only if
    it was on before the first)."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
