"""The HTTP face of taxmap: API, pages, tiles."""
