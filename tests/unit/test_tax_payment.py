"""Late payment (§1.13, §3.3) and instalments (§1.12): penalties, surcharges, split amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from valuation.ruledata import load_rule_data
from valuation.rules.instalments import balance_when_missed, instalment_plan
from valuation.rules.penalties import lbt_late_payment, months_late, sign_late_payment


def test_worked_late_payment_10000_becomes_12300() -> None:
    late = lbt_late_payment(
        Decimal("10000.00"),
        date(2024, 4, 30),
        date(2024, 7, 15),
        "within_warning",
        load_rule_data().lbt_late,
    )
    assert (late.penalty, late.surcharge, late.months) == (Decimal("2000.00"), Decimal("300.00"), 3)
    assert late.total == Decimal("12300.00")
    assert [line.amount for line in late.lines] == [Decimal("2000.00"), Decimal("300.00")]
    assert "s.68" in late.lines[0].rule


@pytest.mark.parametrize(
    ("stage", "penalty"),
    [
        ("none", "0.00"),
        ("before_warning", "1000.00"),
        ("within_warning", "2000.00"),
        ("after_warning", "4000.00"),
    ],
)
def test_penalty_by_stage(stage: str, penalty: str) -> None:
    late = lbt_late_payment(
        Decimal(10000),
        date(2024, 4, 30),
        date(2024, 5, 2),
        stage,
        load_rule_data().lbt_late,  # type: ignore[arg-type]
    )
    assert late.penalty == Decimal(penalty)
    assert late.surcharge == Decimal("100.00")


def test_surcharge_is_capped_at_the_tax_and_not_charged_on_time() -> None:
    rules = load_rule_data().lbt_late
    years_late = lbt_late_payment(
        Decimal("1000"), date(2015, 4, 30), date(2024, 4, 30), "after_warning", rules
    )
    assert years_late.surcharge == Decimal("1000.00")
    assert years_late.total == Decimal("2400.00")
    on_time = lbt_late_payment(
        Decimal("1000"), date(2024, 4, 30), date(2024, 4, 30), "after_warning", rules
    )
    assert (on_time.penalty, on_time.surcharge, on_time.total) == (0, 0, Decimal("1000"))


def test_extension_halves_the_surcharge_when_paid_within_it() -> None:
    rules = load_rule_data().lbt_late
    due, paid = date(2024, 4, 30), date(2024, 6, 20)
    within = lbt_late_payment(
        Decimal(10000), due, paid, "none", rules, extension_until=date(2024, 6, 30)
    )
    after = lbt_late_payment(
        Decimal(10000), due, paid, "none", rules, extension_until=date(2024, 6, 1)
    )
    assert within.surcharge == Decimal("100.00")
    assert after.surcharge == Decimal("200.00")


def test_surcharge_rounds_once_half_up() -> None:
    late = lbt_late_payment(
        Decimal("1234.50"), date(2024, 4, 30), date(2024, 5, 1), "none", load_rule_data().lbt_late
    )
    assert late.surcharge == Decimal("12.35")  # 12.345


@pytest.mark.parametrize(
    ("due", "paid", "months"),
    [
        (date(2024, 4, 30), date(2024, 4, 30), 0),
        (date(2024, 4, 30), date(2024, 5, 1), 1),
        (date(2024, 4, 30), date(2024, 5, 31), 1),
        (date(2024, 4, 30), date(2024, 6, 1), 2),
        (date(2024, 4, 30), date(2024, 7, 15), 3),
        (date(2024, 3, 15), date(2024, 4, 15), 1),
        (date(2024, 3, 15), date(2024, 4, 16), 2),
        (date(2023, 1, 30), date(2023, 2, 28), 1),
        (date(2023, 1, 30), date(2023, 3, 1), 2),
        (date(2023, 1, 30), date(2023, 3, 30), 2),
        (date(2023, 1, 30), date(2023, 3, 31), 3),
    ],
)
def test_months_late_count_part_months_whole(due: date, paid: date, months: int) -> None:
    assert months_late(due, paid) == months


def test_sign_surcharge_is_2_percent_a_month_not_on_the_add_ons() -> None:
    rules = load_rule_data().sign_late
    late = sign_late_payment(
        Decimal("1170.00"), date(2024, 8, 1), date(2024, 10, 2), rules, return_filing="not_filed"
    )
    assert late.penalty == Decimal("117.00")
    assert late.surcharge == Decimal("70.20")  # 1,170 x 2 % x 3 months
    assert late.total == Decimal("1357.20")
    filed_late = sign_late_payment(
        Decimal("1000"),
        date(2024, 8, 1),
        date(2024, 8, 1),
        rules,
        return_filing="late_before_discovery",
        under_declared_extra=Decimal("300"),
    )
    assert filed_late.penalty == Decimal("80.00")  # 5 % of 1,000 + 10 % of 300
    assert filed_late.surcharge == Decimal("0.00")


def test_instalments_put_the_satang_remainder_on_the_first() -> None:
    data = load_rule_data()
    plan = instalment_plan(
        Decimal("10000.00"), data.calendar_for(2024).payment_due, data.lbt_instalments
    )
    assert [(str(i.due), i.amount) for i in plan] == [
        ("2024-06-30", Decimal("3333.34")),
        ("2024-07-31", Decimal("3333.33")),
        ("2024-08-31", Decimal("3333.33")),
    ]
    assert sum(i.amount for i in plan) == Decimal("10000.00")


def test_instalments_need_the_minimum_tax() -> None:
    data = load_rule_data()
    due = data.calendar_for(2026).payment_due
    assert len(instalment_plan(Decimal("2999.99"), due, data.lbt_instalments)) == 1
    plan = instalment_plan(Decimal("3000.00"), due, data.lbt_instalments)
    assert [i.amount for i in plan] == [Decimal("1000.00")] * 3
    assert [str(i.due) for i in plan] == ["2026-04-30", "2026-05-31", "2026-06-30"]


def test_instalments_follow_the_decreed_payment_month() -> None:
    data = load_rule_data()
    plan_2020 = instalment_plan(
        Decimal("9000"), data.calendar_for(2020).payment_due, data.lbt_instalments
    )
    assert [str(i.due) for i in plan_2020] == ["2020-08-31", "2020-09-30", "2020-10-31"]
    plan_2025 = instalment_plan(
        Decimal("9000"), data.calendar_for(2025).payment_due, data.lbt_instalments
    )
    assert [str(i.due) for i in plan_2025] == ["2025-06-30", "2025-07-31", "2025-08-31"]


def test_sign_instalments_are_one_month_apart() -> None:
    data = load_rule_data()
    plan = instalment_plan(Decimal("4680.00"), date(2024, 4, 15), data.sign_instalments)
    assert [(str(i.due), i.amount) for i in plan] == [
        ("2024-04-15", Decimal("1560.00")),
        ("2024-05-15", Decimal("1560.00")),
        ("2024-06-15", Decimal("1560.00")),
    ]


def test_missing_an_instalment_makes_the_rest_due() -> None:
    data = load_rule_data()
    plan = instalment_plan(Decimal("10000.00"), date(2024, 6, 30), data.lbt_instalments)
    assert balance_when_missed(plan, 2) == (Decimal("6666.66"), date(2024, 7, 31))
