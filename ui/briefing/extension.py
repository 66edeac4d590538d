"""Registers the Briefing tab in every event workspace (listed in ``ui.extensions``).

Imported while the main window is built, so it imports nothing heavy: reportlab,
QtPdf and the model load only when the tab is first shown.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ui.extensions import register_workspace_tab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import DataContext

TAB_TITLE = "&Briefing"


def briefing_tab(context: DataContext, event_id: uuid.UUID) -> QWidget:
    from ui.briefing.tab import BriefingTab

    return BriefingTab(context, event_id)


register_workspace_tab(TAB_TITLE, briefing_tab)
