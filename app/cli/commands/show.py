"""`protocol-desk show EVENT`: an event with everything attached to it."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import database, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "show",
        help="show an event: programme, speakers, delegations, agreements, ceremonies, gifts",
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique UUID prefix, or exact title")
    parser.add_argument("--json", action="store_true", help="print JSON (see README)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.dossier import event_dossier
    from app.services.resolve import resolve_event

    db = database(args)
    with db.session() as session:
        data = event_dossier(session, resolve_event(session, args.event))
    if args.json:
        print_json(data)
    else:
        print("\n".join(render_text(data)))
    return 0


def render_text(data: dict[str, Any]) -> list[str]:
    event = data["event"]
    lines = [event["title"], "=" * len(event["title"])]
    _field(lines, "Theme", event["theme"])
    _field(lines, "Kind", event["kind"])
    _field(lines, "Auspices", event["auspices"])
    place = ", ".join(p for p in (event["venue"], event["city"], event["host_country"]) if p)
    _field(lines, "Place", place)
    days = f", {event['duration_days']} days" if event["duration_days"] else ""
    _field(lines, "Dates", event["dates_text"] + days)
    _field(lines, "Status", event["status"])
    participation = []
    if event["expected_participants"]:
        participation.append(f"{event['expected_participants']}+ participants")
    if event["expected_countries"]:
        participation.append(f"{event['expected_countries']} countries")
    _field(lines, "Participation", ", ".join(participation))
    _field(lines, "Note", event["participation_note"])
    for related in data["related_events"]:
        _field(
            lines,
            "Related",
            f"{related['relation']}: {related['title']} "
            f"({related['city']}, {related['dates_text']})",
        )

    lines += ["", "Programme"]
    for item in data["programme"] or [None]:
        if item is None:
            lines.append("  (none yet)")
            continue
        when = f"Day {item['day_number']}" if item["day_number"] else "Day to be confirmed"
        if item["starts_at"]:
            when = item["starts_at"].replace("T", " ")[:16]
        lines.append(f"  {when} — {item['title']} ({item['kind']})")
        for speaker in item["speakers"]:
            person = speaker["person"]
            topic = f": {speaker['topic']}" if speaker["topic"] else ""
            lines.append(f"      {speaker['role']}: {_person(person)}{topic}")

    lines += ["", "Speakers"]
    speakers = [s for item in data["programme"] for s in item["speakers"]]
    for speaker in speakers or [None]:
        lines.append(f"  {_person(speaker['person'])}" if speaker else "  (none yet)")
        if speaker and speaker["person"]["position"]:
            lines.append(f"      {speaker['person']['position']}")

    lines += ["", f"Delegations ({len(data['delegations'])})"]
    for delegation in data["delegations"]:
        head = _person(delegation["head"]) if delegation["head"] else "head to be confirmed"
        lines.append(f"  {delegation['name']} — head: {head} [{delegation['status']}]")
        for member in delegation["members"]:
            lines.append(f"      {member['role']}: {_person(member['person'])}")

    lines += ["", "Agreements"]
    for agreement in data["agreements"] or [None]:
        if agreement is None:
            lines.append("  (none)")
            continue
        lines.append(f"  {agreement['title']} [{agreement['kind']}, {agreement['status']}]")
        lines.append(f"      parties: {' and '.join(agreement['parties'])}")
        if agreement["areas"]:
            lines.append(f"      areas: {'; '.join(agreement['areas'])}")

    lines += ["", "Signing ceremonies"]
    for ceremony in data["signing_ceremonies"] or [None]:
        if ceremony is None:
            lines.append("  (none)")
            continue
        lines.append(f"  {ceremony['agreement']}")
        for signatory in ceremony["signatories"]:
            lines.append(f"      signs for {signatory['party']}: {_person(signatory['person'])}")
        if not ceremony["signatories"]:
            lines.append("      signatories to be confirmed")

    lines += ["", "Gifts"]
    for gift in data["gifts"] or [None]:
        if gift is None:
            lines.append("  (none)")
            continue
        lines.append(f"  {gift['description']}")
        lines.append(f"      from {gift['given_by']} to {gift['received_by']}")
    return lines


def _field(lines: list[str], label: str, value: str | None) -> None:
    if value:
        lines.append(f"{label + ':':<15}{value}")


def _person(person: dict[str, Any] | None) -> str:
    if person is None:
        return "(unknown)"
    text = str(person["name"])
    if person["native_name"]:
        text += f" ({person['native_name']})"
    if person["alt_spellings"]:
        text += f" [also: {', '.join(person['alt_spellings'])}]"
    return text
