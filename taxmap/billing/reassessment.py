"""Re-assess one taxpayer (LBT s.53): re-run the roll's engine on the register as of 1 January.

A frozen roll never changes, so a corrected notice cannot print the roll's lines: the engine
runs again over the LAO's register as of 1 January of the tax year (the same frames, rules,
prices and depreciation as `taxmap roll assess`, so a taxpayer whose records did not change
gets the same lines), and the taxpayer's lines for the notice's tax are kept with the new
notice (notice_lines). The whole LAO is assessed because a taxpayer's bill depends on others'
records (a building on someone else's land, s.48; a sign taxed to the land's owner, §3.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

from taxmap.core.errors import InvalidInput
from valuation.roll_repository import read_roll_frames
from valuation.roll_services import building_price_file
from valuation.ruledata import load_building_prices, load_rule_data
from valuation.rules.roll import assess_roll_frames

ZERO = Decimal("0.00")
_TEXT = ("rule", "data", "item", "category", "zone", "tambon", "rates", "exemption")


@dataclass(frozen=True)
class Reassessed:
    """One taxpayer's tax of one kind re-assessed: amount to pay, s.97 relief, bill lines."""

    amount: Decimal
    relief: Decimal  # LBT transitional relief (s.97), as a positive amount taken off
    lines: tuple[dict[str, Any], ...]  # as valuation.roll_services.assessment_detail gives them


def reassess_taxpayer(
    conn: Connection, lao: Any, tax_year: int, owner_ids: Sequence[int], tax: str
) -> Reassessed:
    """Return a taxpayer's recomputed tax and lines of one kind as of 1 January (s.53)."""
    data = load_rule_data()
    year = data.check_year(tax_year)
    frames = read_roll_frames(conn, lao.id, year)
    result = assess_roll_frames(
        frames,
        data.lbt_rules(year, lao.code),
        data.sign_rates(year, lao.code),
        load_building_prices(building_price_file(lao)),
        data.depreciation,
    )
    key = ",".join(str(i) for i in sorted(set(int(p) for p in owner_ids)))
    found = result.taxpayers.loc[result.taxpayers["owners"] == key]
    if found.empty:
        raise InvalidInput(
            "owners",
            f"The register as of 1 January {year} holds nothing taxable for these owners "
            f"(party ids {key}): correct the register first, or cancel the notice without "
            "a replacement.",
            f"ทะเบียนทรัพย์สิน ณ 1 มกราคม {year + 543} ไม่มีทรัพย์สินที่ต้องเสียภาษีของเจ้าของรายนี้ "
            "โปรดแก้ไขทะเบียนก่อน",
        )
    row = found.iloc[0]
    every = result.lines
    mine = every.loc[(every["taxpayer_no"] == row["taxpayer_no"]) & (every["tax"] == tax)]
    if tax == "lbt":
        amount, relief = _baht(row["land_building_tax"]), -_baht(row["lbt_relief"])
    else:
        amount, relief = _baht(row["signboard_tax"]), ZERO
    return Reassessed(
        amount, relief, tuple(_line(n, r) for n, r in enumerate(mine.itertuples(), 1))
    )


def _line(no: int, r: Any) -> dict[str, Any]:
    text = {name: _text(getattr(r, name)) for name in _TEXT}
    return {
        "line_no": no,
        "tax": r.tax,
        **text,
        "value": f"{Decimal(str(r.value)):.2f}",
        "allowance": f"{Decimal(str(r.allowance)):.2f}",
        "surcharge_steps": int(r.surcharge_steps),
        "reduction_percent": f"{Decimal(str(r.reduction_percent)).normalize():f}",
        "exemption": text["exemption"] or None,
        "before_rounding": f"{Decimal(str(r.before_rounding)).normalize():f}",
        "amount": f"{_baht(r.amount):.2f}",
    }


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _baht(satang: Any) -> Decimal:
    return Decimal(int(satang)) / 100
