"""Parcel file import: reading, structural and topological validation, safe repair."""
