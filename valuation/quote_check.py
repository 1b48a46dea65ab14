"""Checks of a quote request that need more than one field: areas, references, ownership.

Each problem is reported with the JSON path of the field a person has to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from taxmap.core.errors import InvalidInput
from valuation.quote_model import QuoteRequest
from valuation.ruledata import RuleData
from valuation.ruledata_other import parse_setting

# A value beyond this does not fit the engine's exact integers; no real property is near it.
_MAX_VALUE = Decimal(9_000_000_000_000)
_CONDO_CATEGORIES = ("res_main", "res_other", "other", "vacant")

Problem = tuple[str, str]


def check_request(request: QuoteRequest, data: RuleData) -> list[Problem]:
    """Return (path, message) for every problem across fields; empty when the request is sound."""
    problems: list[Problem] = []
    year = _check_year(request, data, problems)
    problems += _check_ids("land", [x.id for x in request.land])
    problems += _check_ids("buildings", [x.id for x in request.buildings])
    problems += _check_ids("condo_units", [x.id for x in request.condo_units])
    problems += _check_ids("signs", [x.id for x in request.signs])
    juristic = request.owner.kind == "juristic"
    land_ids = {land.id for land in request.land}
    residences: dict[str, str] = {}
    for i, land in enumerate(request.land):
        at = f"land[{i}]"
        problems += _check_total(
            f"{at}.uses", [u.area_sq_wah for u in land.uses], land.area_sq_wah, "sq wah", "land"
        )
        problems += _check_value(f"{at}.price_per_sq_wah", land.price_per_sq_wah, land.area_sq_wah)
        unit = f"group {land.contiguous_group}" if land.contiguous_group else f"land {land.id}"
        for j, use in enumerate(land.uses):
            path = f"{at}.uses[{j}]"
            if use.category == "res_bldg":
                problems.append(
                    (
                        f"{path}.category",
                        "res_bldg is a house on land the taxpayer does not own; "
                        "the taxpayer's own land cannot be res_bldg (use res_main)",
                    )
                )
            if use.vacant_since is not None:
                if use.category != "vacant":
                    problems.append((f"{path}.vacant_since", "is only for vacant pieces"))
                elif year is not None and use.vacant_since > year:
                    problems.append(
                        (f"{path}.vacant_since", f"{use.vacant_since} is after the tax year {year}")
                    )
            problems += _check_residence(
                f"{path}.category", use.category, unit, juristic, residences
            )
    for i, building in enumerate(request.buildings):
        at = f"buildings[{i}]"
        if building.on_land is not None and building.on_land not in land_ids:
            problems.append((f"{at}.on_land", f"'{building.on_land}' is not the id of a land item"))
        if (building.age_years is None) == (building.completed_year is None):
            problems.append((at, "give exactly one of age_years or completed_year"))
        problems += _check_total(
            f"{at}.uses",
            [u.floor_area_sqm for u in building.uses],
            building.floor_area_sqm,
            "m²",
            "building",
        )
        problems += _check_value(
            f"{at}.price_per_sqm", building.price_per_sqm, building.floor_area_sqm
        )
        unit = next(
            (
                f"group {x.contiguous_group}" if x.contiguous_group else f"land {x.id}"
                for x in request.land
                if x.id == building.on_land
            ),
            f"building {building.id}",
        )
        for j, floor in enumerate(building.uses):
            path = f"{at}.uses[{j}].category"
            if floor.category == "res_bldg" and building.on_land is not None:
                problems.append(
                    (
                        path,
                        "res_bldg is for a house on someone else's land; this building stands "
                        "on the taxpayer's own land (use res_main)",
                    )
                )
            problems += _check_residence(path, floor.category, unit, juristic, residences)
    for i, condo in enumerate(request.condo_units):
        at = f"condo_units[{i}]"
        problems += _check_total(
            f"{at}.uses", [u.floor_area_sqm for u in condo.uses], condo.area_sqm, "m²", "unit"
        )
        problems += _check_value(f"{at}.price_per_sqm", condo.price_per_sqm, condo.area_sqm)
        for j, unit_use in enumerate(condo.uses):
            path = f"{at}.uses[{j}].category"
            if unit_use.category not in _CONDO_CATEGORIES:
                problems.append((path, f"a condominium unit cannot be {unit_use.category}"))
            problems += _check_residence(
                path, unit_use.category, f"condo {condo.id}", juristic, residences
            )
    for i, sign in enumerate(request.signs):
        if year is not None and sign.first_shown.year > year:
            problems.append(
                (f"signs[{i}].first_shown", f"{sign.first_shown} is after the tax year {year}")
            )
    known = sorted(data.reductions.standing)
    if request.reduction_class is not None and request.reduction_class not in known:
        problems.append(
            (
                "reduction_class",
                f"'{request.reduction_class}' is not a reduction class; known: {', '.join(known)}",
            )
        )
    for name, value in (request.settings or {}).items():
        try:
            parse_setting(name, value)
        except ValueError as exc:
            problems.append((f"settings.{name}", str(exc)))
    return problems


def _check_year(request: QuoteRequest, data: RuleData, problems: list[Problem]) -> int | None:
    try:
        return data.check_year(request.tax_year)
    except InvalidInput as exc:
        problems.append(("tax_year", exc.message_en))
        return None


def _check_ids(kind: str, ids: Sequence[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(ids):
        if item in seen:
            problems.append((f"{kind}[{index}].id", f"'{item}' is also {kind}[{seen[item]}].id"))
        seen.setdefault(item, index)
    return problems


def _check_total(
    path: str, parts: Sequence[Decimal], whole: Decimal, unit: str, what: str
) -> list[Problem]:
    total = sum(parts, Decimal(0))
    if total > whole:
        return [
            (path, f"use areas add up to {total} {unit}, more than the {what}'s {whole} {unit}")
        ]
    if total < whole:
        return [
            (
                path,
                f"use areas add up to {total} {unit}, less than the {what}'s {whole} {unit}; "
                "give every part a use (e.g. vacant)",
            )
        ]
    return []


def _check_value(path: str, price: Decimal, measure: Decimal) -> list[Problem]:
    if price * measure > _MAX_VALUE:
        return [(path, f"price × area = {price * measure} is beyond any real property value")]
    return []


def _check_residence(
    path: str, category: str, unit: str, juristic: bool, residences: dict[str, str]
) -> list[Problem]:
    if category not in ("res_main", "res_bldg"):
        return []
    if juristic:
        return [(path, f"{category} is for individuals; a juristic person's homes are res_other")]
    first = residences.setdefault(category, unit)
    if first != unit:
        return [
            (
                path,
                f"only one residence can be {category} (s.41); {first} already is; "
                "declare the others res_other",
            )
        ]
    return []
