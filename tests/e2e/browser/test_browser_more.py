"""More screens in the browser: merge, the as-of slider, a counter payment, the admin's work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import shapely
import sqlalchemy as sa
from browser_steps import search_parcel, wait_idle
from pdf_text import extract_lines
from playwright.sync_api import Page, expect
from pyproj import Transformer
from shapely.geometry import Point, mapping
from sqlalchemy.engine import Engine
from test_browser_survey import JUNCTION

from parcels.fabric.browse import find_parcel
from parcels.fabric.history import fabric_as_of
from taxmap.admin import users
from taxmap.admin.lao_settings import LaoSettings, get_lao_settings, update_lao_settings
from taxmap.billing.notices import issue_notices
from taxmap.billing.payments import taxpayer_balance
from taxmap.core.thai import format_thai_date
from taxmap.core.units import format_area

LAO = "BUALAI"
Shot = Callable[[Page, str], Path]
TO_WGS84 = Transformer.from_crs(32648, 4326, always_xy=True)
TO_WEB = Transformer.from_crs(32648, 3857, always_xy=True)

# Two neighbouring active parcels of one block with the same owners (a merge needs no force),
# away from the blocks the survey tests edit.
SAME_OWNER_PAIR = sa.text(
    """
    WITH o AS (
      SELECT r.parcel_id, string_agg(r.party_id::text, ',' ORDER BY r.party_id) AS owners
        FROM rights r
       WHERE r.lao_id = (SELECT id FROM laos WHERE code = :lao) AND r.parcel_id IS NOT NULL
         AND r.valid_from <= current_date AND (r.valid_to IS NULL OR r.valid_to > current_date)
       GROUP BY r.parcel_id
    ), p AS (
      SELECT * FROM parcels
       WHERE lao_id = (SELECT id FROM laos WHERE code = :lao) AND status = 'active'
         AND code NOT LIKE '01A%' AND code NOT LIKE '01B%'
    )
    SELECT a.code AS a, b.code AS b
      FROM p a JOIN p b ON a.block_id = b.block_id AND a.code < b.code
      JOIN o oa ON oa.parcel_id = a.id
      JOIN o ob ON ob.parcel_id = b.id AND oa.owners = ob.owners
     WHERE ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 5
     ORDER BY a.code, b.code
     LIMIT 1
    """
)
PARCELS = sa.text(
    "SELECT code, version, ST_Area(geom) AS area, ST_AsBinary(geom) AS wkb "
    "FROM parcels WHERE lao_id = (SELECT id FROM laos WHERE code = :lao) "
    "AND code = ANY(:codes) AND status = 'active' ORDER BY code"
)
# A single-owner assessment of this year with tax to pay and no notice yet.
UNBILLED = sa.text(
    """
    SELECT o.owner_no, a.taxpayer_no
      FROM assessments a
      JOIN tax_rolls r ON (r.lao_id, r.id) = (a.lao_id, a.roll_id)
      JOIN parties o ON o.lao_id = a.lao_id AND o.id = a.owner_party_ids[1]
     WHERE a.lao_id = (SELECT id FROM laos WHERE code = :lao) AND r.tax_year = :year
       AND cardinality(a.owner_party_ids) = 1 AND a.total > 500
       AND (SELECT count(*) FROM assessments b WHERE b.roll_id = a.roll_id
             AND o.id = ANY(b.owner_party_ids)) = 1
       AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.lao_id = a.lao_id
             AND n.taxpayer_no = a.taxpayer_no)
     ORDER BY a.taxpayer_no DESC
     LIMIT 1
    """
)


def _parcels(engine: Engine, codes: list[str]) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(PARCELS, {"lao": LAO, "codes": codes}))


def _baht(amount: Decimal | str) -> str:
    return f"{Decimal(amount):,.2f} บาท"


def _api(server: str, engine: Engine, username: str) -> httpx.Client:
    token = users.issue_token(engine, username, "e2e-more")
    return httpx.Client(base_url=server, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def test_surveyor_merges_two_neighbouring_parcels(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    with engine.connect() as conn:
        a, b = conn.execute(SAME_OWNER_PAIR, {"lao": LAO}).one()
    parents = _parcels(engine, [a, b])
    union = shapely.union_all([shapely.from_wkb(bytes(p.wkb)) for p in parents])
    page = signed_in("surveyor")
    search_parcel(page, a)
    page.get_by_label("รวมแปลง (เลือกหลายแปลง)").check()
    expect(page.locator("body")).to_have_attribute("data-tool", "merge")
    x0, y0, x1, y1 = union.bounds
    extent = [*TO_WEB.transform(x0, y0), *TO_WEB.transform(x1, y1)]
    page.evaluate(
        "async (e) => { window.taxmap.map.getView().fit(e, {padding: [60, 60, 60, 60]});"
        " await window.taxmap.taxmap.idle(); }",
        extent,
    )
    page.wait_for_function(
        "(codes) => codes.every((c) => window.taxmap.taxmap.parcelSource.getFeatureById(c))",
        arg=[a, b],
    )
    wait_idle(page)
    box = page.locator("#map").bounding_box()
    assert box is not None
    picked: list[str] = []
    for parent in parents:
        inside = shapely.from_wkb(bytes(parent.wkb)).point_on_surface()
        lon, lat = TO_WGS84.transform(inside.x, inside.y)
        px, py = page.evaluate("([lon, lat]) => window.taxmap.pixelOf(lon, lat)", [lon, lat])
        page.mouse.click(box["x"] + px, box["y"] + py)
        picked.append(parent.code)
        # Wait for each pick: two quick clicks would be one double click to the map.
        expect(page.locator("#merge-list")).to_have_text(", ".join(picked))
    page.get_by_label("เหตุผล / เลขที่คำขอ").fill("รวมโฉนดตามคำขอที่ 21/2569")
    with page.expect_response(lambda r: r.url.endswith("/parcels/merge")) as response:
        page.get_by_role("button", name="รวมแปลงที่เลือก").click()
    assert response.value.status == 200, response.value.text()
    [merged] = [p for p in response.value.json()["parcels"] if p["status"] == "active"]
    new_code = merged["code"]
    assert new_code not in (a, b) and new_code[:-3] == a[:-3]  # the block's next lot
    card = page.locator(f".parcel-card[data-code='{new_code}']")
    expect(card).to_be_visible()
    expected = find_parcel(LAO, new_code, engine)
    assert abs(expected["area_m2"] - sum(p.area for p in parents)) < 0.02
    expect(card.locator("#info-area")).to_have_text(format_area(expected["area_m2"]))
    expect(card.locator("#info-version")).to_have_text(str(expected["version"]))
    expect(page.locator("#status")).to_contain_text("บันทึกแล้ว: ")
    expect(page.locator("#status")).to_contain_text(new_code)
    assert _parcels(engine, [a, b]) == []  # both parents are retired
    wait_idle(page)
    shot(page, "surveyor-merge")


def _move_junction(server: str, engine: Engine) -> tuple[str, int]:
    """Move a shared vertex 1 m into its first parcel through the API; return code, version."""
    with engine.connect() as conn:
        codes, x, y = conn.execute(JUNCTION, {"lao": LAO, "prefix": "03A"}).one()
    rows = _parcels(engine, list(codes))
    vx, vy = float(x), float(y)
    toward = shapely.from_wkb(bytes(rows[0].wkb)).point_on_surface()
    step = 1.0 / Point(vx, vy).distance(toward)
    moved = [vx + (toward.x - vx) * step, vy + (toward.y - vy) * step]

    def shift(geom: Any) -> dict[str, Any]:
        def move(xy: Any) -> Any:
            near = (abs(xy[:, 0] - vx) < 0.01) & (abs(xy[:, 1] - vy) < 0.01)
            xy[near] = moved
            return xy

        return mapping(shapely.transform(geom, move))

    geoms = {r.code: shift(shapely.from_wkb(bytes(r.wkb))) for r in rows}
    body = {
        "geometry": geoms[rows[0].code],
        "version": rows[0].version,
        "crs": 32648,
        "reason": "รังวัดสอบเขต (ทดสอบแถบเลื่อนวันที่)",
        "adjust": [
            {"code": r.code, "geometry": geoms[r.code], "version": r.version} for r in rows[1:]
        ],
    }
    with _api(server, engine, "somchai.s") as client:
        answer = client.put(f"/api/v1/laos/{LAO}/parcels/{rows[0].code}/boundary", json=body)
    assert answer.status_code == 200, answer.text
    return rows[0].code, rows[0].version


def test_the_as_of_slider_shows_the_boundary_before_todays_edit(
    signed_in: Callable[[str], Page], server: str, engine: Engine, shot: Shot
) -> None:
    code, old_version = _move_junction(server, engine)
    yesterday = date.today() - timedelta(days=1)
    [old] = [
        f
        for f in fabric_as_of(LAO, yesterday, engine)["features"]
        if f["properties"]["code"] == code
    ]
    [new] = _parcels(engine, [code])
    assert new.version == old_version + 1 and old["properties"]["version"] == old_version
    page = signed_in("surveyor")
    search_parcel(page, code)
    expect(page.locator("#info-version")).to_have_text(str(new.version))
    page.locator("#as-of").focus()
    page.keyboard.press("ArrowLeft")  # one day back, by keyboard
    expect(page.locator("#as-of-label")).to_have_text(format_thai_date(yesterday))
    info = page.locator("#as-of-info")
    expect(info).to_have_text(
        f"{format_thai_date(yesterday)}: แปลงที่ดิน {code} ฉบับที่ {old_version}, "
        f"{format_area(old['properties']['area_m2'])}"
    )
    page.wait_for_function(
        "([c, v]) => window.taxmap.taxmap.parcelSource.getFeatureById(c)?.get('version') === v",
        arg=[code, old_version],
    )
    wait_idle(page)
    shot(page, "surveyor-as_of_before_edit")
    page.keyboard.press("End")  # back to today
    expect(page.locator("#as-of-label")).to_have_text("วันนี้")
    expect(info).to_have_text(
        f"วันนี้: แปลงที่ดิน {code} ฉบับที่ {new.version}, {format_area(round(new.area, 2))}"
    )
    page.wait_for_function(
        "([c, v]) => window.taxmap.taxmap.parcelSource.getFeatureById(c)?.get('version') === v",
        arg=[code, new.version],
    )


def test_revenue_officer_records_a_counter_payment_and_prints_the_receipt(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot, tmp_path: Path
) -> None:
    year = date.today().year
    with engine.connect() as conn:
        owner_no, taxpayer_no = conn.execute(UNBILLED, {"lao": LAO, "year": year}).one()
    issue_notices(LAO, year, engine, actor="e2e", taxpayer_no=taxpayer_no)
    with engine.connect() as conn:
        notice_no, amount = conn.execute(
            sa.text(
                "SELECT notice_no, amount FROM notices WHERE status = 'issued' "
                "AND taxpayer_no = :t AND lao_id = (SELECT id FROM laos WHERE code = :l) "
                "ORDER BY notice_no LIMIT 1"
            ),
            {"t": taxpayer_no, "l": LAO},
        ).one()
    owed = taxpayer_balance(LAO, notice_no, None, engine).total
    paid = Decimal("300.00")
    page = signed_in("revenue")
    page.get_by_label("ค้นหาผู้เสียภาษี").fill(str(owner_no))
    page.locator("#taxpayer-form").get_by_role("button", name="ค้นหา").click()
    page.locator(f".open-owner[data-owner='{owner_no}']").click()
    form = page.locator("#payment-form")
    expect(form.get_by_label("เลขที่หนังสือแจ้ง")).to_have_value(notice_no)
    expect(form.get_by_label("จำนวนเงิน (บาท)")).to_have_value(f"{amount:.2f}")
    expect(page.locator("#pay-date-be")).to_have_text(format_thai_date(date.today()))
    expect(page.locator("#pay-balance-before")).to_have_text(_baht(owed))
    form.get_by_label("จำนวนเงิน (บาท)").fill(str(paid))
    # By cheque: its number and bank are asked for only then, and printed on the receipt.
    cheque = "0012345 ธนาคารออมสิน สาขาบัวลาย"
    expect(form.get_by_label("เลขที่เช็คและธนาคาร")).to_be_hidden()
    form.get_by_label("ชำระด้วย").select_option("cheque")
    form.get_by_label("เลขที่เช็คและธนาคาร").fill(cheque)
    with page.expect_response(lambda r: r.url.endswith("/payments")) as response:
        form.get_by_role("button", name="รับชำระเงิน").click()
    assert response.value.status == 201, response.value.text()
    assert response.value.json()["method_ref"] == cheque
    receipt_no = response.value.json()["receipt_no"]
    expect(page.locator("#receipt-no")).to_have_text(receipt_no)
    after = taxpayer_balance(LAO, notice_no, None, engine).total
    assert after == owed - paid  # issued today: nothing is late yet
    expect(page.locator("#balance-after")).to_have_text(_baht(after))
    with engine.connect() as conn:
        stored = conn.execute(
            sa.text(
                "SELECT receipt_no, amount, method FROM payments WHERE notice_id = (SELECT id FROM "
                "notices WHERE notice_no = :n AND lao_id = (SELECT id FROM laos WHERE code = :l))"
            ),
            {"n": notice_no, "l": LAO},
        ).one()
    assert tuple(stored) == (receipt_no, paid, "cheque")
    with page.expect_download() as download:
        page.get_by_role("link", name="พิมพ์ใบเสร็จ (PDF)").click()
    path = tmp_path / "receipt.pdf"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    printed = extract_lines(data)
    assert receipt_no in "\n".join(printed)
    assert f"วิธีชำระ ชำระที่เคาน์เตอร์ (เช็ค {cheque})" in printed
    shot(page, "revenue-payment")


def test_admin_grants_and_revokes_a_role_and_disables_an_account(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    name = "prasert.v"
    if name not in {u["username"] for u in users.lao_users(engine, LAO)}:
        users.create_user(engine, name, "pilot-test-2569", "ผู้ทดสอบ ผู้ดูข้อมูล")
        users.grant_role(engine, name, LAO, "viewer")
    page = signed_in("admin")
    page.get_by_role("link", name="ผู้ดูแลระบบ").click()
    page.wait_for_url(f"**/app/{LAO}/admin")
    row = page.locator(f"#users tr[data-user='{name}']")
    roles = row.locator(".roles")
    expect(roles).to_have_text("ผู้ดูข้อมูล (viewer)")
    with page.expect_response(lambda r: r.url.endswith(f"/users/{name}/roles/planner")) as put:
        row.get_by_role("button", name=f"ให้สิทธิ์ นักผังเมือง — {name}").click()
    assert (put.value.request.method, put.value.status) == ("PUT", 200)
    expect(roles).to_have_text("นักผังเมือง (planner), ผู้ดูข้อมูล (viewer)")
    expect(page.locator("#status")).to_have_text(f"ให้สิทธิ์แล้ว: นักผังเมือง — {name}")
    with page.expect_response(lambda r: r.url.endswith(f"/users/{name}/roles/viewer")) as delete:
        row.get_by_role("button", name=f"ถอนสิทธิ์ ผู้ดูข้อมูล — {name}").click()
    assert (delete.value.request.method, delete.value.status) == ("DELETE", 200)
    expect(roles).to_have_text("นักผังเมือง (planner)")
    expect(row.get_by_role("button", name=f"ให้สิทธิ์ ผู้ดูข้อมูล — {name}")).to_be_visible()
    row.get_by_role("button", name=f"ปิดบัญชี {name}").click()
    expect(row.locator(".account")).to_contain_text("ปิดใช้งาน")
    listed = {u["username"]: u for u in users.lao_users(engine, LAO)}
    assert (listed[name]["roles"], listed[name]["active"]) == (["planner"], False)
    shot(page, "admin-roles")
    row.get_by_role("button", name=f"เปิดบัญชี {name}").click()
    expect(row.locator(".account")).to_contain_text("ใช้งานได้")


def test_admin_sets_the_letterhead_and_a_bad_tax_id_is_named_beside_its_field(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    original = get_lao_settings(LAO, engine)
    page = signed_in("admin")
    page.get_by_role("link", name="ผู้ดูแลระบบ").click()
    page.wait_for_url(f"**/app/{LAO}/admin")
    form = page.locator("#settings-form")
    tax_id = form.get_by_label("เลขประจำตัวผู้เสียภาษีอากรของ อปท. (13 หลัก)")
    expect(tax_id).to_have_value(original["payment"]["tax_id"])
    try:
        tax_id.fill("0994000164531")
        form.get_by_role("button", name="บันทึกการตั้งค่า").click()
        expect(page.locator("#err-payment-tax_id")).to_contain_text("check digit")
        expect(tax_id).to_have_attribute("aria-invalid", "true")
        tax_id.fill(original["payment"]["tax_id"])
        form.get_by_label("สถานที่รับชำระภาษี").fill("งานพัฒนาและจัดเก็บรายได้ ชั้น 1")
        form.get_by_role("button", name="บันทึกการตั้งค่า").click()
        expect(page.locator("#settings-result")).to_have_text("บันทึกการตั้งค่าแล้ว: letterhead.pay_at")
        expect(page.locator("#err-payment-tax_id")).to_have_text("")
        saved = get_lao_settings(LAO, engine)
        assert saved["letterhead"]["pay_at"] == "งานพัฒนาและจัดเก็บรายได้ ชั้น 1"
        assert saved["payment"] == original["payment"]
        shot(page, "admin-settings")
    finally:
        update_lao_settings(LAO, LaoSettings.model_validate(original), engine, actor="e2e")
