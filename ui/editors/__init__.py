"""Editors for every record kind: one dialog driven by a field list per kind."""
