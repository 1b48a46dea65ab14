"""Generate a realistic synthetic parcel fabric: roads, zones, blocks and lots (pure).

All geometry is planar, in the metres of the projected CRS the area is given in (EPSG:32648
for Bua Lai). Codes follow §3 of the conventions: zone `01`, block `A` (after `Z` comes `AA`,
`AB`, …), lot `001` (four digits in a block of more than 999 lots), e.g. `01A001`.

Sweep orders (what "reading the map" means here):
- zones: by main-grid position of their largest cell, rows north to south, then west to east;
- blocks in a zone and lots in a block: by centroid, in horizontal bands one typical item high
  (√ of the median area of the group) from the group's northern edge, then west to east.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from taxmap.demo.numbering import (
    block_letters,
    group_band,
    group_top,
    lot_label,
    sweep_rank,
    zone_label,
)
from taxmap.demo.rng import keys_for, uniform
from taxmap.demo.roads import build_network, road_surfaces
from taxmap.demo.split import CutRule, SizeRule, partition, snap_to_neighbours, union_by_group
from taxmap.demo.zoning import land_blocks, zone_of_blocks, zone_records

RAI_M2 = 1600.0
SQ_WAH_M2 = 4.0
PARCEL_COLUMNS = ["code", "zone", "block", "block_code", "lot", "area_m2", "in_village", "geometry"]


@dataclass(frozen=True)
class FabricSpec:
    """Knobs of the generator; the defaults give a Bua Lai-like rural tambon."""

    seed: int = 2569
    village_centres: tuple[tuple[float, float], ...] = ()
    village_radius_m: float = 600.0
    main_spacing_m: tuple[float, float] = (1000.0, 2000.0)
    main_wobble_m: float = 60.0
    lane_spacing_m: tuple[float, float] = (150.0, 300.0)
    main_road_width_m: float = 12.0
    lane_width_m: float = 6.0
    zone_cells: int = 2  # a zone spans zone_cells × zone_cells main-road cells
    # Outside villages 0.5–30 rai, most 2–15 rai; inside 50–400 ตร.ว. (§6 units).
    rural_lot_m2: tuple[float, float] = (0.5 * RAI_M2, 30 * RAI_M2)
    rural_median_m2: float = 7 * RAI_M2
    rural_sigma: float = 0.6
    village_lot_m2: tuple[float, float] = (50 * SQ_WAH_M2, 400 * SQ_WAH_M2)
    village_median_m2: float = 150 * SQ_WAH_M2
    village_sigma: float = 0.45
    split_ratio: tuple[float, float] = (0.3, 0.7)
    cut_jitter_deg: float = 6.0
    min_block_m2: float = 100.0  # smaller leftovers between roads become road reserve
    min_block_width_m: float = 3.0  # so do ribbons narrower than this on average
    epsg: int = 32648  # recorded on the result; the generator itself only needs metres


@dataclass
class Fabric:
    """A generated fabric; every geometry is in the metres of the area's projected CRS."""

    roads: list[dict[str, Any]]
    zones: list[dict[str, Any]]
    blocks: list[dict[str, Any]]
    parcels: pd.DataFrame
    villages: list[dict[str, Any]] = field(default_factory=list)
    epsg: int = 32648


def generate_fabric(area: BaseGeometry, spec: FabricSpec) -> Fabric:
    """Generate roads, zones, blocks and parcels that tile a projected (metre) area."""
    if area.is_empty or area.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError("area must be a non-empty Polygon or MultiPolygon")
    area = shapely.make_valid(area)
    net = build_network(
        area.bounds,
        list(spec.village_centres),
        seed=spec.seed,
        spacing=spec.main_spacing_m,
        wobble_m=spec.main_wobble_m,
        radius=spec.village_radius_m,
        lane_spacing=spec.lane_spacing_m,
        main_width=spec.main_road_width_m,
        lane_width=spec.lane_width_m,
    )
    road_union, surfaces = road_surfaces(net.roads, area)
    blocks, surfaces = land_blocks(
        area, road_union, surfaces, spec.min_block_m2, spec.min_block_width_m
    )
    roads = [
        {**r, "geometry": s} for r, s in zip(net.roads, surfaces, strict=True) if not s.is_empty
    ]

    nominal = (spec.zone_cells * sum(spec.main_spacing_m) / 2.0) ** 2
    zone, n_zones = zone_of_blocks(blocks, net.verticals, net.horizontals, spec.zone_cells, nominal)
    village_polys = [v.polygon for v in net.villages]
    in_village = _inside_any(blocks, village_polys)

    # Letter the blocks of each zone in sweep order, then sort everything by code.
    cen = shapely.centroid(blocks)
    b_area = shapely.area(blocks)
    top = group_top(zone, shapely.bounds(blocks)[:, 3])
    rank = sweep_rank(zone, shapely.get_x(cen), shapely.get_y(cen), top, group_band(zone, b_area))
    zone_codes = [zone_label(i, n_zones) for i in range(n_zones)]
    order = np.lexsort((rank, zone))
    blocks, zone, rank, in_village = blocks[order], zone[order], rank[order], in_village[order]
    lots, owner = _lots(blocks, in_village, spec)
    # Each block becomes the exact dissolve of its lots, so lots share the block's vertices
    # and a loader's ST_CoveredBy(lot, block) holds without tolerance.
    blocks = union_by_group(lots, owner, len(blocks))
    block_recs = [
        {
            "zone": zone_codes[z],
            "block": block_letters(int(r)),
            "code": zone_codes[z] + block_letters(int(r)),
            "geometry": g,
            "area_m2": float(a),
            "in_village": bool(v),
        }
        for z, r, g, a, v in zip(zone, rank, blocks, shapely.area(blocks), in_village, strict=True)
    ]
    parcels = _parcels(lots, owner, blocks, block_recs, in_village)
    villages = [
        {
            "number": v.number,
            "name_th": f"หมู่ {v.number}",
            "name_en": f"Village {v.number}",
            "geometry": shapely.intersection(v.polygon, area),
        }
        for v in net.villages
        if v.polygon.intersects(area)
    ]
    return Fabric(
        roads=roads,
        zones=zone_records(blocks, zone, zone_codes),
        blocks=block_recs,
        parcels=parcels,
        villages=villages,
        epsg=spec.epsg,
    )


def _inside_any(geoms: np.ndarray, polygons: list[Polygon]) -> np.ndarray:
    """Flag geometries whose interior point lies in any of the polygons."""
    flag = np.zeros(len(geoms), dtype=bool)
    if not polygons or not len(geoms):
        return flag
    pts = shapely.point_on_surface(geoms)
    for poly in polygons:
        flag |= shapely.contains_xy(poly, shapely.get_x(pts), shapely.get_y(pts))
    return flag


def _lots(
    blocks: np.ndarray, in_village: np.ndarray, spec: FabricSpec
) -> tuple[np.ndarray, np.ndarray]:
    """Split the blocks into vertex-matched lots; return lots and their block index."""
    rules = (
        SizeRule(*spec.rural_lot_m2, spec.rural_median_m2, spec.rural_sigma),
        SizeRule(*spec.village_lot_m2, spec.village_median_m2, spec.village_sigma),
    )
    keys = keys_for(spec.seed, np.arange(len(blocks)))
    geoms, owner = partition(
        blocks,
        keys,
        in_village.astype(np.int64),
        rules,
        CutRule(ratio=spec.split_ratio, jitter_deg=spec.cut_jitter_deg),
    )
    return snap_to_neighbours(geoms, owner), owner


def _parcels(
    geoms: np.ndarray,
    owner: np.ndarray,
    blocks: np.ndarray,
    block_recs: list[dict[str, Any]],
    in_village: np.ndarray,
) -> pd.DataFrame:
    """Number the lots of each block in sweep order; return one row per parcel."""
    area = shapely.area(geoms)
    cen = shapely.centroid(geoms)
    top = shapely.bounds(blocks)[owner, 3]
    rank = sweep_rank(owner, shapely.get_x(cen), shapely.get_y(cen), top, group_band(owner, area))
    order = np.lexsort((rank, owner))
    geoms, owner, area, lot = geoms[order], owner[order], area[order], rank[order] + 1
    count = np.bincount(owner, minlength=len(blocks))
    codes = [block_recs[b]["code"] for b in range(len(blocks))]
    df = pd.DataFrame(
        {
            "code": [
                codes[b] + lot_label(n, count[b])
                for b, n in zip(owner.tolist(), lot.tolist(), strict=True)
            ],
            "zone": [block_recs[b]["zone"] for b in owner.tolist()],
            "block": [block_recs[b]["block"] for b in owner.tolist()],
            "block_code": [codes[b] for b in owner.tolist()],
            "lot": lot.astype(np.int64),
            "area_m2": area,
            "in_village": in_village[owner],
            "geometry": geoms,
        },
        columns=PARCEL_COLUMNS,
    )
    return df


def village_lattice(
    centre_xy: tuple[float, float],
    half_side: float,
    seed: int,
    spacing_m: float = 4000.0,
    radius_m: float = 600.0,
) -> tuple[tuple[float, float], ...]:
    """Place village centres on a jittered lattice around (and including) a centre point.

    Each lattice point's jitter depends only on the seed and its lattice index, so a larger
    square keeps the villages of a smaller one. Villages reaching into the square from outside
    are kept (clipped later), so the parcel count grows smoothly with the square.
    """
    reach = half_side + 0.5 * radius_m
    n = int(reach // spacing_m) + 1
    out: list[tuple[float, float]] = []
    for i in range(-n, n + 1):
        for j in range(-n, n + 1):
            if i == 0 and j == 0:
                out.append(centre_xy)
                continue
            key = keys_for(seed, np.array([(i + 10_000) * 100_000 + (j + 10_000)]))
            dx = (uniform(key, 1)[0] - 0.5) * 0.3 * spacing_m
            dy = (uniform(key, 2)[0] - 0.5) * 0.3 * spacing_m
            x, y = centre_xy[0] + i * spacing_m + dx, centre_xy[1] + j * spacing_m + dy
            if max(abs(x - centre_xy[0]), abs(y - centre_xy[1])) < reach:
                out.append((x, y))
    return tuple(out)


def _square_fabric(side: float, centre_xy: tuple[float, float], seed: int) -> Fabric:
    """Generate the fabric of a square of the given side around a centre, villages included."""
    half = side / 2.0
    cx, cy = centre_xy
    # Zones stay at two digits by growing with the area (an LAO rarely has more than 99): at
    # most about 8 × 8 zones, allowing for extra roads and the ragged edge zones.
    lines = side / 1400.0 + 2.0
    cells = max(2, math.ceil(lines / 8.0))
    spec = FabricSpec(
        seed=seed, village_centres=village_lattice(centre_xy, half, seed), zone_cells=cells
    )
    return generate_fabric(box(cx - half, cy - half, cx + half, cy + half), spec)


def generate_for_count(n_parcels: int, centre_xy: tuple[float, float], seed: int) -> Fabric:
    """Grow a square around a centre until it holds about n_parcels parcels (±10 %)."""
    if n_parcels < 1:
        raise ValueError("n_parcels must be positive")
    # Parcel density is measured on a sample square no bigger than this (m), then scaled up:
    # at that size the village lattice already repeats, so the density is representative.
    sample_max = 12_000.0
    side = math.sqrt(n_parcels / 300.0) * 1000.0  # first guess: about 300 parcels per km²
    best: Fabric | None = None
    for attempt in range(8):
        if attempt == 0 and side > sample_max:
            sample = _square_fabric(sample_max, centre_xy, seed)
            side = sample_max * math.sqrt(n_parcels / max(len(sample.parcels), 1))
            continue
        fabric = _square_fabric(side, centre_xy, seed)
        count = len(fabric.parcels)
        if best is None or abs(count - n_parcels) < abs(len(best.parcels) - n_parcels):
            best = fabric
        # Past a few hundred thousand parcels another full pass costs more than the miss.
        if abs(count - n_parcels) <= 0.1 * n_parcels or n_parcels > 300_000:
            return fabric
        side *= math.sqrt(n_parcels / max(count, 1))
    # Villages add parcels in lumps, so a count can stay out of reach: return the closest.
    return best if best is not None else _square_fabric(side, centre_xy, seed)
