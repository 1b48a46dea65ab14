"""Load the versioned rule data under data/tax, validate it, and resolve it per year and LAO.

The one module of the valuation package that reads files. Each file is checked on load; a
fault raises InvalidInput naming the file, the line and the field. Loaded data is cached per
data directory; `clear_cache` forgets it (tests, or after the files change).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, cast

from taxmap.core.errors import InvalidInput
from taxmap.core.thai import normalize_year
from valuation.datafile import DataFile
from valuation.ruledata_lbt import (
    Exemptions,
    Reductions,
    read_ceilings,
    read_exemptions,
    read_national,
    read_overrides,
    read_reductions,
    read_surcharge,
    read_transition,
    ref,
    year_key,
)
from valuation.ruledata_other import (
    parse_setting,
    read_calendar,
    read_depreciation,
    read_instalments,
    read_late_payment,
    read_settings_table,
)
from valuation.rules.calendar import CalendarRules, TaxCalendar, tax_calendar
from valuation.rules.instalments import InstalmentRules
from valuation.rules.model import (
    BuildingPriceList,
    BuildingType,
    DataRef,
    DepreciationClass,
    LbtRules,
    RateSchedule,
    Settings,
    SignRates,
    VacantSurcharge,
)
from valuation.rules.penalties import LbtLateRules, SignLateRules

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "data" / "tax"
_PRICE_COLUMNS = ("code", "name_th", "name_en", "class", "price", "unit")
_UNITS = ("m2", "m", "each")


@dataclass(frozen=True)
class SignData:
    """signs.toml: the rate sets by name and the parameters of the computation."""

    regimes: Mapping[str, tuple[str, Mapping[tuple[int, bool], Decimal]]]
    unit_cm2: int
    remainder_counts_over_cm2: int
    minimum: Decimal
    quarter_shares: tuple[Decimal, Decimal, Decimal, Decimal]
    source: DataRef


@dataclass(frozen=True)
class RuleData:
    """All rule data, validated; resolve it for a tax year and LAO with the methods."""

    root: Path
    first_year: int
    last_year: int
    ceilings: Mapping[str, Decimal]
    national: Mapping[int, Mapping[str, RateSchedule]]
    overrides: Mapping[tuple[int, str], Mapping[str, RateSchedule]]
    exemptions: Exemptions
    surcharge: VacantSurcharge
    reductions: Reductions
    transition: Mapping[int, Decimal]
    transition_section: str
    transition_source: DataRef
    depreciation: Mapping[str, DepreciationClass]
    signs: SignData
    calendar: CalendarRules
    lbt_instalments: InstalmentRules
    sign_instalments: InstalmentRules
    lbt_late: LbtLateRules
    sign_late: SignLateRules
    settings_layers: Mapping[tuple[str | None, int | None], Mapping[str, object]]
    settings_source: DataRef

    def check_year(self, year: int) -> int:
        """Return the C.E. tax year (B.E. accepted), or raise when the data does not cover it."""
        ce = normalize_year(year)
        if not self.first_year <= ce <= self.last_year:
            raise InvalidInput(
                "tax_year",
                f"{year}: the rule data covers tax years {self.first_year}-{self.last_year}",
                f"{year}: ข้อมูลอัตราภาษีครอบคลุมปีภาษี {self.first_year + 543}-{self.last_year + 543}",
            )
        return ce

    def settings(
        self, year: int, lao: str | None = None, overrides: Mapping[str, object] | None = None
    ) -> Settings:
        """Resolve the Settings: defaults < year < LAO < LAO and year < request."""
        ce = self.check_year(year)
        merged: dict[str, object] = {}
        for layer in ((None, None), (None, ce), (lao, None), (lao, ce)):
            merged.update(self.settings_layers.get(layer, {}))
        given = dict(overrides or {})
        for name, value in given.items():
            try:
                merged[name] = parse_setting(name, value)
            except ValueError as exc:
                raise InvalidInput(f"settings.{name}", str(exc), str(exc)) from None
        return Settings(
            **cast(dict[str, Any], merged), source=self.settings_source, overridden=tuple(given)
        )

    def lbt_rules(
        self, year: int, lao: str | None = None, overrides: Mapping[str, object] | None = None
    ) -> LbtRules:
        """Resolve the Land and Building Tax rules of a tax year and LAO (§1)."""
        ce = self.check_year(year)
        in_force = max(y for y in self.national if y <= ce)
        schedules = dict(self.national[in_force])
        if lao is not None:
            schedules.update(self.overrides.get((ce, lao), {}))
        standing = {
            key: entry.reduction
            for key, entry in self.reductions.standing.items()
            if entry.from_year <= ce and (entry.until_year is None or ce <= entry.until_year)
        }
        exemptions = self.exemptions
        return LbtRules(
            tax_year=ce,
            lao=lao,
            schedules=schedules,
            allowances=exemptions.allowances,
            full_exemption=exemptions.full if ce in exemptions.full_years else None,
            surcharge=self.surcharge,
            standing=standing,
            year_reduction=self.reductions.years.get(ce),
            max_reduction_percent=self.reductions.max_total_percent,
            reductions_source=self.reductions.source,
            transition_share=self.transition.get(ce),
            transition_section=self.transition_section,
            transition_source=self.transition_source,
            settings=self.settings(ce, lao, overrides),
            standing_not_in_force={
                key: entry.reduction
                for key, entry in self.reductions.standing.items()
                if key not in standing
            },
        )

    def sign_rates(
        self, year: int, lao: str | None = None, overrides: Mapping[str, object] | None = None
    ) -> SignRates:
        """Resolve the signboard rate set of a tax year: new from `sign_rates_from` (§3.2)."""
        settings = self.settings(year, lao, overrides)
        regime = "new" if normalize_year(year) >= settings.sign_rates_from else "old"
        regulation, rates = self.signs.regimes[regime]
        signs = self.signs
        return SignRates(
            regime=regime,
            regulation=regulation,
            rates=rates,
            unit_cm2=signs.unit_cm2,
            remainder_counts_over_cm2=signs.remainder_counts_over_cm2,
            minimum=signs.minimum,
            quarter_shares=signs.quarter_shares,
            minimum_before_proration=settings.sign_minimum_before_proration,
            source=signs.source,
            settings_source=settings.source,
        )

    def calendar_for(self, year: int) -> TaxCalendar:
        """Resolve the revenue calendar of a tax year (§1.11)."""
        return tax_calendar(self.calendar, self.check_year(year))


def load_rule_data(root: Path | None = None) -> RuleData:
    """Load and validate every rule-data file under `root` (default data/tax); cached."""
    return _load(Path(root or DEFAULT_ROOT).resolve())


def clear_cache() -> None:
    """Forget loaded rule data so the next load reads the files again."""
    _load.cache_clear()


@functools.lru_cache(maxsize=8)
def _load(root: Path) -> RuleData:
    def open_file(name: str) -> DataFile:
        """Open a rule file and check it states its version and source."""
        file = DataFile(root / name, f"{root.parent.name}/{root.name}/{name}")
        file.header()
        return file

    rates = open_file("lbt_rates.toml")
    first = rates.integer(("first_year",), minimum=2020, maximum=2200)
    last = rates.integer(("last_year",), minimum=first, maximum=2200)
    ceilings = read_ceilings(rates)
    transition = open_file("transition.toml")
    shares, section = read_transition(transition)
    instalments = open_file("instalments.toml")
    lbt_late, sign_late = read_late_payment(open_file("late_payment.toml"))
    settings_file = open_file("settings.toml")
    return RuleData(
        root=root,
        first_year=first,
        last_year=last,
        ceilings=ceilings,
        national=read_national(rates, ceilings, first),
        overrides=read_overrides(open_file("lao_rates.toml"), ceilings, first, last),
        exemptions=read_exemptions(open_file("exemptions.toml")),
        surcharge=read_surcharge(open_file("vacant_surcharge.toml")),
        reductions=read_reductions(open_file("reductions.toml")),
        transition=shares,
        transition_section=section,
        transition_source=ref(transition),
        depreciation=read_depreciation(open_file("depreciation.toml")),
        signs=_read_signs(open_file("signs.toml")),
        calendar=read_calendar(open_file("calendar.toml")),
        lbt_instalments=read_instalments(instalments, "lbt"),
        sign_instalments=read_instalments(instalments, "signboard"),
        lbt_late=lbt_late,
        sign_late=sign_late,
        settings_layers=_read_settings(settings_file),
        settings_source=ref(settings_file),
    )


def _read_signs(file: DataFile) -> SignData:
    unit = file.integer(("unit_cm2",), minimum=1)
    regimes: dict[str, tuple[str, Mapping[tuple[int, bool], Decimal]]] = {}
    for regime in ("old", "new"):
        at = ("rates", regime)
        rates = {
            (kind, moving): file.decimal(
                (*at, f"type{kind}", "moving" if moving else "fixed"), minimum=Decimal(0)
            )
            for kind in (1, 2, 3)
            for moving in (True, False)
        }
        regimes[regime] = (file.text_value((*at, "regulation")), rates)
    shares = file.each(
        ("quarter_shares",), lambda k: file.decimal(k, minimum=Decimal(0), maximum=Decimal(100))
    )
    if len(shares) != 4:
        raise file.error(("quarter_shares",), "needs 4 shares", "ต้องมี 4 ไตรมาส")
    return SignData(
        regimes=regimes,
        unit_cm2=unit,
        remainder_counts_over_cm2=file.integer(
            ("remainder_counts_over_cm2",), minimum=0, maximum=unit - 1
        ),
        minimum=file.decimal(("minimum",), minimum=Decimal(0)),
        quarter_shares=(shares[0], shares[1], shares[2], shares[3]),
        source=ref(file),
    )


def _read_settings(file: DataFile) -> dict[tuple[str | None, int | None], Mapping[str, object]]:
    layers: dict[tuple[str | None, int | None], Mapping[str, object]] = {
        (None, None): read_settings_table(file, ("defaults",), complete=True)
    }
    for text in file.table(("years",), required=False):
        year = year_key(file, ("years",), text)
        layers[(None, year)] = read_settings_table(file, ("years", text), complete=False)
    for lao in file.table(("lao",), required=False):
        layers[(lao, None)] = read_settings_table(file, ("lao", lao), complete=False)
        for text in file.table(("lao", lao, "years"), required=False):
            year = year_key(file, ("lao", lao, "years"), text)
            layers[(lao, year)] = read_settings_table(
                file, ("lao", lao, "years", text), complete=False
            )
    return layers


def load_building_prices(
    path: Path, *, classes: tuple[str, ...] = ("concrete", "half_wood", "wood")
) -> BuildingPriceList:
    """Load and validate a province's building price CSV (§2.2); errors name file and line."""
    display = "/".join(path.parts[-4:])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _csv_error(display, None, "file", f"cannot be read ({exc.strerror})") from None
    header: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            name, sep, value = stripped[1:].partition(":")
            if sep and name.strip() in ("version", "source"):
                header[name.strip()] = value.strip()
        elif stripped:
            body.append((number, raw))
    for needed in ("version", "source"):
        if not header.get(needed):
            raise _csv_error(display, 1, needed, f"needs a '# {needed}: ...' comment line")
    if not body:
        raise _csv_error(display, None, "code", "has no header row")
    numbers = [number for number, _ in body]
    rows = list(csv.reader(io.StringIO("\n".join(raw for _, raw in body))))
    if tuple(cell.strip() for cell in rows[0]) != _PRICE_COLUMNS:
        raise _csv_error(
            display, numbers[0], "header", f"columns must be {','.join(_PRICE_COLUMNS)}"
        )
    types: dict[int, BuildingType] = {}
    for number, cells in zip(numbers[1:], rows[1:], strict=True):
        types_row = _price_row(display, number, cells, classes)
        if types_row.code in types:
            raise _csv_error(display, number, "code", f"{types_row.code} appears twice")
        types[types_row.code] = types_row
    return BuildingPriceList(path.stem, types, DataRef(display, header["version"]))


def _price_row(
    display: str, number: int, cells: list[str], classes: tuple[str, ...]
) -> BuildingType:
    if len(cells) != len(_PRICE_COLUMNS):
        raise _csv_error(
            display, number, "row", f"has {len(cells)} cells, not {len(_PRICE_COLUMNS)}"
        )
    row = dict(zip(_PRICE_COLUMNS, (cell.strip() for cell in cells), strict=True))
    if not row["code"].isdigit() or not 100 <= int(row["code"]) <= 999:
        raise _csv_error(display, number, "code", f"'{row['code']}' is not a type code 100-999")
    for name in ("name_th", "name_en"):
        if not row[name]:
            raise _csv_error(display, number, name, "is empty")
    if row["class"] not in classes:
        raise _csv_error(
            display, number, "class", f"'{row['class']}' is not one of {', '.join(classes)}"
        )
    try:
        price = Decimal(row["price"])
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.01")):
        raise _csv_error(
            display, number, "price", f"'{row['price']}' is not a price with at most 2 decimals"
        )
    if row["unit"] not in _UNITS:
        raise _csv_error(
            display, number, "unit", f"'{row['unit']}' is not one of {', '.join(_UNITS)}"
        )
    return BuildingType(
        code=int(row["code"]),
        name_th=row["name_th"],
        name_en=row["name_en"],
        construction_class=row["class"],
        price=price,
        unit=cast(Literal["m2", "m", "each"], row["unit"]),
    )


def _csv_error(display: str, line: int | None, field: str, message: str) -> InvalidInput:
    where = f"{display} line {line}" if line else display
    where_th = f"{display} บรรทัด {line}" if line else display
    return InvalidInput(
        field,
        f"{where}, field '{field}': {message}",
        f"{where_th} ช่อง '{field}': {message}",
        details={"file": display, "line": line},
    )
