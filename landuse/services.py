"""Use cases on planning layers: import, list, style, refresh overlays (one transaction each)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geoalchemy2.shape import to_shape
from sqlalchemy.engine import Connection, Engine

from landuse import overlays, repository
from landuse.classes import class_table, theme
from landuse.layer_import import read_vector_layer
from landuse.model import ImportLayer, LayerReport, Theme
from landuse.raster_import import inspect_raster, keep_copy
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.core.settings import Settings

NO_OVERLAY_THEMES = {"road", "river", "building_observed", "sign_observed"}


def layer_folder(settings: Settings, lao_code: str) -> Path:
    """Return the folder that keeps an LAO's raster layers (var/layers/<LAO>)."""
    return settings.var_dir / "layers" / lao_code


def raster_file(settings: Settings, layer: Any) -> Path:
    """Return the stored raster file of a raster layer row."""
    return settings.var_dir / str(layer.raster_path)


def classes_snapshot(th: Theme) -> dict[str, Any]:
    """Return the class table of a theme as stored with each layer (code -> label, colour)."""
    if not th.classes:
        return {th.name: {"name_th": th.name_th, "name_en": th.name_en, "fill": th.fill}}
    return {
        c.code: {
            "name_th": c.name_th,
            "name_en": c.name_en,
            "group": c.group,
            "fill": c.fill,
            **({"hatch": c.hatch} if c.hatch else {}),
        }
        for c in class_table(th.classes).classes
    }


def import_layer(
    cmd: ImportLayer, settings: Settings, bind: Engine | Connection, *, overlay: bool = True
) -> LayerReport:
    """Import a vector or raster layer for an LAO (dated), then compute its parcel overlay."""
    th = theme(cmd.theme)
    path = Path(cmd.path)
    if not cmd.code.replace("_", "").replace("-", "").isalnum():
        raise InvalidInput(
            "code",
            f"layer code '{cmd.code}' may hold only letters, digits, '-' and '_'.",
            f"รหัสชั้นข้อมูล '{cmd.code}' ใช้ได้เฉพาะตัวอักษร ตัวเลข - และ _",
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, cmd.lao_code)
        boundary = to_shape(lao.boundary) if lao.boundary is not None else None
        if cmd.replace:
            repository.delete_layer(uow.conn, lao.id, cmd.code, cmd.as_of)
        base = {
            "code": cmd.code,
            "as_of": cmd.as_of,
            "kind": th.kind,
            "theme": th.name,
            "name_th": cmd.name_th or th.name_th,
            "name_en": cmd.name_en or th.name_en,
            "class_table": th.classes,
            "unit": th.unit,
            "classes": {} if th.continuous else classes_snapshot(th),
            "source_file": path.name,
            "actor": cmd.actor,
        }
        report = LayerReport(layer_id=None, code=cmd.code, as_of=cmd.as_of, kind=th.kind)
        if th.kind == "vector":
            read = read_vector_layer(
                path,
                th,
                srid=lao.srid,
                boundary=boundary,
                class_field=cmd.class_field,
                layer=cmd.layer,
                crs=cmd.crs,
            )
            layer_id = repository.insert_layer(
                uow.conn,
                lao.id,
                {
                    **base,
                    "class_field": read.class_field,
                    "source_crs": read.source_crs,
                    "operation": read.operation,
                    "features": len(read.rows),
                },
            )
            repository.insert_features(uow.conn, lao.id, layer_id, lao.srid, read.rows)
            report.features, report.rejected = len(read.rows), read.rejected
            report.findings, report.source_crs = read.findings, read.source_crs
            report.operation = read.operation
        else:
            info = inspect_raster(path, th, srid=lao.srid, boundary=boundary)
            name = f"{cmd.code}_{cmd.as_of.isoformat()}"
            stored, sha = keep_copy(path, layer_folder(settings, lao.code), name)
            layer_id = repository.insert_layer(
                uow.conn,
                lao.id,
                {
                    **base,
                    "source_crs": info.crs,
                    "operation": "none: cells are read in the raster's own CRS; parcels are "
                    "transformed to it for the overlay",
                    "raster_path": str(stored.relative_to(settings.var_dir)),
                    "raster_sha256": sha,
                    "raster_transform": info.transform,
                    "raster_width": info.width,
                    "raster_height": info.height,
                    "raster_nodata": info.nodata,
                    "raster_dtype": info.dtype,
                },
            )
            report.findings, report.source_crs = info.findings, info.crs
            report.classes = {f"{v:g}": 0 for v in info.values} if not th.continuous else {}
        report.layer_id = layer_id
        if th.kind == "vector":
            report.classes = repository.layer_class_counts(uow.conn, lao.id, layer_id)
        if overlay and th.name not in NO_OVERLAY_THEMES:
            stored_layer = repository.get_layer(uow.conn, lao.id, cmd.code, cmd.as_of)
            _refresh_one(uow.conn, settings, lao, stored_layer)
        uow.commit()
    return report


def _refresh_one(conn: Connection, settings: Settings, lao: Any, layer: Any) -> int:
    """Recompute one layer's overlay inside the caller's transaction."""
    if layer.kind == "vector":
        rows = overlays.refresh_vector(conn, lao.id, layer.id)
    else:
        rows = overlays.refresh_raster(
            conn,
            lao.id,
            lao.srid,
            layer,
            raster_file(settings, layer),
            continuous=layer.unit is not None,
        )
    repository.mark_overlaid(conn, lao.id, layer.id)
    return rows


def refresh_overlays(
    lao_code: str,
    settings: Settings,
    bind: Engine | Connection,
    *,
    code: str | None = None,
    stale_only: bool = False,
) -> dict[str, int]:
    """Recompute the overlays of one layer, of the stale ones, or of all; return rows per layer."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        layers = repository.list_layers(uow.conn, lao.id)
        if code is not None:
            layers = [row for row in layers if row.code == code] or [
                repository.get_layer(uow.conn, lao.id, code)
            ]
        if stale_only:
            stale = set(repository.stale_layer_ids(uow.conn, lao.id))
            layers = [row for row in layers if row.id in stale]
        done = {
            f"{row.code}@{row.as_of.isoformat()}": _refresh_one(uow.conn, settings, lao, row)
            for row in layers
            if row.theme not in NO_OVERLAY_THEMES
        }
        uow.commit()
    return done


def list_layers(lao_code: str, bind: Engine | Connection) -> list[dict[str, Any]]:
    """Return every layer of the LAO with its date, kind, CRS, size and overlay time."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        rows = repository.list_layers(uow.conn, lao.id)
        stale = set(repository.stale_layer_ids(uow.conn, lao.id))
    return [
        {
            "code": r.code,
            "as_of": r.as_of.isoformat(),
            "kind": r.kind,
            "theme": r.theme,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "class_table": r.class_table,
            "unit": r.unit,
            "crs": r.source_crs,
            "features": r.features if r.kind == "vector" else None,
            "raster": None
            if r.kind == "vector"
            else {
                "path": r.raster_path,
                "sha256": r.raster_sha256,
                "width": r.raster_width,
                "height": r.raster_height,
                "transform": list(r.raster_transform),
                "nodata": r.raster_nodata,
                "dtype": r.raster_dtype,
            },
            "overlay_at": r.overlay_at.isoformat() if r.overlay_at else None,
            "overlay_stale": r.id in stale and r.theme not in NO_OVERLAY_THEMES,
        }
        for r in rows
    ]


def layer_style(lao_code: str, code: str, bind: Engine | Connection) -> dict[str, Any]:
    """Return a layer's style from its class table: fill, stroke and labels per class."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        layer = repository.get_layer(uow.conn, lao.id, code)
    classes = dict(layer.classes)
    return {
        "layer": layer.code,
        "as_of": layer.as_of.isoformat(),
        "kind": layer.kind,
        "classes": [
            {
                "code": c,
                "label_th": v["name_th"],
                "label_en": v["name_en"],
                "fill": v["fill"],
                "stroke": _darker(v["fill"]),
                **({"hatch": v["hatch"]} if v.get("hatch") else {}),
            }
            for c, v in classes.items()
        ],
    }


def _darker(hex_colour: str) -> str:
    """Return the outline colour for a fill: the same hue at 70 % brightness."""
    value = int(hex_colour.lstrip("#"), 16)
    r, g, b = (value >> 16) & 255, (value >> 8) & 255, value & 255
    return "#{:02X}{:02X}{:02X}".format(*(int(c * 0.7) for c in (r, g, b)))
