"""Whole-fabric topology rules: overlaps, gaps inside blocks, slivers, block crossings (pure).

Overlaps are found as the import finds them (`overlapping_pairs`): every pair of overlapping
boxes is tested for interiors that meet. GEOS's coverage validator was quicker but not exact:
two clean subdivisions of one block laid over each other have middle cells whose edges all
match an edge of their own subdivision, so it flagged neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from parcels.imports.validation import Thresholds, overlapping_pairs

GeomArray = npt.NDArray[Any]


# The import's thresholds are the defaults here too, so an import and a later whole-LAO check
# call the same parcel a sliver.
_IMPORT = Thresholds()


@dataclass(frozen=True)
class TopologyRules:
    """Thresholds of the whole-fabric check (LAO settings)."""

    overlap_tolerance_m2: float = _IMPORT.overlap_tolerance_m2
    gap_tolerance_m2: float = 0.5
    sliver_area_m2: float = _IMPORT.sliver_area_m2
    sliver_thinness: float = _IMPORT.sliver_thinness
    crossing_tolerance_m2: float = 0.5


@dataclass(frozen=True)
class Fault:
    """One topology fault; `key` identifies it across runs so decisions stick."""

    kind: str
    key: str
    message: str
    area_m2: float
    location: tuple[float, float]
    index: int | None = None
    other_index: int | None = None


def _point(geom: BaseGeometry) -> tuple[float, float]:
    p = shapely.point_on_surface(geom)
    return (round(float(p.x), 3), round(float(p.y), 3))


def find_overlaps(geoms: GeomArray, codes: list[str], tolerance: float) -> list[Fault]:
    """Find pairs of parcels whose interiors overlap by more than `tolerance` m²."""
    a, b, areas, shared = overlapping_pairs(geoms, tolerance)
    return [
        Fault(
            "overlap",
            f"overlap:{codes[i]}|{codes[j]}",
            f"parcels {codes[i]} and {codes[j]} overlap by {area:,.2f} m²; move the "
            "shared boundary so each piece belongs to one parcel",
            float(area),
            _point(piece),
            int(i),
            int(j),
        )
        for i, j, area, piece in zip(a, b, areas, shared, strict=True)
    ]


def find_slivers(geoms: GeomArray, codes: list[str], rules: TopologyRules) -> list[Fault]:
    """Find parcels too small or too thin to be real land (Polsby-Popper thinness)."""
    area = shapely.area(geoms)
    perimeter = shapely.length(geoms)
    thinness = np.where(perimeter > 0, 4 * np.pi * area / np.maximum(perimeter, 1e-12) ** 2, 0)
    hits = np.flatnonzero((area < rules.sliver_area_m2) | (thinness < rules.sliver_thinness))
    return [
        Fault(
            "sliver",
            f"sliver:{codes[i]}",
            f"parcel {codes[i]} is a sliver ({area[i]:,.2f} m², thinness {thinness[i]:.3f}); "
            "merge it into a neighbour or accept it with a reason",
            float(area[i]),
            _point(geoms[i]),
            int(i),
        )
        for i in hits
    ]


def find_block_faults(
    geoms: GeomArray,
    codes: list[str],
    block_of: npt.NDArray[np.int64],
    block_geoms: GeomArray,
    block_codes: list[str],
    non_parcel: BaseGeometry | None,
    rules: TopologyRules,
) -> list[Fault]:
    """Find parcels crossing their block's boundary and gaps between parcels inside blocks.

    `block_of[i]` is the index into block_geoms of parcel i's block, or -1 for none.
    """
    faults: list[Fault] = []
    has_block = block_of >= 0
    idx = np.flatnonzero(has_block)
    shapely.prepare(block_geoms)
    covered = shapely.covered_by(geoms[idx], block_geoms[block_of[idx]])
    for i in idx[~covered]:
        outside = shapely.difference(geoms[i], block_geoms[block_of[i]])
        if shapely.area(outside) > rules.crossing_tolerance_m2:
            faults.append(
                Fault(
                    "crosses_block",
                    f"crosses_block:{codes[i]}",
                    f"parcel {codes[i]} reaches {shapely.area(outside):,.2f} m² outside its "
                    f"block {block_codes[block_of[i]]}; fix the boundary or move the parcel to "
                    "the right block",
                    float(shapely.area(outside)),
                    _point(outside),
                    int(i),
                )
            )
    # A block whose parcels' areas fall short of its own area has a gap somewhere inside.
    sums = pd.Series(shapely.area(geoms[idx])).groupby(block_of[idx]).sum()
    deficit = shapely.area(block_geoms[sums.index.to_numpy()]) - sums.to_numpy()
    for b in sums.index.to_numpy()[deficit > rules.gap_tolerance_m2]:
        members = geoms[idx[block_of[idx] == b]]
        hole = shapely.difference(block_geoms[b], shapely.union_all(members))
        if non_parcel is not None:
            hole = shapely.difference(hole, non_parcel)
        for piece in getattr(hole, "geoms", [hole]):
            if not piece.is_empty and piece.area > rules.gap_tolerance_m2:
                x, y = _point(piece)
                faults.append(
                    Fault(
                        "gap",
                        f"gap:{block_codes[b]}:{round(x)}:{round(y)}",
                        f"a gap of {piece.area:,.2f} m² between parcels in block "
                        f"{block_codes[b]}; extend a neighbour, add a parcel, or declare it a "
                        "road or other non-parcel area",
                        float(piece.area),
                        (x, y),
                    )
                )
    return faults
