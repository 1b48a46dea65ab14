"""Class tables, themes and rules as data; LDD codes; the pure mismatch rule; the SVG chart."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from landuse.classes import class_table, parse_ldd_code, resolve_class, rules, themes
from landuse.exports import bar_chart_svg
from landuse.mismatch import find_mismatches, group_shares
from taxmap.core.errors import InvalidInput


def test_class_tables_load_with_their_colours() -> None:
    ldd = class_table("ldd_codes").by_code()
    assert (ldd["A1"].name_th, ldd["A1"].group, ldd["A1"].fill) == ("นา", "agriculture", "#FFFF73")
    zones = class_table("plan_zones").by_code()
    assert (zones["ก.2"].fill, zones["ก.2"].hatch, zones["ก.2"].group) == (
        "#FFFFFF",
        "#00A000",
        "conservation",
    )
    assert len(class_table("plan_zones").classes) == 15
    assert class_table("land_cover").by_code()["50"].group == "built"
    assert themes()["flood_depth"].continuous and not themes()["land_cover"].continuous
    assert [r.id for r in rules().mismatch] == [
        "agri_built",
        "vacant_cropped",
        "commercial_in_conservation",
    ]


@pytest.mark.parametrize(
    ("code", "parts"),
    [("A1", ("A1",)), ("a401", ("A401",)), ("A1/A2", ("A1", "A2")), ("U2+A1", ("U2", "A1"))],
)
def test_ldd_codes_parse_dominant_first(code: str, parts: tuple[str, ...]) -> None:
    assert parse_ldd_code(code) == parts


def test_an_ldd_code_falls_back_to_its_parent_class() -> None:
    table = class_table("ldd_codes")
    assert [resolve_class(table, c) for c in ("A203", "A1/A2", "U2+A1", "W")] == [
        "A2",
        "A1",
        "U2",
        "W",
    ]
    with pytest.raises(InvalidInput, match="'X1' is not a Land Development Department code"):
        resolve_class(table, "X1")


def test_mismatches_need_both_shares_and_rank_by_tax() -> None:
    declared = pd.DataFrame(
        {
            "parcel_id": [1, 2, 3, 3],
            "code": ["A", "B", "C", "C"],
            "category": ["agri", "agri", "agri", "res_main"],
            "share": [1.0, 1.0, 0.4, 0.6],
        }
    )
    cover = pd.DataFrame(
        {"parcel_id": [1, 2, 3], "class_code": ["50", "50", "50"], "share": [0.5, 0.49, 1.0]}
    )
    observed = {"land_cover": group_shares(cover, {"50": "built"})}
    tax = {1: Decimal("10.00"), 2: Decimal("99.00")}
    rows = find_mismatches(declared, observed, rules().mismatch, tax)
    assert [(r["parcel"], r["rule"], r["tax_at_stake"]) for r in rows] == [
        ("A", "agri_built", Decimal("10.00"))
    ]


def test_the_chart_is_a_standalone_svg_with_thai_labels() -> None:
    svg = bar_chart_svg("พื้นที่ <ตาม> ประเภท", [("นา A1", 2.5, "#FFFF73"), ("U2", 1.25, "#FF7F7F")])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120"')
    assert "พื้นที่ &lt;ตาม&gt; ประเภท" in svg
    assert '<rect x="220" y="40" width="310.0" height="22" fill="#FFFF73"' in svg
    assert '<rect x="220" y="70" width="155.0" height="22" fill="#FF7F7F"' in svg
    assert ">2.50</text>" in svg
