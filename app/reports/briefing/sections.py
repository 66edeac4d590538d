"""The story of a pack: cover, contents and one section per subject, as platypus flowables."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.orm import object_session

from app import __version__
from app.errors import DomainError
from app.model import (
    AgreementParty,
    Delegation,
    DelegationMember,
    Gift,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
)
from app.model.enums import DatePrecision
from app.protocol.names import formal_name, ideograph_language, native_form
from app.protocol.precedence import language_name, ordered_parties
from app.reports.briefing.document import TOC_NUMBER_HEIGHT, TOC_NUMBER_WIDTH, Heading, PageNumber
from app.reports.briefing.layout import Beside, FactRows, GridLook, Jpeg, Photo, RuledGrid
from app.reports.briefing.photos import PhotoError, portrait_jpeg
from app.reports.briefing.scope import PackContent
from app.reports.briefing.styles import (
    ACCENT,
    BAND,
    MUTED,
    PHOTO_HEIGHT,
    PHOTO_WIDTH,
    RULE,
    Styles,
)
from app.reports.briefing.text import LABEL_COLOUR, Piece, SourceParagraph, Writer, label
from app.reports.protocol.seating_pdf import SeatingDiagram
from app.services.dossier import event_dates_text

# Above this many profiles, the contents lists the section, not each person.
MAX_PROFILES_IN_CONTENTS = 40
# Characters of Latin plus native name that always fit one programme line.
SHORT_NAME_LINE = 60
# Above this many delegations, likewise.
MAX_DELEGATIONS_IN_CONTENTS = 60
# The ruled tables of the pack: delegation members, signatories, run-sheets, contacts.
GRID_LOOK = GridLook(
    padding=(4, 4, 3, 3), header_band=BAND, header_rule=(0.6, RULE), row_rule=(0.25, RULE)
)

Story = list[Flowable]


@dataclass
class TocEntry:
    level: int
    key: str
    heading: Heading


@dataclass
class Story_Builder:
    content: PackContent
    writer: Writer
    styles: Styles
    width: float  # of the text frame
    classification: str
    generated_at: datetime
    photos: dict[uuid.UUID, Jpeg | None]  # person id -> print-size JPEG, None when unusable
    toc: list[TocEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    images = 0
    _keys: int = 0

    # -- helpers --------------------------------------------------------------------
    def heading(self, text: str, level: int, *, in_contents: bool = True) -> Heading:
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[min(level, 2)]
        markup, shaping, _rtl, source = self.writer.markup(Piece(text, bold=True))
        flowable = Heading(markup, self.writer.style(style, shaping=shaping))
        self._keys += 1
        flowable.key = f"s{self._keys}"
        flowable.level = level
        flowable.source_text = source
        flowable.bidi = self.writer.bidi(Piece(text, bold=True))  # wrapped RTL lines in order
        flowable.in_contents = in_contents
        if in_contents:
            self.toc.append(TocEntry(level, flowable.key, flowable))
        return flowable

    def _fact_cells(
        self, rows: Iterable[tuple[str, Sequence[Piece | str] | None]]
    ) -> list[tuple[Flowable, Flowable]]:
        cell, head = self.styles.cell, self.styles.cell_head
        return [
            (self.writer.label(head, name), self.writer.para(cell, *value))
            for name, value in rows
            if value
        ]

    def facts(self, rows: Iterable[tuple[str, Sequence[Piece | str] | None]]) -> Table | None:
        """A two-column table of labelled facts; rows without a value are left out."""
        data = [list(pair) for pair in self._fact_cells(rows)]
        if not data:
            return None
        table = Table(data, colWidths=[34 * mm, self.width - 34 * mm], hAlign="LEFT")
        table.setStyle(
            self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("TOPPADDING", (0, 0), (0, -1), 3.5),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.25, BAND),
                ]
            )
        )
        return table

    def fact_rows(
        self,
        rows: Iterable[tuple[str, Sequence[Piece | str] | None]],
        widths: tuple[float, float],
    ) -> FactRows | None:
        """What :meth:`facts` draws, for a block that never splits (a profile): the
        same rows without a Table's cost, which adds up over a thousand profiles."""
        cells = self._fact_cells(rows)
        if not cells:
            return None
        return FactRows(
            cells,
            widths,
            right_padding=6,
            top_padding=2.5,
            label_top_padding=3.5,
            bottom_padding=2.5,
            rule_width=0.25,
            rule_colour=BAND,
        )

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Sequence[Piece | str]]],
        widths: Sequence[float],
    ) -> RuledGrid:
        """A ruled table with a repeated header row; ``widths`` are fractions of the frame."""
        cell, head = self.styles.cell, self.styles.cell_head
        return RuledGrid(
            [self.writer.label(head, h) for h in header],
            [[self.writer.para(cell, *value) for value in row] for row in rows],
            [w * self.width for w in widths],
            GRID_LOOK,
        )

    def table_style(self, commands: list[tuple[object, ...]]) -> TableStyle:
        # A table sets its cell font even around flowables; without this every page
        # would list an unembedded Helvetica.
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.writer.fonts.regular), *commands])

    def note(self, text: str) -> Flowable:
        return self.writer.para(self.styles.small, text)

    def name(self, person: Person | None, *, bold: bool = False, below: bool = True) -> list[Piece]:
        """Protocol form of a name with the native script where recorded.

        The native form goes on a line of its own unless ``below`` is false and the
        whole fits easily on one line: a right-to-left name broken across two lines
        would show its words in the wrong order.
        """
        if person is None:
            return [Piece("(to be confirmed)", color=LABEL_COLOUR)]
        record = f"person {person.full_name}"
        latin = formal_name(person)
        pieces = [Piece(latin, bold=bold, record=record)]
        script = native_form(person)
        if script:
            beside = not below and len(latin) + len(script) < SHORT_NAME_LINE
            language = ideograph_language(script, person.languages, person.country)
            pieces += [
                Piece("  " if beside else "\n"),
                Piece(script, bold=bold, record=record, language=language),
            ]
        return pieces

    def involvement(self, people: Iterable[Person]) -> bool:
        return any(p.id in self.content.subject_people for p in people)

    # -- the story ------------------------------------------------------------------
    def story(self, include_notes: bool, notes_pages: int) -> tuple[Story, Story]:
        """(cover, rest): the contents go between them once all headings are known."""
        sections: list[Callable[[], Story]] = [
            self.overview,
            self.programme,
            self.delegations,
            self.profiles,
            self.ceremonies,
            self.seating_plans,
            self.gifts,
            self.contacts,
        ]
        rest: Story = []
        for section in sections:
            part = section()
            if part:
                rest += [PageBreak(), *part]
        if include_notes:
            rest += [PageBreak(), *self.notes(notes_pages)]
        return self.cover(), rest

    def cover(self) -> Story:
        event, s = self.content.event, self.styles
        w = self.writer
        story: Story = [
            Spacer(1, 28 * mm),
            w.para(s.small, Piece("BRIEFING PACK", bold=True, color="#1f3a5f", size=10)),
            Spacer(1, 3 * mm),
            w.para(s.title, Piece(event.title, bold=True), record="event title"),
        ]
        if event.theme:
            story.append(w.para(s.subtitle, event.theme, record="event theme"))
        place = ", ".join(p for p in (event.venue, event.city, _country(event.host_country)) if p)
        facts = self.facts(
            [
                ("Dates", [event_dates_text(event)]),
                ("Place", [place] if place else ["to be confirmed"]),
                ("Auspices", [event.auspices] if event.auspices else None),
                ("Kind", [event.kind.capitalize()]),
            ]
        )
        if facts is not None:
            story += [Spacer(1, 4 * mm), facts]
        story += [Spacer(1, 16 * mm), w.para(s.small, label("PREPARED FOR"))]
        subject: list[Piece] = [Piece(self.content.subject_label, bold=True)]
        if self.content.subject_native:
            subject += [Piece("\n"), Piece(self.content.subject_native, bold=True)]
        story.append(w.para(s.cover_for, *subject, record="pack subject"))
        if self.classification:
            story += [
                Spacer(1, 6 * mm),
                w.para(s.small, label("CLASSIFICATION")),
                w.para(s.cover_line, Piece(self.classification, bold=True, color="#9b1c1c")),
            ]
        story += [
            Spacer(1, 16 * mm),
            w.para(
                s.small,
                f"Version: event record revision {event.revision} · Protocol Desk {__version__}",
            ),
            w.para(s.small, f"Generated {self.generated_at:%d %B %Y, %H:%M %Z}".strip()),
            NextPageTemplate("body"),
        ]
        return story

    def contents(self, keys: set[str]) -> Story:
        s, w = self.styles, self.writer
        story: Story = [self.heading("Contents", 0, in_contents=False)]
        rows: list[list[Flowable]] = []
        styles: list[tuple[object, ...]] = []
        for entry in self.toc:
            style = s.toc0 if entry.level == 0 else s.toc1
            markup, shaping, _rtl, _src = w.markup(
                Piece(entry.heading.source_text, bold=entry.level == 0)
            )
            link = w.style(style, shaping=shaping)
            text = SourceParagraph(f'<a href="#{entry.key}">{markup}</a>', link)
            rows.append([text, PageNumber(entry.key, TOC_NUMBER_WIDTH, TOC_NUMBER_HEIGHT)])
            keys.add(entry.key)
            if entry.level == 0 and len(rows) > 1:
                styles.append(("TOPPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 7))
        if rows:
            table = Table(rows, colWidths=[self.width - TOC_NUMBER_WIDTH, TOC_NUMBER_WIDTH])
            table.setStyle(
                self.table_style(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                        *styles,
                    ]
                )
            )
            story.append(table)
        return story

    # -- sections -------------------------------------------------------------------
    def overview(self) -> Story:
        content, event, w, s = self.content, self.content.event, self.writer, self.styles
        organisers = [
            f"{o.organisation.display_name}" + (f" ({o.role})" if o.role else "")
            for o in event.organisers
        ]
        expected = []
        if event.expected_participants:
            expected.append(f"{event.expected_participants} participants")
        if event.expected_countries:
            expected.append(f"{event.expected_countries} countries")
        related = [
            f"{r.relation}: {r.related_event.title} ({event_dates_text(r.related_event)}"
            + (f", {r.related_event.city}" if r.related_event.city else "")
            + ")"
            for r in content.relations
        ]
        place = ", ".join(p for p in (event.venue, event.city, _country(event.host_country)) if p)
        story: Story = [self.heading("Event overview", 0)]
        facts = self.facts(
            [
                ("Event", [Piece(event.title, bold=True)]),
                ("Theme", [event.theme] if event.theme else None),
                ("Kind and status", [f"{event.kind.capitalize()}, {event.status}"]),
                ("Dates", [event_dates_text(event)]),
                ("Place", [place] if place else ["to be confirmed"]),
                ("Time zone", [event.timezone] if event.timezone else None),
                ("Auspices", [event.auspices] if event.auspices else None),
                ("Organisers", ["; ".join(organisers)] if organisers else None),
                ("Expected", [", ".join(expected)] if expected else None),
                ("Participation", [event.participation_note] if event.participation_note else None),
                ("Related events", ["; ".join(related)] if related else None),
                (
                    "This pack",
                    [
                        ", ".join(
                            [
                                _plural(len(content.programme), "programme item"),
                                _plural(len(content.delegations), "delegation"),
                                _plural(len(content.profiles), "profile"),
                                _plural(
                                    len(content.ceremonies),
                                    "signing ceremony",
                                    "signing ceremonies",
                                ),
                                _plural(len(content.gifts), "gift"),
                            ]
                        )
                    ],
                ),
            ]
        )
        if facts is not None:
            story.append(facts)
        if event.description:
            story += [
                self.heading("About the event", 1, in_contents=False),
                w.para(
                    s.body, event.description, record="event description", follow_direction=True
                ),
            ]
        return story

    def programme(self) -> Story:
        content = self.content
        story: Story = [self.heading("Programme", 0)]
        if not content.programme:
            return [*story, self.note("No programme items recorded.")]
        if content.kind.value != "event":
            story.append(
                self.note(
                    "Items open to all participants, and the meetings and ceremonies in which "
                    "the pack's principal takes part (marked ▸)."
                )
            )
        for day_label, items in _days(content):
            story.append(self.heading(day_label, 1))
            for item in items:
                story.append(self.programme_item(item))
        return story

    def programme_item(self, item: ProgrammeItem) -> Flowable:
        w, s = self.writer, self.styles
        record = f"programme item {item.title}"
        ceremonies = self.content.ceremonies_by_item.get(item.id, [])
        involved = [item.chair] if item.chair else []
        involved += [role.person for role in item.speakers]
        for ceremony in ceremonies:
            involved += [x.person for x in ceremony.signatories]
        concerned = self.content.kind.value != "event" and self.involvement(involved)
        title = [Piece("▸ ", bold=True, color="#1f3a5f")] if concerned else []
        details: Story = [w.para(s.cell, *title, Piece(item.title, bold=True), record=record)]
        meta = [item.kind.capitalize()]
        if item.place:
            meta.append(item.place)
        if item.dress_code:
            meta.append(f"Dress code: {item.dress_code}")
        details.append(w.para(s.small, " · ".join(meta), record=record))
        if item.chair is not None:
            details.append(w.para(s.cell, label("Chair: "), *self.name(item.chair, below=False)))
        for role in item.speakers:
            pieces: list[Piece | str] = [
                label(f"{role.role.capitalize()}: "),
                *self.name(role.person, below=False),
            ]
            if role.planned_minutes:
                pieces.append(f" ({role.planned_minutes} min)")
            if role.status != "confirmed":
                pieces.append(Piece(f" — {role.status}", color=LABEL_COLOUR))
            details.append(w.para(s.cell, *pieces, record=record))
            if role.topic:
                details.append(
                    w.para(s.small, Piece("Topic: ", bold=True), role.topic, record=record)
                )
        for ceremony in ceremonies:
            details.append(w.para(s.small, Piece("Signing: ", bold=True), ceremony.agreement.title))
        if item.description:
            details.append(w.para(s.small, item.description, record=record))
        time_text = _time_range(item)
        # A one-row table's layout without a Table's cost
        return Beside(
            w.para(s.cell, Piece(time_text, bold=True)),
            details,
            (26 * mm, self.width - 26 * mm),
            right_padding=4,
            top_padding=4,
            bottom_padding=5,
            rule_width=0.25,
            rule_colour=RULE,
        )

    def delegations(self) -> Story:
        content = self.content
        story: Story = [self.heading("Delegations", 0)]
        if not content.delegations:
            return [*story, self.note("No delegations recorded.")]
        story.append(
            self.note(
                "In order of precedence. Names in protocol form, family names in capitals; "
                "the name in its own script under it where recorded."
            )
        )
        listed = len(content.delegations) <= MAX_DELEGATIONS_IN_CONTENTS
        for entry in content.delegations:
            delegation = entry.delegation
            block: Story = [
                self.heading(f"{entry.position}. {delegation.display_name}", 1, in_contents=listed)
            ]
            facts = [delegation.status.capitalize()]
            if delegation.arrival_at:
                facts.append(f"arrives {delegation.arrival_at:%d %b %Y %H:%M}")
            if delegation.departure_at:
                facts.append(f"departs {delegation.departure_at:%d %b %Y %H:%M}")
            block.append(self.note(" · ".join(facts)))
            if entry.members:
                rows = [self._member_row(delegation, m) for m in entry.members]
                block.append(self.grid(["Role", "Name", "Position"], rows, [0.19, 0.45, 0.36]))
            else:
                block.append(self.note("No members recorded yet."))
            if delegation.notes:
                block.append(self.writer.para(self.styles.small, delegation.notes))
            # A short delegation never leaves its heading alone at the foot of a page.
            story += [KeepTogether(block), Spacer(1, 3 * mm)]
        return story

    def _member_row(
        self, delegation: Delegation, member: DelegationMember
    ) -> list[list[Piece | str]]:
        person = member.person
        is_head = member.person_id == delegation.head_person_id or member.role == "head"
        role = "Head of delegation" if is_head else member.role.capitalize()
        position: list[Piece | str] = [person.position] if person.position else []
        # A member from another body than the one the delegation stands for (an
        # academy's expert in a country delegation) is introduced with that body.
        organisation = person.organisation
        if organisation is not None and organisation.id != delegation.organisation_id:
            if position:
                position.append(Piece("\n"))
            position.append(Piece(organisation.display_name, color=LABEL_COLOUR))
        return [[role], list(self.name(person, bold=is_head)), position]

    def profiles(self) -> Story:
        content = self.content
        if not content.profiles:
            return []
        title = "Profiles" if content.kind.value == "event" else "Who you will meet"
        story: Story = [self.heading(title, 0)]
        listed = len(content.profiles) <= MAX_PROFILES_IN_CONTENTS
        for person in content.profiles:
            story.append(self.profile(person, listed))
        return story

    def profile(self, person: Person, listed: bool) -> Flowable:
        w, s = self.writer, self.styles
        record = f"person {person.full_name}"
        head = self.heading(formal_name(person), 2 if not listed else 1, in_contents=listed)
        if listed:
            head.style = self.writer.style(s.h3, shaping=head.style.shaping)
        details: Story = [head]
        script = native_form(person)
        if script:
            language = ideograph_language(script, person.languages, person.country)
            details.append(w.para(s.cover_line, Piece(script, record=record, language=language)))
        organisation = person.organisation.display_name if person.organisation else None
        delegation = self.content.delegation_of.get(person.id)
        facts = self.fact_rows(
            [
                ("Position", [person.position] if person.position else None),
                ("Organisation", [organisation] if organisation else None),
                ("Country", [person.country.name_en] if person.country else None),
                ("Delegation", [delegation.display_name] if delegation else None),
                (
                    "Languages",
                    [", ".join(_language(code) for code in person.languages)]
                    if person.languages
                    else None,
                ),
                ("Pronunciation", [person.pronunciation] if person.pronunciation else None),
            ],
            (28 * mm, self.width - PHOTO_WIDTH - 8 * mm - 28 * mm),
        )
        if facts is not None:
            details.append(facts)
        if person.biography:
            details.append(w.para(s.body, person.biography, record=record, follow_direction=True))
        # A one-row table's layout without a Table's cost (a thousand profiles add up)
        block = Beside(
            self._photo(person),
            details,
            (PHOTO_WIDTH + 8 * mm, self.width - PHOTO_WIDTH - 8 * mm),
            top_padding=6,
            bottom_padding=8,
            rule_width=0.25,
            rule_colour=RULE,
        )
        return KeepTogether([block])

    def _photo(self, person: Person) -> Flowable:
        jpeg = self.photos.get(person.id)
        if jpeg:
            self.images += 1
            return Photo(jpeg, PHOTO_WIDTH, PHOTO_HEIGHT)
        return _EmptyPhoto(self.writer.fonts.regular)

    def ceremonies(self) -> Story:
        content = self.content
        if not content.ceremonies:
            return []
        story: Story = [self.heading("Signing ceremonies", 0)]
        for ceremony in content.ceremonies:
            story += self.ceremony(ceremony)
        return story

    def ceremony(self, ceremony: SigningCeremony) -> Story:
        agreement, item = ceremony.agreement, ceremony.programme_item
        story: Story = [self.heading(agreement.title, 1)]
        parties = [p.display_name for p in _ordered_parties(ceremony)]
        when = _time_range(item) if item else "to be confirmed"
        if item and item.starts_at:
            when = f"{item.starts_at:%A %d %B %Y}, {when}"
        where = (item.place if item else None) or agreement.signed_place
        languages = ", ".join(agreement.languages or [])
        facts = self.facts(
            [
                ("Agreement", [f"{agreement.kind.capitalize()} — {agreement.status}"]),
                ("Parties", ["; ".join(parties)] if parties else ["to be confirmed"]),
                ("When", [when]),
                ("Where", [where] if where else ["to be confirmed"]),
                ("Languages", [languages] if languages else ["to be confirmed"]),
                (
                    "Originals",
                    [str(agreement.originals_count)]
                    if agreement.originals_count
                    else ["to be confirmed"],
                ),
                ("Notes", [ceremony.notes] if ceremony.notes else None),
            ]
        )
        if facts is not None:
            story.append(facts)
        story.append(self.heading("Signatories", 2, in_contents=False))
        if ceremony.signatories:
            rows: list[list[list[Piece | str]]] = [
                [[str(i)], [s.seat or "—"], [s.party.display_name], list(self.name(s.person))]
                for i, s in enumerate(ceremony.signatories, start=1)
            ]
            story.append(
                self.grid(["Order", "Seat", "Party", "Signatory"], rows, [0.08, 0.1, 0.34, 0.48])
            )
            story.append(self.heading("Behind each signatory", 2, in_contents=False))
            story.append(
                self.note(
                    "The aide stands behind the signatory, opens the folder at the signature "
                    "page, turns the pages and blots the signature."
                )
            )
            for signatory in ceremony.signatories:
                story.append(self.behind_line(signatory))
        else:
            story.append(self.note("Signatories to be confirmed."))
        if ceremony.witnesses:
            story.append(self.heading("Witnesses", 2, in_contents=False))
            witness_rows: list[list[list[Piece | str]]] = [
                [list(self.name(x.person)), [x.role or ""]] for x in ceremony.witnesses
            ]
            story.append(self.grid(["Witness", "Role"], witness_rows, [0.6, 0.4]))
        story.append(self.heading("Run-sheet", 2, in_contents=False))
        steps = _run_sheet(ceremony, self.content.kind.value)
        known = item is not None and item.starts_at is not None
        if not known:
            story.append(
                self.note("The start time is not confirmed: steps are timed from the start, T.")
            )
        steps_rows: list[list[list[Piece | str]]] = [
            [[Piece(t, bold=True)], [text]] for t, text in steps
        ]
        story.append(self.grid(["Time", "Step"], steps_rows, [0.14, 0.86]))
        story.append(
            KeepTogether(
                [
                    self.heading("Pens and folders checklist", 2, in_contents=False),
                    self.checklist(_table_checklist(ceremony)),
                ]
            )
        )
        story.append(Spacer(1, 4 * mm))
        return story

    def behind_line(self, signatory: Signatory) -> Flowable:
        """ "Behind <signatory> (<party>): <aide>", or a prompt to name one."""
        w, s = self.writer, self.styles
        record = f"signatory {signatory.person.full_name}"
        lead: list[Piece | str] = [
            label("Behind "),
            *self.name(signatory.person, below=False),
            Piece(f" ({signatory.party.display_name}): ", color=LABEL_COLOUR),
        ]
        if signatory.aide is None:
            return w.para(
                s.cell, *lead, Piece("aide to be named", color=LABEL_COLOUR), record=record
            )
        aide: list[Piece | str] = [*self.name(signatory.aide, bold=True, below=False)]
        if signatory.aide.position:
            aide.append(Piece(f", {signatory.aide.position}", color=LABEL_COLOUR))
        return w.para(s.cell, *lead, *aide, record=record)

    def checklist(self, lines: Sequence[tuple[str, str]]) -> Table:
        """Tick boxes to fill in by hand: (what, how many) per line."""
        cell = self.styles.cell
        data = [
            [
                _TickBox(),
                self.writer.para(cell, what),
                self.writer.para(cell, Piece(count, bold=True)),
            ]
            for what, count in lines
        ]
        table = Table(
            data,
            colWidths=[9 * mm, self.width - 9 * mm - 34 * mm, 34 * mm],
            hAlign="LEFT",
        )
        table.setStyle(
            self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, BAND),
                ]
            )
        )
        return table

    def seating_plans(self) -> Story:
        """Each plan of the pack as a diagram, one per page, the section's first under
        its heading."""
        entries = self.content.seating
        if not entries:
            return []
        story: Story = [self.heading("Seating plans", 0)]
        for index, entry in enumerate(entries):
            if index:
                story.append(PageBreak())
            item, plan = entry.item, entry.plan
            record = f"programme item {item.title}"
            when = _time_range(item)
            if item.starts_at is not None:
                when = f"{item.starts_at:%A %d %B %Y}, {when}"
            facts = " · ".join(t for t in (when, item.place or "") if t)
            notes = "; ".join(plan.notes)
            legend = f"{plan.layout.value.capitalize()}, {_plural(len(plan.seats), 'seat')}"
            legend += f" — {notes}" if notes else ""
            story += [
                self.heading(entry.title, 1),
                self.writer.para(self.styles.small, facts, record=record),
                self.writer.para(self.styles.small, legend, record=record),
                Spacer(1, 2 * mm),
                SeatingDiagram(plan, self.writer.fonts, max_height=200 * mm),
            ]
        return story

    def gifts(self) -> Story:
        if not self.content.gifts:
            return []
        story: Story = [self.heading("Gifts", 0)]
        rows = [_gift_row(g) for g in self.content.gifts]
        story.append(
            self.grid(
                ["Gift", "Direction", "From", "To", "Date, value", "Disposition"],
                rows,
                [0.28, 0.12, 0.17, 0.17, 0.12, 0.14],
            )
        )
        return story

    def contacts(self) -> Story:
        entries = [
            e
            for e in self.content.delegations
            if e.delegation.liaison_officer or e.delegation.hotel
        ]
        story: Story = [self.heading("Contacts", 0)]
        if not entries:
            return [*story, self.note("No liaison officers or hotels recorded yet.")]
        rows: list[list[list[Piece | str]]] = []
        for entry in entries:
            d = entry.delegation
            officer: list[Piece | str] = (
                list(self.name(d.liaison_officer)) if d.liaison_officer else ["—"]
            )
            reach = (
                [x for x in (d.liaison_officer.phone, d.liaison_officer.email) if x]
                if d.liaison_officer
                else []
            )
            if reach:
                officer += [Piece("\n"), Piece(" · ".join(reach), color=LABEL_COLOUR)]
            rows.append([[d.display_name], officer, [d.hotel or "—"]])
        story.append(
            self.grid(["Delegation", "Liaison officer", "Hotel"], rows, [0.32, 0.40, 0.28])
        )
        return story

    def notes(self, pages: int) -> Story:
        story: Story = [self.heading("Notes", 0)]
        for page in range(pages):
            if page:
                story += [PageBreak()]
            story.append(_RuledLines())
        return story


def _country(country: object) -> str | None:
    return getattr(country, "name_en", None)


def _ordered_parties(ceremony: SigningCeremony) -> list[AgreementParty]:
    session = object_session(ceremony)
    if session is None:
        return list(ceremony.agreement.parties)
    return [r.party for r in ordered_parties(session, ceremony.agreement_id)]


def _language(code: str) -> str:
    try:
        return language_name(code)
    except DomainError:  # a free-text language such as "Kazakh" stays as typed
        return code


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _time_range(item: ProgrammeItem | None) -> str:
    if item is None or item.starts_at is None:
        return "Time to be confirmed"
    start = f"{item.starts_at:%H:%M}"
    if item.ends_at is None:
        return start
    return f"{start}–{item.ends_at:%H:%M}"


def _days(content: PackContent) -> list[tuple[str, list[ProgrammeItem]]]:
    """Programme items grouped by day, in programme order, with an honest label per day."""
    event = content.event
    precise = (
        event.start_date is not None and DatePrecision(event.date_precision) is DatePrecision.DAY
    )
    groups: dict[str, list[ProgrammeItem]] = {}
    for item in content.programme:
        day: date | None = item.starts_at.date() if item.starts_at else None
        if day is None and item.day_number and precise and event.start_date is not None:
            day = event.start_date + timedelta(days=item.day_number - 1)
        if day is not None:
            number = (day - event.start_date).days + 1 if precise and event.start_date else None
            text = f"{day:%A %d %B %Y}"
            label_text = f"Day {number} — {text}" if number and number > 0 else text
        elif item.day_number:
            label_text = f"Day {item.day_number} (date to be confirmed)"
        else:
            label_text = "Day and time to be confirmed"
        groups.setdefault(label_text, []).append(item)
    return list(groups.items())


def _run_sheet(ceremony: SigningCeremony, _kind: str) -> list[tuple[str, str]]:
    """Time-stepped steps of a signing; clock times when the start is known, else T±minutes."""
    item = ceremony.programme_item
    start = item.starts_at if item is not None else None
    signatories = ceremony.signatories
    originals = ceremony.agreement.originals_count
    behind = [
        f"{formal_name(s.aide)} behind {formal_name(s.person)}"
        for s in signatories
        if s.aide is not None
    ]
    steps: list[tuple[int, str]] = [
        (
            -30,
            "Signing table checked: "
            + (f"{originals} originals" if originals else "originals (number to be confirmed)")
            + ", signature folders, pens, table flags in seat order",
        ),
        (-15, "Guests, witnesses and press in place"),
        (
            -5,
            "Signatories enter and take their seats"
            + (
                ": " + "; ".join(f"{s.seat or '—'} {formal_name(s.person)}" for s in signatories)
                if signatories
                else ""
            ),
        ),
        (
            -4,
            "Aides take their places behind the signatories"
            + (": " + "; ".join(behind) if behind else " (aides to be named)"),
        ),
        (0, f"Master of ceremonies announces the signing of the {ceremony.agreement.kind}"),
        (2, "Signatories sign the originals held by their own party"),
        (5, "Folders exchanged by the aides; signatories sign the other party's originals"),
        (8, "Signatories exchange the signed originals and shake hands"),
        (9, "Official photograph"),
        (12, "Signatories leave the signing table"),
    ]
    return [(_step_time(start, minutes), text) for minutes, text in steps]


def _table_checklist(ceremony: SigningCeremony) -> list[tuple[str, str]]:
    """What the signing table needs, counted from the agreement and the signatories."""
    agreement = ceremony.agreement
    signatories = ceremony.signatories
    parties = _ordered_parties(ceremony)
    originals = agreement.originals_count
    per_original = str(originals) if originals else "one per original (to be confirmed)"
    signers = len(signatories)
    per_signatory = str(signers) if signers else "one per signatory (to be confirmed)"
    lines = [
        ("Signature folders, one per original, each open at the signature page", per_original),
        (
            "Pens, one per signatory (black ink), and a spare",
            str(signers + 1) if signers else per_signatory,
        ),
        ("Blotters, one per signatory", per_signatory),
        (
            "Table flags, one per party: "
            + ("; ".join(p.display_name for p in parties) or "parties to be confirmed"),
            str(len(parties)) if parties else "to be confirmed",
        ),
        (
            "Flags on stands behind the table, one per party",
            str(len(parties)) if parties else "to be confirmed",
        ),
    ]
    for code in agreement.languages or []:
        lines.append((f"Copy of the text in {_language(code)}", "1"))
    if not agreement.languages:
        lines.append(("Copies of the text in each language (languages to be confirmed)", "—"))
    names = "; ".join(formal_name(s.person) for s in signatories)
    lines.append(
        (
            "Seating cards at the signing table" + (f": {names}" if names else ""),
            per_signatory,
        )
    )
    return lines


def _step_time(start: datetime | None, minutes: int) -> str:
    if start is not None:
        return f"{start + timedelta(minutes=minutes):%H:%M}"
    if minutes == 0:
        return "T"
    return f"T{minutes:+d} min".replace("-", "−")


def _gift_row(gift: Gift) -> list[list[Piece | str]]:
    when_value = []
    if gift.given_on:
        when_value.append(f"{gift.given_on:%d %b %Y}")
    if gift.estimated_value is not None:
        when_value.append(f"{gift.estimated_value:,.2f} {gift.currency or ''}".strip())
    return [
        [gift.description],
        [gift.direction],
        [gift.giver_name],
        [gift.recipient_name],
        ["\n".join(when_value) or "—"],
        [gift.disposition],
    ]


class _EmptyPhoto(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An empty frame where a photo would be: the pack still prints without it."""

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return PHOTO_WIDTH, PHOTO_HEIGHT

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setDash(2, 2)
        self.canv.rect(0, 0, PHOTO_WIDTH, PHOTO_HEIGHT)
        self.canv.setFillColor(MUTED)
        self.canv.setFont(self.font, 7.5)
        self.canv.drawCentredString(PHOTO_WIDTH / 2, PHOTO_HEIGHT / 2 - 3, "No photo")


class _TickBox(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An empty square to tick with a pen."""

    SIDE = 3.6 * mm

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return self.SIDE, self.SIDE

    def draw(self) -> None:
        self.canv.setStrokeColor(MUTED)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, -0.6 * mm, self.SIDE, self.SIDE)


class _RuledLines(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A page of lines for handwritten notes."""

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self._size = (width, height - 2)
        return self._size

    def draw(self) -> None:
        width, height = self._size
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        y = height - 9 * mm
        while y > 0:
            self.canv.line(0, y, width, y)
            y -= 9 * mm


__all__ = ["ACCENT", "MUTED", "CondPageBreak", "PhotoError", "portrait_jpeg"]
