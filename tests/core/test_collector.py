"""The collector pause restores the collector exactly as it found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from app.collector import collector_paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_pause_disables_and_restores() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_restore_only_at_the_outermost() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_restores() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_pauses_from_two_threads() -> None:
    inside = threading.Event()
    release = threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the worker's pause still holds
    release.set()
    thread.join(5)
    assert gc.isenabled()
