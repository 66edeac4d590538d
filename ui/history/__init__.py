"""History in the desktop: the editors' History tab and the event's Changes view."""
