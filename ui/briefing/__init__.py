"""The Briefing tab of the event workspace: options, an embedded PDF preview, Export.

``ui.briefing.extension`` (listed in ``ui.extensions.EXTENSION_MODULES``) registers
the tab; the heavy modules (reportlab, QtPdf) load only when the tab is first shown.
"""
