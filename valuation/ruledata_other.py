"""Readers for the rule-data files beyond the LBT rates: depreciation, calendar, payment
terms, late payment and Settings. Each check names the file, line and field of a fault.
"""

from __future__ import annotations

from decimal import Decimal

from valuation.datafile import DataFile, Key
from valuation.ruledata_lbt import ref, year_key
from valuation.rules.calendar import LBT_DATES, CalendarRules, MonthDay, YearCalendar
from valuation.rules.depreciation import percents_by_age
from valuation.rules.instalments import InstalmentRules
from valuation.rules.model import SETTING_CHOICES, SETTING_NAMES, DepreciationClass
from valuation.rules.penalties import LbtLateRules, SignLateRules

_PERIODS = (
    "survey_announcement_days_before",
    "list_posting_days",
    "correction_answer_days",
    "change_of_use_report_days",
    "seizure_after_warning_days",
    "objection_days",
    "objection_decision_days",
    "reassessment_years",
    "reassessment_due_days",
    "refund_claim_years",
)
_SIGN_PERIODS = ("new_sign_return_days", "payment_days_after_notice")
_STAGES = ("before_warning", "within_warning", "after_warning")


def read_depreciation(file: DataFile) -> dict[str, DepreciationClass]:
    """Read depreciation.toml and check each class reaches its cap at the stated age (§2.2)."""
    out: dict[str, DepreciationClass] = {}
    for key in file.table(("classes",)):
        at: Key = ("classes", key)
        cap = file.integer((*at, "cap"), minimum=0, maximum=100)
        cap_age = file.integer((*at, "cap_from_age"), minimum=1, maximum=200)
        segments: list[tuple[int, int | None, int]] = []
        expected = 1
        rows = file.array((*at, "segments"))
        for index in range(len(rows)):
            seg: Key = (*at, "segments", index)
            start = file.integer((*seg, "from_age"), minimum=expected, maximum=expected)
            has_end = file.get((*seg, "to_age"), required=False) is not None
            if has_end == (index == len(rows) - 1):
                raise file.error(
                    (*seg, "to_age"),
                    "every segment but the last needs to_age; the last is open",
                    "ทุกช่วงยกเว้นช่วงสุดท้ายต้องมี to_age",
                )
            end = file.integer((*seg, "to_age"), minimum=start) if has_end else None
            per_year = file.integer((*seg, "per_year"), minimum=1, maximum=100)
            segments.append((start, end, per_year))
            expected = (end or start) + 1
        percents = percents_by_age(segments, cap)
        if len(percents) - 1 != cap_age:
            raise file.error(
                (*at, "cap_from_age"),
                f"the segments reach {cap} at age {len(percents) - 1}, not {cap_age}",
                f"อัตราสะสมถึง {cap} เมื่ออายุ {len(percents) - 1} ปี ไม่ใช่ {cap_age} ปี",
            )
        out[key] = DepreciationClass(
            key=key,
            name_th=file.text_value((*at, "name_th")),
            name_en=file.text_value((*at, "name_en")),
            percents=percents,
            source=ref(file),
        )
    return out


def month_day(file: DataFile, key: Key) -> MonthDay:
    """Read "MM-DD" or "MM-end"."""
    text = file.get(key)
    parts = str(text).split("-")
    ok = len(parts) == 2 and parts[0].isdigit() and 1 <= int(parts[0]) <= 12
    if ok and parts[1] == "end":
        return MonthDay(int(parts[0]), None)
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if ok and parts[1].isdigit() and 1 <= int(parts[1]) <= days[int(parts[0]) - 1]:
        return MonthDay(int(parts[0]), int(parts[1]))
    raise file.error(
        key, f"'{text}' is not MM-DD or MM-end", f"'{text}' ต้องเขียนแบบ MM-DD หรือ MM-end"
    )


def read_calendar(file: DataFile) -> CalendarRules:
    """Read calendar.toml (§1.11): statutory dates, periods, and decreed changes by year."""
    years: dict[int, YearCalendar] = {}
    for text in file.table(("years",)):
        at: Key = ("years", text)
        dates: dict[str, MonthDay] = {}
        for name in file.table(at):
            if name == "shift_months":
                continue
            if name not in LBT_DATES:
                raise file.error(
                    (*at, name),
                    f"'{name}' is not one of: {', '.join(LBT_DATES)}",
                    f"'{name}' ไม่ใช่วันที่ที่รู้จัก",
                )
            dates[name] = month_day(file, (*at, name))
        shift = file.get((*at, "shift_months"), required=False)
        years[year_key(file, ("years",), text)] = YearCalendar(
            0 if shift is None else file.integer((*at, "shift_months"), minimum=-11, maximum=11),
            dates,
        )
    return CalendarRules(
        statutory={name: month_day(file, ("statutory", name)) for name in LBT_DATES},
        periods={name: file.integer(("periods", name), minimum=0) for name in _PERIODS},
        sign_return_by=month_day(file, ("signboard", "return_by")),
        sign_periods={name: file.integer(("signboard", name), minimum=0) for name in _SIGN_PERIODS},
        years=years,
        source=ref(file),
    )


def read_instalments(file: DataFile, part: str) -> InstalmentRules:
    """Read one part ([lbt] or [signboard]) of instalments.toml."""
    return InstalmentRules(
        minimum_tax=file.decimal((part, "minimum_tax"), minimum=Decimal(0)),
        count=file.integer((part, "count"), minimum=1, maximum=12),
        months_apart=file.integer((part, "months_apart"), minimum=1, maximum=12),
        section=file.text_value((part, "section")),
        source=ref(file),
    )


def read_late_payment(file: DataFile) -> tuple[LbtLateRules, SignLateRules]:
    """Read late_payment.toml (§1.13, §3.3)."""
    pct = {"minimum": Decimal(0), "maximum": Decimal(100)}
    lbt = LbtLateRules(
        penalty_percent={s: file.decimal(("lbt", "penalty_percent", s), **pct) for s in _STAGES},
        surcharge_per_month=file.decimal(("lbt", "surcharge_percent_per_month"), **pct),
        surcharge_per_month_with_extension=file.decimal(
            ("lbt", "surcharge_percent_per_month_with_extension"), **pct
        ),
        capped_at_tax=file.boolean(("lbt", "surcharge_capped_at_tax")),
        section=file.text_value(("lbt", "section")),
        source=ref(file),
    )
    sign = SignLateRules(
        no_return_percent=file.decimal(("signboard", "no_return_percent"), **pct),
        late_return_before_discovery_percent=file.decimal(
            ("signboard", "late_return_before_discovery_percent"), **pct
        ),
        under_declared_percent=file.decimal(("signboard", "under_declared_percent"), **pct),
        surcharge_per_month=file.decimal(("signboard", "surcharge_percent_per_month"), **pct),
        capped_at_tax=file.boolean(("signboard", "surcharge_capped_at_tax")),
        section=file.text_value(("signboard", "section")),
        source=ref(file),
    )
    return lbt, sign


def parse_setting(name: str, value: object) -> object:
    """Check one Setting's value and return it; raise ValueError saying what is allowed."""
    if name not in SETTING_NAMES:
        raise ValueError(f"'{name}' is not a setting; settings are: {', '.join(SETTING_NAMES)}")
    if name in SETTING_CHOICES:
        options = SETTING_CHOICES[name]
        if value not in options:
            raise ValueError(f"'{value}' is not one of: {', '.join(options)}")
        return value
    if name == "sign_minimum_before_proration":
        if not isinstance(value, bool):
            raise ValueError(f"'{value}' is not true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2800:
        raise ValueError(f"'{value}' is not a year")
    return value - 543 if value >= 2400 else value


def read_settings_table(file: DataFile, key: Key, *, complete: bool) -> dict[str, object]:
    """Read a table of Settings; `complete` demands every setting (the defaults)."""
    table = file.table(key, required=complete)
    out: dict[str, object] = {}
    for name, value in table.items():
        if isinstance(value, dict) and name == "years":
            continue
        try:
            out[name] = parse_setting(name, value)
        except ValueError as exc:
            raise file.error((*key, name), str(exc), str(exc)) from None
    missing = [name for name in SETTING_NAMES if name not in out]
    if complete and missing:
        raise file.error(key, f"misses {', '.join(missing)}", f"ไม่มี {', '.join(missing)}")
    return out
