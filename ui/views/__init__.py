"""Views: list panels, the event workspace, the people page."""
