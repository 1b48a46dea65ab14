"""Use cases on the parcel fabric; each owns its transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import repository, topology
from parcels.fabric.model import FabricOverview, TopologyReport
from parcels.fabric.review import decide, list_items, resolve_unseen, upsert_review_items
from parcels.fabric.topology import TopologyRules
from taxmap.admin.repository import get_lao
from taxmap.core.crs import operation
from taxmap.core.db import UnitOfWork
from taxmap.core.progress import Progress, silent


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


def check_topology(
    lao_code: str,
    bind: Engine | Connection,
    rules: TopologyRules | None = None,
    progress: Progress = silent,
) -> TopologyReport:
    """Check the whole fabric of an LAO and store every fault as a review item."""
    started = time.monotonic()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        run_started = uow.conn.execute(sa.select(sa.func.clock_timestamp())).scalar_one()
        if rules is None:
            rules = TopologyRules(**lao.settings.get("topology", {}))
        progress("read", 0, 1)
        ids, codes, block_ids, wkb = repository.active_parcels_wkb(uow.conn, lao.id)
        block_id_list, block_codes, block_wkb = repository.blocks_wkb(uow.conn, lao.id)
        non_parcel_wkb = repository.non_parcel_union_wkb(uow.conn, lao.id)
        geoms = shapely.from_wkb(np.array(wkb, dtype=object))
        block_geoms = shapely.from_wkb(np.array(block_wkb, dtype=object))
        non_parcel = shapely.from_wkb(non_parcel_wkb) if non_parcel_wkb else None
        position = {bid: k for k, bid in enumerate(block_id_list)}
        block_of = np.array([position.get(b, -1) for b in block_ids], dtype=np.int64)
        progress("read", 1, 1)

        stages: list[tuple[str, Callable[[], list[topology.Fault]]]] = [
            ("overlaps", lambda: topology.find_overlaps(geoms, codes, rules.overlap_tolerance_m2)),
            ("slivers", lambda: topology.find_slivers(geoms, codes, rules)),
            (
                "blocks",
                lambda: topology.find_block_faults(
                    geoms, codes, block_of, block_geoms, block_codes, non_parcel, rules
                ),
            ),
        ]
        faults: list[topology.Fault] = []
        for n, (_stage, run) in enumerate(stages):
            progress("check", n, len(stages))
            faults += run()
        progress("check", len(stages), len(stages))

        def parcel(i: int | None) -> int | None:
            return None if i is None else ids[i]

        upsert_review_items(
            uow.conn,
            lao.id,
            lao.srid,
            [
                {
                    "source": "topology",
                    "kind": f.kind,
                    "key": f.key,
                    "message": f.message,
                    "area_m2": f.area_m2,
                    "location": f.location,
                    "parcel_id": parcel(f.index),
                    "other_parcel_id": parcel(f.other_index),
                }
                for f in faults
            ],
        )
        resolved = resolve_unseen(uow.conn, lao.id, "topology", run_started)
        stored = {r.key: r for r in list_items(uow.conn, lao.id)}
        uow.commit()
    counts: dict[str, int] = {}
    for f in faults:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    to_wgs84 = operation(lao.srid, "EPSG:4326")
    return TopologyReport(
        lao_code=lao.code,
        parcels=len(ids),
        counts=counts,
        faults=[_fault_json(f, stored.get(f.key), to_wgs84) for f in faults],
        resolved=resolved,
        seconds=round(time.monotonic() - started, 2),
    )


def _fault_json(f: topology.Fault, item: Any, to_wgs84: Any) -> dict[str, object]:
    lon, lat = to_wgs84.transform(*f.location)
    return {
        "kind": f.kind,
        "key": f.key,
        "message": f.message,
        "area_m2": round(f.area_m2, 4),
        "location": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
        "review_item": None if item is None else item.id,
        "status": None if item is None else item.status,
        "decision_reason": None if item is None else item.decision_reason,
    }


def accept_review_item(
    lao_code: str, item_id: int, reason: str, reviewer: str, bind: Engine | Connection
) -> None:
    """Mark a review item as an accepted exception, with the reason and the reviewer."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        decide(uow.conn, lao.id, item_id, reason, reviewer)
        uow.commit()


def review_items(lao_code: str, bind: Engine | Connection, status: str | None = None) -> list[Any]:
    """List an LAO's review items."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        return list_items(uow.conn, lao.id, status=status)
