"""The surveyor's topology review and the revenue officer's arrears list, in the browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine

from taxmap.billing.arrears import arrears
from taxmap.billing.payment_support import thai_today

LAO = "BUALAI"
Shot = Callable[[Page, str], Path]


def test_surveyor_checks_topology_and_accepts_an_item_as_an_exception(
    signed_in: Callable[[str], Page], shot: Shot, engine: Engine
) -> None:
    with engine.begin() as conn:  # a finding of an import, as the import would store it
        item = conn.execute(
            sa.text(
                "INSERT INTO review_items (lao_id, source, kind, key, message, area_m2)"
                " SELECT id, 'import', 'sliver', 'E2E-SLIVER-1',"
                " 'Sliver: 0.80 m² drawn between 05A001 and 05A002', 0.8"
                " FROM laos WHERE code = :lao RETURNING id"
            ),
            {"lao": LAO},
        ).scalar_one()
    page = signed_in("surveyor")
    page.locator("#review summary").click()
    page.get_by_role("button", name="ตรวจโทโพโลยีทั้ง อปท.").click()
    expect(page.locator("#status")).to_contain_text("ตรวจแล้ว", timeout=60_000)
    reason = page.get_by_label("เหตุผลที่ยอมรับเป็นข้อยกเว้น E2E-SLIVER-1")
    reason.fill("เส้นแบ่งตามโฉนดเดิม")
    reason.press("Enter")
    row = page.locator("#review-list tr", has_text="E2E-SLIVER-1")
    expect(row).to_contain_text("ยอมรับแล้ว: เส้นแบ่งตามโฉนดเดิม")
    shot(page, "surveyor-review-accepted")
    with engine.connect() as conn:
        decided = conn.execute(
            sa.text("SELECT status, decision_reason FROM review_items WHERE id = :i"),
            {"i": item},
        ).one()
    assert tuple(decided) == ("accepted", "เส้นแบ่งตามโฉนดเดิม")


def test_revenue_officer_lists_todays_arrears(
    signed_in: Callable[[str], Page], shot: Shot, engine: Engine
) -> None:
    expected = arrears(LAO, thai_today(), engine)
    page = signed_in("revenue")
    page.locator("#arrears summary").click()
    page.get_by_role("button", name="แสดงภาษีค้างชำระวันนี้").click()
    if expected:
        rows = page.locator("#arrears-list tbody tr")
        expect(rows).to_have_count(len(expected))
        expect(rows.first).to_contain_text(expected[0].taxpayer_key)
        expect(rows.first).to_contain_text(str(expected[0].total))
    else:
        expect(page.locator("#arrears-list")).to_have_text("ไม่มีภาษีค้างชำระ")
    shot(page, "revenue-arrears")
