"""Planning layers, per-parcel overlays, planner queries and indicators over HTTP.

Prefixes: /api/v1/laos/{lao}/layers (the layers themselves) and /api/v1/laos/{lao}/planning
(questions asked of them). Results are JSON, or a file with `format=csv|xlsx|gpkg` (tables),
`format=svg|png` (charts).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response

from landuse import exports, map_export, planning, services
from landuse.model import ImportLayer
from landuse.queries import parse_layer_filters
from taxmap.admin.roles import Principal
from taxmap.core.errors import InvalidInput
from taxmap.core.uploads import UploadLimits, check_upload, save_upload
from web.access import Allow
from web.deps import EngineDep, SettingsDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["planning"])
TableFormat = Annotated[str, Query(pattern="^(json|csv|xlsx|gpkg)$")]


def _file(rows: list[dict[str, Any]], fmt: str, name: str) -> Response:
    content, media = exports.export(rows, fmt)
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get("/layers", dependencies=[Allow.read])
def list_layers(lao: str, engine: EngineDep) -> list[dict[str, Any]]:
    """List the LAO's planning layers with their dates, CRS and overlay state."""
    return services.list_layers(lao, engine)


@router.post("/layers")
def upload_layer(
    caller: Annotated[Principal, Allow.plan],
    lao: str,
    engine: EngineDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="GPKG, zipped SHP, GeoJSON, FGB or GeoTIFF")],
    theme: Annotated[str, Form()],
    code: Annotated[str, Form()],
    as_of: Annotated[date, Form()],
    class_field: Annotated[str | None, Form()] = None,
    crs: Annotated[str | None, Form()] = None,
    replace: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import an uploaded layer (dated) and compute its per-parcel overlay."""
    limits = UploadLimits.from_settings(settings)
    name = check_upload(file.filename, file.size, limits)
    with tempfile.TemporaryDirectory(prefix="taxmap-layer-") as folder:
        path = save_upload(file.file, Path(folder), name, limits)
        report = services.import_layer(
            ImportLayer(
                lao_code=lao,
                path=str(path),
                theme=theme,
                code=code,
                as_of=as_of,
                class_field=class_field,
                crs=crs,
                actor=caller.actor,
                replace=replace,
            ),
            settings,
            engine,
        )
    return report.to_json()


@router.get("/layers/{code}/style", dependencies=[Allow.read])
def layer_style(lao: str, code: str, engine: EngineDep) -> dict[str, Any]:
    """Return the layer's style from its class table (fill, stroke, Thai and English labels)."""
    return services.layer_style(lao, code, engine)


@router.post("/layers/overlays/refresh", dependencies=[Allow.plan])
def refresh(
    lao: str,
    engine: EngineDep,
    settings: SettingsDep,
    code: str | None = None,
    stale_only: bool = False,
) -> dict[str, int]:
    """Recompute per-parcel overlays (one layer, the stale ones, or all)."""
    return services.refresh_overlays(lao, settings, engine, code=code, stale_only=stale_only)


@router.get("/planning/parcels", dependencies=[Allow.plan], response_model=None)
def parcels(
    lao: str,
    engine: EngineDep,
    layer: Annotated[list[str] | None, Query(description="code:class1,class2[:min_share]")] = None,
    category: Annotated[list[str] | None, Query()] = None,
    tambon: str | None = None,
    zone: str | None = None,
    block: str | None = None,
    village_no: int | None = None,
    near: Annotated[str | None, Query(description="layer code to measure from")] = None,
    within_m: float | None = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx|gpkg|map)$")] = "json",
) -> Any:
    """Filter parcels by layer classes, register attributes, tax category and distance.

    `format=map` gives an offline map: a zip of map.html with its own Leaflet files.
    """
    rows = planning.search_parcels(
        lao,
        engine,
        layers=parse_layer_filters(layer or []),
        near=(near, within_m if within_m is not None else -1.0) if near else None,
        categories=tuple(category or ()),
        tambon=tambon,
        zone=zone,
        block=block,
        village_no=village_no,
        limit=limit,
    )
    if format == "json":
        return rows
    if format == "map":
        return Response(
            map_export.map_zip(rows, f"แปลงที่ดิน / Parcels {lao}"),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="parcels-{lao}-map.zip"'},
        )
    return _file(rows, format, f"parcels-{lao}")


@router.get("/planning/summary", dependencies=[Allow.plan], response_model=None)
def summary(
    lao: str,
    engine: EngineDep,
    layer: str,
    by: Annotated[str, Query(pattern="^(tambon|zone|block)$")] = "tambon",
    as_of: date | None = None,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx|svg|png)$")] = "json",
) -> Any:
    """Return the area of each class of a layer per tambon, zone or block; or its chart."""
    rows = planning.class_summary(lao, layer, by, engine, as_of)
    if format == "json":
        return rows
    if format in ("csv", "xlsx"):
        return _file(rows, format, f"summary-{layer}-{by}")
    svg = planning.summary_chart(rows, layer)
    if format == "svg":
        return Response(svg, media_type="image/svg+xml")
    return Response(exports.svg_to_png(svg), media_type="image/png")


@router.get("/planning/change", dependencies=[Allow.plan])
def change(lao: str, engine: EngineDep, layer: str, before: date, after: date) -> dict[str, Any]:
    """Compare two dates of a layer: class areas and parcels' dominant-class transitions."""
    return planning.change_between(lao, layer, before, after, engine)


@router.get("/planning/mismatches", dependencies=[Allow.revenue], response_model=None)
def mismatches(lao: str, engine: EngineDep, format: TableFormat = "json") -> Any:
    """Declared uses that disagree with land cover or the plan; unregistered buildings, signs."""
    report = planning.mismatch_report(lao, engine)
    if format == "json":
        return report
    if format == "gpkg":
        raise InvalidInput("format", "mismatches export as json, csv or xlsx.")
    return _file(report["parcels"], format, f"mismatches-{lao}")


@router.get("/planning/indicators", dependencies=[Allow.plan])
def indicators(
    lao: str, engine: EngineDep, settings: SettingsDep, since: date | None = None
) -> list[dict[str, Any]]:
    """Smart-environment indicators per tambon (green per resident, built-up, flood, change)."""
    return planning.tambon_indicators(lao, settings, engine, since=since)
