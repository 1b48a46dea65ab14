"""Revenue and admin screens in the browser, on the pilot's real data (the planner's are in
test_browser_planner.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from pdf_text import extract_lines
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine

from valuation.roll_services import assessment_detail

LAO = "BUALAI"
Shot = Callable[[Page, str], Path]

# One owner, alone on one assessment with tax to pay and at least two bill lines.
TAXPAYER = sa.text(
    """
    SELECT o.owner_no, o.name_th, a.taxpayer_no
      FROM assessments a
      JOIN tax_rolls r ON (r.lao_id, r.id) = (a.lao_id, a.roll_id)
      JOIN parties o ON o.lao_id = a.lao_id AND o.id = a.owner_party_ids[1]
     WHERE a.lao_id = (SELECT id FROM laos WHERE code = :lao) AND r.tax_year = :year
       AND cardinality(a.owner_party_ids) = 1 AND a.total > 0
       AND (SELECT count(*) FROM assessments b WHERE b.roll_id = a.roll_id
             AND o.id = ANY(b.owner_party_ids)) = 1
       AND (SELECT count(*) FROM assessment_lines l WHERE l.roll_id = a.roll_id
             AND l.taxpayer_no = a.taxpayer_no) >= 2
     ORDER BY a.taxpayer_no
     LIMIT 1
    """
)


def _taxpayer(engine: Engine) -> tuple[int, str, int]:
    with engine.connect() as conn:
        row = conn.execute(TAXPAYER, {"lao": LAO, "year": date.today().year}).one()
    return row.owner_no, row.name_th, row.taxpayer_no


def _open_taxpayer(page: Page, owner_no: int) -> None:
    page.get_by_label("ค้นหาผู้เสียภาษี").fill(str(owner_no))
    page.locator("#taxpayer-form").get_by_role("button", name="ค้นหา").click()
    page.locator(f".open-owner[data-owner='{owner_no}']").click()
    expect(page.locator("#taxpayer-name")).to_be_visible()


def _baht(text: str) -> str:
    return f"{float(text):,.2f} บาท"


def test_revenue_officer_opens_a_taxpayer_and_the_explanation_of_the_tax(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    owner_no, name, taxpayer_no = _taxpayer(engine)
    detail = assessment_detail(LAO, date.today().year, taxpayer_no, engine)
    page = signed_in("revenue")
    assert page.url.endswith(f"/app/{LAO}/revenue")
    _open_taxpayer(page, owner_no)
    expect(page.locator("#taxpayer-name")).to_have_text(f"{name} (เลขผู้เสียภาษี (ผ.ท.4) {owner_no})")
    section = page.locator(f".assessment[data-taxpayer='{taxpayer_no}']")
    expect(section).to_contain_text("คำอธิบายการคำนวณ")
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(len(detail["lines"]))
    for i, line in enumerate(detail["lines"]):
        expect(rows.nth(i).locator("td").last).to_have_text(line["amount"])
        expect(rows.nth(i)).to_contain_text(line["rule"])
    expect(section.locator(f"#total-{taxpayer_no}")).to_have_text(_baht(detail["total"]))
    shot(page, "revenue_01_taxpayer_explanation")


def test_revenue_officer_issues_notices_and_downloads_a_notice_pdf(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot, tmp_path: Path
) -> None:
    owner_no, _, _ = _taxpayer(engine)
    page = signed_in("revenue")
    _open_taxpayer(page, owner_no)
    count = sa.text(
        "SELECT count(*) FROM notices WHERE lao_id = (SELECT id FROM laos WHERE code = :l)"
    )
    with engine.connect() as conn:  # test_browser_more.py may have issued one already
        before = conn.execute(count, {"l": LAO}).scalar_one()
    page.get_by_role("button", name="ออกหนังสือแจ้งการประเมิน").click()
    expect(page.locator("#status")).to_contain_text("ออกหนังสือแจ้งแล้ว", timeout=90_000)
    with engine.connect() as conn:
        issued = conn.execute(count, {"l": LAO}).scalar_one() - before
    expect(page.locator("#status")).to_have_text(f"ออกหนังสือแจ้งแล้ว: {issued:,}")
    link = page.locator("a.notice-pdf").first
    expect(link).to_be_visible()
    notice_no = link.get_attribute("download").removeprefix(f"{LAO}-").removesuffix(".pdf")
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "notice.pdf"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(extract_lines(data))
    assert notice_no in text
    shot(page, "revenue_02_notice_issued")


def test_admin_sees_the_lao_users_and_their_roles(
    signed_in: Callable[[str], Page], shot: Shot
) -> None:
    page = signed_in("admin")
    page.get_by_role("link", name="ผู้ดูแลระบบ").click()
    page.wait_for_url(f"**/app/{LAO}/admin")
    users = page.locator("#users table")
    expect(users).to_be_visible()
    for username, role in (
        ("somchai.s", "surveyor"),
        ("malee.r", "revenue"),
        ("anan.p", "planner"),
    ):
        expect(users.locator("tr", has_text=username)).to_contain_text(role)
    shot(page, "admin_01_users")
