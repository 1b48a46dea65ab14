"""Number zones, letter blocks and number lots in map-reading order (§3 of the conventions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from taxmap.demo.roads import GridLine

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def block_letters(index: int) -> str:
    """Return the block letters for a 0-based index: A…Z, then AA, AB, … (like sheet columns)."""
    if index < 0:
        raise ValueError("block index must be >= 0")
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def zone_label(index: int, count: int) -> str:
    """Return the zone number 01, 02, …; three digits or more only when there are over 99."""
    return f"{index + 1:0{max(2, len(str(count)))}d}"


def lot_label(lot: int, count: int) -> str:
    """Return the lot number 001, 002, …; four digits when the block has more than 999 lots."""
    return f"{lot:0{max(3, len(str(count)))}d}"


def grid_cell(
    x: F64, y: F64, verticals: list[GridLine], horizontals: list[GridLine]
) -> tuple[I64, I64]:
    """Return (row from the north, column from the west) of points among bending grid lines."""
    col = np.zeros(len(x), dtype=np.int64)
    for g in verticals:
        col += (g.at(y) < x).astype(np.int64)
    row = np.zeros(len(x), dtype=np.int64)
    for g in horizontals:
        row += (g.at(x) > y).astype(np.int64)
    return row, col


def sweep_rank(group: I64, x: F64, y: F64, top: F64, band: F64) -> I64:
    """Rank items within each group in reading order: bands of height `band` from the top, then x.

    Sorting by bands rather than raw y keeps items of one visual row together even when their
    centroids differ by a few metres; within a band the order is west to east.
    """
    row = np.floor((top - y) / band).astype(np.int64)
    order = np.lexsort((x, row, group))
    rank = np.empty(len(x), dtype=np.int64)
    sorted_group = group[order]
    first = np.r_[True, sorted_group[1:] != sorted_group[:-1]] if len(x) else np.array([], bool)
    start = np.maximum.accumulate(np.where(first, np.arange(len(x)), 0)) if len(x) else first
    rank[order] = np.arange(len(x)) - start
    return rank


def group_band(group: I64, area: F64) -> F64:
    """Return per item its group's typical item size (√ of the median area) for sweep bands."""
    median = pd.Series(area).groupby(group).transform("median").to_numpy(dtype=np.float64)
    return np.asarray(np.sqrt(np.maximum(median, 1.0)), dtype=np.float64)


def group_top(group: I64, ymax: F64) -> F64:
    """Return per item the northernmost y of its group, where the sweep starts."""
    top = pd.Series(ymax).groupby(group).transform("max").to_numpy(dtype=np.float64)
    return np.asarray(top, dtype=np.float64)
