"""Turn a file's attribute columns into land-record fields, naming every bad value (pure).

Works column by column (pandas), so a million rows cost about as much as a few columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from taxmap.core.sheets import parse_sheet_name

TEXT_FIELDS = (
    "source_id",
    "code",
    "document_no",
    "sheet_50k",
    "sheet_quadrant",
    "sheet_4000",
    "sub_sheet",
    "land_no",
    "survey_page",
    "volume",
    "page",
    "road",
    "alley",
    "note",
)
INT_FIELDS = (("document_type", 1, 13), ("map_scale", 1, 100_000), ("village_no", 1, 99))
AREA_FIELDS = ("legal_area_m2", "legal_area_sq_wah", "legal_rai", "legal_ngan", "legal_wah")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


@dataclass(frozen=True)
class AttributeProblem:
    """A value in the file that cannot be used, with the feature and column it came from."""

    index: int
    field: str
    column: str
    value: str
    message: str


def _text(column: pd.Series) -> pd.Series:
    """Return trimmed text with blanks as None; whole-number floats ("12.0") as "12"."""
    if pd.api.types.is_float_dtype(column):
        whole = column.notna() & (column == np.floor(column))
        text = column.astype(object).where(~whole, column[whole].astype("Int64").astype(str))
        text = text.astype(str)
    else:
        text = column.astype(str)
    text = text.str.strip()
    blank = column.isna() | (text == "") | text.isin(["nan", "None", "<NA>"])
    return text.astype(object).where(~blank, None)


def _numbers(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return the column as floats and a mask of non-blank values that are not numbers."""
    given = column.notna() & (column.astype(str).str.strip() != "")
    as_text = column.astype(str).str.strip().str.replace(",", "", regex=False)
    numbers = pd.to_numeric(as_text.where(given), errors="coerce")
    return numbers, given & numbers.isna()


def land_records(
    attributes: pd.DataFrame, columns: Mapping[str, str]
) -> tuple[pd.DataFrame, list[AttributeProblem]]:
    """Return one row per feature (text fields, numbers, legal_area_m2) and the problems."""
    n = len(attributes)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    problems: list[AttributeProblem] = []

    def report(mask: pd.Series, field: str, message: str) -> None:
        column = columns[field]
        for i in np.flatnonzero(mask.to_numpy()):
            value = str(attributes[column].iloc[i])
            problems.append(AttributeProblem(int(i), field, column, value, message))

    for field in TEXT_FIELDS:
        out[field] = _text(attributes[columns[field]]) if field in columns else None
    if "sheet_quadrant" in columns:
        out["sheet_quadrant"] = out["sheet_quadrant"].map(lambda q: ROMAN.get(q, q))
    for field, low, high in INT_FIELDS:
        out[field] = pd.Series(pd.NA, index=out.index, dtype="Int64")
        if field not in columns:
            continue
        numbers, not_number = _numbers(attributes[columns[field]])
        not_whole = numbers.notna() & (numbers != np.floor(numbers))
        outside = numbers.notna() & ~not_whole & ((numbers < low) | (numbers > high))
        report(not_number | not_whole, field, "not a whole number")
        report(outside, field, f"outside {low}-{high}")
        good = numbers.notna() & ~not_whole & ~outside
        out.loc[good, field] = numbers[good].astype("int64")
    _check_sheets(out, columns, report)
    out["legal_area_m2"] = _legal_area(attributes, columns, report)
    return out, sorted(problems, key=lambda p: p.index)


def _check_sheets(out: pd.DataFrame, columns: Mapping[str, str], report: Any) -> None:
    """Check each distinct sheet name once (a file holds a few sheets, many parcels)."""
    parts = ["sheet_50k", "sheet_quadrant", "sheet_4000"]
    if not all(p in columns for p in parts):
        return
    named = out[parts].notna().all(axis=1)
    names = out.loc[named, parts].astype(str).agg(" ".join, axis=1)
    for name in names.unique():
        try:
            parse_sheet_name(name)
        except Exception as exc:  # InvalidInput from the sheet rules, with its reason
            report(
                named & (names.reindex(out.index) == name),
                "sheet_50k",
                f"sheet '{name}' is not a Land Department sheet name ({exc})",
            )


def _legal_area(attributes: pd.DataFrame, columns: Mapping[str, str], report: Any) -> pd.Series:
    """Read the legal area in m² from m², square wah, or rai-ngan-wah columns, in that order."""
    area = pd.Series(np.nan, index=attributes.index, dtype="float64")
    if "legal_area_m2" in columns:
        numbers, bad = _numbers(attributes[columns["legal_area_m2"]])
        report(bad, "legal_area_m2", "the legal area is not a number")
        area = area.fillna(numbers)
    if "legal_area_sq_wah" in columns:
        numbers, bad = _numbers(attributes[columns["legal_area_sq_wah"]])
        report(bad, "legal_area_sq_wah", "the legal area is not a number")
        area = area.fillna(numbers * 4)
    parts = [f for f in ("legal_rai", "legal_ngan", "legal_wah") if f in columns]
    if parts:
        total = pd.Series(0.0, index=attributes.index)
        given = pd.Series(False, index=attributes.index)
        for field, wah in (("legal_rai", 400), ("legal_ngan", 100), ("legal_wah", 1)):
            if field in columns:
                numbers, bad = _numbers(attributes[columns[field]])
                report(bad, field, "the legal area is not a number")
                total += numbers.fillna(0) * wah * 4
                given |= numbers.notna()
        area = area.fillna(total.where(given))
    return area.astype(object).where(area.notna(), None)


def sq_wah(area_m2: float | None) -> Decimal | None:
    """Return an area in square wah to 2 decimals (the register's unit)."""
    if area_m2 is None or area_m2 != area_m2:
        return None
    return (Decimal(str(area_m2)) / 4).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
