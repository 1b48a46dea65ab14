"""Column profiles and land-record conversion: exact fields and exact problem messages."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from parcels.imports.profiles import choose_profile, parse_map_options, resolve_columns
from parcels.imports.records import land_records, sq_wah
from taxmap.core.errors import InvalidInput


def test_land_office_columns_pick_the_land_office_profile() -> None:
    columns = ["OBJECTID", "UTMMAP1", "UTMMAP2", "UTMMAP3", "UTMMAP4", "UTMSCALE", "LAND_NO"]
    profile = choose_profile(columns)
    assert profile.name == "land_office"
    assert resolve_columns(columns, profile, {}) == {
        "source_id": "OBJECTID",
        "sheet_50k": "UTMMAP1",
        "sheet_quadrant": "UTMMAP2",
        "sheet_4000": "UTMMAP3",
        "sub_sheet": "UTMMAP4",
        "map_scale": "UTMSCALE",
        "land_no": "LAND_NO",
    }


def test_ltax_and_generic_profiles() -> None:
    assert choose_profile(["PARCEL_COD", "DOC_TYPE"]).name == "ltax"
    assert choose_profile(["id", "contenance"]).name == "generic"


def test_map_option_overrides_and_errors() -> None:
    assert parse_map_options(["land_no=LANDNO", " code = TAXCODE "]) == {
        "land_no": "LANDNO",
        "code": "TAXCODE",
    }
    with pytest.raises(InvalidInput) as info:
        parse_map_options(["landno"])
    assert (
        info.value.message_en == "--map 'landno': write it as target=column, e.g. land_no=LANDNO."
    )
    with pytest.raises(InvalidInput) as info:
        resolve_columns(["A"], choose_profile(["A"]), {"land_no": "LANDNO"})
    assert (
        info.value.message_en == "--map land_no=LANDNO: the file has no column 'LANDNO'; it has A."
    )


def test_records_convert_values_and_name_bad_ones() -> None:
    attributes = pd.DataFrame(
        {
            "LAND_NO": [12.0, 7.0, np.nan],
            "UTMMAP1": ["5540", "5540", "5540"],
            "UTMMAP2": ["3", "III", "3"],
            "UTMMAP3": ["3432", "3432", "3433"],
            "DOC": ["1", "x", "14"],
            "RAI": [1, 0, None],
            "NGAN": [2, 0, None],
            "WA": [3.5, 50, None],
        }
    )
    columns = {
        "land_no": "LAND_NO",
        "sheet_50k": "UTMMAP1",
        "sheet_quadrant": "UTMMAP2",
        "sheet_4000": "UTMMAP3",
        "document_type": "DOC",
        "legal_rai": "RAI",
        "legal_ngan": "NGAN",
        "legal_wah": "WA",
    }
    records, problems = land_records(attributes, columns)
    assert records["land_no"].tolist() == ["12", "7", None]
    assert records["sheet_quadrant"].tolist() == ["III", "III", "III"]
    assert records["document_type"].tolist()[0] == 1
    # 1-2-3.5 = 603.5 sq wah = 2,414 m²; 0-0-50 = 200 m².
    assert records["legal_area_m2"].tolist() == [2414.0, 200.0, None]
    assert [(p.index, p.field, p.value, p.message) for p in problems] == [
        (1, "document_type", "x", "not a whole number"),
        (2, "document_type", "14", "outside 1-13"),
        (
            2,
            "sheet_50k",
            "5540",
            "sheet '5540 III 3433' is not a Land Department sheet name "
            "('5540 III 3433': grid digits 3433 must be two even pairs (2 km squares); "
            "write a sheet as 5540, 5540 III, 5540 III 3432 or 554033432)",
        ),
    ]


def test_square_wah_rounds_half_up_to_satang_precision() -> None:
    assert sq_wah(2414.0) == Decimal("603.50")
    assert sq_wah(0.02) == Decimal("0.01")  # 0.005 sq wah rounds up
    assert sq_wah(None) is None
