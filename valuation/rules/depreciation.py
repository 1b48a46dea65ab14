"""Building age and depreciation by construction class (rule book §2.2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from taxmap.core.thai import normalize_year
from valuation.rules.model import BuildingAge, DepreciationClass


def building_age(completed_year: int, tax_year: int, method: BuildingAge) -> int:
    """Return a building's age in whole years for the tax year (§2.2 setting building_age)."""
    if method != "tax_year_minus_completion_year":
        raise ValueError(f"unknown building_age setting {method!r}")
    # Completed the year before the tax year: 1 year old; in the tax year or later: 0.
    return max(normalize_year(tax_year) - normalize_year(completed_year), 0)


def percents_by_age(segments: Sequence[tuple[int, int | None, int]], cap: int) -> tuple[int, ...]:
    """Return depreciation percent for ages 0..(first age at the cap) from per-year segments."""
    percents = [0]
    age = 0
    while percents[-1] < cap:
        age += 1
        step = next(
            (per_year for start, end, per_year in segments if start <= age <= (end or age)),
            None,
        )
        if step is None or step <= 0:
            raise ValueError(f"no positive depreciation for age {age} before reaching {cap}")
        percents.append(min(percents[-1] + step, cap))
    return tuple(percents)


def depreciation_percent(table: DepreciationClass, age: int) -> int:
    """Return the depreciation percent of a building of this class and age (§2.2)."""
    return table.percent(age)


def depreciation_percents(
    tables: Mapping[str, DepreciationClass],
    classes: Sequence[str],
    class_index: npt.NDArray[np.int64],
    ages: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Return depreciation percents for arrays of (class index into `classes`, age) (§2.2)."""
    longest = max(len(tables[key].percents) for key in classes)
    # One row per class, padded with its cap, so lookup is a single fancy index.
    grid = np.array(
        [
            list(tables[key].percents) + [tables[key].cap] * (longest - len(tables[key].percents))
            for key in classes
        ],
        dtype=np.int64,
    )
    return grid[class_index, np.clip(ages, 0, longest - 1)]
