"""Allocating a payment oldest debt first, penalty and surcharge as of the payment date.

Rule book §1.12 (instalments), §1.13 (late payment) and §3.3 (signs); golden values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal as D

import pytest

from taxmap.billing.allocation import (
    Charge,
    InstalmentDebt,
    LateRules,
    NoticeDebt,
    allocate,
    owed_on,
    settle,
)
from valuation.ruledata import load_rule_data

# The 2026 calendar: pay by 30 April; warning letters by 31 May, then 90 days (s.60-61).
DUE = date(2026, 4, 30)
WARNED, PAY_BY = date(2026, 5, 31), date(2026, 8, 29)


@pytest.fixture(scope="module")
def rules() -> LateRules:
    data = load_rule_data()
    return LateRules(data.lbt_late, data.sign_late)


def lbt(
    tax: str,
    *,
    no: str = "L2569-000001",
    notice_id: int = 1,
    year: int = 2026,
    due: date = DUE,
    warned: tuple[date | None, date | None] = (WARNED, PAY_BY),
) -> NoticeDebt:
    return NoticeDebt(notice_id, no, "lbt", year, (InstalmentDebt(1, due, D(tax)),), *warned)


def plan(*paid: tuple[str, str]) -> NoticeDebt:
    """10,000.00 in 3 instalments (§1.12), with (paid, paid by due) per instalment."""
    dues = (date(2026, 4, 30), date(2026, 5, 31), date(2026, 6, 30))
    amounts = (D("3333.34"), D("3333.33"), D("3333.33"))
    paid_all = [*paid, *[("0.00", "0.00")] * (3 - len(paid))]
    items = tuple(
        InstalmentDebt(n + 1, due, amount, D(p), D(by))
        for n, (due, amount, (p, by)) in enumerate(zip(dues, amounts, paid_all, strict=True))
    )
    return NoticeDebt(1, "L2569-000001", "lbt", 2026, items, WARNED, PAY_BY)


def parts(rows: Sequence[Charge]) -> list[tuple[str, int, D, D, D]]:
    return [(r.notice_no, r.instalment_no, r.tax, r.penalty, r.surcharge) for r in rows]


def test_on_time_payment_is_all_tax(rules: LateRules) -> None:
    done = allocate([lbt("2000.00")], D("2000.00"), date(2026, 4, 20), rules)
    assert parts(done.rows) == [("L2569-000001", 1, D("2000.00"), D("0.00"), D("0.00"))]
    assert done.rows[0].late_from is None
    assert done.overpayment == D("0.00")


def test_one_month_late_before_the_warning_adds_10_and_1_percent(rules: LateRules) -> None:
    done = allocate([lbt("2000.00")], D("2220.00"), date(2026, 5, 20), rules)
    assert parts(done.rows) == [("L2569-000001", 1, D("2000.00"), D("200.00"), D("20.00"))]
    row = done.rows[0]
    assert (row.late_from, row.months, row.stage) == (DUE, 1, "before_warning")
    assert done.overpayment == D("0.00")


def test_worked_example_three_months_part_month_counted_whole(rules: LateRules) -> None:
    # §1.13: 10,000 due 30 April, paid 15 July within the warning period: 2,000 + 300.
    done = allocate([lbt("10000.00")], D("12300.00"), date(2026, 7, 15), rules)
    assert parts(done.rows) == [("L2569-000001", 1, D("10000.00"), D("2000.00"), D("300.00"))]
    assert (done.rows[0].months, done.rows[0].stage) == (3, "within_warning")
    assert done.rows[0].total == D("12300.00")


def test_after_the_warning_period_the_penalty_is_40_percent(rules: LateRules) -> None:
    (owed,) = owed_on([lbt("10000.00")], date(2026, 9, 1), rules)
    assert (owed.stage, owed.months) == ("after_warning", 5)
    assert (owed.tax, owed.penalty, owed.surcharge) == (D("10000.00"), D("4000.00"), D("500.00"))


def test_without_a_warning_letter_late_payment_is_10_percent(rules: LateRules) -> None:
    (owed,) = owed_on([lbt("10000.00", warned=(None, None))], date(2026, 9, 1), rules)
    assert (owed.stage, owed.penalty, owed.surcharge) == (
        "before_warning",
        D("1000.00"),
        D("500.00"),
    )


def test_partial_payment_covers_the_oldest_instalment_then_part_of_the_next(
    rules: LateRules,
) -> None:
    done = allocate([plan()], D("5000.00"), date(2026, 4, 20), rules)
    assert parts(done.rows) == [
        ("L2569-000001", 1, D("3333.34"), D("0.00"), D("0.00")),
        ("L2569-000001", 2, D("1666.66"), D("0.00"), D("0.00")),
    ]
    assert done.overpayment == D("0.00")
    after = settle([plan()], done, date(2026, 4, 20))
    assert [(i.paid, i.paid_by_due) for i in after[0].instalments] == [
        (D("3333.34"), D("3333.34")),
        (D("1666.66"), D("1666.66")),
        (D("0.00"), D("0.00")),
    ]


def test_an_older_notice_is_paid_first_with_its_penalty_and_surcharge(rules: LateRules) -> None:
    # 2025: pay by 30 June, warning letters by 31 July, period to 29 October (§1.11).
    old = lbt(
        "1000.00",
        no="L2568-000007",
        notice_id=2,
        year=2025,
        due=date(2025, 6, 30),
        warned=(date(2025, 7, 31), date(2025, 10, 29)),
    )
    done = allocate([lbt("2000.00"), old], D("2500.00"), date(2026, 4, 20), rules)
    # 1 July 2025 - 20 April 2026 is 10 months (April counted whole); after the warning: 40 %.
    assert parts(done.rows) == [
        ("L2568-000007", 1, D("1000.00"), D("400.00"), D("100.00")),
        ("L2569-000001", 1, D("1000.00"), D("0.00"), D("0.00")),
    ]
    assert done.applied == D("2500.00")


def test_part_of_a_late_instalment_pays_tax_and_add_ons_in_proportion(rules: LateRules) -> None:
    day = date(2026, 7, 15)  # owed: 10,000 + 2,000 + 300 = 12,300
    done = allocate([lbt("10000.00")], D("6150.00"), day, rules)
    assert parts(done.rows) == [("L2569-000001", 1, D("5000.00"), D("1000.00"), D("150.00"))]
    # The 5,000 still unpaid keeps bearing its add-ons: at 1 September, 40 % and 5 months.
    (rest,) = owed_on(settle([lbt("10000.00")], done, day), date(2026, 9, 1), rules)
    assert (rest.tax, rest.penalty, rest.surcharge) == (D("5000.00"), D("2000.00"), D("250.00"))


def test_a_small_part_payment_rounds_the_add_ons_half_up_and_tax_takes_the_rest(
    rules: LateRules,
) -> None:
    done = allocate([lbt("10000.00")], D("100.00"), date(2026, 7, 15), rules)
    # 100 × 2,000 / 12,300 = 16.2601…; 100 × 300 / 12,300 = 2.4390…
    assert parts(done.rows) == [("L2569-000001", 1, D("81.30"), D("16.26"), D("2.44"))]


def test_overpayment_is_what_is_left_after_every_debt(rules: LateRules) -> None:
    done = allocate([lbt("2000.00")], D("2500.00"), date(2026, 4, 20), rules)
    assert parts(done.rows) == [("L2569-000001", 1, D("2000.00"), D("0.00"), D("0.00"))]
    assert done.overpayment == D("500.00")
    nothing_owed = allocate([], D("10.00"), date(2026, 4, 20), rules)
    assert (nothing_owed.rows, nothing_owed.overpayment) == ((), D("10.00"))


def test_a_missed_instalment_ends_the_plan_with_surcharge_only(rules: LateRules) -> None:
    # The first paid on time, the second missed on 31 May: the rest is due from that day
    # with the 1 %/month surcharge (s.52, §1.12); 10 June is one month late.
    debt = plan(("3333.34", "3333.34"))
    owed = owed_on([debt], date(2026, 6, 10), rules)
    assert [
        (o.instalment_no, o.late_from, o.stage, o.tax, o.penalty, o.surcharge) for o in owed
    ] == [
        (2, date(2026, 5, 31), "none", D("3333.33"), D("0.00"), D("33.33")),
        (3, date(2026, 5, 31), "none", D("3333.33"), D("0.00"), D("33.33")),
    ]


def test_a_plan_never_started_is_plain_late_payment_of_every_instalment(rules: LateRules) -> None:
    owed = owed_on([plan()], date(2026, 5, 20), rules)
    assert [(o.instalment_no, o.stage, o.penalty, o.surcharge) for o in owed] == [
        (1, "before_warning", D("333.33"), D("33.33")),
        (2, "before_warning", D("333.33"), D("33.33")),
        (3, "before_warning", D("333.33"), D("33.33")),
    ]


def test_sign_tax_late_bears_2_percent_a_month_and_no_penalty(rules: LateRules) -> None:
    sign = NoticeDebt(
        3, "S2569-000001", "signboard", 2026, (InstalmentDebt(1, date(2026, 8, 1), D("1170.00")),)
    )
    done = allocate([sign], D("1240.20"), date(2026, 10, 2), rules)
    assert parts(done.rows) == [("S2569-000001", 1, D("1170.00"), D("0.00"), D("70.20"))]
    assert done.overpayment == D("0.00")


def test_a_payment_must_be_positive_whole_satang(rules: LateRules) -> None:
    with pytest.raises(ValueError, match=r"a payment is a positive amount in satang, not 0\.005"):
        allocate([lbt("10.00")], D("0.005"), DUE, rules)
