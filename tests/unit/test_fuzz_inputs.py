"""Hypothesis on the quote contract (`valuation.quote`, `taxmap tax quote`).

Whatever the document holds (random numbers, strings, missing fields), the answer is a quote
or the documented validation error listing JSON paths (InvalidInput; exit 2 from the CLI),
never a crash; valid documents give amounts >= 0 with two decimals. The import path is fuzzed
in test_fuzz_imports.py. Derandomized and bounded, so CI is repeatable.
"""

from __future__ import annotations

import json
import math
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from taxmap.cli import app
from taxmap.core.errors import InvalidInput
from valuation.quote import QuoteInputError, quote
from valuation.ruledata import RuleData, load_rule_data

FUZZ = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FEW = settings(FUZZ, max_examples=40)
MISSING = object()  # a field left out of the document
CATEGORIES = ("agri", "res_main", "res_bldg", "res_other", "other", "vacant")
TOP_FIELDS = (
    "document",
    "tax_year",
    "lao",
    "owner",
    "land",
    "buildings",
    "condo_units",
    "signs",
    "prior_tax_2019",
    "reduction_class",
    "settings",
)


@cache
def rule_data() -> RuleData:
    """The shipped rule data, read once."""
    return load_rule_data()


# ---- the quote contract --------------------------------------------------------------------

# Numbers as people and programs send them, most of them wrong for some field.
junk_numbers = st.one_of(
    st.sampled_from(
        [
            math.nan,
            math.inf,
            -math.inf,
            "NaN",
            "Infinity",
            "-Infinity",
            "sNaN",
            "1e999",
            "1e30",
            "-1e30",
            "1e-30",
            "0.001",
            "-0",
            "",
            " ",
            " 12 ",
            "1,000",
            "1_000",
            "๑๒",
            "abc",
            True,
            False,
            None,
            [],
            {},
            10**30,
            -(10**30),
            2**63,
            -1,
            0,
        ]
    ),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


def either(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field that is usually valid, sometimes junk, sometimes missing."""
    return st.one_of(valid, valid, valid, junk_numbers, st.just(MISSING), json_values)


def document(**fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object whose members are drawn from the strategies; MISSING ones are left out."""
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not MISSING}
    )


money = st.decimals(min_value=0, max_value=10**6, places=2)
area = st.decimals(min_value=Decimal("0.01"), max_value=10**4, places=2)
use_piece = document(
    category=either(st.sampled_from(CATEGORIES)),
    area_sq_wah=either(area),
    vacant_since=st.one_of(st.just(MISSING), either(st.integers(2015, 2026))),
)
fuzzed_land = document(
    id=either(st.sampled_from(["L1", "L2", "L3"])),
    area_sq_wah=either(area),
    price_per_sq_wah=either(money),
    contiguous_group=st.one_of(st.just(MISSING), either(st.sampled_from(["G1", "G2"]))),
    uses=either(st.lists(use_piece, min_size=1, max_size=3)),
)
fuzzed_building = document(
    id=either(st.sampled_from(["B1", "B2"])),
    on_land=st.one_of(st.just(MISSING), either(st.sampled_from(["L1", "L2", "L9"]))),
    price_per_sqm=either(money),
    floor_area_sqm=either(area),
    **{"class": either(st.sampled_from(["concrete", "half_wood", "wood"]))},
    age_years=st.one_of(st.just(MISSING), either(st.integers(0, 120))),
    completed_year=st.one_of(st.just(MISSING), either(st.integers(1900, 2569))),
    uses=either(
        st.lists(
            document(category=either(st.sampled_from(CATEGORIES)), floor_area_sqm=either(area)),
            min_size=1,
            max_size=2,
        )
    ),
)
fuzzed_sign = document(
    id=either(st.just("S1")),
    type=either(st.sampled_from([1, 2, 3])),
    moving=either(st.booleans()),
    width_cm=either(area),
    height_cm=either(area),
    faces=either(st.integers(1, 4)),
    first_shown=either(st.dates().map(str)),
)
fuzzed_request = document(
    tax_year=either(st.integers(2018, 2572)),
    lao=st.one_of(st.just(MISSING), either(st.sampled_from(["BUALAI", "NOWHERE"]))),
    owner=either(document(kind=either(st.sampled_from(["individual", "juristic"])))),
    land=st.one_of(st.just(MISSING), either(st.lists(fuzzed_land, max_size=3))),
    buildings=st.one_of(st.just(MISSING), either(st.lists(fuzzed_building, max_size=2))),
    signs=st.one_of(st.just(MISSING), either(st.lists(fuzzed_sign, max_size=2))),
    prior_tax_2019=st.one_of(st.just(MISSING), either(money)),
    reduction_class=st.one_of(st.just(MISSING), either(st.sampled_from(["residential_50", "x"]))),
    settings=st.one_of(
        st.just(MISSING),
        st.dictionaries(
            st.sampled_from(["band_method", "band_basis", "sign_rates_from", "nope"]),
            either(st.sampled_from(["marginal", "whole_value", 2021, 2569])),
            max_size=2,
        ),
    ),
)


@st.composite
def valid_request(draw: st.DrawFn) -> dict[str, Any]:
    """A request every check accepts: uses add up, one residence, values within reason."""
    data = rule_data()
    year = draw(st.integers(data.first_year, data.last_year))
    juristic = draw(st.booleans())
    plain = ("agri", "res_other", "other", "vacant")
    lands = []
    for i in range(draw(st.integers(0, 3))):
        total = draw(area)
        cut = draw(st.decimals(min_value=0, max_value=total, places=2))
        parts = [p for p in (cut, total - cut) if p > 0]
        cats = st.sampled_from(plain if juristic or i else ("res_main", *plain))
        lands.append(
            {
                "id": f"L{i}",
                "area_sq_wah": str(total),
                "price_per_sq_wah": draw(money.map(str)),
                "uses": [{"category": draw(cats), "area_sq_wah": str(p)} for p in parts],
            }
        )
    buildings = [
        {
            "id": f"B{i}",
            "on_land": lands[i]["id"] if i < len(lands) else None,
            "price_per_sqm": str(draw(money)),
            "floor_area_sqm": str(size := draw(area)),
            "class": draw(st.sampled_from(["concrete", "half_wood", "wood"])),
            "age_years": draw(st.integers(0, 80)),
            "uses": [{"category": draw(st.sampled_from(plain)), "floor_area_sqm": str(size)}],
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    signs = [
        {
            "id": f"S{i}",
            "type": draw(st.sampled_from([1, 2, 3])),
            "moving": draw(st.booleans()),
            "width_cm": str(draw(area)),
            "height_cm": str(draw(area)),
            "faces": draw(st.integers(1, 4)),
            "first_shown": str(draw(st.dates(max_value=date(year, 12, 31)))),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    owner = {"kind": "juristic" if juristic else "individual"}
    return {"tax_year": year, "owner": owner, "land": lands, "buildings": buildings, "signs": signs}


def _outcome(doc: Any) -> dict[str, Any] | None:
    """Quote the document; None when it was refused the documented way (paths and messages)."""
    try:
        result = quote(doc, data=rule_data())
    except QuoteInputError as exc:
        assert exc.errors, "a refusal lists at least one error"
        for error in exc.errors:
            assert _names_a_field(error["path"], doc), error
            assert error["message"], error
        assert exc.to_dict()["code"] == "invalid_input"
        return None
    except InvalidInput as exc:  # a check past the shape, e.g. rule data for the year and LAO
        assert _names_a_field(exc.field, doc), exc.field
        return None
    _assert_amounts(result)
    return result


def _names_a_field(path: str, doc: Any) -> bool:
    """Whether a JSON path starts at a field of the contract, or at a member the caller sent."""
    head = path.split(".")[0].split("[")[0]
    sent = [str(k) for k in doc] if isinstance(doc, dict) else []
    return head in TOP_FIELDS or any(path == k or path.startswith((f"{k}.", f"{k}[")) for k in sent)


def _assert_amounts(result: dict[str, Any]) -> None:
    amounts = [
        Decimal(result["land_building_tax"]["total"]),
        Decimal(result["signboard_tax"]["total"]),
    ]
    total = Decimal(result["total"])
    for amount in (*amounts, total):
        assert amount >= 0 and amount.as_tuple().exponent == -2, amount
    assert total == sum(amounts)


@FUZZ
@given(json_values)
def test_any_json_value_is_quoted_or_refused_with_paths(doc: Any) -> None:
    _outcome(doc)


@FUZZ
@given(fuzzed_request)
def test_wrong_numbers_strings_and_missing_fields_are_refused_with_paths(
    doc: dict[str, Any],
) -> None:
    _outcome(doc)


@FUZZ
@given(valid_request())
def test_a_valid_request_gives_amounts_of_two_places_never_negative(doc: dict[str, Any]) -> None:
    assert _outcome(doc) is not None


@FEW
@given(st.one_of(fuzzed_request.map(lambda d: json.dumps(d, default=str)), st.text(max_size=40)))
def test_the_cli_exits_0_with_a_quote_or_2_with_the_paths(text: str) -> None:
    result = CliRunner().invoke(app, ["tax", "quote"], input=text)
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    answer = json.loads(result.stdout)
    if result.exit_code == 0:
        _assert_amounts(answer)
    else:
        assert answer["code"] == "invalid_input"
        assert all(e["path"] and e["message"] for e in answer["details"]["errors"])


# ---- what the fuzzing found, pinned ---------------------------------------------------------


def test_a_number_beyond_decimal_precision_is_refused_with_its_path() -> None:
    doc = {
        "tax_year": 2024,
        "owner": {"kind": "individual"},
        "land": [
            {
                "id": "L1",
                "area_sq_wah": "1e30",
                "price_per_sq_wah": 1,
                "uses": [{"category": "agri", "area_sq_wah": "1e30"}],
            }
        ],
    }
    with pytest.raises(QuoteInputError) as caught:
        quote(doc, data=rule_data())
    assert caught.value.errors == [
        {"path": "land[0].area_sq_wah", "message": "1E+30 is too large"},
        {"path": "land[0].uses[0].area_sq_wah", "message": "1E+30 is too large"},
    ]
