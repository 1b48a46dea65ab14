"""Core: settings, database, errors, units, CRS, map sheets, Thai text. Imports nothing above it."""
