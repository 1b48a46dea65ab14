"""Generate plausible planning layers for a generated fabric (pure): land use, plan zones,
a stream with its flood-prone strip, a forest patch, ponds, land cover, and planted mismatches.

Every choice is drawn from counter-based streams (rng.py) keyed by the parcel's position in
code order, so the same seed and fabric always give the same layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from taxmap.demo.rng import keys_for, uniform

# Declared use (and crop) -> LDD class and land-cover value (ESA WorldCover codes).
LDD = {"rice": "A101", "cassava": "A2", "maize": "A2", "sugar cane": "A2", "rubber": "A3"}
LDD |= {"cattle": "A7", "res_main": "U2", "res_other": "U2", "other": "U6", "vacant": "M1"}
COVER = {"rice": 40, "cassava": 40, "maize": 40, "sugar cane": 40, "rubber": 10, "cattle": 30}
COVER |= {"res_main": 50, "res_other": 50, "other": 50, "vacant": 30}
PLANTED = {"agri_built": 8, "vacant_cropped": 6, "commercial_in_conservation": 3}
PLANTED_BUILDINGS, PLANTED_SIGNS = 5, 4
FLOOD_M, STREAM_M = 250.0, 8.0


@dataclass
class DemoLayers:
    """The generated layers (geometries in the LAO's CRS) and what was planted where."""

    ldd: list[tuple[BaseGeometry, str]]
    zones: list[tuple[BaseGeometry, str]]
    stream: LineString
    flood: BaseGeometry
    forest: BaseGeometry
    ponds: list[BaseGeometry]
    cover: dict[str, list[tuple[BaseGeometry, int]]]  # year -> shapes to burn, in order
    buildings: list[BaseGeometry]
    signs: list[BaseGeometry]
    planted: dict[str, list[str]] = field(default_factory=dict)


def _use(frame: pd.DataFrame) -> pd.Series:
    """Return each parcel's dominant declared use: the crop for farmland, else the category."""
    return frame["crop"].where(frame["category"] == "agri", frame["category"]).fillna("vacant")


def _rank(n: int, seed: int, stream: int) -> NDArray[np.int64]:
    return np.argsort(uniform(keys_for(seed, np.arange(n)), stream), kind="stable")


def _stream(area: BaseGeometry) -> LineString:
    """Draw a meandering stream across the area from west to east, south of its centre."""
    x0, y0, x1, y1 = area.bounds
    xs = np.linspace(x0 - 100, x1 + 100, 120)
    base = y0 + 0.35 * (y1 - y0)
    ys = base + 350 * np.sin((xs - x0) / 900.0) + 120 * np.sin((xs - x0) / 260.0)
    return LineString(np.column_stack([xs, ys]))


def generate_layers(
    area: BaseGeometry,
    parcels: pd.DataFrame,
    roads: list[BaseGeometry],
    buildings: list[BaseGeometry],
    signs: list[BaseGeometry],
    seed: int,
) -> DemoLayers:
    """Return the layers for parcels (code, geometry, category, crop), sorted by code."""
    geoms = parcels["geometry"].to_numpy()
    use = _use(parcels).to_numpy()
    stream = _stream(area)
    water = shapely.intersection(stream.buffer(STREAM_M), area)
    flood = shapely.intersection(stream.buffer(FLOOD_M), area)
    # The forest patch: the farmland spot farthest from built-up land, at least 1 km from the
    # stream, inside the area.
    built = shapely.union_all(geoms[np.isin(use, ["res_main", "res_other", "other"])])
    grid = [
        Point(x, y)
        for x in np.arange(area.bounds[0], area.bounds[2], 250.0)
        for y in np.arange(area.bounds[1], area.bounds[3], 250.0)
    ]
    inner = area.buffer(-450)
    spots = [p for p in grid if inner.contains(p) and p.distance(stream) > 1000]
    centre = max(spots, key=lambda p: (round(p.distance(built), 0), -p.x, -p.y))
    forest = shapely.intersection(centre.buffer(380, quad_segs=16), area)
    # Ponds: in six rice parcels, drawn from a seeded ranking.
    rice = np.flatnonzero((use == "rice") & (shapely.area(geoms) > 3000))
    ponds = [
        shapely.intersection(shapely.point_on_surface(geoms[i]).buffer(22.0), geoms[i])
        for i in rice[_rank(len(rice), seed, 11)[:6]]
    ]
    touches = shapely.intersects(geoms, shapely.union_all([forest, flood, *ponds]))
    big = shapely.area(geoms) > 2500
    planted: dict[str, list[str]] = {}
    codes = parcels["code"].to_numpy()

    def pick(mask: NDArray[np.bool_], how_many: int, stream_no: int) -> NDArray[np.int64]:
        idx = np.flatnonzero(mask)
        return np.asarray(idx[_rank(len(idx), seed, stream_no)[:how_many]], dtype=np.int64)

    crop_use = np.isin(use, ["rice", "cassava", "maize", "sugar cane"])
    agri_built = pick(crop_use & big & ~touches, PLANTED["agri_built"], 21)
    vacant_cropped = pick((use == "vacant") & big & ~touches, PLANTED["vacant_cropped"], 22)
    conservation = pick((use == "other") & ~touches, PLANTED["commercial_in_conservation"], 23)
    planted["agri_built"] = sorted(codes[agri_built])
    planted["vacant_cropped"] = sorted(codes[vacant_cropped])
    planted["commercial_in_conservation"] = sorted(codes[conservation])

    ldd = [(g, LDD.get(u, "M1")) for g, u in zip(geoms, use, strict=True)]
    ldd += [(r, "U4") for r in roads] + [(forest, "F2"), (water, "W")] + [(p, "A9") for p in ponds]

    # The plan: villages (60 m around houses) residential, the flood strip and the forest
    # conservation, the rest rural; the planted shops' parcels are put in conservation.
    village = shapely.union_all(shapely.buffer(geoms[np.isin(use, ["res_main", "res_other"])], 60))
    planted_zone = shapely.union_all(geoms[conservation])
    village = shapely.difference(shapely.intersection(village, area), planted_zone)
    kept = shapely.union(shapely.difference(shapely.union(flood, forest), village), planted_zone)
    kept = shapely.intersection(kept, area)
    zones = [
        (village, "ย.1"),
        (kept, "ก.2"),
        (shapely.difference(area, shapely.union(village, kept)), "ก.1"),
    ]

    base = [(g, COVER.get(u, 30)) for g, u in zip(geoms, use, strict=True)]
    base += [(r, 50) for r in roads] + [(forest, 10), (water, 80)] + [(p, 80) for p in ponds]
    cover_2024 = (
        base + [(geoms[i], 50) for i in agri_built] + [(geoms[i], 40) for i in vacant_cropped]
    )
    cover = {"2020": base, "2024": cover_2024}

    # Buildings seen on imagery: every registered footprint, and a few farm sheds nobody
    # registered, in farmland parcels away from the planted ones.
    shed_at = pick(
        crop_use & big & ~touches & ~np.isin(np.arange(len(geoms)), agri_built),
        PLANTED_BUILDINGS,
        24,
    )
    sheds = [
        shapely.box(p.x - 6, p.y - 5, p.x + 6, p.y + 5)
        for p in shapely.point_on_surface(geoms[shed_at])
    ]
    planted["unregistered_buildings"] = sorted(codes[shed_at])
    # Signs found in the field: every registered sign, and shop signs nobody registered.
    sign_union = shapely.union_all(signs) if signs else Point()
    spots = shapely.point_on_surface(geoms)
    far = np.ones(len(geoms), dtype=bool)
    if not sign_union.is_empty:
        far = shapely.distance(spots, sign_union) > 30
    others = ~np.isin(np.arange(len(geoms)), conservation)
    shops = pick((use == "other") & others & far, PLANTED_SIGNS, 25)
    found = list(spots[shops])
    planted["unregistered_signs"] = sorted(codes[shops])
    return DemoLayers(
        ldd=ldd,
        zones=[(g, c) for g, c in zones if not g.is_empty],
        stream=stream,
        flood=flood,
        forest=forest,
        ponds=ponds,
        cover=cover,
        buildings=list(buildings) + sheds,
        signs=list(signs) + found,
        planted=planted,
    )


def dissolve(shapes: list[tuple[BaseGeometry, str]]) -> list[tuple[BaseGeometry, str]]:
    """Merge the shapes of each class into one multipolygon per class (what LDD maps publish)."""
    frame = pd.DataFrame({"geometry": [g for g, _ in shapes], "cls": [c for _, c in shapes]})
    out: list[tuple[BaseGeometry, str]] = []
    for cls, group in frame.groupby("cls", sort=True):
        out.append((shapely.union_all(group["geometry"].to_numpy()), str(cls)))
    return out


def as_records(shapes: list[tuple[BaseGeometry, Any]], field_name: str) -> dict[str, list[Any]]:
    """Return geometry and class columns for a frame."""
    return {"geometry": [g for g, _ in shapes], field_name: [c for _, c in shapes]}
