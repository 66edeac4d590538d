"""Holding back Python's full garbage collections during large batch jobs.

A briefing pack or a big import allocates millions of small objects, many of
which live until the job ends (paragraphs waiting to be laid out, ORM rows).
Every time the survivors grow by a quarter, Python runs a full collection that
traverses all of them again, and on the benchmark pack those passes cost a
sixth of the build. Young collections keep running, so short-lived cycles
(reportlab makes one per multi-font line it draws) are still freed at once;
only the full passes wait until the job is over.

Turning the collector off altogether was as fast, but it let those young cycles
pile up (+20 MB) and paid for them in one 0.3 s collection when it came back on,
a stall the desktop would feel.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_NEVER = 2**30  # a full collection every 2**30 young-generation passes: never, in practice
_lock = threading.Lock()
_holders = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def full_collections_paused() -> Iterator[None]:
    """No full collections while the block runs (nested or from several threads at
    once: the thresholds come back when the last block ends, as they were before the
    first)."""
    global _holders, _saved
    with _lock:
        if _holders == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], _NEVER)
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.set_threshold(*_saved)
