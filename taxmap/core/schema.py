"""Import every table module so the shared metadata is complete (for Alembic and tests)."""

from __future__ import annotations

import importlib

import sqlalchemy as sa

from taxmap.core.db import metadata

TABLE_MODULES = (
    "taxmap.admin.orm",
    "parcels.fabric.orm",
    "parcels.register.orm",
    "valuation.orm",
    "taxmap.billing.orm",
    "taxmap.maptiles.orm",
    "landuse.orm",
)


def load_metadata() -> sa.MetaData:
    """Return the metadata with every taxmap table registered."""
    for name in TABLE_MODULES:
        importlib.import_module(name)
    return metadata
