"""The founding seminar as sample data, loaded from a data file under resources/.

Record keys are derived from the file's symbolic references, so loading twice (or
into two databases that are later merged) finds the same records and adds nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

import app.model
from app.model import Base, Country, Delegation, country_uuid
from app.services import records

SAMPLE_FILE = "quanzhou-governance-seminar-2017.json"
SAMPLE_NAMESPACE = uuid.UUID("0b6c3c8e-3d7e-4e6b-9a51-6a2d4c1f9e27")
SAMPLE_EVENT_REF = "seminar"


@dataclass(frozen=True)
class LoadResult:
    created: int
    already_present: int
    event_id: uuid.UUID


def sample_uuid(ref: str) -> uuid.UUID:
    return uuid.uuid5(SAMPLE_NAMESPACE, ref)


def read_sample() -> dict[str, Any]:
    text = resources.files("resources.sample").joinpath(SAMPLE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_sample(session: Session) -> LoadResult:
    """Add whatever of the sample is missing; soft-deleted sample records stay deleted."""
    created = present = 0
    for entry in read_sample()["records"]:
        fields = {k: _value(session, k, v) for k, v in entry.items() if k not in ("kind", "ref")}
        if "kind_value" in fields:
            fields["kind"] = fields.pop("kind_value")
        if entry["kind"] == "DelegationHead":
            delegation = session.get(Delegation, fields["delegation_id"])
            if delegation is not None and delegation.head_person_id is None:
                records.update(
                    session, Delegation, delegation.id, head_person_id=fields["head_person_id"]
                )
            continue
        model: type[Base] = getattr(app.model, entry["kind"])
        key = sample_uuid(entry["ref"])
        if session.get(model, key, execution_options={"include_deleted": True}) is not None:
            present += 1
            continue
        records.create(session, model, record_id=key, **fields)
        created += 1
    return LoadResult(created, present, sample_uuid(SAMPLE_EVENT_REF))


def _value(session: Session, name: str, value: Any) -> Any:
    if name.endswith("country_id") and isinstance(value, str):
        country_key = country_uuid(value)
        if session.get(Country, country_key) is None:
            raise ValueError(f"sample refers to unknown country {value}")
        return country_key
    if isinstance(value, str) and value.startswith("@"):
        return sample_uuid(value[1:])
    if name in {"start_date", "end_date", "signed_on", "valid_from", "valid_until", "given_on"}:
        return date.fromisoformat(value)
    return value
