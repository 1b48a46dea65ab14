"""Turn a file's attribute rows into land-record fields, naming every bad value (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

from taxmap.core.sheets import parse_sheet_name

TEXT_FIELDS = (
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
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


@dataclass(frozen=True)
class AttributeProblem:
    """A value in the file that cannot be used, with the feature and column it came from."""

    index: int
    field: str
    column: str
    value: str
    message: str


def _blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""
    )


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    text = str(value).strip()
    # Integer-valued floats from DBF/GeoPackage numeric columns ("12.0") are land numbers "12".
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value).strip().replace(",", ""))


def land_records(
    attributes: pd.DataFrame, columns: Mapping[str, str]
) -> tuple[list[dict[str, Any]], list[AttributeProblem]]:
    """Return one record per row (source_id, land-record fields, legal_area_m2) and problems."""
    records: list[dict[str, Any]] = []
    problems: list[AttributeProblem] = []
    rows = attributes.to_dict("records")
    for index, row in enumerate(rows):
        record: dict[str, Any] = {}

        def bad(field: str, message: str, row: dict[str, Any] = row, index: int = index) -> None:
            column = columns[field]
            problems.append(AttributeProblem(index, field, column, str(row.get(column)), message))

        for field in TEXT_FIELDS:
            if field in columns:
                record[field] = _text(row.get(columns[field]))
        source_column = columns.get("source_id")
        record["source_id"] = _text(row.get(source_column)) if source_column else None
        if record.get("sheet_quadrant"):
            quadrant = record["sheet_quadrant"]
            record["sheet_quadrant"] = ROMAN.get(quadrant, quadrant)
        for field, low, high in (
            ("document_type", 1, 13),
            ("map_scale", 1, 100_000),
            ("village_no", 1, 99),
        ):
            if field in columns and not _blank(row.get(columns[field])):
                try:
                    number = int(_decimal(row[columns[field]]))
                except (InvalidOperation, ValueError):
                    bad(field, f"'{row[columns[field]]}' is not a whole number")
                    continue
                if not low <= number <= high:
                    bad(field, f"{number} is outside {low}-{high}")
                    continue
                record[field] = number
        if all(record.get(k) for k in ("sheet_50k", "sheet_quadrant", "sheet_4000")):
            name = f"{record['sheet_50k']} {record['sheet_quadrant']} {record['sheet_4000']}"
            try:
                parse_sheet_name(name)
            except Exception as exc:  # InvalidInput from the sheet rules, with its reason
                bad("sheet_50k", f"sheet '{name}' is not a Land Department sheet name ({exc})")
        record["legal_area_m2"] = _legal_area(row, columns, bad)
        records.append(record)
    return records, problems


def _legal_area(row: dict[str, Any], columns: Mapping[str, str], bad: Any) -> float | None:
    """Read the legal area from m², square wah, or rai-ngan-wah columns, in that order."""
    try:
        if "legal_area_m2" in columns and not _blank(row.get(columns["legal_area_m2"])):
            return float(_decimal(row[columns["legal_area_m2"]]))
        if "legal_area_sq_wah" in columns and not _blank(row.get(columns["legal_area_sq_wah"])):
            return float(_decimal(row[columns["legal_area_sq_wah"]]) * 4)
        parts = [columns.get(k) for k in ("legal_rai", "legal_ngan", "legal_wah")]
        if any(p and not _blank(row.get(p)) for p in parts):
            rai, ngan, wah = (
                _decimal(row[p]) if p and not _blank(row.get(p)) else Decimal(0) for p in parts
            )
            return float((rai * 400 + ngan * 100 + wah) * 4)
    except (InvalidOperation, ValueError):
        sources = ("legal_area_m2", "legal_area_sq_wah", "legal_rai", "legal_ngan", "legal_wah")
        field = next(f for f in sources if f in columns)
        bad(field, "the legal area is not a number")
    return None


def sq_wah(area_m2: float | None) -> Decimal | None:
    """Return an area in square wah to 2 decimals (the register's unit)."""
    if area_m2 is None:
        return None
    return (Decimal(str(area_m2)) / 4).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
