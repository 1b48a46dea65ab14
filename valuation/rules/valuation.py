"""Value the tax base: land, buildings and condominium units (s.35, rule book §2).

Prices and measures carry at most two decimals, depreciation is a whole percent, so every
value is a whole number of micro-baht: price (satang) x measure (hundredths) x kept percent.
The same formulas take Python ints or numpy int64 arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

# Land and condo values come out in 1/10,000 baht; this lifts them to micro-baht.
_LAND_TO_MICRO = 100
# int64 holds 9.22e18; refuse anything near it rather than wrap around silently.
_INT64_SAFE = 9.0e18

IntOrArray = TypeVar("IntOrArray", int, npt.NDArray[np.int64])


def land_value_micro(price_satang: IntOrArray, area_centi: IntOrArray) -> IntOrArray:
    """Return land value = price per sq wah x area in sq wah, in micro-baht (§2.1)."""
    _check_range(price_satang, area_centi, _LAND_TO_MICRO)
    return price_satang * area_centi * _LAND_TO_MICRO


def condo_value_micro(price_satang: IntOrArray, area_centi: IntOrArray) -> IntOrArray:
    """Return condominium unit value = unit area x price per m², in micro-baht (§2.3)."""
    _check_range(price_satang, area_centi, _LAND_TO_MICRO)
    return price_satang * area_centi * _LAND_TO_MICRO


def building_value_micro(
    price_satang: IntOrArray, measure_centi: IntOrArray, depreciation_percent: IntOrArray
) -> IntOrArray:
    """Return building value = price x measure x (1 - depreciation), in micro-baht (§2.2)."""
    kept = 100 - depreciation_percent
    _check_range(price_satang, measure_centi, kept)
    return price_satang * measure_centi * kept


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split a whole number in proportion to weights; largest remainders take the leftovers.

    Used for areas in hundredths of a square wah, so the pieces print as on the survey form
    and always add up to the parcel.
    """
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("cannot apportion by weights that add up to zero")
    shares = [total * weight // weight_sum for weight in weights]
    remainders = [total * weight % weight_sum for weight in weights]
    leftover = total - sum(shares)
    # Ties go to the earlier piece so the split is reproducible.
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:leftover]:
        shares[index] += 1
    return shares


def land_under_mixed_building(
    land_pieces: Sequence[tuple[str, int]], floor_by_category: Mapping[str, int]
) -> list[tuple[str, int]]:
    """Split the building's site in its floor-area shares (s.38, follow_building_floor_shares).

    The site is the land pieces whose category is one the buildings on the land are used
    for; pieces of other uses (a field, a vacant corner) keep their surveyed areas. Areas are
    hundredths of a square wah; the result keeps the surveyed order of categories first.
    """
    site_categories = {cat for cat, floor in floor_by_category.items() if floor > 0}
    site_area = sum(area for cat, area in land_pieces if cat in site_categories)
    if site_area == 0 or len(site_categories) < 2:
        return list(land_pieces)
    kept = [(cat, area) for cat, area in land_pieces if cat not in site_categories]
    ordered = [cat for cat in floor_by_category if cat in site_categories]
    shares = apportion(site_area, [floor_by_category[cat] for cat in ordered])
    return kept + [(cat, share) for cat, share in zip(ordered, shares, strict=True) if share]


def _check_range(
    a: int | npt.NDArray[np.int64], b: int | npt.NDArray[np.int64], c: int | npt.NDArray[np.int64]
) -> None:
    # An upper bound of the product in floats: exact enough to see int64 overflow coming.
    bound = (
        np.abs(np.asarray(a, dtype=np.float64))
        * np.abs(np.asarray(b, dtype=np.float64))
        * np.abs(np.asarray(c, dtype=np.float64))
    )
    if np.size(bound) and float(np.max(bound)) >= _INT64_SAFE:
        raise ValueError("a value exceeds 9,000,000,000,000 baht; check the price and measure")
