"""Use cases on LAOs and on the health of the installation; each owns its transaction."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection, Engine

from taxmap.admin import repository
from taxmap.admin.model import CreateLao, LaoSummary
from taxmap.core.crs import crs_label, is_projected_metres, operation, parse_crs
from taxmap.core.db import UnitOfWork, check_database
from taxmap.core.errors import AlreadyExists, InvalidInput
from taxmap.core.geoio import read_vector


def as_multipolygon(geom: BaseGeometry, *, field: str) -> MultiPolygon:
    """Return geom as a valid MultiPolygon, or name the field whose geometry is unusable."""
    if geom.is_empty:
        raise InvalidInput(field, "The boundary is empty.", "ขอบเขตว่างเปล่า")
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    polygons += [
        p for g in getattr(geom, "geoms", []) if g.geom_type == "MultiPolygon" for p in g.geoms
    ]
    if not polygons:
        raise InvalidInput(
            field,
            f"The boundary must be a polygon; got {geom.geom_type}.",
            f"ขอบเขตต้องเป็นรูปหลายเหลี่ยม แต่ได้ {geom.geom_type}",
        )
    return MultiPolygon(polygons)


def read_boundary(path: Any, srid: int) -> MultiPolygon:
    """Read a boundary file, dissolve it and transform it into the storage CRS."""
    frame = read_vector(path, field="boundary")
    op = operation(frame.crs, srid)
    merged = shapely.union_all(frame.geometry.values)
    return as_multipolygon(op.transform_geometries(merged), field="boundary")


def validate_storage_srid(srid: int) -> int:
    """Accept only projected CRSs in metres for storage (rule 7)."""
    crs = parse_crs(srid, field="srid")
    if not is_projected_metres(crs):
        raise InvalidInput(
            "srid",
            f"{crs_label(crs)} ({crs.name}) is not a projected CRS in metres; parcels are stored "
            "in one, e.g. EPSG:32648 (WGS 84 / UTM 48N) or EPSG:32647.",
            f"{crs_label(crs)} ไม่ใช่ระบบพิกัดฉากหน่วยเมตร ใช้ เช่น EPSG:32648",
        )
    return int(crs.to_epsg() or srid)


def create_lao(cmd: CreateLao, bind: Engine | Connection) -> int:
    """Register a new LAO with its storage CRS and (optionally) its boundary."""
    srid = validate_storage_srid(cmd.srid)
    if not cmd.code.strip():
        raise InvalidInput("code", "The LAO code is empty.", "รหัส อปท. ว่าง")
    boundary = read_boundary(cmd.boundary_file, srid) if cmd.boundary_file else None
    with UnitOfWork(bind) as uow:
        if repository.lao_exists(uow.conn, cmd.code):
            raise AlreadyExists(
                f"An LAO with the code '{cmd.code}' already exists.",
                f"มี อปท. รหัส '{cmd.code}' อยู่แล้ว",
                details={"lao": cmd.code},
            )
        lao_id = repository.insert_lao(
            uow.conn,
            {
                "code": cmd.code,
                "name_th": cmd.name_th,
                "name_en": cmd.name_en,
                "srid": srid,
                "kind": cmd.kind,
                "province_th": cmd.province_th,
                "district_th": cmd.district_th,
            },
            boundary,
        )
        uow.commit()
    return lao_id


def list_laos(bind: Engine | Connection) -> list[LaoSummary]:
    """List every LAO with the size of its fabric."""
    with UnitOfWork(bind) as uow:
        return repository.list_laos(uow.conn)


def health(engine: Engine) -> dict[str, Any]:
    """Report whether the database is reachable, its PostGIS version and schema revision."""
    status = check_database(engine)
    return {
        "status": "ok",
        "database": "ok",
        "postgresql": status.server_version,
        "postgis": status.postgis_version,
        "schema_revision": status.schema_revision,
    }


def record_personal_views(
    lao_code: str, owner_nos: list[int], actor: str, what: str, bind: Engine | Connection
) -> None:
    """Write to the audit log that `actor` saw owners' personal data (PDPA), one entry each."""
    if not owner_nos:
        return
    with UnitOfWork(bind) as uow:
        lao = repository.get_lao(uow.conn, lao_code)
        repository.append_audit_rows(
            uow.conn,
            [
                repository.audit_row(lao.id, actor, "view", "owner", n, None, None, {"as": what})
                for n in owner_nos
            ],
        )
        uow.commit()


def record_export(
    lao_code: str, what: str, rows: int, actor: str, bind: Engine | Connection
) -> None:
    """Write to the audit log that `actor` exported personal data (PDPA): what and how many rows."""
    with UnitOfWork(bind) as uow:
        lao = repository.get_lao(uow.conn, lao_code)
        repository.append_audit(
            uow.conn, lao.id, actor, "export", "export", 0, after={"what": what, "rows": rows}
        )
        uow.commit()
