"""Record of characters that no available font can draw."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MissingGlyph:
    """One character of one record that printed as a ``[U+XXXX]`` placeholder."""

    record_label: str  # e.g. "Delegate 42: surname"; "" when the caller gave none
    char: str
    codepoint: int

    def __str__(self) -> str:
        where = f"{self.record_label}: " if self.record_label else ""
        return f"{where}U+{self.codepoint:04X} has no glyph in any available font"


class MissingGlyphLog:
    """Collects missing glyphs once per (record, character), in the order met."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], MissingGlyph] = {}

    def add(self, record_label: str, char: str) -> None:
        key = (record_label, char)
        if key not in self._entries:
            self._entries[key] = MissingGlyph(record_label, char, ord(char))

    @property
    def entries(self) -> list[MissingGlyph]:
        return list(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def clear(self) -> None:
        self._entries.clear()
