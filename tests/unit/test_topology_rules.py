"""Pure topology rules: overlaps anywhere (also across the threads' seam), slivers."""

from __future__ import annotations

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
