"""Readers for the Land and Building Tax rule files: rates, overrides, exemptions, reductions.

Every check raises InvalidInput naming the file, the line and the field (datafile.DataFile).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from valuation.datafile import DataFile, Key
from valuation.rules.model import (
    CATEGORIES,
    OWNER_KINDS,
    STACKINGS,
    Allowance,
    DataRef,
    FullExemption,
    RateBand,
    RateSchedule,
    Stacking,
    StandingReduction,
    VacantSurcharge,
    YearReduction,
)

# Band limits must stay below 2^53 micro-baht so floats compare them exactly (lbt.py).
MAX_BAND_LIMIT = Decimal(9_000_000_000)
# The vacant surcharge may lift a rate to at most 3 %; no rate in the data may exceed it.
HIGHEST_RATE = Decimal(3)


def ref(file: DataFile) -> DataRef:
    """Return the reference to a file's data: its displayed path and version."""
    return DataRef(file.display, file.header()[0])


def year_key(file: DataFile, key: Key, text: str, first: int = 1900, last: int = 2200) -> int:
    """Return a table key that names a C.E. year."""
    if not text.isdigit() or not first <= int(text) <= last:
        raise file.error(
            (*key, text), f"'{text}' is not a year {first}-{last}", f"'{text}' ไม่ใช่ปี ค.ศ."
        )
    return int(text)


def read_bands(
    file: DataFile, key: Key, category: str, ceiling: Decimal, origin: tuple[str, str]
) -> RateSchedule:
    """Read one category's bands: limits rising, the last open, every rate within ceiling."""
    bands: list[RateBand] = []
    rows = file.array(key)
    if not rows:
        raise file.error(key, "needs at least one band", "ต้องมีอย่างน้อยหนึ่งขั้น")
    floor = Decimal(0)
    for index in range(len(rows)):
        at = (*key, index)
        rate = file.decimal((*at, "rate"), minimum=Decimal(0))
        if rate > ceiling:
            raise file.error(
                (*at, "rate"),
                f"{rate} % is above the ceiling of {ceiling} % for {category} (s.37)",
                f"อัตราร้อยละ {rate} เกินเพดานร้อยละ {ceiling} ของ {category} (ม.37)",
            )
        last = index == len(rows) - 1
        if file.get((*at, "upto"), required=False) is None:
            if not last:
                raise file.error(
                    (*at, "upto"), "only the last band may be open", "เฉพาะขั้นสุดท้ายไม่มีเพดาน"
                )
            bands.append(RateBand(None, rate))
            continue
        if last:
            raise file.error((*at, "upto"), "the last band must be open", "ขั้นสุดท้ายต้องไม่มีเพดาน")
        upto = file.decimal((*at, "upto"), minimum=Decimal("0.01"), maximum=MAX_BAND_LIMIT)
        if upto <= floor or upto != upto.quantize(Decimal("0.01")):
            raise file.error(
                (*at, "upto"),
                f"{upto} must rise above {floor} with at most 2 decimals",
                f"{upto} ต้องมากกว่า {floor} และมีทศนิยมไม่เกิน 2 ตำแหน่ง",
            )
        floor = upto
        bands.append(RateBand(upto, rate))
    return RateSchedule(category, tuple(bands), origin[0], origin[1], ref(file))


def read_ceilings(file: DataFile) -> dict[str, Decimal]:
    """Read the statutory ceiling of every category (s.37)."""
    return {
        c: file.decimal(("ceilings", c), minimum=Decimal(0), maximum=HIGHEST_RATE)
        for c in CATEGORIES
    }


def read_national(
    file: DataFile, ceilings: Mapping[str, Decimal], first: int
) -> dict[int, dict[str, RateSchedule]]:
    """Read the national bands by the year they take effect (s.37, s.94)."""
    years: dict[int, dict[str, RateSchedule]] = {}
    for text in file.table(("years",)):
        year = year_key(file, ("years",), text)
        origin = (f"national bands in force from {year}", f"อัตราทั่วประเทศ ใช้ตั้งแต่ปี {year + 543}")
        years[year] = {
            c: read_bands(file, ("years", text, c), c, ceilings[c], origin) for c in CATEGORIES
        }
    if not years or min(years) > first:
        raise file.error(
            ("years",),
            f"needs bands in force by {first}",
            f"ต้องมีอัตราที่ใช้ได้ตั้งแต่ปี {first + 543}",
        )
    return years


def read_overrides(
    file: DataFile, ceilings: Mapping[str, Decimal], first: int, last: int
) -> dict[tuple[int, str], dict[str, RateSchedule]]:
    """Read LAO ordinance bands keyed by (tax year, LAO code), each within ceiling (s.37)."""
    out: dict[tuple[int, str], dict[str, RateSchedule]] = {}
    for index in range(len(file.array(("override",), required=False))):
        at: Key = ("override", index)
        lao = file.text_value((*at, "lao"))
        year = file.integer((*at, "year"), minimum=first, maximum=last)
        category = file.choice((*at, "category"), CATEGORIES)
        ordinance = file.text_value((*at, "ordinance"))
        chosen = out.setdefault((year, lao), {})
        if category in chosen:
            raise file.error(
                (*at, "category"),
                f"{category} is set twice for {lao} in {year}",
                f"{category} ซ้ำสำหรับ {lao} ปี {year}",
            )
        origin = (f"ordinance of LAO {lao}: {ordinance}", f"ข้อบัญญัติ {lao}: {ordinance}")
        chosen[category] = read_bands(file, (*at, "bands"), category, ceilings[category], origin)
    return out


@dataclass(frozen=True)
class Exemptions:
    """The allowances (s.40, s.41) and the years of the s.96 full exemption."""

    allowances: Mapping[str, Allowance]
    full_years: frozenset[int]
    full: FullExemption


def read_exemptions(file: DataFile) -> Exemptions:
    """Read exemptions.toml."""
    source = ref(file)
    allowances: dict[str, Allowance] = {}
    for key in file.table(("allowances",)):
        at: Key = ("allowances", key)
        if key not in CATEGORIES:
            raise file.error(at, f"'{key}' is not a category", f"'{key}' ไม่ใช่ประเภทการใช้ประโยชน์")
        allowances[key] = Allowance(
            category=key,
            amount=file.decimal((*at, "amount"), minimum=Decimal(0), maximum=MAX_BAND_LIMIT),
            owner_kinds=file.words((*at, "owner_kinds"), OWNER_KINDS),
            section=file.text_value((*at, "section")),
            source=source,
        )
    years = file.each(("s96", "years"), lambda k: file.integer(k, minimum=2020, maximum=2200))
    full = FullExemption(
        categories=file.words(("s96", "categories"), CATEGORIES),
        owner_kinds=file.words(("s96", "owner_kinds"), OWNER_KINDS),
        section=file.text_value(("s96", "section")),
        source=source,
    )
    return Exemptions(allowances, frozenset(years), full)


def read_surcharge(file: DataFile) -> VacantSurcharge:
    """Read vacant_surcharge.toml (s.43)."""
    return VacantSurcharge(
        categories=file.words(("categories",), CATEGORIES),
        step_points=file.decimal(("step_points",), minimum=Decimal(0), maximum=HIGHEST_RATE),
        step_years=file.integer(("step_years",), minimum=1, maximum=50),
        cap=file.decimal(("cap",), minimum=Decimal(0), maximum=HIGHEST_RATE),
        counting_from=file.integer(("counting_from",), minimum=1900, maximum=2200),
        section=file.text_value(("section",)),
        source=ref(file),
    )


@dataclass(frozen=True)
class StandingEntry:
    """A standing reduction class and the years it is in force."""

    reduction: StandingReduction
    from_year: int
    until_year: int | None


@dataclass(frozen=True)
class Reductions:
    """Everything in reductions.toml."""

    max_total_percent: Decimal
    standing: Mapping[str, StandingEntry]
    years: Mapping[int, YearReduction]
    source: DataRef


def read_reductions(file: DataFile) -> Reductions:
    """Read reductions.toml (s.55): standing classes and reductions by year with stacking."""
    source = ref(file)
    percent = {"minimum": Decimal(0), "maximum": Decimal(100)}
    standing: dict[str, StandingEntry] = {}
    for key in file.table(("standing",)):
        at: Key = ("standing", key)
        until = file.get((*at, "until_year"), required=False)
        standing[key] = StandingEntry(
            StandingReduction(
                key=key,
                percent=file.decimal((*at, "percent"), **percent),
                categories=file.words((*at, "categories"), CATEGORIES, all_word="all"),
                name_en=file.text_value((*at, "name_en")),
                name_th=file.text_value((*at, "name_th")),
                reference=file.text_value((*at, "reference")),
                source=source,
            ),
            file.integer((*at, "from_year"), minimum=1900, maximum=2200),
            None if until is None else file.integer((*at, "until_year"), minimum=1900),
        )
    years: dict[int, YearReduction] = {}
    for index in range(len(file.array(("year",), required=False))):
        at = ("year", index)
        year = file.integer((*at, "year"), minimum=1900, maximum=2200)
        if year in years:
            raise file.error((*at, "year"), f"{year} appears twice", f"ปี {year} ซ้ำ")
        stacking: dict[str, Stacking] = {}
        for key in file.table((*at, "stacking"), required=False):
            if key not in standing:
                raise file.error(
                    (*at, "stacking", key),
                    f"'{key}' is not a standing class",
                    f"'{key}' ไม่ใช่ประเภทการลดภาษีที่มีอยู่",
                )
            stacking[key] = cast(Stacking, file.choice((*at, "stacking", key), STACKINGS))
        years[year] = YearReduction(
            year=year,
            percent=file.decimal((*at, "percent"), **percent),
            categories=file.words((*at, "categories"), CATEGORIES, all_word="all"),
            stacking=stacking,
            default_stacking=cast(Stacking, file.choice((*at, "default_stacking"), STACKINGS)),
            name_en=file.text_value((*at, "name_en")),
            name_th=file.text_value((*at, "name_th")),
            reference=file.text_value((*at, "reference")),
            source=source,
        )
    top = file.decimal(("max_total_percent",), **percent)
    return Reductions(top, standing, years, source)


def read_transition(file: DataFile) -> tuple[dict[int, Decimal], str]:
    """Read transition.toml (s.97): the share of the increase payable by year."""
    shares = {
        year_key(file, ("shares",), text): file.decimal(
            ("shares", text), minimum=Decimal(0), maximum=Decimal(100)
        )
        for text in file.table(("shares",))
    }
    return shares, file.text_value(("section",))
