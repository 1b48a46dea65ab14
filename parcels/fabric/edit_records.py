"""Use cases that add, retire or re-record a parcel; each one case in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import edit_geometry as geo
from parcels.fabric import edit_repository as repo
from parcels.fabric.edit_checks import (
    ATTRIBUTES,
    check_version,
    edited,
    plain,
    refuse,
    require_active,
    to_storage,
    tolerances,
)
from parcels.fabric.edit_model import (
    EditCase,
    EditResult,
)
from taxmap.admin.repository import get_lao
from taxmap.core.crs import operation
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.maptiles.repository import touch_case


def create_parcel(
    lao_code: str,
    block_code: str,
    geometry: BaseGeometry,
    record: dict[str, Any],
    case: EditCase,
    bind: Engine | Connection,
    *,
    srid_in: int | None = None,
) -> EditResult:
    """Add a parcel to a block (e.g. newly titled land) with the block's next lot code."""
    unknown = sorted(set(record) - set(ATTRIBUTES))
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"'{unknown[0]}' is not part of a parcel's record; give {', '.join(ATTRIBUTES)}.",
            f"'{unknown[0]}' ไม่ใช่ข้อมูลของแปลงที่ดิน",
        )
    day = case.effective or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        snap, tolerance = tolerances(lao)
        block = repo.block_by_code(conn, lao.id, block_code)
        block_geom = shapely.from_wkb(bytes(block.geom.data))
        proposed = to_storage(geometry, srid_in, lao.srid)
        around = repo.neighbours(conn, lao.id, proposed, lao.srid, [], snap + 1)
        new = geo.snap_to_neighbours(proposed, [*around.values(), block_geom], snap)
        others = repo.neighbours(conn, lao.id, new, lao.srid, [], snap)
        refuse(
            geo.check_edit(f"{block_code}(new)", None, new, others, block_geom, tolerance),
            operation(lao.srid, 4326),
        )
        case_id = repo.open_case(conn, lao.id, "create", case.reason, case.document_ref)
        [lot] = repo.take_lots(conn, lao.id, block.id, 1)
        code = f"{block.code}{lot:03d}"
        parcel_id = repo.insert_parcel(
            conn,
            {
                **record,
                "lao_id": lao.id,
                "code": code,
                "block_id": block.id,
                "lot": lot,
                "geom": new,
                "valid_from": day,
                "case_id": case_id,
            },
            lao.srid,
        )
        repo.audit(
            conn,
            lao.id,
            case.actor,
            "create",
            parcel_id,
            case_id,
            None,
            {"code": code, "area_m2": round(float(new.area), 2)},
        )
        touch_case(conn, lao.id, case_id)  # tiles over the change get new ETags
        uow.commit()
    return EditResult(case_id, [edited(code, 1, "active", new)])


def retire_parcel(
    lao_code: str, code: str, expected_version: int, case: EditCase, bind: Engine | Connection
) -> EditResult:
    """Retire a parcel (e.g. taken for a road); its code is never used again."""
    day = case.effective or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        row = repo.lock_parcel(conn, lao.id, code)
        check_version(conn, row, expected_version)
        require_active(row)
        case_id = repo.open_case(conn, lao.id, "retire", case.reason, case.document_ref)
        repo.retire(conn, row, day, case_id)
        repo.audit(
            conn,
            lao.id,
            case.actor,
            "retire",
            row.id,
            case_id,
            {"status": "active"},
            {"status": "retired"},
        )
        touch_case(conn, lao.id, case_id)  # tiles over the change get new ETags
        uow.commit()
    return EditResult(
        case_id, [edited(code, row.version + 1, "retired", shapely.from_wkb(bytes(row.geom.data)))]
    )


def change_attributes(
    lao_code: str,
    code: str,
    expected_version: int,
    changes: dict[str, Any],
    case: EditCase,
    bind: Engine | Connection,
) -> EditResult:
    """Change a parcel's record (document, address, legal area) as a new version."""
    unknown = sorted(set(changes) - set(ATTRIBUTES))
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"'{unknown[0]}' cannot be changed here; change one of {', '.join(ATTRIBUTES)} "
            "(boundaries through a boundary edit).",
            f"แก้ไข '{unknown[0]}' ที่นี่ไม่ได้",
        )
    day = case.effective or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        row = repo.lock_parcel(conn, lao.id, code)
        check_version(conn, row, expected_version)
        require_active(row)
        case_id = repo.open_case(conn, lao.id, "attributes", case.reason, case.document_ref)
        repo.keep_version(conn, row, day)
        repo.write_version(conn, row, changes, day, case_id, lao.srid)
        before = {k: plain(getattr(row, k)) for k in changes}
        repo.audit(
            conn,
            lao.id,
            case.actor,
            "attributes",
            row.id,
            case_id,
            before,
            {k: plain(v) for k, v in changes.items()},
        )
        touch_case(conn, lao.id, case_id)  # tiles over the change get new ETags
        uow.commit()
    return EditResult(
        case_id, [edited(code, row.version + 1, "active", shapely.from_wkb(bytes(row.geom.data)))]
    )
