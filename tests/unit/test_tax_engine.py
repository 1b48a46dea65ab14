"""The vectorised LBT engine: float and exact paths agree, and properties that always hold."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from valuation.quote import quote
from valuation.ruledata import load_rule_data
from valuation.rules.lbt import Pieces, Taxpayers, assess_lbt
from valuation.rules.model import CATEGORIES, CATEGORY_CODE
from valuation.rules.valuation import apportion, land_under_mixed_building

CLASSES = ("residential_50", "developer_stock_3y")


def pieces_of(rows: list[tuple[int, int, int, int, int, int, int]]) -> Pieces:
    """Build Pieces from (taxpayer, unit, category, micro-baht, vacant_since, class, exempt)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    return Pieces(
        *(np.array(column, dtype=np.int64) for column in columns),
        class_keys=CLASSES,
        exempt_reasons=("s.8 religious property",),
    )


def taxpayers(
    n: int, individual: list[bool] | None = None, prior: list[int] | None = None
) -> Taxpayers:
    return Taxpayers(
        individual=np.array(individual or [True] * n, dtype=np.bool_),
        prior_tax_2019=np.array(prior or [-1] * n, dtype=np.int64),
    )


piece = st.tuples(
    st.integers(0, 3),  # taxpayer
    st.integers(0, 5),  # unit within the taxpayer
    st.integers(0, 5),  # category
    st.one_of(
        st.integers(0, 10**14),
        st.integers(0, 10**8).map(lambda v: v * 2_500_000),  # round values: exact halves
    ),
    st.sampled_from([0, 0, 2015, 2020, 2021, 2023]),
    st.integers(0, 2),
    st.sampled_from([0, 0, 0, 1]),
)
setting = st.fixed_dictionaries(
    {
        "band_method": st.sampled_from(["marginal", "whole_value"]),
        "band_basis": st.sampled_from(["property_unit", "taxpayer_total_in_lao"]),
        "agri_allowance_order": st.sampled_from(["pro_rata_by_value", "largest_first"]),
    }
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(piece, min_size=1, max_size=25),
    year=st.integers(2020, 2026),
    chosen=setting,
    individual=st.lists(st.booleans(), min_size=4, max_size=4),
    prior=st.lists(st.integers(-1, 10**8), min_size=4, max_size=4),
)
def test_float_path_gives_exactly_the_exact_path(
    rows: list[tuple[int, ...]],
    year: int,
    chosen: dict[str, str],
    individual: list[bool],
    prior: list[int],
) -> None:
    # Units belong to one taxpayer: make the unit number unique per taxpayer.
    fixed = [(t, t * 10 + u, c, v, s, k, e) for t, u, c, v, s, k, e in rows]
    rules = load_rule_data().lbt_rules(year, None, chosen)
    pieces = pieces_of(fixed)
    people = taxpayers(4, individual, prior)
    fast = assess_lbt(pieces, people, rules, mode="float")
    exact = assess_lbt(pieces, people, rules, mode="exact")
    assert fast.row_line.tolist() == exact.row_line.tolist()
    assert fast.taxpayer_total.tolist() == exact.taxpayer_total.tolist()
    assert (exact.row_line >= 0).all() and (exact.taxpayer_total >= 0).all()


def test_an_exact_half_satang_rounds_up_on_the_float_path() -> None:
    # 1,234,575.00 x 0.02 % = 246.915 exactly; a float alone says 246.91499999...
    rules = load_rule_data().lbt_rules(2024)
    pieces = pieces_of([(0, 0, CATEGORY_CODE["res_other"], 1_234_575_000_000, 0, 0, 0)] * 1)
    for mode in ("float", "exact"):
        result = assess_lbt(pieces, taxpayers(1), rules, mode=mode)  # type: ignore[arg-type]
        assert result.taxpayer_total.tolist() == [24692]


def test_a_large_roll_takes_the_float_path_and_matches_exact() -> None:
    rng = np.random.default_rng(7)
    n = 5000
    rows = list(
        zip(
            rng.integers(0, 2000, n).tolist(),
            rng.integers(0, 4000, n).tolist(),
            rng.integers(0, 6, n).tolist(),
            (rng.integers(0, 10**9, n) * 10_000).tolist(),
            rng.choice([0, 2020], n).tolist(),
            rng.integers(0, 3, n).tolist(),
            [0] * n,
            strict=True,
        )
    )
    fixed = [(t, t * 10_000 + u, c, v, s, k, e) for t, u, c, v, s, k, e in rows]
    rules = load_rule_data().lbt_rules(2023)
    people = taxpayers(2000)
    fast = assess_lbt(pieces_of(fixed), people, rules)
    assert not fast.exact
    exact = assess_lbt(pieces_of(fixed), people, rules, mode="exact")
    assert fast.taxpayer_total.tolist() == exact.taxpayer_total.tolist()


def test_exempt_property_is_shown_with_tax_zero() -> None:
    rules = load_rule_data().lbt_rules(2024)
    pieces = pieces_of(
        [
            (0, 0, CATEGORY_CODE["other"], 60 * 10**12, 0, 0, 1),
            (0, 1, CATEGORY_CODE["other"], 60 * 10**12, 0, 0, 0),
        ]
    )
    result = assess_lbt(pieces, taxpayers(1), rules)
    assert sorted(result.row_line.tolist()) == [0, 19_000_000]
    assert result.row_exempt.tolist().count(1) == 1


def test_no_pieces_no_tax() -> None:
    rules = load_rule_data().lbt_rules(2024)
    result = assess_lbt(pieces_of([]), taxpayers(1), rules)
    assert result.taxpayer_total.tolist() == [0]


def test_surcharge_never_lifts_a_rate_above_3_percent() -> None:
    rules = replace(load_rule_data().lbt_rules(2026), tax_year=2050)  # 10 steps of +0.3
    pieces = pieces_of([(0, 0, CATEGORY_CODE["vacant"], 10 * 10**12, 2020, 0, 0)])
    result = assess_lbt(pieces, taxpayers(1, [False]), rules)
    assert result.taxpayer_total.tolist() == [30_000_000]  # 10 M x 3 %


def test_apportion_keeps_the_total_and_gives_leftovers_to_largest_remainders() -> None:
    assert apportion(2000, [10000, 20000]) == [667, 1333]
    assert apportion(100, [1, 1, 1]) == [34, 33, 33]
    assert sum(apportion(12345, [3, 7, 11, 13])) == 12345
    assert land_under_mixed_building(
        [("other", 2000), ("vacant", 500)], {"other": 10000, "res_main": 20000}
    ) == [("vacant", 500), ("other", 667), ("res_main", 1333)]


def quote_one(category: str, value: int, year: int, kind: str, method: str) -> int:
    """Return the LBT of one parcel worth `value` baht, in satang."""
    document: dict[str, Any] = {
        "tax_year": year,
        "owner": {"kind": kind},
        "land": [
            {
                "id": "P",
                "area_sq_wah": 1,
                "price_per_sq_wah": value,
                "uses": [{"category": category, "area_sq_wah": 1}],
            }
        ],
        "settings": {"band_method": method},
    }
    return round(float(quote(document)["total"]) * 100)


categories = st.sampled_from([c for c in CATEGORIES if c != "res_bldg"])
values = st.integers(0, 8_000_000_000)


@settings(max_examples=60, deadline=None)
@given(category=categories, low=values, high=values, year=st.integers(2020, 2026))
def test_tax_is_never_negative_and_grows_with_the_base(
    category: str, low: int, high: int, year: int
) -> None:
    low, high = sorted((low, high))
    kind = "juristic" if category == "other" else "individual"
    for method in ("marginal", "whole_value"):
        smaller = quote_one(category, low, year, kind, method)
        larger = quote_one(category, high, year, kind, method)
        assert 0 <= smaller <= larger


@settings(max_examples=60, deadline=None)
@given(category=categories, value=values, year=st.integers(2020, 2026))
def test_marginal_never_exceeds_whole_value(category: str, value: int, year: int) -> None:
    kind = "juristic" if category == "other" else "individual"
    marginal = quote_one(category, value, year, kind, "marginal")
    whole = quote_one(category, value, year, kind, "whole_value")
    assert marginal <= whole
