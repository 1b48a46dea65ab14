"""Use cases on the parcel fabric; each owns its transaction."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine

from parcels.fabric import repository
from parcels.fabric.model import FabricOverview
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork


def fabric_overview(lao_code: str, bind: Engine | Connection) -> FabricOverview:
    """Return everything the overview map of one LAO draws."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        shapes = repository.overview_shapes(uow.conn, lao.id)
        count, area = repository.fabric_totals(uow.conn, lao.id)
        box = repository.extent(uow.conn, lao.id) or (0.0, 0.0, 1.0, 1.0)
    return FabricOverview(
        lao_code=lao.code,
        name_th=lao.name_th,
        name_en=lao.name_en,
        srid=lao.srid,
        extent=box,
        parcel_count=count,
        parcel_area_m2=area,
        **shapes,
    )
