"""One taxpayer's land, buildings and condominium units, valued into use pieces (§1.3-2.3).

This is the path of a single quote or notice; a whole roll builds the same `Pieces` arrays
straight from the register with the array formulas of valuation.rules.valuation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from valuation.rules.depreciation import building_age
from valuation.rules.explain import LBT_ACT, Line, line, money
from valuation.rules.holding import BuildingItem, CondoItem, Holding, LandItem
from valuation.rules.lbt import Pieces, Taxpayers
from valuation.rules.model import CATEGORY_CODE, CATEGORY_TH, DepreciationClass, LbtRules
from valuation.rules.money import from_micro
from valuation.rules.valuation import (
    building_value_micro,
    condo_value_micro,
    land_under_mixed_building,
    land_value_micro,
)


@dataclass(frozen=True)
class ValuedHolding:
    """The holding as engine arrays, with labels for explanations and the valuation lines."""

    pieces: Pieces
    taxpayers: Taxpayers
    piece_item: tuple[str, ...]
    unit_labels: tuple[str, ...]
    lines: tuple[Line, ...]


def _centi(value: Decimal) -> int:
    # Inputs carry at most two decimals (checked at the edge); this makes them exact integers.
    return int(value * 100)


@dataclass
class _Builder:
    rules: LbtRules
    depreciation: Mapping[str, DepreciationClass]
    units: dict[str, int]
    rows: list[tuple[int, int, int, int, str, str | None]]
    lines: list[Line]

    def unit(self, label: str) -> int:
        """Return the index of a property unit, numbering new ones in order."""
        return self.units.setdefault(label, len(self.units))

    def add(
        self, unit: int, category: str, value: int, since: int | None, item: str, exempt: str | None
    ) -> None:
        """Record one use piece of a property unit."""
        self.rows.append((unit, CATEGORY_CODE[category], value, since or 0, item, exempt))


def value_holding(
    holding: Holding, rules: LbtRules, depreciation: Mapping[str, DepreciationClass]
) -> ValuedHolding:
    """Value a taxpayer's property into use pieces grouped by property unit (s.35, s.38, s.42)."""
    b = _Builder(rules, depreciation, {}, [], [])
    land_unit = {
        land.id: b.unit(
            f"group {land.contiguous_group}" if land.contiguous_group else f"land {land.id}"
        )
        for land in holding.land
    }
    for land in holding.land:
        _value_land(
            b, land, land_unit[land.id], [x for x in holding.buildings if x.on_land == land.id]
        )
    for building in holding.buildings:
        unit = (
            land_unit[building.on_land] if building.on_land else b.unit(f"building {building.id}")
        )
        _value_building(b, building, unit)
    for condo in holding.condos:
        _value_condo(b, condo, b.unit(f"condo {condo.id}"))
    reasons = tuple(sorted({row[5] for row in b.rows if row[5]}))
    classes = (holding.reduction_class,) if holding.reduction_class else ()
    n = len(b.rows)
    pieces = Pieces(
        taxpayer=np.zeros(n, dtype=np.int64),
        unit=np.array([row[0] for row in b.rows], dtype=np.int64),
        category=np.array([row[1] for row in b.rows], dtype=np.int64),
        value=np.array([row[2] for row in b.rows], dtype=np.int64),
        vacant_since=np.array([row[3] for row in b.rows], dtype=np.int64),
        reduction_class=np.full(n, 1 if classes else 0, dtype=np.int64),
        exempt=np.array(
            [reasons.index(row[5]) + 1 if row[5] else 0 for row in b.rows], dtype=np.int64
        ),
        class_keys=classes,
        exempt_reasons=reasons,
    )
    prior = -1 if holding.prior_tax_2019 is None else int(holding.prior_tax_2019 * 100)
    taxpayers = Taxpayers(
        individual=np.array([holding.individual], dtype=np.bool_),
        prior_tax_2019=np.array([prior], dtype=np.int64),
    )
    labels = tuple(sorted(b.units, key=b.units.__getitem__))
    return ValuedHolding(pieces, taxpayers, tuple(row[4] for row in b.rows), labels, tuple(b.lines))


def _value_land(b: _Builder, land: LandItem, unit: int, buildings: list[BuildingItem]) -> None:
    """Value a parcel's use pieces; split a mixed building's site by floor shares (s.38)."""
    item = f"land {land.id}"
    total = from_micro(land_value_micro(_centi(land.price_per_sq_wah), _centi(land.area_sq_wah)))
    b.lines.append(
        line(
            f"{LBT_ACT} s.35",
            "land_value",
            f"Land value: {land.area_sq_wah} sq wah × {money(land.price_per_sq_wah)} baht/sq wah "
            f"= {money(total)}",
            f"มูลค่าที่ดิน: {land.area_sq_wah} ตร.ว. × {money(land.price_per_sq_wah)} บาท/ตร.ว. "
            f"= {money(total)}",
            total,
            item=item,
            inputs={
                "area_sq_wah": str(land.area_sq_wah),
                "price_per_sq_wah": str(land.price_per_sq_wah),
            },
        )
    )
    pieces = [(use.category, _centi(use.area)) for use in land.uses]
    since = {use.category: use.vacant_since for use in land.uses if use.vacant_since}
    floors: dict[str, int] = {}
    for building in buildings:
        for use in building.uses:
            floors[use.category] = floors.get(use.category, 0) + _centi(use.area)
    method = b.rules.settings.land_under_mixed_building
    if method == "follow_building_floor_shares" and buildings:
        split = land_under_mixed_building(pieces, floors)
        if split != pieces:
            shares = ", ".join(f"{cat} {Decimal(area) / 100} sq wah" for cat, area in split)
            b.lines.append(
                line(
                    f"{LBT_ACT} s.38",
                    "land_split",
                    f"Land under a mixed building follows its floor-area shares "
                    f"(setting land_under_mixed_building = {method}): {shares}",
                    f"ที่ดินใต้สิ่งปลูกสร้างที่ใช้หลายประเภทแบ่งตามสัดส่วนพื้นที่อาคาร: {shares}",
                    0,
                    item=item,
                    data=(b.rules.settings.source,),
                )
            )
            pieces = split
    price = _centi(land.price_per_sq_wah)
    for category, area in pieces:
        value = land_value_micro(price, area)
        b.add(unit, category, value, since.get(category), item, land.exempt_reason)
        if len(pieces) > 1:
            _piece_line(
                b,
                item,
                category,
                f"{Decimal(area) / 100} sq wah",
                f"{Decimal(area) / 100} ตร.ว.",
                value,
            )


def _value_building(b: _Builder, building: BuildingItem, unit: int) -> None:
    """Value a building's use pieces after depreciation by class and age (§2.2)."""
    item = f"building {building.id}"
    table = b.depreciation[building.construction_class]
    if building.age_years is not None:
        age = building.age_years
        how_en, how_th = f"age {age} given", f"อายุ {age} ปี"
    else:
        completed = building.completed_year or b.rules.tax_year
        age = building_age(completed, b.rules.tax_year, b.rules.settings.building_age)
        how_en = f"completed {completed}, tax year {b.rules.tax_year}: age {age}"
        how_th = f"สร้างเสร็จปี {completed} ปีภาษี {b.rules.tax_year}: อายุ {age} ปี"
    percent = table.percent(age)
    price = _centi(building.price_per_sqm)
    gross = from_micro(building_value_micro(price, _centi(building.floor_area_sqm), 0))
    net = from_micro(building_value_micro(price, _centi(building.floor_area_sqm), percent))
    b.lines.append(
        line(
            f"{LBT_ACT} s.35; Treasury depreciation table",
            "building_value",
            f"Building value: {building.floor_area_sqm} m² × {money(building.price_per_sqm)} "
            f"baht/m² = {money(gross)}; {table.name_en}, {how_en}: depreciation {percent} % "
            f"(cap {table.cap} %) → {money(gross)} × {100 - percent} % = {money(net)}",
            f"มูลค่าสิ่งปลูกสร้าง: {building.floor_area_sqm} ตร.ม. × {money(building.price_per_sqm)} "
            f"บาท/ตร.ม. = {money(gross)}; {table.name_th} {how_th}: ค่าเสื่อมร้อยละ {percent} "
            f"→ {money(gross)} × ร้อยละ {100 - percent} = {money(net)}",
            net,
            item=item,
            data=(table.source,),
            inputs={
                "floor_area_sqm": str(building.floor_area_sqm),
                "price_per_sqm": str(building.price_per_sqm),
                "class": building.construction_class,
                "age_years": str(age),
                "depreciation_percent": str(percent),
            },
        )
    )
    for use in building.uses:
        value = building_value_micro(price, _centi(use.area), percent)
        b.add(unit, use.category, value, use.vacant_since, item, building.exempt_reason)
        if len(building.uses) > 1:
            _piece_line(b, item, use.category, f"{use.area} m²", f"{use.area} ตร.ม.", value)


def _value_condo(b: _Builder, condo: CondoItem, unit: int) -> None:
    """Value a condominium unit's use pieces; no depreciation (§2.3)."""
    item = f"condo {condo.id}"
    price = _centi(condo.price_per_sqm)
    total = from_micro(condo_value_micro(price, _centi(condo.area_sqm)))
    b.lines.append(
        line(
            f"{LBT_ACT} s.35",
            "condo_value",
            f"Condominium unit value: {condo.area_sqm} m² × {money(condo.price_per_sqm)} baht/m² "
            f"= {money(total)} (no depreciation)",
            f"มูลค่าห้องชุด: {condo.area_sqm} ตร.ม. × {money(condo.price_per_sqm)} บาท/ตร.ม. "
            f"= {money(total)}",
            total,
            item=item,
        )
    )
    for use in condo.uses:
        value = condo_value_micro(price, _centi(use.area))
        b.add(unit, use.category, value, use.vacant_since, item, condo.exempt_reason)
        if len(condo.uses) > 1:
            _piece_line(b, item, use.category, f"{use.area} m²", f"{use.area} ตร.ม.", value)


def _piece_line(
    b: _Builder, item: str, category: str, size_en: str, size_th: str, value: int
) -> None:
    amount = from_micro(value)
    b.lines.append(
        line(
            f"{LBT_ACT} s.38",
            "use_value",
            f"Of which {category} ({size_en}) = {money(amount)}",
            f"ส่วนที่ใช้เป็น{CATEGORY_TH[category]} ({size_th}) = {money(amount)}",
            amount,
            item=item,
            category=category,
        )
    )
