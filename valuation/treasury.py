"""Parse the Treasury's per-parcel appraisal list (CSV), naming the line and column of faults.

Columns (header names, case-insensitive; Land Office aliases in brackets): sheet_50k
[UTMMAP1], quadrant [UTMMAP2], sheet_4000 [UTMMAP3], sub_sheet [UTMMAP4], scale [UTMSCALE],
land_no [LAND_NO], price_per_sq_wah [PRICE]. Prices are baht per square wah.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from taxmap.core.errors import InvalidInput

COLUMNS = {
    "sheet_50k": ("SHEET_50K", "UTMMAP1"),
    "quadrant": ("QUADRANT", "UTMMAP2"),
    "sheet_4000": ("SHEET_4000", "UTMMAP3"),
    "sub_sheet": ("SUB_SHEET", "UTMMAP4"),
    "scale": ("SCALE", "UTMSCALE"),
    "land_no": ("LAND_NO",),
    "price_per_sq_wah": ("PRICE_PER_SQ_WAH", "PRICE"),
}
REQUIRED = ("sheet_50k", "quadrant", "sheet_4000", "land_no", "price_per_sq_wah")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


@dataclass(frozen=True)
class PriceRow:
    """One parcel's price in the Treasury list."""

    line: int
    sheet_50k: str
    sheet_quadrant: str
    sheet_4000: str
    sub_sheet: str
    map_scale: int
    land_no: str
    price_per_sq_wah: Decimal


@dataclass(frozen=True)
class RowProblem:
    """A line of the file that was not loaded, and why."""

    line: int
    column: str
    message: str


def parse_price_list(text: str, *, file_name: str) -> tuple[list[PriceRow], list[RowProblem]]:
    """Parse the CSV text; refuse the file if columns are missing, else report bad lines."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise InvalidInput("file", f"{file_name}: the file is empty.", f"{file_name}: ไฟล์ว่าง")
    position = {name.strip().upper(): i for i, name in enumerate(header)}
    found = {
        field: next((position[a] for a in aliases if a in position), None)
        for field, aliases in COLUMNS.items()
    }
    missing = [f for f in REQUIRED if found[f] is None]
    if missing:
        raise InvalidInput(
            "file",
            f"{file_name}: missing column(s) {', '.join(missing)}; the header has "
            f"{', '.join(header)}.",
            f"{file_name}: ไม่มีคอลัมน์ {', '.join(missing)}",
        )
    rows: list[PriceRow] = []
    problems: list[RowProblem] = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue

        def get(field: str, values: list[str] = values) -> str:
            index = found[field]
            return values[index].strip() if index is not None and index < len(values) else ""

        empty = [f for f in REQUIRED if not get(f)]
        if empty:
            problems.append(RowProblem(line, empty[0], f"{empty[0]} is empty"))
            continue
        try:
            price = Decimal(get("price_per_sq_wah").replace(",", ""))
        except InvalidOperation:
            problems.append(
                RowProblem(line, "price_per_sq_wah", f"'{get('price_per_sq_wah')}' is not a number")
            )
            continue
        if price < 0 or price != price.quantize(Decimal("0.01")):
            problems.append(
                RowProblem(line, "price_per_sq_wah", f"{price} must be ≥ 0 with at most 2 decimals")
            )
            continue
        scale = get("scale") or "4000"
        if not scale.isdigit():
            problems.append(RowProblem(line, "scale", f"'{scale}' is not a whole number"))
            continue
        quadrant = get("quadrant").upper()
        rows.append(
            PriceRow(
                line=line,
                sheet_50k=get("sheet_50k"),
                sheet_quadrant=ROMAN.get(quadrant, quadrant),
                sheet_4000=get("sheet_4000"),
                sub_sheet=get("sub_sheet"),
                map_scale=int(scale),
                land_no=get("land_no"),
                price_per_sq_wah=price,
            )
        )
    return rows, problems
