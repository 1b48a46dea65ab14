"""Steps of the vectorised Land and Building Tax: rule tables, allowances, band slices (s.37-55)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from valuation.rules.arrays import Arith, Bools, Ints, Nums, group_rows, int_group_sum
from valuation.rules.model import CATEGORIES, CATEGORY_CODE, LbtRules
from valuation.rules.money import MICRO_PER_BAHT

# An upper limit no base reaches (micro-baht), for open-ended bands and padding.
NO_LIMIT = 2**62
# Float results within this distance (micro-baht, plus a share of the magnitudes involved)
# of a rounding edge or band limit are recomputed exactly. The float error of a row's tax is
# below ~3e-16 of the largest value feeding it (base plus pooled allowance, times rates of at
# most 3 %, a few dozen operations); 1e-14 leaves a margin of more than 30.
TOLERANCE_MICRO = 1e-3
TOLERANCE_RELATIVE = 1e-14


@dataclass(frozen=True)
class BandTables:
    """Bands of every category padded to one width: lower limits, widths, rates (s.37).

    Indexed [category code, band]. Padding bands have width 0 and rate 0 and are not `real`.
    """

    lower: Ints
    width: Ints
    upper: Ints
    rates: Nums
    real: Bools


def band_tables(rules: LbtRules, ar: Arith) -> BandTables:
    """Lay the year's rate schedules out as arrays, rates as fractions (s.37, §1.6)."""
    most = max(len(rules.schedules[c].bands) for c in CATEGORIES)
    lower = np.zeros((len(CATEGORIES), most), dtype=np.int64)
    upper = np.full((len(CATEGORIES), most), NO_LIMIT, dtype=np.int64)
    real = np.zeros((len(CATEGORIES), most), dtype=np.bool_)
    rates: list[list[Fraction]] = []
    for code, key in enumerate(CATEGORIES):
        bands = rules.schedules[key].bands
        row = [Fraction(0)] * most
        floor = 0
        for index, band in enumerate(bands):
            lower[code, index] = floor
            real[code, index] = True
            row[index] = Fraction(band.rate) / 100
            if band.upto is not None:
                floor = int(band.upto * MICRO_PER_BAHT)
                upper[code, index] = floor
        # Padding sits above the last real band with no width, so it never takes a slice.
        lower[code, len(bands) :] = NO_LIMIT
        rates.append(row)
    width = np.where(real, upper - lower, 0)
    return BandTables(lower=lower, width=width, upper=upper, rates=ar.table(rates), real=real)


def surcharge_steps(category: Ints, vacant_since: Ints, rules: LbtRules) -> Ints:
    """Count completed runs of vacant years for each piece (s.43); 0 where not vacant."""
    surcharge = rules.surcharge
    vacant = np.isin(category, [CATEGORY_CODE[c] for c in surcharge.categories])
    known = vacant & (vacant_since > 0)
    start = np.maximum(vacant_since, surcharge.counting_from)
    steps = np.maximum(rules.tax_year - start, 0) // surcharge.step_years
    return np.where(known, steps, 0).astype(np.int64)


def reduction_percents(
    rules: LbtRules, class_key: str | None, category: str
) -> tuple[Fraction, Fraction]:
    """Return (standing percent, year percent) for a reduction class and use (s.55, §1.8)."""
    standing = rules.standing.get(class_key) if class_key is not None else None
    standing_pct = (
        Fraction(standing.percent)
        if standing is not None and category in standing.categories
        else Fraction(0)
    )
    decree = rules.year_reduction
    year_pct = Fraction(0)
    if decree is not None and category in decree.categories:
        applied = class_key if standing_pct > 0 else None
        if decree.stacking_for(applied) == "multiply":
            year_pct = Fraction(decree.percent)
    return standing_pct, year_pct


def pay_factor(rules: LbtRules, class_key: str | None, category: str) -> Fraction:
    """Return the share of computed tax left to pay after reductions, capped by s.55."""
    standing_pct, year_pct = reduction_percents(rules, class_key, category)
    factor = (1 - standing_pct / 100) * (1 - year_pct / 100)
    return max(factor, 1 - Fraction(rules.max_reduction_percent) / 100)


def pay_factor_table(rules: LbtRules, class_keys: tuple[str, ...], ar: Arith) -> Nums:
    """Lay out pay factors by [reduction class index (0 = none), category code]."""
    rows = [
        [pay_factor(rules, key, category) for category in CATEGORIES] for key in (None, *class_keys)
    ]
    return ar.table(rows)


def allowances(
    group_taxpayer: Ints,
    group_category: Ints,
    group_value: Ints,
    individual: Bools,
    rules: LbtRules,
    ar: Arith,
) -> tuple[Ints, Nums, Ints]:
    """Deduct each pooled allowance from the bases it covers (s.40, s.41 para 1-2)."""
    amount = np.zeros((len(CATEGORIES), 2), dtype=np.int64)
    for key, allowance in rules.allowances.items():
        micro = int(allowance.amount * MICRO_PER_BAHT)
        amount[CATEGORY_CODE[key], 0] = micro if "juristic" in allowance.owner_kinds else 0
        amount[CATEGORY_CODE[key], 1] = micro if "individual" in allowance.owner_kinds else 0
    # One pool per taxpayer and category in this LAO (the agri allowance is per LAO, s.40).
    pool, pool_first = group_rows([group_taxpayer, group_category])
    pool_value = int_group_sum(group_value, pool, len(pool_first))
    owner = individual[group_taxpayer[pool_first]].astype(np.int64)
    pool_allowance = np.minimum(amount[group_category[pool_first], owner], pool_value)
    if rules.settings.agri_allowance_order == "largest_first":
        return pool, ar.array(largest_first(pool, group_value, pool_allowance)), pool_allowance
    spread = ar.zeros(len(group_value))
    covered = pool_value[pool] > 0
    spread[covered] = (
        ar.array(pool_allowance[pool][covered])
        * ar.array(group_value[covered])
        / ar.array(pool_value[pool][covered])
    )
    return pool, spread, pool_allowance


def largest_first(pool: Ints, value: Ints, pool_allowance: Ints) -> Ints:
    """Give each pool's allowance to its largest bases first; ties go to the earlier group."""
    if len(value) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(value)), -value, pool))
    ordered_value = value[order]
    running = np.cumsum(ordered_value) - ordered_value
    starts = np.flatnonzero(np.r_[True, pool[order][1:] != pool[order][:-1]])
    before = running - np.repeat(running[starts], np.diff(np.r_[starts, len(order)]))
    given = np.clip(pool_allowance[pool[order]] - before, 0, ordered_value)
    out = np.empty(len(value), dtype=np.int64)
    out[order] = given
    return out


def band_slices(
    taxable: Nums, category: Ints, tables: BandTables, method: str, ar: Arith
) -> tuple[Nums, Ints]:
    """Cut each taxable base into band slices, marginal or whole_value (s.37, §1.6)."""
    if method == "marginal":
        lower = tables.lower[category]
        cut = np.minimum(np.maximum(taxable[:, None] - lower, 0), tables.width[category])
        band = (taxable[:, None] > lower).sum(axis=1) - 1
        return cut, np.maximum(band, 0)
    # The whole base at the rate of the band it falls in; a base on a limit is in the lower.
    band = (taxable[:, None] > tables.upper[category]).sum(axis=1).astype(np.int64)
    n_bands = tables.width.shape[1]
    cut = ar.zeros(len(taxable) * n_bands).reshape(len(taxable), n_bands)
    cut[np.arange(len(taxable)), band] = taxable
    return cut, band


def near_limits(
    taxable: Nums, category: Ints, value: Ints, allowance: Ints, tables: BandTables
) -> Bools:
    """Flag bases within float error of a band limit, where whole_value could flip band."""
    if taxable.dtype == object or len(taxable) == 0:
        return np.zeros(len(taxable), dtype=np.bool_)
    tolerance = TOLERANCE_MICRO + TOLERANCE_RELATIVE * (value + allowance)
    gap = np.abs(taxable[:, None] - tables.upper[category].astype(np.float64))
    near: Bools = (gap <= tolerance[:, None]).any(axis=1)
    return near
