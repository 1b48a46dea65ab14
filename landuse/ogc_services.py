"""OGC API Features use cases for one LAO: collections of parcels, buildings and layers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection, Engine

from landuse import ogc
from landuse import ogc_repository as repo
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork

Entry = tuple[str, str, repo.Source, dict[str, Any]]  # title, description, source, bound values
FIXED = {
    "parcels": ("แปลงที่ดิน / Parcels", "แปลงที่ดินปัจจุบัน / Current parcels", repo.PARCELS),
    "buildings": ("อาคาร / Buildings", "อาคารปัจจุบัน / Current buildings", repo.BUILDINGS),
}


def _sources(conn: Connection, lao_id: int) -> dict[str, Entry]:
    """Map collection id to (title, description, source, bound values), in listing order."""
    out: dict[str, Entry] = {
        cid: (title, desc, src, {"lao": lao_id}) for cid, (title, desc, src) in FIXED.items()
    }
    for layer in repo.vector_layers(conn, lao_id):
        if layer.code in out:
            continue  # a layer may not hide the parcels or buildings
        out[layer.code] = (
            f"{layer.name_th} / {layer.name_en}",
            f"ชั้นข้อมูล {layer.code} ({layer.theme}) ณ {layer.as_of} / "
            f"Layer {layer.code} ({layer.theme}) as of {layer.as_of}",
            repo.LAYER,
            {"lao": lao_id, "layer": layer.id},
        )
    return out


def _find(conn: Connection, lao_id: int, cid: str) -> Entry:
    found = _sources(conn, lao_id).get(cid)
    if found is None:
        raise ogc.CollectionNotFound(
            f"No collection '{cid}' here: list them at /collections.",
            f"ไม่พบชุดข้อมูล '{cid}' ดูรายการที่ /collections",
            details={"collection": cid},
        )
    return found


def landing(lao: str, root: str, server: str, engine: Engine) -> dict[str, Any]:
    """Return the LAO's landing page (404 for an unknown LAO)."""
    with UnitOfWork(engine) as uow:
        row = get_lao(uow.conn, lao)
    return ogc.landing(root, server, f"{row.name_th} / {row.name_en}")


def collections(lao: str, root: str, engine: Engine) -> dict[str, Any]:
    """Describe every collection of the LAO."""
    with UnitOfWork(engine) as uow:
        row = get_lao(uow.conn, lao)
        docs = [
            ogc.collection(
                root, cid, title, desc, repo.extent(uow.conn, src, values, row.srid), row.srid
            )
            for cid, (title, desc, src, values) in _sources(uow.conn, row.id).items()
        ]
    return ogc.collections(root, docs)


def collection(lao: str, cid: str, root: str, engine: Engine) -> dict[str, Any]:
    """Describe one collection."""
    with UnitOfWork(engine) as uow:
        row = get_lao(uow.conn, lao)
        title, desc, src, values = _find(uow.conn, row.id, cid)
        box = repo.extent(uow.conn, src, values, row.srid)
    return ogc.collection(root, cid, title, desc, box, row.srid)


def items(
    lao: str, cid: str, params: Sequence[tuple[str, str]], root: str, engine: Engine
) -> tuple[dict[str, Any], str]:
    """Return a page of the collection's features and the URI of their CRS."""
    with UnitOfWork(engine) as uow:
        row = get_lao(uow.conn, lao)
        q = ogc.parse_items(params, row.srid)
        _, _, src, values = _find(uow.conn, row.id, cid)
        matched, rows = repo.page(uow.conn, src, values, row.srid, q)
    features = [ogc.feature(root, cid, fid, geom, props) for fid, geom, props in rows]
    return ogc.feature_collection(root, cid, features, matched, q, params), q.crs.uri


def feature(
    lao: str, cid: str, fid: str, params: Sequence[tuple[str, str]], root: str, engine: Engine
) -> tuple[dict[str, Any], str]:
    """Return one feature and the URI of its CRS."""
    with UnitOfWork(engine) as uow:
        row = get_lao(uow.conn, lao)
        crs = ogc.parse_feature(params, row.srid)
        _, _, src, values = _find(uow.conn, row.id, cid)
        found = repo.one(uow.conn, src, values, fid, crs)
    if found is None:
        raise ogc.FeatureNotFound(
            f"Collection '{cid}' has no feature '{fid}'.",
            f"ชุดข้อมูล '{cid}' ไม่มีรายการ '{fid}'",
            details={"collection": cid, "feature": fid},
        )
    return ogc.feature(root, cid, *found), crs.uri
