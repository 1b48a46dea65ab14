"""Survey staff in the browser: sign in, find a parcel, move a shared vertex, split, 409 dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from browser_steps import search_parcel, wait_idle
from playwright.sync_api import Page, expect
from pyproj import Transformer
from sqlalchemy.engine import Engine

from parcels.fabric.browse import find_parcel
from taxmap.core.units import format_area

LAO = "BUALAI"
USERS = {"surveyor": "somchai.s"}
PASSWORD = "pilot-test-2569"  # conftest.py creates the users
TO_WGS84 = Transformer.from_crs(32648, 4326, always_xy=True)
Shot = Callable[[Page, str], Path]

# A vertex inside a block where three or more parcels meet (not on the block's outline), among
# the parcels whose codes start with :prefix (each test keeps to its own blocks).
JUNCTION = sa.text(
    """
    WITH pts AS (
      SELECT p.code, p.block_id, (ST_DumpPoints(p.geom)).geom AS pt
        FROM parcels p
       WHERE p.lao_id = (SELECT id FROM laos WHERE code = :lao) AND p.status = 'active'
         AND p.code LIKE :prefix || '%'
    ), v AS (
      SELECT round(ST_X(pt)::numeric, 2) AS x, round(ST_Y(pt)::numeric, 2) AS y, block_id,
             array_agg(DISTINCT code ORDER BY code) AS codes
        FROM pts GROUP BY 1, 2, 3 HAVING count(DISTINCT code) >= 3
    )
    SELECT v.codes, v.x, v.y FROM v JOIN blocks b ON b.id = v.block_id
     WHERE NOT ST_DWithin(ST_Boundary(b.geom),
                          ST_SetSRID(ST_MakePoint(v.x, v.y), ST_SRID(b.geom)), 1)
     ORDER BY v.codes[1], v.x, v.y
     LIMIT 1
    """
)
PARCELS = sa.text(
    "SELECT code, version, status, ST_Area(geom) AS area, "
    "ST_X(ST_PointOnSurface(geom)) AS cx, ST_Y(ST_PointOnSurface(geom)) AS cy, "
    "ST_XMin(geom) AS x0, ST_XMax(geom) AS x1 "
    "FROM parcels WHERE lao_id = (SELECT id FROM laos WHERE code = :lao) AND code = ANY(:codes) "
    "AND status = 'active' ORDER BY code"
)


def _parcels(engine: Engine, codes: list[str]) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(PARCELS, {"lao": LAO, "codes": codes}))


def _pixel(page: Page, x: float, y: float) -> tuple[float, float]:
    lon, lat = TO_WGS84.transform(x, y)
    px, py = page.evaluate("([lon, lat]) => window.taxmap.pixelOf(lon, lat)", [lon, lat])
    box = page.locator("#map").bounding_box()
    assert box is not None
    return box["x"] + px, box["y"] + py


def _tool(page: Page, label: str, tool: str) -> None:
    page.get_by_label(label).check()
    expect(page.locator("body")).to_have_attribute("data-tool", tool)
    wait_idle(page)


def test_sign_in_opens_the_surveyors_thai_screen(new_page: Callable[[], Page], shot: Shot) -> None:
    page = new_page()
    page.goto("/login?next=/app/")
    page.get_by_label("ชื่อผู้ใช้ / Username").fill(USERS["surveyor"])
    page.get_by_label("รหัสผ่าน / Password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ / Sign in").click()
    page.wait_for_url(f"**/app/{LAO}/survey")
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("html").get_attribute("lang") == "th"
    expect(page.get_by_role("heading", level=1)).to_have_text("งานสำรวจและแผนที่")
    expect(page.get_by_role("link", name="English")).to_be_visible()
    expect(page.locator("header")).to_contain_text("เจ้าหน้าที่สำรวจ")
    shot(page, "surveyor_01_signed_in")


def test_find_a_parcel_by_code_shows_rai_ngan_wah_and_owners(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    page = signed_in("surveyor")
    expected = find_parcel(LAO, "01A001", engine)
    search_parcel(page, "01A001")
    card = page.locator(".parcel-card")
    expect(card.locator("#info-area")).to_have_text(format_area(expected["area_m2"]))
    expect(card.locator("#info-version")).to_have_text(str(expected["version"]))
    for owner in expected["owners"]:
        expect(card).to_contain_text(owner["name_th"])
    assert expected["area_text"].endswith(" m²)") and "ไร่-งาน-ตร.ว." in expected["area_text"]
    shot(page, "surveyor_02_find_parcel")


def test_moving_a_shared_vertex_moves_it_in_every_parcel_and_saves(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    with engine.connect() as conn:
        codes, vx, vy = conn.execute(JUNCTION, {"lao": LAO, "prefix": "01B"}).one()
    before = _parcels(engine, list(codes))
    page = signed_in("surveyor")
    search_parcel(page, codes[0])
    _tool(page, "ย้ายจุดยอดร่วม", "modify")
    expect(page.locator("#edit-actions")).to_be_visible()
    own = before[0]
    start = _pixel(page, float(vx), float(vy))
    centre = _pixel(page, own.cx, own.cy)
    dx, dy = centre[0] - start[0], centre[1] - start[1]
    scale = min(30 / max((dx * dx + dy * dy) ** 0.5, 1), 0.4)
    end = (start[0] + dx * scale, start[1] + dy * scale)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    expect(page.locator("#changed-list")).to_have_text(", ".join(sorted(codes)))
    page.get_by_label("เหตุผล / เลขที่คำขอ").fill("รังวัดสอบเขต คำขอที่ 12/2569")
    with page.expect_response(lambda r: r.url.endswith("/boundary")) as response:
        page.get_by_role("button", name="บันทึก", exact=True).click()
    assert response.value.status == 200
    expect(page.locator("#status")).to_contain_text("บันทึกแล้ว")
    after = _parcels(engine, list(codes))
    assert [(p.code, p.version) for p in after] == [(p.code, p.version + 1) for p in before]
    # The vertex moved inside the ring of parcels around it: their total area is unchanged.
    assert abs(sum(p.area for p in after) - sum(p.area for p in before)) < 0.01
    assert abs(after[0].area - before[0].area) > 0.05  # and the parcel itself did change
    wait_idle(page)
    shot(page, "surveyor_03_shared_vertex_saved")


def test_split_a_parcel_by_a_drawn_line(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    [parent] = _parcels(engine, ["01A001"])
    page = signed_in("surveyor")
    search_parcel(page, "01A001")
    page.get_by_label("เหตุผล / เลขที่คำขอ").fill("แบ่งแยกในนามเดิม คำขอที่ 7/2569")
    _tool(page, "แบ่งแปลง (ลากเส้นแบ่ง)", "split")
    left = _pixel(page, parent.x0 - 1.5, parent.cy)
    right = _pixel(page, parent.x1 + 1.5, parent.cy)
    with page.expect_response(lambda r: r.url.endswith("/split")) as response:
        page.mouse.click(*left)
        page.mouse.dblclick(*right)
    assert response.value.status == 200
    result = response.value.json()
    children = [p for p in result["parcels"] if p["status"] == "active"]
    assert len(children) == 2
    assert abs(sum(c["area_m2"] for c in children) - parent.area) < 0.02
    expect(page.locator("#status")).to_contain_text(children[0]["code"])
    assert [p.code for p in _parcels(engine, ["01A001"])] == []  # the parent is retired
    assert len(_parcels(engine, [c["code"] for c in children])) == 2
    wait_idle(page)
    shot(page, "surveyor_04_split")


def test_second_editor_of_a_parcel_sees_the_409_dialog_with_both_versions(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    code = "01B002"
    [start] = _parcels(engine, [code])
    first, second = signed_in("surveyor"), signed_in("surveyor")
    for page in (first, second):
        search_parcel(page, code)
        _tool(page, "แก้ไขข้อมูลแปลง", "attrs")
        page.get_by_label("เหตุผล / เลขที่คำขอ").fill("ปรับปรุงข้อมูลที่ตั้ง")
    first.get_by_label("ถนน").fill("ถนนมิตรภาพ")
    first.locator("#attrs-form").get_by_role("button", name="บันทึก").click()
    expect(first.locator("#status")).to_contain_text("บันทึกแล้ว")
    second.get_by_label("หมายเหตุ").fill("ตรวจสอบภาคสนามแล้ว")
    with second.expect_response(lambda r: r.url.endswith(f"/parcels/{code}")) as response:
        second.locator("#attrs-form").get_by_role("button", name="บันทึก").click()
    assert response.value.status == 409
    dialog = second.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("มีผู้อื่นบันทึกแปลงนี้ก่อน (409)")
    expect(dialog.locator("#conflict-yours")).to_contain_text(f"ฉบับที่{start.version}")
    expect(dialog.locator("#conflict-theirs")).to_contain_text(f"ฉบับที่{start.version + 1}")
    expect(dialog.locator("#conflict-theirs")).to_contain_text("ถนน")
    expect(dialog.locator("#conflict-yours")).to_contain_text("หมายเหตุ: ตรวจสอบภาคสนามแล้ว")
    shot(second, "surveyor_05_conflict_409")
