"""`protocol-desk check` and Tools › Check database: is this database sound?

The database's own checks (SQLite's integrity check; every foreign key pointing at an
existing row, which SQLite does not enforce on rows written with foreign keys off),
then the model's invariants that no constraint expresses: no live row hanging from a
soft-deleted parent, a delegation's head among its members, a signatory's party one of
the agreement's parties, revisions from 1, search keys matching the names. The report
is in plain words and names records by the first 8 characters of their id (which every
command accepts), never by their personal fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, ForeignKey, Table, select
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.model import (
    AgreementParty,
    Base,
    Delegation,
    DelegationMember,
    Signatory,
    SigningCeremony,
)

SHOWN_IDS = 5


@dataclass(frozen=True)
class Finding:
    message: str
    ids: tuple[str, ...] = ()

    def describe(self) -> str:
        if not self.ids:
            return self.message
        more = f" and {len(self.ids) - SHOWN_IDS} more" if len(self.ids) > SHOWN_IDS else ""
        return f"{self.message} ({', '.join(self.ids[:SHOWN_IDS])}{more})"


@dataclass
class CheckReport:
    database: str
    passed: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def lines(self) -> list[str]:
        lines = [f"Checked {self.database}:"]
        lines += [f"  ok       {name}" for name in self.passed]
        lines += [f"  PROBLEM  {finding.describe()}" for finding in self.findings]
        if self.ok:
            lines.append("No problems found.")
        else:
            lines.append(
                f"{len(self.findings)} problem(s) found. Restore a recent backup "
                "(File > Restore lists the automatic ones) or ask for help before editing."
            )
        return lines


def _short(value: Any) -> str:
    return str(value).replace("-", "")[:8]


def _label(table: Table) -> str:
    return table.name.replace("_", " ")


def check_database(db: Database) -> CheckReport:
    report = CheckReport(db.display_url)
    checks: list[tuple[str, Callable[[Connection], list[Finding]]]] = [
        ("the file's integrity", _integrity),
        ("every reference points to an existing record", _dangling),
        ("no live record depends on a deleted one", _hanging_from_deleted),
        ("every revision number is 1 or more", _revisions),
    ]
    with db.engine.connect() as connection:
        for name, check in checks:
            _record(report, name, check(connection))
    with db.session() as session:
        for name, model_check in (
            ("every delegation's head is one of its members", _heads),
            ("every signatory signs for a party to the agreement", _signatory_parties),
            ("search keys match the names they index", _search_keys),
        ):
            _record(report, name, model_check(session))
        session.rollback()
    return report


def _record(report: CheckReport, name: str, findings: list[Finding]) -> None:
    if findings:
        report.findings.extend(findings)
    else:
        report.passed.append(name)


def _integrity(connection: Connection) -> list[Finding]:
    if connection.dialect.name != "sqlite":
        return []  # PostgreSQL checks its own pages; there is no user-level equivalent
    rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        return []
    return [Finding(f"the database file is damaged: {len(rows)} fault(s), first: {rows[0]}")]


def _foreign_keys() -> Iterator[tuple[Table, ForeignKey]]:
    for table in Base.metadata.sorted_tables:
        for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            yield table, key


def _dangling(connection: Connection) -> list[Finding]:
    findings = []
    for table, key in _foreign_keys():
        parent = key.column.table.alias("parent")
        column = table.c[key.parent.name]
        # The journal's tables are keyed by a sequence number, the records by id.
        key_column = next(iter(table.primary_key.columns))
        query = (
            select(key_column)
            .select_from(table.outerjoin(parent, column == parent.c[key.column.name]))
            .where(column.is_not(None), parent.c[key.column.name].is_(None))
        )
        ids = tuple(_short(i) for i in connection.scalars(query))
        if ids:
            findings.append(
                Finding(
                    f"{len(ids)} {_label(table)}(s) refer through {column.name} to a "
                    f"{_label(key.column.table)} that does not exist",
                    ids,
                )
            )
    return findings


def _hanging_from_deleted(connection: Connection) -> list[Finding]:
    findings = []
    for table, key in _foreign_keys():
        parent_table = key.column.table
        if "deleted_at" not in table.c or "deleted_at" not in parent_table.c:
            continue
        parent = parent_table.alias("parent")
        column = table.c[key.parent.name]
        query = (
            select(table.c.id)
            .select_from(table.join(parent, column == parent.c[key.column.name]))
            .where(table.c.deleted_at.is_(None), parent.c.deleted_at.is_not(None))
        )
        ids = tuple(_short(i) for i in connection.scalars(query))
        if ids:
            findings.append(
                Finding(
                    f"{len(ids)} live {_label(table)}(s) still refer through {column.name} "
                    f"to a deleted {_label(parent_table)}",
                    ids,
                )
            )
    return findings


def _revisions(connection: Connection) -> list[Finding]:
    findings = []
    for table in Base.metadata.sorted_tables:
        if "revision" not in table.c:
            continue
        query = select(table.c.id).where(table.c.revision < 1)
        ids = tuple(_short(i) for i in connection.scalars(query))
        if ids:
            findings.append(
                Finding(f"{len(ids)} {_label(table)}(s) have a revision number below 1", ids)
            )
    return findings


def _heads(session: Session) -> list[Finding]:
    member = aliased(DelegationMember)
    has_head = select(member.id).where(
        member.delegation_id == Delegation.id,
        member.person_id == Delegation.head_person_id,
    )
    query = select(Delegation.id).where(Delegation.head_person_id.is_not(None), ~has_head.exists())
    ids = tuple(_short(i) for i in session.scalars(query))
    if not ids:
        return []
    return [Finding(f"{len(ids)} delegation(s) have a head who is not one of their members", ids)]


def _signatory_parties(session: Session) -> list[Finding]:
    query = (
        select(Signatory.id)
        .join(SigningCeremony, Signatory.ceremony_id == SigningCeremony.id)
        .join(AgreementParty, Signatory.party_id == AgreementParty.id)
        .where(AgreementParty.agreement_id != SigningCeremony.agreement_id)
    )
    ids = tuple(_short(i) for i in session.scalars(query))
    if not ids:
        return []
    return [
        Finding(
            f"{len(ids)} signatory(ies) sign for a party of another agreement than the ceremony's",
            ids,
        )
    ]


def _search_keys(session: Session) -> list[Finding]:
    findings = []
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if not hasattr(model, "refresh_search_key"):
            continue
        stale = []
        with session.no_autoflush:
            for record in session.scalars(select(model).execution_options(yield_per=500)):
                stored = record.search_key
                record.refresh_search_key()
                if record.search_key != stored:
                    stale.append(_short(record.id))
                session.expunge(record)
        if stale:
            label = _label(mapper.local_table)  # type: ignore[arg-type]
            findings.append(
                Finding(f"{len(stale)} {label}(s) have a search key out of date", tuple(stale))
            )
    return findings
