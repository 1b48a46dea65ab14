"""Planner use cases: parcel queries, summaries, change, mismatches, indicators (read-only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection, Engine

from landuse import indicators, mismatch_repository, queries, repository
from landuse.classes import rules
from landuse.exports import bar_chart_svg
from landuse.mismatch import find_mismatches, group_shares
from landuse.services import raster_file
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.core.settings import Settings
from taxmap.core.units import format_area


def _groups(layer: Any) -> dict[str, str]:
    return {code: v.get("group", code) for code, v in dict(layer.classes).items()}


def _expand(layer: Any, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """Return class codes for codes or group names (e.g. 'built' -> every built class)."""
    groups = _groups(layer)
    out = [c for c in groups if c in wanted or groups[c] in wanted]
    unknown = [w for w in wanted if w not in groups and w not in groups.values()]
    if unknown:
        raise InvalidInput(
            "classes",
            f"{', '.join(unknown)}: not a class or group of layer {layer.code}; its classes are "
            f"{', '.join(groups)}.",
            f"{', '.join(unknown)} ไม่ใช่ประเภทของชั้นข้อมูล {layer.code}",
        )
    return tuple(out)


def search_parcels(
    lao_code: str,
    bind: Engine | Connection,
    *,
    layers: list[tuple[str, tuple[str, ...], float]] = (),  # type: ignore[assignment]
    near: tuple[str, float] | None = None,
    **conditions: Any,
) -> list[dict[str, Any]]:
    """Filter parcels by layer classes (code, classes, min share), register, category, distance."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        filters = []
        for code, classes, share in layers:
            layer = repository.get_layer(uow.conn, lao.id, code)
            filters.append(queries.LayerFilter(layer.id, _expand(layer, classes), share))
        near_id, within = None, None
        if near is not None:
            near_id = repository.get_layer(uow.conn, lao.id, near[0]).id
            within = near[1]
        q = queries.ParcelQuery(
            layers=tuple(filters), near_layer_id=near_id, within_m=within, **conditions
        )
        rows = queries.find_parcels(uow.conn, lao.id, q)
    for r in rows:
        r["area_rai"] = format_area(r["area_m2"])
    return rows


def class_summary(
    lao_code: str, code: str, by: str, bind: Engine | Connection, as_of: date | None = None
) -> list[dict[str, Any]]:
    """Return the area of each class of a layer per tambon, zone or block (within parcels)."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        layer = repository.get_layer(uow.conn, lao.id, code, as_of)
        rows = queries.area_by_class(uow.conn, lao.id, layer.id, by)
    info = dict(layer.classes)
    return [
        {
            **r,
            "class_th": info.get(r["class_code"], {}).get("name_th", r["class_code"]),
            "fill": info.get(r["class_code"], {}).get("fill", "#888888"),
        }
        for r in rows
    ]


def summary_chart(rows: list[dict[str, Any]], layer: str) -> str:
    """Draw the total area (rai) of each class of a class summary as an SVG bar chart."""
    totals: dict[str, list[Any]] = {}
    for r in rows:
        entry = totals.setdefault(
            r["class_code"], [f"{r['class_th']} {r['class_code']}", 0.0, r["fill"]]
        )
        entry[1] += r["area_m2"] / 1600
    bars = [(label, value, fill) for label, value, fill in totals.values()]
    return bar_chart_svg(f"พื้นที่ตามประเภท ({layer}) / Area by class, rai", bars, " ไร่")


def change_between(
    lao_code: str, code: str, before: date, after: date, bind: Engine | Connection
) -> dict[str, Any]:
    """Compare a layer at two dates: class areas and parcels' dominant-class transitions."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        old = repository.get_layer(uow.conn, lao.id, code, before)
        new = repository.get_layer(uow.conn, lao.id, code, after)
        change = queries.layer_change(uow.conn, lao.id, old.id, new.id)
    return {"layer": code, "before": before.isoformat(), "after": after.isoformat(), **change}


def mismatch_report(lao_code: str, bind: Engine | Connection) -> dict[str, Any]:
    """Find declared uses that disagree with land cover or the plan, and unregistered objects."""
    r = rules()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        year, tax = mismatch_repository.tax_by_parcel(conn, lao.id)
        observed, used = {}, {}
        for theme in {rule.theme for rule in r.mismatch}:
            layer = repository.newest_of_theme(conn, lao.id, theme)
            if layer is not None:
                shares = mismatch_repository.class_shares(conn, lao.id, layer.id)
                observed[theme] = group_shares(shares, _groups(layer))
                used[theme] = f"{layer.code}@{layer.as_of.isoformat()}"
        declared = mismatch_repository.declared_shares(conn, lao.id)
        parcels = find_mismatches(declared, observed, r.mismatch, tax)
        buildings, signs = [], []
        seen = repository.newest_of_theme(conn, lao.id, "building_observed")
        if seen is not None:
            buildings = [
                dict(row._mapping)
                for row in mismatch_repository.unregistered_buildings(
                    conn, lao.id, seen.id, r.building_covered_share
                )
            ]
            used["building_observed"] = f"{seen.code}@{seen.as_of.isoformat()}"
        seen = repository.newest_of_theme(conn, lao.id, "sign_observed")
        if seen is not None:
            signs = [
                dict(row._mapping)
                for row in mismatch_repository.unregistered_signs(
                    conn, lao.id, seen.id, r.sign_distance_m
                )
            ]
            used["sign_observed"] = f"{seen.code}@{seen.as_of.isoformat()}"
        ids = [int(o["parcel_id"]) for o in buildings + signs if o["parcel_id"] is not None]
        codes = mismatch_repository.parcel_codes(conn, lao.id, ids)
    for o in buildings + signs:
        pid = o.pop("parcel_id")
        o["parcel"] = codes.get(pid) if pid is not None else None
        o["tax_at_stake"] = tax.get(pid, Decimal("0.00")) if pid is not None else Decimal("0.00")
        o["x"], o["y"] = round(float(o["x"]), 2), round(float(o["y"]), 2)
        if "area_m2" in o:
            o["area_m2"] = round(float(o["area_m2"]), 2)
            o["covered_share"] = round(float(o["covered_share"]), 4)
    for items in (buildings, signs):
        items.sort(key=lambda o: (-o["tax_at_stake"], o["feature_id"]))
    for p in parcels:
        p.pop("parcel_id")
        p["tax_at_stake"] = str(p["tax_at_stake"])
    for o in buildings + signs:
        o["tax_at_stake"] = str(o["tax_at_stake"])
    return {
        "lao": lao_code,
        "roll_year": year,
        "layers": used,
        "parcels": parcels,
        "unregistered_buildings": buildings,
        "unregistered_signs": signs,
    }


def tambon_indicators(
    lao_code: str, settings: Settings, bind: Engine | Connection, *, since: date | None = None
) -> list[dict[str, Any]]:
    """Return the smart-environment indicators of each tambon of the LAO."""
    r = rules()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        pcodes, names, geoms = indicators.tambons(conn, lao.id)
        cover = repository.newest_of_theme(conn, lao.id, "land_cover")
        old_cover = repository.newest_of_theme(conn, lao.id, "land_cover", since) if since else None
        flood_layer = repository.newest_of_theme(conn, lao.id, "flood_prone")
        flood = indicators.flood_exposure(conn, lao.id, flood_layer.id) if flood_layer else {}
    population = dict(lao.settings.get("population", {}))
    area = np.array([g.area for g in geoms])
    green = np.zeros(len(geoms))
    built = np.zeros(len(geoms))
    built_over = None
    if cover is not None and len(geoms):
        groups = _groups(cover)
        areas = indicators.group_areas(geoms, lao.srid, raster_file(settings, cover), cover, groups)
        for row in areas.itertuples(index=False):
            if row.group in r.green_groups:
                green[row.i] += row.area_m2
            if row.group in r.built_groups:
                built[row.i] += row.area_m2
        if old_cover is not None and old_cover.id != cover.id:
            farm = {float(c) for c, g in groups.items() if g in r.farmland_groups}
            built_codes = {float(c) for c, g in groups.items() if g in r.built_groups}
            built_over = indicators.built_over(
                geoms,
                lao.srid,
                (raster_file(settings, old_cover), old_cover),
                (raster_file(settings, cover), cover),
                farm,
                built_codes,
            )
    out = []
    for i, (pcode, name) in enumerate(zip(pcodes, names, strict=True)):
        residents = population.get(pcode)
        exposure = flood.get(name, {})
        out.append(
            {
                "pcode": pcode,
                "tambon": name,
                "area_m2": round(float(area[i]), 2),
                "residents": residents,
                "green_m2": round(float(green[i]), 2) if cover else None,
                "green_m2_per_resident": round(float(green[i]) / residents, 2)
                if cover and residents
                else None,
                "built_share": round(float(built[i] / area[i]), 4) if cover else None,
                "flood_parcels": exposure.get("parcels", 0),
                "flood_parcel_area_m2": exposure.get("parcel_area_m2", 0.0),
                "flood_parcel_value": str(exposure.get("parcel_value", Decimal("0"))),
                "flood_buildings": exposure.get("buildings", 0),
                "flood_building_value": str(exposure.get("building_value", Decimal("0"))),
                "farmland_built_over_m2": None
                if built_over is None
                else round(float(built_over[i]), 2),
                "since": since.isoformat() if since else None,
                "land_cover": f"{cover.code}@{cover.as_of.isoformat()}" if cover else None,
            }
        )
    return out
