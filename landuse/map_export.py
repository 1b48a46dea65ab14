"""An offline HTML map of planner results (folium), zipped with its own Leaflet JS and CSS.

Leaflet comes from the npm project in frontend/ (exact version in frontend/package.json, the one
folium 0.20 expects); no script or stylesheet is loaded from a CDN and there is no base map, so
the map opens on a computer without internet.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import folium

from taxmap.core.errors import ConfigurationError
from taxmap.core.settings import PROJECT_ROOT

LEAFLET_DIR = PROJECT_ROOT / "frontend" / "node_modules" / "leaflet" / "dist"
# Land-use tax categories (LBT Act s.37) and their fills; several categories share "mixed".
COLOURS = {
    "agri": "#8bc34a",
    "residential": "#ffb300",
    "other": "#e53935",
    "vacant": "#9e9e9e",
    "mixed": "#8e24aa",
    "": "#ffffff",
}
LEGEND = {
    "agri": "เกษตรกรรม / Agriculture",
    "residential": "อยู่อาศัย / Residential",
    "other": "อื่น ๆ / Other",
    "vacant": "ว่างเปล่า / Vacant",
    "mixed": "หลายประเภท / Mixed",
    "": "ไม่ระบุ / None",
}


def _class_of(row: dict[str, Any]) -> str:
    categories = str(row.get("categories") or "")
    return "mixed" if "," in categories else categories if categories in COLOURS else ""


def _features(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": json.loads(r["geojson"]),
                "properties": {
                    "code": r["code"],
                    "class": _class_of(r),
                    "area": str(r.get("area_rai", "")),
                },
            }
            for r in rows
            if r.get("geojson")
        ],
    }


def map_html(rows: list[dict[str, Any]], title: str) -> str:
    """Return the map page, parcels coloured by tax category, loading ./leaflet.js and .css."""
    fmap = folium.Map(tiles=None, control_scale=True, zoom_start=15)
    fmap.default_js = [("leaflet", "leaflet.js")]
    fmap.default_css = [("leaflet_css", "leaflet.css")]
    data = _features(rows)
    layer = folium.GeoJson(
        data,
        name=title,
        style_function=lambda f: {
            "fillColor": COLOURS[f["properties"]["class"]],
            "color": "#333333",
            "weight": 1,
            "fillOpacity": 0.7,
        },
        popup=folium.GeoJsonPopup(fields=["code", "class", "area"]),
    )
    layer.add_to(fmap)
    if data["features"]:
        fmap.fit_bounds(layer.get_bounds())  # type: ignore[arg-type]  # never None here
    legend = "".join(
        f'<div><span style="background:{COLOURS[k]};padding:0 8px;margin-right:4px"></span>'
        f"{label}</div>"
        for k, label in LEGEND.items()
    )
    fmap.get_root().html.add_child(  # type: ignore[attr-defined]
        folium.Element(
            '<div style="position:fixed;bottom:20px;left:10px;z-index:1000;background:#fff;'
            f'padding:6px;font:12px sans-serif"><b>{title}</b>{legend}</div>'
        )
    )
    return str(fmap.get_root().render())


def map_zip(rows: list[dict[str, Any]], title: str, leaflet_dir: Path = LEAFLET_DIR) -> bytes:
    """Return a zip of map.html with leaflet.js, leaflet.css and Leaflet's images beside it."""
    if not (leaflet_dir / "leaflet.js").is_file():
        raise ConfigurationError(
            f"Leaflet is missing from {leaflet_dir}: run `cd frontend && npm ci`.",
            f"ไม่พบไฟล์ Leaflet ที่ {leaflet_dir} ให้รัน `cd frontend && npm ci`",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("map.html", map_html(rows, title))
        archive.write(leaflet_dir / "leaflet.js", "leaflet.js")
        archive.write(leaflet_dir / "leaflet.css", "leaflet.css")
        for image in sorted((leaflet_dir / "images").glob("*.png")):
            archive.write(image, f"images/{image.name}")
    return buffer.getvalue()
