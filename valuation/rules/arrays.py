"""Array helpers shared by the vectorised rules: grouping, group sums, float-or-exact numbers.

The engine runs the same code on float64 (fast, for a whole roll) or on object arrays of
`Fraction` (exact, for a quote and for the few rows a float cannot decide).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Nums = npt.NDArray[Any]
Floats = npt.NDArray[np.float64]

_KEY_LIMIT = 2**62


class Arith:
    """Numbers in one of two modes: float64, or exact `Fraction` objects."""

    def __init__(self, *, exact: bool) -> None:
        self.exact = exact

    def const(self, value: Fraction | int) -> Any:
        """Return a constant in this mode (a Fraction or a float, typed loosely for numpy)."""
        return Fraction(value) if self.exact else float(value)

    def array(self, values: Ints | Sequence[Fraction | int]) -> Nums:
        """Return numbers as an array of this mode (Fractions keep `/` exact)."""
        if self.exact:
            out = np.empty(len(values), dtype=object)
            out[:] = [Fraction(v) for v in np.asarray(values, dtype=object).tolist()]
            return out
        return np.asarray(values, dtype=np.float64)

    def table(self, rows: Sequence[Sequence[Fraction | int]]) -> Nums:
        """Return a 2-D table of constants in this mode."""
        if self.exact:
            out = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=object)
            for i, row in enumerate(rows):
                out[i, :] = [Fraction(v) for v in row]
            return out
        return np.asarray([[float(v) for v in row] for row in rows], dtype=np.float64)

    def zeros(self, n: int) -> Nums:
        """Return n zeros in this mode."""
        return self.array(np.zeros(n, dtype=np.int64))

    def group_sum(self, values: Nums, group: Ints, n_groups: int) -> Nums:
        """Sum values by group index."""
        if not self.exact:
            return np.bincount(group, weights=values, minlength=n_groups)
        out = self.zeros(n_groups)
        np.add.at(out, group, values)
        return out


def group_rows(columns: Sequence[Ints]) -> tuple[Ints, Ints]:
    """Return (group of each row, first row of each group); groups sorted by the columns."""
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    radix = 1
    for column in columns:
        low = int(column.min())
        span = int(column.max()) - low + 1
        radix *= span
        if radix >= _KEY_LIMIT:
            return _group_rows_lexsort(columns)
        key = key * span + (column - low)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.astype(np.int64).reshape(-1), first.astype(np.int64)


def _group_rows_lexsort(columns: Sequence[Ints]) -> tuple[Ints, Ints]:
    # Keys too wide to pack into one int64: sort on the columns themselves.
    order = np.lexsort(tuple(columns)[::-1])
    change = np.zeros(len(order), dtype=np.bool_)
    change[0] = True
    for column in columns:
        ordered = column[order]
        change[1:] |= ordered[1:] != ordered[:-1]
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(change) - 1
    return inverse, order[change].astype(np.int64)


def int_group_sum(values: Ints, group: Ints, n_groups: int) -> Ints:
    """Sum whole numbers by group exactly (bincount would go through float)."""
    out = np.zeros(n_groups, dtype=np.int64)
    np.add.at(out, group, values)
    return out
