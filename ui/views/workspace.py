"""One event as a workspace: Overview, Programme, Delegations, Speakers, Signing, Gifts.

Other features add tabs with :func:`register_workspace_tab` (the briefing PDF adds
'Briefing'); each workspace asks the registry when it is built.
"""

from __future__ import annotations

import dataclasses
import html
import uuid
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ProtocolDeskError
from app.listing.overview import (
    ceremony_agreement,
    event_heading,
    event_overview,
    member_order,
)
from app.model import (
    Delegation,
    DelegationMember,
    Event,
    EventOrganiser,
    EventRelation,
    Gift,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from ui import settings
from ui.commands import AddMember, RemoveMember, ReorderMembers, SetHead
from ui.context import DataContext
from ui.editors.dialog import RecordEditor
from ui.editors.specs import SPECS, EditorSpec
from ui.extensions import WORKSPACE_TABS
from ui.models.event_models import (
    CeremoniesModel,
    DelegationsModel,
    GiftsModel,
    MembersModel,
    OrganisersModel,
    ProgrammeModel,
    RelatedEventsModel,
    SignatoriesModel,
    SpeakersModel,
    WitnessesModel,
)
from ui.views.panel import RecordListPanel, confirm_delete


def _member_command(context: DataContext, values: dict[str, Any], scope: dict[str, Any]) -> Any:
    return AddMember(context, scope["delegation_id"], values["person_id"], values["role"])


MEMBER_SPEC: EditorSpec = dataclasses.replace(SPECS[DelegationMember], make_command=_member_command)


class OverviewTab(QWidget):
    def __init__(self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.event_id = event_id
        self.text = QLabel(self)
        self.text.setObjectName("overview_text")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        edit = QPushButton("Edit event…", self)
        edit.setObjectName("edit_event")
        edit.clicked.connect(self.edit)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        scope = {"event_id": event_id}
        self.organisers = RecordListPanel(
            context,
            OrganisersModel(context, event_id),
            SPECS[EventOrganiser],
            "organisers",
            scope=lambda: scope,
            title="Organisers",
            empty_text="No organisers recorded. Add one with New.",
        )
        self.related = RecordListPanel(
            context,
            RelatedEventsModel(context, event_id),
            SPECS[EventRelation],
            "related_events",
            scope=lambda: scope,
            title="Related events",
            empty_text="No related events. Link one with New.",
        )
        links = QSplitter(Qt.Orientation.Horizontal, self)
        links.setObjectName("overview_links")
        links.addWidget(self.organisers)
        links.addWidget(self.related)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("overview_splitter")
        split.addWidget(scroll)
        split.addWidget(links)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # Size hints would give the details a sliver: start at about 3:2.
        split.setSizes([420, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(edit, 0, Qt.AlignmentFlag.AlignLeft)
        context.watch(
            self,
            {"Event", "Delegation", "ProgrammeItem", "SpeakingRole", "Gift"},
            lambda _changes: self.refresh(),
        )
        self.refresh()

    def refresh(self) -> None:
        overview = event_overview(self.context.db, self.event_id)
        if overview is None:
            self.text.setText("<i>This event has been deleted (Undo brings it back).</i>")
            return
        body = "".join(
            f"<tr><td style='padding-right:12px'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(str(v))}</td></tr>"
            for k, v in overview.facts
            if v
        )
        self.text.setText(f"<h2>{html.escape(overview.title)}</h2><table>{body}</table>")

    def edit(self) -> None:
        RecordEditor(self.context, SPECS[Event], self.event_id, parent=self).exec()


class DelegationsTab(QSplitter):
    """Delegations on the left; the selected one's members (head first) on the right."""

    def __init__(self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.context = context
        self.event_id = event_id
        self.setObjectName("delegations_splitter")
        self.delegations = RecordListPanel(
            context,
            DelegationsModel(context, event_id),
            SPECS[Delegation],
            "delegations",
            scope=lambda: {"event_id": event_id},
            title="Delegations",
        )
        self.members_model = MembersModel(context)
        self.members = RecordListPanel(
            context, self.members_model, None, "members", title="Members (head first)"
        )
        for text, handler, name in (
            ("Add member…", self.add_member, "add"),
            ("Make head", self.make_head, "head"),
            ("Move up", lambda: self.move_member(-1), "up"),
            ("Move down", lambda: self.move_member(1), "down"),
            ("Remove", self.remove_member, "remove"),
        ):
            self.members.add_button(text, handler, name)
        self.addWidget(self.delegations)
        self.addWidget(self.members)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.delegations.selection_changed.connect(self._show_members)
        settings.restore_splitter(self, "workspace/delegations")

    def _show_members(self, delegation_id: uuid.UUID | None) -> None:
        if delegation_id != self.members_model.scope:
            self.members_model.set_scope(delegation_id)

    def _delegation(self) -> uuid.UUID | None:
        return self.delegations.selected_id()

    def add_member(self) -> None:
        delegation_id = self._delegation()
        if delegation_id is None:
            return
        editor = RecordEditor(
            self.context, MEMBER_SPEC, scope={"delegation_id": delegation_id}, parent=self
        )
        editor.exec()

    def _run(self, command: Any) -> None:
        try:
            self.context.submit(command)
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Not changed", str(error))

    def make_head(self) -> None:
        delegation_id, person_id = self._delegation(), self.members.selected_id()
        if delegation_id and person_id:
            self._run(SetHead(self.context, delegation_id, person_id))
            self.members.select_id(person_id)

    def move_member(self, step: int) -> None:
        delegation_id, person_id = self._delegation(), self.members.selected_id()
        if not (delegation_id and person_id):
            return
        order = member_order(self.context.db, delegation_id)
        position = order.index(person_id)
        target = position + step
        if not 0 <= target < len(order):
            return
        order[position], order[target] = order[target], order[position]
        self._run(ReorderMembers(self.context, delegation_id, order))
        self.members.select_id(person_id)

    def remove_member(self) -> None:
        delegation_id, person_id = self._delegation(), self.members.selected_id()
        row = self.members.selected_row()
        if not (delegation_id and person_id) or row is None:
            return
        name = str(self.members_model.row_values(row)[0])
        if confirm_delete(self, f"{name} from this delegation", []):
            self._run(RemoveMember(self.context, delegation_id, person_id))


class CeremoniesTab(QSplitter):
    def __init__(self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.context = context
        self.ceremonies = RecordListPanel(
            context,
            CeremoniesModel(context, event_id),
            SPECS[SigningCeremony],
            "ceremonies",
            scope=lambda: {"event_id": event_id},
            title="Signing ceremonies",
        )
        self.signatories_model = SignatoriesModel(context)
        self.signatories = RecordListPanel(
            context,
            self.signatories_model,
            SPECS[Signatory],
            "signatories",
            scope=self._signatory_scope,
            title="Signatories",
        )
        self.witnesses_model = WitnessesModel(context)
        self.witnesses = RecordListPanel(
            context,
            self.witnesses_model,
            SPECS[Witness],
            "witnesses",
            scope=self._signatory_scope,
            title="Witnesses",
            empty_text="No witnesses for this ceremony.",
        )
        self.signatories.view.placeholder = "Select a ceremony to see who signs."
        people = QSplitter(Qt.Orientation.Horizontal, self)
        people.addWidget(self.signatories)
        people.addWidget(self.witnesses)
        self.addWidget(self.ceremonies)
        self.addWidget(people)
        self.ceremonies.selection_changed.connect(self._show_signatories)
        settings.restore_splitter(self, "workspace/ceremonies")

    def _show_signatories(self, ceremony_id: uuid.UUID | None) -> None:
        if ceremony_id != self.signatories_model.scope:
            self.signatories_model.set_scope(ceremony_id)
            self.witnesses_model.set_scope(ceremony_id)
            self.signatories.view.placeholder = (
                "No signatories yet. Add one with New."
                if ceremony_id
                else "Select a ceremony to see who signs."
            )

    def _signatory_scope(self) -> dict[str, Any] | None:
        ceremony_id = self.ceremonies.selected_id()
        if ceremony_id is None:
            return None
        agreement_id = ceremony_agreement(self.context.db, ceremony_id)
        return {"ceremony_id": ceremony_id, "agreement_id": agreement_id}


class LazyTab(QWidget):
    """A tab page whose content is built the first time it is shown.

    Opening the largest event must not load all its programme, speakers and
    delegations at once; each tab reads its rows when the user first looks at it.
    """

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.content: QWidget | None = None
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.content is None:
            self.content = self._build()
            self.box.addWidget(self.content)
        return self.content


class EventWorkspace(QWidget):
    """The event's header (with the way back to the list) over its tabs."""

    back_requested = Signal()

    def __init__(self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.event_id = event_id
        self.setObjectName("event_workspace")
        self.back = QToolButton(self)
        self.back.setObjectName("workspace_back")
        self.back.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back.setText("All events")
        self.back.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back.setAutoRaise(True)
        self.back.setToolTip("Back to the list of events (Alt+Left)")
        self.back.clicked.connect(self.back_requested)
        self.title = QLabel(self)
        self.title.setObjectName("workspace_title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workspace_tabs")
        self.tabs.setDocumentMode(True)
        scope = {"event_id": event_id}
        self._lazy: dict[str, LazyTab] = {}
        builders: list[tuple[str, str, Callable[[], QWidget]]] = [
            ("overview", "&Overview", lambda: OverviewTab(context, event_id)),
            (
                "programme",
                "&Programme",
                lambda: RecordListPanel(
                    context,
                    ProgrammeModel(context, event_id),
                    SPECS[ProgrammeItem],
                    "programme",
                    scope=lambda: scope,
                    empty_text="No programme items yet. Add the first with New (Ctrl+N).",
                ),
            ),
            ("delegations", "&Delegations", lambda: DelegationsTab(context, event_id)),
            (
                "speakers",
                "&Speakers",
                lambda: RecordListPanel(
                    context,
                    SpeakersModel(context, event_id),
                    SPECS[SpeakingRole],
                    "speakers",
                    scope=lambda: scope,
                    empty_text="No speakers yet. Add one with New (Ctrl+N).",
                ),
            ),
            ("ceremonies", "Si&gning ceremonies", lambda: CeremoniesTab(context, event_id)),
            (
                "gifts",
                "G&ifts",
                lambda: RecordListPanel(
                    context,
                    GiftsModel(context, event_id),
                    SPECS[Gift],
                    "gifts",
                    scope=lambda: scope,
                    empty_text="No gifts recorded for this event.",
                ),
            ),
        ]
        for key, label, build in builders:
            self._add_lazy(key, label, build)
        for label, factory in WORKSPACE_TABS:
            self._add_lazy(
                f"extra:{label}",
                label,
                lambda f=factory: f(context, event_id),  # type: ignore[misc]
            )
        self.tabs.currentChanged.connect(self._ensure_current)
        self._ensure_current(self.tabs.currentIndex())
        header = QHBoxLayout()
        header.setContentsMargins(4, 4, 8, 0)
        header.addWidget(self.back)
        header.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        context.watch(self, {"Event"}, lambda _changes: self._update_title())
        self._update_title()

    def _add_lazy(self, key: str, label: str, build: Callable[[], QWidget]) -> int:
        page = LazyTab(build, self.tabs)
        self._lazy[key] = page
        return self.tabs.addTab(page, label)

    def _ensure_current(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, LazyTab):
            page.ensure()

    def tab_content(self, key: str) -> QWidget:
        """The built content of a tab ('programme', 'delegations'... or 'extra:<title>')."""
        return self._lazy[key].ensure()

    @property
    def overview(self) -> OverviewTab:
        return cast(OverviewTab, self.tab_content("overview"))

    @property
    def programme(self) -> RecordListPanel:
        return cast(RecordListPanel, self.tab_content("programme"))

    @property
    def delegations(self) -> DelegationsTab:
        return cast(DelegationsTab, self.tab_content("delegations"))

    @property
    def speakers(self) -> RecordListPanel:
        return cast(RecordListPanel, self.tab_content("speakers"))

    @property
    def ceremonies(self) -> CeremoniesTab:
        return cast(CeremoniesTab, self.tab_content("ceremonies"))

    @property
    def gifts(self) -> RecordListPanel:
        return cast(RecordListPanel, self.tab_content("gifts"))

    def add_workspace_tab(self, widget: QWidget, title: str) -> int:
        return self.tabs.addTab(widget, title)

    def _update_title(self) -> None:
        heading = event_heading(self.context.db, self.event_id)
        text = heading.title if heading is not None else "(deleted event)"
        dates = heading.dates if heading is not None else ""
        place = heading.city if heading is not None else None
        details = " · ".join(p for p in (dates, place) if p)
        self.title.setText(
            f"<span style='font-size:14pt; font-weight:600'>{html.escape(text)}</span>"
            + (
                f"&nbsp;&nbsp;<span style='color:palette(mid)'>{html.escape(details)}</span>"
                if details
                else ""
            )
        )
        self.setWindowTitle(text)

    def panels(self) -> list[RecordListPanel]:
        return self.findChildren(RecordListPanel)
