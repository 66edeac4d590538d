"""The Qt desktop app: a window over the core in ``app``."""
