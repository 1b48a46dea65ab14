"""Use cases that change the parcel fabric: boundaries, splits, merges, retirements, attributes.

Each is one case in one transaction: the parcels touched are locked (FOR UPDATE) and must
still be at the version the editor started from (optimistic locking: otherwise 409 with the
current version and what changed); geometry is snapped to the neighbours and checked against
them and the block (422 naming the neighbour, with the offending area); the old version is
kept with its valid time, lineage is written for splits and merges, and the audit log gets
before and after.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import edit_geometry as geo
from parcels.fabric import edit_register
from parcels.fabric import edit_repository as repo
from parcels.fabric.edit_checks import (
    CARRIED,
    check_version,
    edited,
    refuse,
    require_active,
    to_storage,
    tolerances,
)
from parcels.fabric.edit_model import (
    MIN_PIECE_M2,
    Adjustment,
    EditCase,
    EditResult,
)
from taxmap.admin.repository import get_lao
from taxmap.core.crs import operation
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.maptiles.repository import touch_case


def replace_boundary(
    lao_code: str,
    edit: Adjustment,
    case: EditCase,
    bind: Engine | Connection,
    *,
    adjust: tuple[Adjustment, ...] = (),
    srid_in: int | None = None,
) -> EditResult:
    """Give a parcel a new boundary, snapped to its neighbours; neighbours may move with it."""
    day = case.effective or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        snap, tolerance = tolerances(lao)
        to_wgs84 = operation(lao.srid, 4326)
        edits = [edit, *adjust]
        rows = {e.code: repo.lock_parcel(conn, lao.id, e.code) for e in edits}
        for e in edits:
            check_version(conn, rows[e.code], e.expected_version)
        case_id = repo.open_case(conn, lao.id, "boundary", case.reason, case.document_ref)
        new: dict[str, BaseGeometry] = {}
        ids = [r.id for r in rows.values()]
        for e in edits:
            proposed = to_storage(e.geometry, srid_in, lao.srid)
            around = repo.neighbours(conn, lao.id, proposed, lao.srid, ids, snap + 1)
            block = repo.block_of(conn, lao.id, rows[e.code].block_id)
            # The block's outline too, so edges along the block boundary stay on it.
            outline = [shapely.from_wkb(bytes(block.geom.data))] if block else []
            new[e.code] = geo.snap_to_neighbours(proposed, [*around.values(), *outline], snap)
        faults = []
        for e in edits:
            row = rows[e.code]
            old = shapely.from_wkb(bytes(row.geom.data))
            around = repo.neighbours(conn, lao.id, old.union(new[e.code]), lao.srid, ids, snap)
            others = {**around, **{c: g for c, g in new.items() if c != e.code}}
            block = repo.block_of(conn, lao.id, row.block_id)
            block_geom = shapely.from_wkb(bytes(block.geom.data)) if block else None
            faults += geo.check_edit(e.code, old, new[e.code], others, block_geom, tolerance)
        refuse(faults, to_wgs84)
        result = EditResult(case_id)
        for e in edits:
            row = rows[e.code]
            repo.keep_version(conn, row, day)
            repo.write_version(conn, row, {"geom": new[e.code]}, day, case_id, lao.srid)
            repo.audit(
                conn,
                lao.id,
                case.actor,
                "boundary",
                row.id,
                case_id,
                {
                    "version": row.version,
                    "area_m2": round(float(shapely.from_wkb(bytes(row.geom.data)).area), 2),
                },
                {"version": row.version + 1, "area_m2": round(float(new[e.code].area), 2)},
            )
            result.parcels.append(edited(e.code, row.version + 1, "active", new[e.code]))
        touch_case(conn, lao.id, case_id)  # tiles over the change get new ETags
        uow.commit()
    return result


def split_parcel(
    lao_code: str,
    code: str,
    line: LineString,
    expected_version: int,
    case: EditCase,
    bind: Engine | Connection,
    *,
    srid_in: int | None = None,
) -> EditResult:
    """Split a parcel by a line across it into children with the block's next lot codes."""
    day = case.effective or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        snap, _ = tolerances(lao)
        row = repo.lock_parcel(conn, lao.id, code)
        check_version(conn, row, expected_version)
        require_active(row)
        parent = shapely.from_wkb(bytes(row.geom.data))
        pieces = geo.split_by_line(parent, to_storage(line, srid_in, lao.srid), snap, MIN_PIECE_M2)
        case_id = repo.open_case(conn, lao.id, "split", case.reason, case.document_ref)
        children = _new_children(conn, lao, row, pieces, day, case_id, "split", [row])
        repo.retire(conn, row, day, case_id)
        notes = edit_register.split_register(conn, lao.id, row.id, children, day)
        repo.audit(
            conn,
            lao.id,
            case.actor,
            "split",
            row.id,
            case_id,
            {"code": code, "version": row.version, "area_m2": round(float(parent.area), 2)},
            {"children": [c[0] for c in children]},
        )
        touch_case(conn, lao.id, case_id)  # tiles over the change get new ETags
        uow.commit()
    return EditResult(
        case_id,
        [edited(code, row.version + 1, "retired", parent)]
        + [edited(c, 1, "active", g) for c, _, g in children],
        notes,
    )


def merge_parcels(
    lao_code: str,
    versions: dict[str, int],
    case: EditCase,
    bind: Engine | Connection,
    *,
    force_reason: str | None = None,
) -> EditResult:
    """Merge adjacent parcels of one block into one with the block's next lot code."""
    day = case.effective or date.today()
    if len(versions) < 2:
        raise InvalidInput(
            "codes",
            "A merge needs at least two parcels: give the codes of the adjacent parcels.",
            "การรวมแปลงต้องมีอย่างน้อยสองแปลง โปรดระบุรหัสแปลงที่ติดกัน",
        )
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        rows = [repo.lock_parcel(conn, lao.id, c) for c in sorted(versions)]
        for row in rows:
            check_version(conn, row, versions[row.code])
            require_active(row)
        if len({r.block_id for r in rows}) > 1:
            raise InvalidInput(
                "codes",
                f"Parcels {', '.join(r.code for r in rows)} are in different blocks: only parcels "
                "of one block can be merged.",
                f"แปลง {', '.join(r.code for r in rows)} อยู่คนละบล็อก รวมได้เฉพาะแปลงในบล็อกเดียวกัน",
            )
        owners = edit_register.owner_sets(conn, lao.id, [r.id for r in rows], day)
        if len(set(owners.values())) > 1 and not (force_reason or "").strip():
            raise InvalidInput(
                "force_reason",
                f"Parcels {', '.join(r.code for r in rows)} have different owners: merge them "
                "only with a reason (force).",
                f"แปลง {', '.join(r.code for r in rows)} มีเจ้าของต่างกัน จะรวมได้ต้องระบุเหตุผล",
            )
        merged = geo.merge({r.code: shapely.from_wkb(bytes(r.geom.data)) for r in rows})
        reason = case.reason + (f" (owners differ: {force_reason})" if force_reason else "")
        case_id = repo.open_case(conn, lao.id, "merge", reason, case.document_ref)
        children = _new_children(conn, lao, rows[0], [merged], day, case_id, "merge", rows)
        for row in rows:
            repo.retire(conn, row, day, case_id)
        notes = edit_register.merge_register(
            conn, lao.id, [r.id for r in rows], children[0][1], day
        )
        repo.audit(
            conn,
            lao.id,
            case.actor,
            "merge",
            children[0][1],
            case_id,
            {"parents": [r.code for r in rows]},
            {"code": children[0][0]},
        )
        touch_case(conn, lao.id, case_id)  # tiles over the change get new ETags
        uow.commit()
    return EditResult(
        case_id,
        [
            edited(r.code, r.version + 1, "retired", shapely.from_wkb(bytes(r.geom.data)))
            for r in rows
        ]
        + [edited(children[0][0], 1, "active", merged)],
        notes,
    )


def _new_children(
    conn: Connection,
    lao: Any,
    template: Any,
    pieces: list[BaseGeometry],
    day: date,
    case_id: int,
    kind: str,
    parents: list[Any],
) -> list[tuple[str, int, BaseGeometry]]:
    """Insert the children of a split or merge with new lot codes; write lineage edges."""
    block = repo.block_of(conn, lao.id, template.block_id)
    lots = (
        repo.take_lots(conn, lao.id, block.id, len(pieces))
        if block is not None
        else [None] * len(pieces)
    )
    # The children's deeds are new documents with new numbers, recorded when the Land Office
    # issues them; location and document kind carry over.
    record = {name: getattr(template, name) for name in CARRIED}
    children: list[tuple[str, int, BaseGeometry]] = []
    for lot, piece in zip(lots, pieces, strict=True):
        code = (
            f"{block.code}{lot:03d}"
            if block is not None
            else f"{template.code}-{len(children) + 1}"
        )
        child = repo.insert_parcel(
            conn,
            {
                **record,
                "lao_id": lao.id,
                "code": code,
                "block_id": template.block_id,
                "lot": lot,
                "geom": piece,
                "valid_from": day,
                "case_id": case_id,
                "map_scale": template.map_scale,
                "sheet_50k": template.sheet_50k,
                "sheet_quadrant": template.sheet_quadrant,
                "sheet_4000": template.sheet_4000,
                "sub_sheet": template.sub_sheet,
            },
            lao.srid,
        )
        for parent in parents:
            repo.add_lineage(conn, lao.id, parent.id, child, kind, case_id, day)
        children.append((code, child, piece))
    return children
