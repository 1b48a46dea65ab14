"""Use case: assess an LAO's tax roll for a year from the register as of 1 January (s.9)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import NotFound, RollFrozen
from taxmap.core.progress import Progress, silent
from taxmap.core.thai import normalize_year
from valuation import roll_repository as repo
from valuation.ruledata import load_building_prices, load_rule_data
from valuation.rules.roll import assess_roll_frames, ref

PRICES = Path(__file__).resolve().parents[1] / "data" / "tax" / "building_prices"
PROVINCE_PRICES = {"นครราชสีมา": "nakhon_ratchasima.csv", "": "nakhon_ratchasima.csv"}
STEPS = 3
STAGE = "assess roll"


def building_price_file(lao: Any) -> Path:
    """Return the building price list of the LAO's province (rule book §2.2)."""
    province = (lao.province_th or "").strip()
    if province not in PROVINCE_PRICES:
        raise NotFound(f"No building price list for province {province} in data/tax.")
    return PRICES / PROVINCE_PRICES[province]


@dataclass
class RollTotals:
    """Totals of a tax year's roll, and what could not be assessed."""

    tax_year: int
    roll_id: int = 0
    taxpayers: int = 0
    land_building_tax: Decimal = Decimal("0.00")
    signboard_tax: Decimal = Decimal("0.00")
    by_category: dict[str, Decimal] = field(default_factory=dict)
    by_zone: dict[str, Decimal] = field(default_factory=dict)
    by_tambon: dict[str, Decimal] = field(default_factory=dict)
    exempt_parcels: int = 0
    unpriced_parcels: int = 0
    unvalued_buildings: int = 0
    lines: int = 0


def _sums(lines: pd.DataFrame, column: str) -> dict[str, Decimal]:
    sums = lines.groupby(lines[column].fillna(""))["amount"].sum()
    return {str(k): Decimal(int(v)) / 100 for k, v in sums.items()}


def assess_roll(
    lao_code: str,
    tax_year: int,
    bind: Engine | Connection,
    progress: Progress = silent,
    *,
    actor: str = "system",
) -> RollTotals:
    """Assess every taxpayer of the LAO for a tax year and write the roll (a draft) in one go."""
    year = normalize_year(tax_year)  # B.E. 2569 and C.E. 2026 are the same tax year
    data = load_rule_data()
    data.check_year(year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        price_file = building_price_file(lao)
        existing = repo.roll_status(uow.conn, lao.id, year)
        if existing is not None and existing[1] == "frozen":
            raise RollFrozen(
                f"The {year} roll of {lao_code} is frozen; correct it by re-assessment (s.53).",
                f"ทะเบียนภาษีปี {year + 543} ของ {lao_code} ถูกล็อกแล้ว แก้ไขได้โดยการประเมินใหม่ (ม.53)",
            )
        progress(STAGE, 0, STEPS)  # reading the register
        frames = repo.read_roll_frames(uow.conn, lao.id, year)
        progress(STAGE, 1, STEPS)  # valuing and assessing
        rules = data.lbt_rules(year, lao_code)
        sign_rates = data.sign_rates(year, lao_code)
        prices = load_building_prices(price_file)
        result = assess_roll_frames(frames, rules, sign_rates, prices, data.depreciation)
        taxpayers = result.taxpayers.assign(
            owner_name=[
                " / ".join(frames.party_names.get(int(p), "?") for p in owners.split(","))
                for owners in result.taxpayers["owners"]
            ]
        )
        lines = result.lines
        progress(STAGE, 2, STEPS)  # writing assessments and lines
        if existing is not None:
            repo.delete_roll(uow.conn, lao.id, existing[0])
        lbt = lines.loc[lines["tax"] == "lbt"]
        totals = RollTotals(
            tax_year=year,
            taxpayers=len(taxpayers),
            land_building_tax=Decimal(int(taxpayers["land_building_tax"].sum())) / 100,
            signboard_tax=Decimal(int(taxpayers["signboard_tax"].sum())) / 100,
            by_category=_sums(lbt, "category"),
            by_zone=_sums(lbt, "zone"),
            by_tambon=_sums(lbt, "tambon"),
            exempt_parcels=result.exempt_parcels,
            unpriced_parcels=result.unpriced_parcels,
            unvalued_buildings=result.unvalued_buildings,
            lines=len(lines),
        )
        sources = sorted(
            {ref(s.source) for s in rules.schedules.values()}
            | {ref(rules.reductions_source), ref(rules.surcharge.source), ref(prices.source)}
            | {ref(d.source) for d in data.depreciation.values()}
            | {ref(sign_rates.source), ref(rules.settings.source)}
        )
        settings = rules.settings
        totals.roll_id = repo.insert_roll(
            uow.conn,
            {
                "lao_id": lao.id,
                "tax_year": year,
                "as_of": date(year, 1, 1),
                "assessed_by": actor,
                "taxpayers": totals.taxpayers,
                "land_building_tax": totals.land_building_tax,
                "signboard_tax": totals.signboard_tax,
                "exempt_parcels": totals.exempt_parcels,
                "unpriced_parcels": totals.unpriced_parcels,
                "unvalued_buildings": totals.unvalued_buildings,
                "data": {
                    "files": sources,
                    "settings": {
                        name: str(getattr(settings, name))
                        for name in (
                            "band_method",
                            "band_basis",
                            "land_under_mixed_building",
                            "agri_allowance_order",
                            "building_age",
                            "sign_rates_from",
                            "sign_minimum_before_proration",
                        )
                    },
                },
            },
        )
        repo.write_assessments(uow.conn, lao.id, totals.roll_id, taxpayers, lines)
        uow.commit()
    progress(STAGE, STEPS, STEPS)
    return totals


def _roll_or_raise(conn: Connection, lao_id: int, lao_code: str, year: int) -> Any:
    header = repo.roll_header(conn, lao_id, year)
    if header is None:
        raise NotFound(
            f"No {year} roll for {lao_code} yet: run taxmap roll assess --lao {lao_code} "
            f"--year {year}.",
            f"ยังไม่มีทะเบียนภาษีปี {year + 543} ของ {lao_code}: สั่ง taxmap roll assess",
        )
    return header


def _money(value: Any) -> str:
    return f"{Decimal(value):.2f}"


def roll_report(
    lao_code: str, tax_year: int, bind: Engine | Connection, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """Return a roll's header, totals by category, zone and tambon, and a page of taxpayers."""
    year = normalize_year(tax_year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        header = _roll_or_raise(uow.conn, lao.id, lao_code, year)
        sums = {
            f"by_{column}": {
                str(k): _money(v)
                for k, v in repo.roll_sums(uow.conn, lao.id, header.id, column).items()
            }
            for column in ("category", "zone", "tambon")
        }
        page = repo.assessment_page(uow.conn, lao.id, header.id, limit, offset)
    return {
        "lao": lao_code,
        "tax_year": year,
        "status": header.status,
        "as_of": header.as_of.isoformat(),
        "assessed_at": header.assessed_at.isoformat(timespec="seconds"),
        "taxpayers": header.taxpayers,
        "land_building_tax": _money(header.land_building_tax),
        "signboard_tax": _money(header.signboard_tax),
        "exempt_parcels": header.exempt_parcels,
        "unpriced_parcels": header.unpriced_parcels,
        "unvalued_buildings": header.unvalued_buildings,
        "data": header.data,
        **sums,
        "limit": limit,
        "offset": offset,
        "assessments": [_assessment(row) for row in page],
    }


def _assessment(row: Any) -> dict[str, Any]:
    return {
        "taxpayer_no": row.taxpayer_no,
        "owner_name": row.owner_name,
        "owner_kind": row.owner_kind,
        "owner_party_ids": list(row.owner_party_ids),
        **{
            name: _money(getattr(row, name))
            for name in (
                "lbt_before_relief",
                "lbt_relief",
                "land_building_tax",
                "signboard_tax",
                "total",
            )
        },
    }


def assessment_detail(
    lao_code: str, tax_year: int, taxpayer_no: int, bind: Engine | Connection
) -> dict[str, Any]:
    """Return one taxpayer's assessment on the roll with its bill lines."""
    year = normalize_year(tax_year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        header = _roll_or_raise(uow.conn, lao.id, lao_code, year)
        head, lines = repo.assessment_with_lines(uow.conn, lao.id, header.id, taxpayer_no)
    if head is None:
        raise NotFound(
            f"No taxpayer {taxpayer_no} on the {year} roll of {lao_code}.",
            f"ไม่พบผู้เสียภาษีลำดับ {taxpayer_no} ในทะเบียนภาษีปี {year + 543} ของ {lao_code}",
        )
    return {
        "lao": lao_code,
        "tax_year": year,
        "status": header.status,
        **_assessment(head),
        "lines": [
            {
                "line_no": r.line_no,
                "tax": r.tax,
                "rule": r.rule,
                "data": r.data,
                "item": r.item,
                "category": r.category,
                "zone": r.zone,
                "tambon": r.tambon,
                "value": f"{r.value:.2f}",
                "allowance": f"{r.allowance:.2f}",
                "rates": r.rates,
                "surcharge_steps": r.surcharge_steps,
                "reduction_percent": f"{r.reduction_percent.normalize():f}",
                "exemption": r.exemption or None,
                "before_rounding": f"{r.before_rounding.normalize():f}",
                "amount": _money(r.amount),
            }
            for r in lines
        ],
    }
