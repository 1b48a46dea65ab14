"""Synthetic, deterministic demo data for the pilot (there is no open Thai parcel data)."""
