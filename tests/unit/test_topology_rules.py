"""Pure topology rules: overlaps anywhere (also across the threads' seam), slivers."""

from __future__ import annotations

import itertools

import numpy as np
from shapely.geometry import box

from parcels.fabric.topology import TopologyRules, find_overlaps, find_slivers


def row_of_squares(n: int) -> np.ndarray:
    return np.array([box(10 * i, 0, 10 * i + 10, 10) for i in range(n)], dtype=object)


def test_clean_row_has_no_overlaps() -> None:
    geoms = row_of_squares(100)
    assert find_overlaps(geoms, [f"P{i}" for i in range(100)], 0.5) == []


def test_overlap_straddling_the_median_is_found() -> None:
    geoms = row_of_squares(100)
    geoms[50] = box(498, 0, 510, 10)  # reaches 2 m into square 49, right at the split
    [fault] = find_overlaps(geoms, [f"P{i}" for i in range(100)], 0.5)
    assert (fault.kind, fault.key, fault.area_m2) == ("overlap", "overlap:P49|P50", 20.0)


def test_overlap_far_from_the_median_is_found() -> None:
    geoms = row_of_squares(100)
    geoms[3] = box(29.5, 0, 40, 10)
    [fault] = find_overlaps(geoms, [f"P{i}" for i in range(100)], 0.5)
    assert (fault.key, fault.area_m2) == ("overlap:P2|P3", 5.0)


def test_slivers_by_area_and_by_thinness() -> None:
    geoms = np.array([box(0, 0, 10, 10), box(0, 0, 0.5, 1), box(0, 0, 100, 1)], dtype=object)
    faults = find_slivers(geoms, ["OK", "TINY", "THIN"], TopologyRules(sliver_area_m2=1.0))
    assert [(f.key, f.area_m2) for f in faults] == [("sliver:TINY", 0.5), ("sliver:THIN", 100.0)]


def test_two_subdivisions_of_one_block_laid_over_each_other_overlap() -> None:
    # Each 3 x 3 grid is a clean coverage: every edge of either middle cell matches an edge of
    # its own grid. With a clean fabric further east (so both grids fall in one half of the
    # earlier method's split) GEOS's coverage validator flagged neither middle cell.
    cuts = ([0, 10, 20, 30], [0, 15, 25, 30])
    grids = [
        box(x0, y0, x1, y1)
        for xs in cuts
        for x0, x1 in itertools.pairwise(xs)
        for y0, y1 in itertools.pairwise(xs)
    ]
    east = [box(1000 + 10 * i, 0, 1010 + 10 * i, 10) for i in range(20)]
    geoms = np.array(grids + east, dtype=object)
    faults = find_overlaps(geoms, [f"P{i:02d}" for i in range(len(geoms))], 0.5)
    assert len(faults) == 25
    assert sum(f.area_m2 for f in faults) == 900.0  # the block, once
    middle = next(f for f in faults if f.key == "overlap:P04|P13")
    assert (middle.area_m2, middle.location, middle.index, middle.other_index) == (
        25.0,
        (17.5, 17.5),
        4,
        13,
    )
