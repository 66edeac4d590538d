"""Full collections are held back inside the block and the thresholds restored after it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from app.collector import full_collections_paused

DEFAULT = (700, 10, 10)


@pytest.fixture(autouse=True)
def _known_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*DEFAULT)
    yield
    gc.set_threshold(*before)


def _full_collections_held() -> bool:
    young, middle, full = gc.get_threshold()
    return (young, middle) == DEFAULT[:2] and full > 10**6


def test_pause_holds_full_collections_and_restores() -> None:
    with full_collections_paused():
        assert _full_collections_held()
        assert gc.isenabled()  # young collections go on
    assert gc.get_threshold() == DEFAULT


def test_no_full_collection_runs_inside_the_block() -> None:
    full_passes: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full_passes.append(1)

    gc.callbacks.append(watch)
    try:
        with full_collections_paused():
            keep = [[index] for index in range(300_000)]  # enough survivors for full passes
    finally:
        gc.callbacks.remove(watch)
    assert full_passes == []
    assert len(keep) == 300_000


def test_nested_pauses_restore_only_at_the_outermost() -> None:
    with full_collections_paused():
        with full_collections_paused():
            assert _full_collections_held()
        assert _full_collections_held()
    assert gc.get_threshold() == DEFAULT


def test_an_error_inside_still_restores() -> None:
    with pytest.raises(RuntimeError, match="boom"), full_collections_paused():
        raise RuntimeError("boom")
    assert gc.get_threshold() == DEFAULT


def test_overlapping_pauses_from_two_threads() -> None:
    inside = threading.Event()
    release = threading.Event()

    def worker() -> None:
        with full_collections_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(5)
    with full_collections_paused():
        pass
    assert _full_collections_held()  # the worker's pause still holds
    release.set()
    thread.join(5)
    assert gc.get_threshold() == DEFAULT
