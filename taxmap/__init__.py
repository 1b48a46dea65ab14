"""taxmap: GIS tax map and property register for Thai local administrative organisations."""

__version__ = "0.1.0"
