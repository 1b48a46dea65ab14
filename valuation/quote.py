"""Quote the Land and Building Tax and the Signboard Tax of one taxpayer (the public contract).

`quote(document)` takes the JSON-shaped request described in QuoteRequest and returns
{"land_building_tax": {"total", "lines"}, "signboard_tax": {"total", "lines"}, "total"} with
amounts as decimal strings of two places. The LBT runs through the same vectorised engine as
a whole roll, on this one taxpayer. Invalid input raises QuoteInputError listing the JSON path
of each bad field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from taxmap.core.errors import InvalidInput
from valuation.quote_check import Problem, check_request
from valuation.quote_model import QuoteRequest
from valuation.ruledata import RuleData, load_rule_data
from valuation.rules.explain import LBT_ACT, Line, line
from valuation.rules.holding import BuildingItem, CondoItem, Holding, LandItem, UsePiece
from valuation.rules.lbt import assess_lbt
from valuation.rules.lbt_explain import explain_lbt
from valuation.rules.model import LbtRules
from valuation.rules.money import from_satang
from valuation.rules.property import value_holding
from valuation.rules.signboard import Sign, assess_sign


class QuoteInputError(InvalidInput):
    """A quote request has bad fields; details["errors"] lists each path and why."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [{"path": path, "message": message} for path, message in problems]
        listed = "; ".join(f"{path}: {message}" for path, message in problems)
        super().__init__(
            problems[0][0] if problems else "document",
            f"The quote request has {len(problems)} invalid field(s): {listed}",
            f"คำขอประเมินภาษีมีข้อมูลไม่ถูกต้อง {len(problems)} รายการ: {listed}",
            details={"errors": errors},
        )
        self.errors = errors


def quote(document: dict[str, Any], *, data: RuleData | None = None) -> dict[str, Any]:
    """Quote a taxpayer's Land and Building Tax and Signboard Tax for one tax year (§1-3)."""
    rules_data = data or load_rule_data()
    request = parse_request(document)
    problems = check_request(request, rules_data)
    if problems:
        raise QuoteInputError(problems)
    year = rules_data.check_year(request.tax_year)
    overrides = dict(request.settings or {})
    rules = rules_data.lbt_rules(year, request.lao, overrides)
    lbt_total, lbt_lines = _land_building_tax(request, rules, rules_data)
    sign_rates = rules_data.sign_rates(year, request.lao, overrides)
    sign_lines: list[Line] = []
    sign_total = Decimal(0)
    for sign in request.signs:
        assessed = assess_sign(
            Sign(
                id=sign.id,
                type=sign.type,
                moving=sign.moving,
                width_cm=sign.width_cm,
                height_cm=sign.height_cm,
                faces=sign.faces,
                first_shown=sign.first_shown,
            ),
            sign_rates,
            year,
        )
        sign_lines += assessed.lines
        sign_total += assessed.tax
    return {
        "land_building_tax": {"total": f"{lbt_total:.2f}", "lines": _dicts(lbt_lines)},
        "signboard_tax": {"total": f"{sign_total:.2f}", "lines": _dicts(sign_lines)},
        "total": f"{lbt_total + sign_total:.2f}",
    }


def parse_request(document: object) -> QuoteRequest:
    """Parse the request's shape and field types; raise QuoteInputError with every bad path."""
    if not isinstance(document, dict):
        raise QuoteInputError([("document", "the request must be a JSON object")])
    try:
        return QuoteRequest.model_validate(document)
    except ValidationError as exc:
        raise QuoteInputError(
            [(_path(error["loc"]), _message(error["msg"])) for error in exc.errors()]
        ) from None


def _land_building_tax(
    request: QuoteRequest, rules: LbtRules, data: RuleData
) -> tuple[Decimal, list[Line]]:
    holding = _holding(request)
    settings = rules.settings
    chosen = ", ".join(
        f"{name} = {getattr(settings, name)}"
        + (" (this request)" if name in settings.overridden else "")
        for name in (
            "band_method",
            "band_basis",
            "land_under_mixed_building",
            "agri_allowance_order",
        )
    )
    lines = [
        line(
            f"{LBT_ACT}; rule book settings",
            "settings",
            f"Tax year {rules.tax_year}, LAO {rules.lao or '(national rates)'}; settings: {chosen}",
            f"ปีภาษี {rules.tax_year + 543} อปท. {rules.lao or '(อัตราทั่วประเทศ)'}; {chosen}",
            0,
            data=(settings.source,),
        )
    ]
    if not (holding.land or holding.buildings or holding.condos):
        return Decimal(0), lines
    valued = value_holding(holding, rules, data.depreciation)
    result = assess_lbt(valued.pieces, valued.taxpayers, rules, mode="auto")
    lines += valued.lines
    lines += explain_lbt(
        result, rules, valued.pieces, valued.unit_labels, valued.piece_item, valued.taxpayers
    )
    return from_satang(int(result.taxpayer_total[0])), lines


def _holding(request: QuoteRequest) -> Holding:
    return Holding(
        individual=request.owner.kind == "individual",
        land=tuple(
            LandItem(
                id=land.id,
                area_sq_wah=land.area_sq_wah,
                price_per_sq_wah=land.price_per_sq_wah,
                uses=tuple(UsePiece(u.category, u.area_sq_wah, u.vacant_since) for u in land.uses),
                contiguous_group=land.contiguous_group,
            )
            for land in request.land
        ),
        buildings=tuple(
            BuildingItem(
                id=b.id,
                price_per_sqm=b.price_per_sqm,
                floor_area_sqm=b.floor_area_sqm,
                construction_class=b.construction_class,
                uses=tuple(UsePiece(u.category, u.floor_area_sqm) for u in b.uses),
                on_land=b.on_land,
                age_years=b.age_years,
                completed_year=b.completed_year,
            )
            for b in request.buildings
        ),
        condos=tuple(
            CondoItem(
                id=c.id,
                area_sqm=c.area_sqm,
                price_per_sqm=c.price_per_sqm,
                uses=tuple(UsePiece(u.category, u.floor_area_sqm) for u in c.uses),
            )
            for c in request.condo_units
        ),
        reduction_class=request.reduction_class,
        prior_tax_2019=request.prior_tax_2019,
    )


def _dicts(lines: list[Line]) -> list[dict[str, Any]]:
    return [item.as_dict() for item in lines]


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _message(message: str) -> str:
    # pydantic prefixes our own ValueError texts; the path already says where.
    return message.removeprefix("Value error, ")
