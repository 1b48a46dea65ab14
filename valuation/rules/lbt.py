"""Assess the Land and Building Tax over arrays of use pieces (LBT Act s.35-55, s.96, s.97).

Order of operations (rule book §1.8): exempt property aside (s.8, s.96) -> one row per
property unit, use, surcharge step and reduction class -> base per band group (s.35, s.42)
-> allowance (s.40, s.41) -> bands (s.37) with the vacant surcharge (s.43) -> standing
reduction -> year reduction (s.55) -> each row rounded once to satang, a bill line (§1.10)
-> transitional relief per taxpayer (s.97). Values are micro-baht throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

import numpy as np

from valuation.rules.arrays import Arith, Bools, Floats, Ints, Nums, group_rows, int_group_sum
from valuation.rules.lbt_steps import (
    TOLERANCE_MICRO,
    TOLERANCE_RELATIVE,
    BandTables,
    allowances,
    band_slices,
    band_tables,
    near_limits,
    pay_factor_table,
    surcharge_steps,
)
from valuation.rules.model import CATEGORY_CODE, LbtRules
from valuation.rules.money import MICRO_PER_BAHT, satang, satang_from_float_micro

# Below this many pieces the exact path is fast enough to use alone.
EXACT_BELOW = 2_000

Mode = Literal["auto", "float", "exact"]


@dataclass(frozen=True)
class Pieces:
    """Use pieces of one LAO's property for one tax year, one entry per piece (§1.3, §1.4).

    `unit` is the property unit: a parcel or contiguous group of one owner with that owner's
    buildings on it (s.42), a building on someone else's land (s.48), or a condominium unit.
    `reduction_class` k > 0 names `class_keys[k - 1]`; `exempt` k > 0 names
    `exempt_reasons[k - 1]` (s.8). `vacant_since` is a C.E. year, 0 when not vacant.
    """

    taxpayer: Ints
    unit: Ints
    category: Ints
    value: Ints
    vacant_since: Ints
    reduction_class: Ints
    exempt: Ints
    class_keys: tuple[str, ...] = ()
    exempt_reasons: tuple[str, ...] = ()

    def take(self, index: Ints) -> Pieces:
        """Return the pieces at these positions."""
        return replace(
            self,
            taxpayer=self.taxpayer[index],
            unit=self.unit[index],
            category=self.category[index],
            value=self.value[index],
            vacant_since=self.vacant_since[index],
            reduction_class=self.reduction_class[index],
            exempt=self.exempt[index],
        )


@dataclass(frozen=True)
class Taxpayers:
    """Per taxpayer: individual or juristic, and the 2019 tax in satang (-1: unknown, s.97)."""

    individual: Bools
    prior_tax_2019: Ints


@dataclass
class LbtArrays:
    """The assessment: rows are bill lines, groups are bases, then taxpayers' totals.

    Number arrays hold floats or exact Fractions (micro-baht) as `exact` says; `row_line`
    and the taxpayer totals are whole satang and always exact.
    """

    exact: bool
    row_of_piece: Ints
    row_first_piece: Ints
    row_taxpayer: Ints
    row_unit: Ints
    row_category: Ints
    row_steps: Ints
    row_class: Ints
    row_exempt: Ints
    row_s96: Bools
    row_value: Ints
    row_group: Ints
    row_rates: Nums
    row_tax: Nums
    row_factor: Nums
    row_payable: Nums
    row_line: Ints
    row_doubtful: Bools
    group_taxpayer: Ints
    group_category: Ints
    group_value: Ints
    group_pool: Ints
    pool_allowance: Ints
    group_allowance: Nums
    group_taxable: Nums
    group_slices: Nums
    group_band: Ints
    group_doubtful: Bools
    tables: BandTables
    taxpayer_new: Ints
    taxpayer_relief: Ints
    taxpayer_total: Ints


def assess_lbt(
    pieces: Pieces, taxpayers: Taxpayers, rules: LbtRules, *, mode: Mode = "auto"
) -> LbtArrays:
    """Assess the Land and Building Tax of every taxpayer in the pieces (LBT Act s.35-97)."""
    if mode == "exact" or (mode == "auto" and len(pieces.value) < EXACT_BELOW):
        result = _assess(pieces, taxpayers, rules, Arith(exact=True))
    else:
        result = _assess(pieces, taxpayers, rules, Arith(exact=False))
        _settle_doubtful_exactly(result, pieces, taxpayers, rules)
    _settle_taxpayers(result, taxpayers, rules)
    return result


def _settle_doubtful_exactly(
    result: LbtArrays, pieces: Pieces, taxpayers: Taxpayers, rules: LbtRules
) -> None:
    # A taxpayer is computed from their own pieces only, so redo just the doubtful ones.
    doubtful = np.zeros(len(taxpayers.individual), dtype=np.bool_)
    doubtful[result.row_taxpayer[result.row_doubtful]] = True
    doubtful[result.group_taxpayer[result.group_doubtful]] = True
    if not doubtful.any():
        return
    chosen = np.flatnonzero(doubtful[pieces.taxpayer])
    exact = _assess(pieces.take(chosen), taxpayers, rules, Arith(exact=True))
    rows = result.row_of_piece[chosen[exact.row_first_piece]]
    result.row_line[rows] = exact.row_line
    result.row_doubtful[rows] = False
    result.group_doubtful[:] = False


def _assess(pieces: Pieces, taxpayers: Taxpayers, rules: LbtRules, ar: Arith) -> LbtArrays:
    settings = rules.settings
    individual = taxpayers.individual[pieces.taxpayer]
    s96 = _fully_exempt(pieces.category, individual, rules)
    steps = surcharge_steps(pieces.category, pieces.vacant_since, rules)
    row_of_piece, first = group_rows(
        [
            pieces.taxpayer,
            pieces.unit,
            pieces.category,
            steps,
            pieces.reduction_class,
            pieces.exempt,
            s96.astype(np.int64),
        ]
    )
    n_rows = len(first)
    row_value = int_group_sum(pieces.value, row_of_piece, n_rows)
    row_taxpayer = pieces.taxpayer[first]
    row_category = pieces.category[first]
    row_class = pieces.reduction_class[first]
    row_s96 = s96[first]
    row_exempt = pieces.exempt[first]
    taxed = np.flatnonzero((row_exempt == 0) & ~row_s96)

    # Band groups: one base per property unit and use, or per taxpayer and use (§1.4).
    band_key = (pieces.unit[first] if settings.band_basis == "property_unit" else row_taxpayer)[
        taxed
    ]
    taxed_group, group_first = group_rows([row_taxpayer[taxed], band_key, row_category[taxed]])
    n_groups = len(group_first)
    row_group = np.full(n_rows, -1, dtype=np.int64)
    row_group[taxed] = taxed_group
    group_rows_at = taxed[group_first]
    group_taxpayer = row_taxpayer[group_rows_at]
    group_category = row_category[group_rows_at]
    group_value = int_group_sum(row_value[taxed], taxed_group, n_groups)

    pool, allowance, pool_allowance = allowances(
        group_taxpayer, group_category, group_value, taxpayers.individual, rules, ar
    )
    taxable = ar.array(group_value) - allowance
    tables = band_tables(rules, ar)
    slices, band = band_slices(taxable, group_category, tables, settings.band_method, ar)

    rates = tables.rates[row_category]
    surcharged = (steps[first] > 0) & np.isin(
        row_category, [CATEGORY_CODE[c] for c in rules.surcharge.categories]
    )
    if surcharged.any():
        step_rate = ar.const(Fraction(rules.surcharge.step_points) / 100)
        cap = ar.const(Fraction(rules.surcharge.cap) / 100)
        lifted = np.minimum(rates[surcharged] + step_rate * steps[first][surcharged][:, None], cap)
        rates[surcharged] = np.where(tables.real[row_category[surcharged]], lifted, 0)

    tax = ar.zeros(n_rows)
    g = row_group[taxed]
    band_tax = (slices[g] * rates[taxed]).sum(axis=1)
    group_total = ar.array(group_value)[g]
    nonzero = group_value[g] > 0
    share = ar.array(row_value[taxed])
    tax[taxed[nonzero]] = band_tax[nonzero] * share[nonzero] / group_total[nonzero]

    factors = pay_factor_table(rules, pieces.class_keys, ar)
    factor = factors[row_class, row_category]
    payable = tax * factor
    magnitude = np.zeros(n_rows)
    magnitude[taxed] = (group_value + pool_allowance[pool])[g].astype(np.float64)
    line, doubtful = _round_lines(payable, magnitude, ar)
    group_doubtful = near_limits(taxable, group_category, group_value, pool_allowance[pool], tables)

    empty = np.zeros(0, dtype=np.int64)
    return LbtArrays(
        exact=ar.exact,
        row_of_piece=row_of_piece,
        row_first_piece=first,
        row_taxpayer=row_taxpayer,
        row_unit=pieces.unit[first],
        row_category=row_category,
        row_steps=steps[first],
        row_class=row_class,
        row_exempt=row_exempt,
        row_s96=row_s96,
        row_value=row_value,
        row_group=row_group,
        row_rates=rates,
        row_tax=tax,
        row_factor=factor,
        row_payable=payable,
        row_line=line,
        row_doubtful=doubtful,
        group_taxpayer=group_taxpayer,
        group_category=group_category,
        group_value=group_value,
        group_pool=pool,
        pool_allowance=pool_allowance,
        group_allowance=allowance,
        group_taxable=taxable,
        group_slices=slices,
        group_band=band,
        group_doubtful=group_doubtful & (settings.band_method == "whole_value") & (not ar.exact),
        tables=tables,
        taxpayer_new=empty,
        taxpayer_relief=empty,
        taxpayer_total=empty,
    )


def _fully_exempt(category: Ints, individual: Bools, rules: LbtRules) -> Bools:
    """Mark pieces fully exempt this year, e.g. individuals' agriculture 2020-2022 (s.96)."""
    exemption = rules.full_exemption
    if exemption is None:
        return np.zeros(len(category), dtype=np.bool_)
    owner_ok = np.where(
        individual, "individual" in exemption.owner_kinds, "juristic" in exemption.owner_kinds
    )
    codes = [CATEGORY_CODE[c] for c in exemption.categories]
    return np.isin(category, codes) & owner_ok


def _round_lines(payable: Nums, magnitude: Floats, ar: Arith) -> tuple[Ints, Bools]:
    """Round each row once to satang (§1.10); in float mode flag rows too close to call."""
    if ar.exact:
        lines = np.array([satang(p / MICRO_PER_BAHT) for p in payable], dtype=np.int64)
        return lines, np.zeros(len(lines), dtype=np.bool_)
    tolerance: Floats = TOLERANCE_MICRO + TOLERANCE_RELATIVE * magnitude
    return satang_from_float_micro(payable.astype(np.float64), tolerance)


def _settle_taxpayers(result: LbtArrays, taxpayers: Taxpayers, rules: LbtRules) -> None:
    """Total each taxpayer's bill lines and apply transitional relief (s.97)."""
    n = len(taxpayers.individual)
    new = int_group_sum(result.row_line, result.row_taxpayer, n)
    relief = np.zeros(n, dtype=np.int64)
    share = rules.transition_share
    prior = taxpayers.prior_tax_2019
    if share is not None:
        ratio = Fraction(share) / 100
        applies = (prior >= 0) & (new > prior)
        # prior + share x (new - prior), rounded half-up once, in whole-number arithmetic.
        scaled = prior * ratio.denominator + ratio.numerator * (new - prior)
        payable = (2 * scaled + ratio.denominator) // (2 * ratio.denominator)
        relief = np.where(applies, payable - new, 0)
    result.taxpayer_new = new
    result.taxpayer_relief = relief
    result.taxpayer_total = new + relief
