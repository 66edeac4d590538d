"""Bidirectional ordering of text clusters with python-bidi.

reportlab lays text out left to right and its own bidi support needs a package
that cannot be installed, so we hand it text already in visual order. We need
more than ``bidi.get_display`` gives: the *permutation* (which logical cluster
lands where) and each cluster's embedding level, because right-to-left words
are passed to HarfBuzz in logical order for correct joining (see ``runs``).
python-bidi 0.6 exposes that only through its pure-Python reference
implementation in ``bidi.algorithm``, whose rule functions we run in sequence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bidi import algorithm

_RTL_CLASSES = frozenset({"R", "AL"})


@dataclass(frozen=True)
class Ordering:
    """Visual order of clusters of one line of text."""

    base_rtl: bool
    levels: tuple[int, ...]  # embedding level per logical cluster
    visual: tuple[int, ...]  # logical cluster indices, left to right on the page

    def is_rtl(self, cluster: int) -> bool:
        return self.levels[cluster] % 2 == 1


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def order_clusters(clusters: Sequence[str]) -> Ordering:
    """Run the Unicode bidi algorithm over ``clusters`` and return their visual order.

    Clusters (a base character with its marks and joiners) move as units, so a
    combining mark can never be separated from its letter.
    """
    count = len(clusters)
    text = "".join(clusters)
    if not has_rtl(text):
        return Ordering(False, (0,) * count, tuple(range(count)))

    owner: list[int] = []  # cluster index of every character
    for index, cluster in enumerate(clusters):
        owner += [index] * len(cluster)

    storage: dict[str, Any] = algorithm.get_empty_storage()
    base_level = algorithm.get_base_level(text)
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    algorithm.get_embedding_levels(text, storage)
    for position, char in enumerate(storage["chars"]):
        char["index"] = position
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [base_level] * count
    seen: set[int] = set()
    for char in storage["chars"]:
        # the cluster's first surviving character (normally its base) decides its level
        slot = owner[char["index"]]
        if slot not in seen:
            seen.add(slot)
            levels[slot] = char["level"]
    algorithm.reorder_resolved_levels(storage, False)

    # Joiners and other format characters are dropped by rule X9; a cluster that
    # lost every character keeps its place right after its logical predecessor.
    rank: dict[int, float] = {}
    for position, char in enumerate(storage["chars"]):
        rank.setdefault(owner[char["index"]], float(position))
    for slot in range(count):
        if slot not in rank:
            rank[slot] = rank.get(slot - 1, -1.0) + 0.5
    visual = tuple(sorted(range(count), key=lambda slot: rank[slot]))
    return Ordering(bool(base_level), tuple(levels), visual)
