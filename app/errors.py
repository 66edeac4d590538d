"""Errors the core raises for the caller to show to a person, never as a traceback."""

from __future__ import annotations

from collections.abc import Sequence


class ProtocolDeskError(Exception):
    """Base of every error that carries a message meant for the user."""


class DomainError(ProtocolDeskError):
    """Invalid input to a use case: names the field and the reason."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFoundError(ProtocolDeskError):
    """A reference (id, prefix or name) matched nothing."""

    def __init__(self, kind: str, reference: str, candidates: Sequence[str] = ()) -> None:
        message = f"no {kind} matches '{reference}'"
        if candidates:
            message += "; known: " + ", ".join(candidates)
        super().__init__(message)
        self.kind = kind
        self.reference = reference
        self.candidates = list(candidates)


class AmbiguousReferenceError(ProtocolDeskError):
    """A reference matched several records; the candidates let the user pick one."""

    def __init__(self, kind: str, reference: str, candidates: Sequence[str]) -> None:
        super().__init__(
            f"'{reference}' matches {len(candidates)} {kind}s: " + "; ".join(candidates)
        )
        self.kind = kind
        self.reference = reference
        self.candidates = list(candidates)


class DatabaseError(ProtocolDeskError):
    """The database cannot be opened, migrated or written for a reason the user can act on."""


class DatabaseBusyError(DatabaseError):
    """Another connection kept the write lock longer than we could wait."""
