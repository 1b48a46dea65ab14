"""The revenue calendar of a tax year: statutory dates moved by the year's decrees (§1.11)."""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from valuation.rules.model import DataRef

# The statutory dates of the LBT year, in the order they happen.
LBT_DATES: tuple[str, ...] = (
    "announce_by",
    "notices_by",
    "payment_due",
    "warning_by",
    "arrears_list_by",
)


@dataclass(frozen=True)
class MonthDay:
    """A day in the year written "MM-DD", or the month's last day when `day` is None."""

    month: int
    day: int | None

    def in_year(self, year: int, shift_months: int = 0) -> date:
        """Return the date in `year`, moved by whole months (a month end stays a month end)."""
        month_index = year * 12 + self.month - 1 + shift_months
        y, m = divmod(month_index, 12)
        last = _calendar.monthrange(y, m + 1)[1]
        return date(y, m + 1, last if self.day is None else min(self.day, last))


@dataclass(frozen=True)
class YearCalendar:
    """What the Ministry decreed for one year: a shift of every date, and explicit dates."""

    shift_months: int
    dates: Mapping[str, MonthDay]


@dataclass(frozen=True)
class CalendarRules:
    """The statutory calendar, its periods in days or years, and the decreed changes."""

    statutory: Mapping[str, MonthDay]
    periods: Mapping[str, int]
    sign_return_by: MonthDay
    sign_periods: Mapping[str, int]
    years: Mapping[int, YearCalendar]
    source: DataRef


@dataclass(frozen=True)
class TaxCalendar:
    """The dates of one tax year (LBT s.39-62, Signboard Tax Act s.8, s.12)."""

    tax_year: int
    dates: Mapping[str, date]
    periods: Mapping[str, int]
    sign_return_by: date
    sign_periods: Mapping[str, int]
    decreed: bool
    source: DataRef

    @property
    def payment_due(self) -> date:
        """Return the last day to pay the year's LBT without surcharge (s.46)."""
        return self.dates["payment_due"]

    def seizure_from(self, warning_sent: date) -> date:
        """Return the first day seizure may start after a warning letter (s.62)."""
        return warning_sent + timedelta(days=self.periods["seizure_after_warning_days"])

    def objection_decided_by(self, objection_filed: date) -> date:
        """Return the day an undecided objection counts as accepted (s.73)."""
        return objection_filed + timedelta(days=self.periods["objection_decision_days"])


def tax_calendar(rules: CalendarRules, tax_year: int) -> TaxCalendar:
    """Resolve the calendar of a tax year: statutory, shifted, then explicit dates (§1.11)."""
    decree = rules.years.get(tax_year)
    shift = decree.shift_months if decree else 0
    dates = {name: rules.statutory[name].in_year(tax_year, shift) for name in LBT_DATES}
    if decree is not None:
        dates.update({name: spec.in_year(tax_year) for name, spec in decree.dates.items()})
    return TaxCalendar(
        tax_year=tax_year,
        dates=dates,
        periods=dict(rules.periods),
        sign_return_by=rules.sign_return_by.in_year(tax_year),
        sign_periods=dict(rules.sign_periods),
        decreed=decree is not None,
        source=rules.source,
    )


def add_months(day: date, months: int) -> date:
    """Move a date by whole months; a month's last day stays the last day (for due dates)."""
    last = _calendar.monthrange(day.year, day.month)[1]
    spec = MonthDay(day.month, None if day.day == last else day.day)
    return spec.in_year(day.year, months)
