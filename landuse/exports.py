"""Exports of planner results: CSV, XLSX, GeoPackage, and bar charts as SVG and PNG."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from html import escape
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import typst
from openpyxl import Workbook

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gpkg": "application/geopackage+sqlite3",
}


def _plain(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Return columns and values without geometry, numbers and text kept as they are."""
    columns = [c for c in (rows[0] if rows else {}) if c != "geojson"]
    values = [
        [
            r.get(c) if isinstance(r.get(c), int | float | str | type(None)) else str(r.get(c))
            for c in columns
        ]
        for r in rows
    ]
    return columns, values


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """Return the rows as CSV with a BOM, so Excel reads the Thai text as UTF-8."""
    columns, values = _plain(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(values)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, Any]], title: str = "parcels") -> bytes:
    """Return the rows as an Excel workbook with one sheet."""
    columns, values = _plain(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(columns)
    for row in values:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_gpkg(rows: list[dict[str, Any]], layer: str = "parcels") -> bytes:
    """Return rows that carry `geojson` (EPSG:4326) as a GeoPackage."""
    columns, values = _plain(rows)
    geoms = [shapely.from_geojson(r["geojson"]) if r.get("geojson") else None for r in rows]
    frame = gpd.GeoDataFrame(
        {c: [v[i] for v in values] for i, c in enumerate(columns)}, geometry=geoms, crs=4326
    )
    with tempfile.TemporaryDirectory(prefix="taxmap-gpkg-") as folder:
        path = Path(folder) / f"{layer}.gpkg"
        frame.to_file(path, driver="GPKG", layer=layer)
        return path.read_bytes()


def export(rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, str]:
    """Return the rows in a format (csv, xlsx, gpkg) and its media type."""
    if fmt == "csv":
        return to_csv(rows), FORMATS[fmt]
    if fmt == "xlsx":
        return to_xlsx(rows), FORMATS[fmt]
    if fmt == "gpkg":
        return to_gpkg(rows), FORMATS[fmt]
    from taxmap.core.errors import InvalidInput

    raise InvalidInput(
        "format",
        f"'{fmt}' is not an export format; use csv, xlsx or gpkg.",
        f"'{fmt}' ไม่ใช่รูปแบบส่งออก",
    )


def bar_chart_svg(title: str, bars: list[tuple[str, float, str]], unit: str = "") -> str:
    """Draw a horizontal bar chart (label, value, #colour) as a standalone SVG document."""
    width, left, bar_h, gap, top = 640, 220, 22, 8, 40
    height = top + len(bars) * (bar_h + gap) + 20
    biggest = max((v for _, v, _ in bars), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Norasi, Garuda, sans-serif" '
        'font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
        f'<text x="10" y="24" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    for n, (label, value, colour) in enumerate(bars):
        y = top + n * (bar_h + gap)
        w = (width - left - 110) * value / biggest
        parts += [
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
            'stroke="#333333" stroke-width="0.5"/>',
            f'<text x="{left + w + 6:.1f}" y="{y + 16}">{value:,.2f}{escape(unit)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def svg_to_png(svg: str, ppi: int = 144) -> bytes:
    """Render an SVG to PNG with typst (installed), fitting the page to the picture."""
    source = (
        "#set page(width: auto, height: auto, margin: 0pt)\n"
        f'#image(bytes({json.dumps(svg, ensure_ascii=False)}), format: "svg")\n'
    )
    png = typst.compile(source.encode("utf-8"), format="png", ppi=ppi)
    assert isinstance(png, bytes)
    return png
