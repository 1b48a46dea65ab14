"""Cut the land between roads into blocks and group neighbouring blocks into zones."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from taxmap.demo.numbering import grid_cell
from taxmap.demo.roads import GridLine

GeomArray = NDArray[np.object_]
I64 = NDArray[np.int64]


def land_blocks(
    area: BaseGeometry,
    road_union: BaseGeometry,
    surfaces: list[BaseGeometry],
    min_m2: float,
    min_width_m: float,
) -> tuple[GeomArray, list[BaseGeometry]]:
    """Return the blocks (land between roads) and the road surfaces with slivers absorbed.

    A leftover below `min_m2`, or a ribbon narrower than `min_width_m` on average, is not a
    plausible parcel: it is given to the nearest road as road reserve, so that roads and blocks
    still tile the area exactly.
    """
    roads = np.array(surfaces, dtype=object)
    land = shapely.difference(area, road_union)
    parts = shapely.get_parts(land)
    parts = parts[(shapely.get_type_id(parts) == 3) & (shapely.area(parts) > 0)]
    a = shapely.area(parts)
    mean_width = 2.0 * a / np.maximum(shapely.length(parts), 1e-9)
    sliver = (a < min_m2) | (mean_width < min_width_m)
    if sliver.any() and len(roads):
        tree = shapely.STRtree(roads)
        _, nearest = tree.query_nearest(parts[sliver], return_distance=False, all_matches=False)
        for s, r in zip(parts[sliver], nearest, strict=True):
            roads[r] = shapely.union(roads[r], s)
    return parts[~sliver], list(roads)


def zone_of_blocks(
    blocks: GeomArray,
    verticals: list[GridLine],
    horizontals: list[GridLine],
    cells: int,
    nominal_m2: float,
) -> tuple[I64, int]:
    """Group blocks into zones of cells × cells main-grid cells; return zone index per block.

    Zone edges are every `cells`-th main road, so a zone boundary is always a road. Zone cells
    with less than 30 % of a nominal zone's land (ragged edges of the area) are merged into the
    4-neighbour with the most land. Zones are numbered north to south, then west to east, by
    the grid position of their largest cell.
    """
    pts = shapely.point_on_surface(blocks)
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    row, col = grid_cell(x, y, verticals[cells - 1 :: cells], horizontals[cells - 1 :: cells])
    area = shapely.area(blocks)
    cell_ids: dict[tuple[int, int], float] = {}
    for r, c, a in zip(row.tolist(), col.tolist(), area.tolist(), strict=True):
        cell_ids[(r, c)] = cell_ids.get((r, c), 0.0) + a
    owner = _merge_small_cells(cell_ids, 0.3 * nominal_m2)
    # Each zone is ranked by the grid position of its largest member cell.
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {}
    for cell, a in cell_ids.items():
        root = owner[cell]
        if root not in best or a > best[root][0]:
            best[root] = (a, cell)
    roots = sorted(best, key=lambda k: best[k][1])
    number = {root: i for i, root in enumerate(roots)}
    zone = np.array(
        [number[owner[(r, c)]] for r, c in zip(row.tolist(), col.tolist(), strict=True)],
        dtype=np.int64,
    )
    return zone, len(roots)


def _merge_small_cells(
    cell_area: dict[tuple[int, int], float], threshold: float
) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each cell to the cell whose zone it joins (itself unless it is small)."""
    parent = {c: c for c in cell_area}
    total = dict(cell_area)

    def find(c: tuple[int, int]) -> tuple[int, int]:
        while parent[c] != c:
            c = parent[c]
        return c

    # Smallest first, in a fixed order, so the result is deterministic.
    for cell in sorted(cell_area, key=lambda c: (cell_area[c], c)):
        root = find(cell)
        if total[root] >= threshold:
            continue
        r, c = cell
        neighbours = [n for n in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if n in parent]
        others = {find(n) for n in neighbours} - {root}
        if not others:
            continue
        target = max(others, key=lambda n: (total[n], n))
        parent[root] = target
        total[target] += total[root]
    return {c: find(c) for c in cell_area}


def zone_records(blocks: GeomArray, zone: I64, labels: list[str]) -> list[dict[str, Any]]:
    """Return one record per zone: its code and the union of its blocks (roads excluded)."""
    out = []
    for i, code in enumerate(labels):
        geom = shapely.union_all(blocks[zone == i])
        out.append({"code": code, "geometry": geom, "area_m2": float(shapely.area(geom))})
    return out
