"""The planner screen in the browser on the pilot: planning layers drawn from their vector tiles
with a legend, a parcel query through /planning/parcels (plan zone ก.2 on at least half of the
parcel, declared vacant), a click zooming to a parcel, an export, and the area of each class
through /planning/summary as a chart. Expected values come from SQL on the test database, not
from the API under test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine

from taxmap.core.units import format_area

LAO = "BUALAI"
Shot = Callable[[Page, str], Path]

# Parcels with at least half their area in plan zone ก.2 and a declared vacant piece, by code.
QUERY = sa.text(
    """
    SELECT p.code, round(ST_Area(p.geom)::numeric, 2) AS area,
           ST_X(ST_Centroid(ST_Envelope(ST_Transform(p.geom, 3857)))) AS x,
           ST_Y(ST_Centroid(ST_Envelope(ST_Transform(p.geom, 3857)))) AS y
      FROM parcels p
     WHERE p.lao_id = (SELECT id FROM laos WHERE code = :lao) AND p.status = 'active'
       AND (SELECT coalesce(sum(c.share), 0) FROM parcel_layer_classes c
              JOIN planning_layers l ON (l.lao_id, l.id) = (c.lao_id, c.layer_id)
             WHERE c.lao_id = p.lao_id AND c.parcel_id = p.id AND l.code = 'plan'
               AND c.class_code = 'ก.2') >= 0.5
       AND EXISTS (SELECT 1 FROM land_use_pieces u WHERE u.lao_id = p.lao_id
                     AND u.parcel_id = p.id AND u.valid_to IS NULL AND u.category = 'vacant')
     ORDER BY p.code
    """
)
# The area of each class of the plan layer within parcels (m²), and its class count.
CLASSES = sa.text(
    """
    SELECT c.class_code, sum(c.area_m2) AS area
      FROM parcel_layer_classes c
      JOIN planning_layers l ON (l.lao_id, l.id) = (c.lao_id, c.layer_id)
     WHERE l.lao_id = (SELECT id FROM laos WHERE code = :lao) AND l.code = 'plan'
     GROUP BY 1 ORDER BY 1
    """
)
PLAN_CLASSES = sa.text(
    "SELECT (SELECT count(*) FROM jsonb_object_keys(classes)) FROM planning_layers "
    "WHERE lao_id = (SELECT id FROM laos WHERE code = :lao) AND code = 'plan'"
)


def test_planner_draws_a_layer_runs_a_query_and_charts_the_classes(
    signed_in: Callable[[str], Page], engine: Engine, shot: Shot
) -> None:
    with engine.connect() as conn:
        expected = conn.execute(QUERY, {"lao": LAO}).all()
        classes = conn.execute(CLASSES, {"lao": LAO}).all()
        legend_size = conn.execute(PLAN_CLASSES, {"lao": LAO}).scalar_one()
    assert 0 < len(expected) < 200, "the pilot has a few vacant parcels in zone ก.2"
    page = signed_in("planner")
    assert page.url.endswith(f"/app/{LAO}/planner")

    # The plan layer from its vector tiles, with a legend of its classes.
    toggle = page.locator("#planning-plan")
    expect(toggle).to_be_visible()
    expect(page.locator("label[for='planning-plan']")).to_have_text(" ผังเมืองรวม")
    expect(page.locator(".planning-layer.raster[data-code='cover']")).to_contain_text(
        "ภาพแรสเตอร์ ใช้ในการสอบถามข้อมูล ไม่แสดงบนแผนที่"
    )
    with page.expect_response(lambda r: "/planning/" in r.url and "code=plan" in r.url) as tile:
        toggle.check()
    assert tile.value.status in (200, 204)
    assert tile.value.headers["cache-control"] == "private, max-age=60, must-revalidate"
    expect(page.locator("#legend-plan li")).to_have_count(legend_size)
    expect(page.locator("#legend-plan li[data-class='ก.2']")).to_have_text(
        "ก.2 ที่ดินประเภทอนุรักษ์ชนบทและเกษตรกรรม"
    )
    expect(page.locator("body")).to_have_attribute("data-busy", "0")
    shot(page, "planner-01-layers")

    # The query, typed and sent with the keyboard (Enter in a field submits the form).
    page.get_by_label("กรองตามชั้นข้อมูล").select_option("plan")
    expect(page.locator("#q-class option[value='ก.2']")).to_have_count(1)
    page.get_by_label("ประเภทในชั้นข้อมูล").select_option("ก.2")
    page.get_by_label("ประเภทการใช้ประโยชน์ที่แจ้งเสียภาษี").select_option("vacant")
    share = page.get_by_label("สัดส่วนของแปลงอย่างน้อย (ร้อยละ)")
    share.fill("50")
    with page.expect_response(lambda r: "/planning/parcels?" in r.url) as answer:
        share.press("Enter")
    assert answer.value.status == 200
    assert "layer=plan%3A%E0%B8%81.2%3A0.5" in answer.value.url
    assert "category=vacant" in answer.value.url
    total = sum((Decimal(r.area) for r in expected), Decimal(0))
    expect(page.locator("#query-count")).to_have_text(f"{len(expected):,}")
    expect(page.locator("#query-area")).to_have_text(format_area(total))
    rows = page.locator("#query-results tbody tr")
    expect(rows).to_have_count(len(expected))
    first = expected[0]
    cells = rows.nth(0).locator("td")
    expect(cells.nth(0)).to_have_text(first.code)
    expect(cells.nth(1)).to_have_text(f"{first.area:,.2f}")
    expect(cells.nth(2)).to_have_text(format_area(first.area).split(" ")[0])
    expect(cells.nth(3)).to_contain_text("ทิ้งไว้ว่างเปล่าหรือไม่ทำประโยชน์ตามควรแก่สภาพ")

    # A parcel's code is a button: Enter on it zooms the map to that parcel.
    button = page.locator(f"button.zoom-to[data-code='{first.code}']")
    button.focus()
    button.press("Enter")
    center = page.evaluate("window.taxmap.map.getView().getCenter()")
    assert abs(center[0] - first.x) < 1 and abs(center[1] - first.y) < 1
    assert page.evaluate("window.taxmap.taxmap.highlight.getSource().getFeatures().length") == 1

    # The CSV export is the same query through the API, every row.
    csv_link = page.locator("#query-results a[data-format='csv']")
    expect(csv_link).to_have_text("CSV")
    href = csv_link.get_attribute("href")
    assert href is not None and "format=csv" in href and "limit=100000" in href
    exported = page.request.get(href)
    assert exported.status == 200
    lines = exported.body().decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [r.code for r in expected]
    for fmt in ("xlsx", "gpkg", "map"):
        expect(page.locator(f"#query-results a[data-format='{fmt}']")).to_have_count(1)
    shot(page, "planner-02-query")

    # The area of each class of the plan layer, as a chart with an accessible label.
    page.get_by_label("ชั้นข้อมูล", exact=True).select_option("plan")
    page.get_by_label("สรุปตาม").select_option("tambon")
    with page.expect_response(lambda r: "/planning/summary?" in r.url) as summary:
        page.get_by_role("button", name="แสดงสรุป").click()
    assert summary.value.status == 200
    chart = page.locator("#summary-results svg[role='img']")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(len(classes))
    label = chart.get_attribute("aria-label") or ""
    assert label.startswith("พื้นที่ตามประเภท (ไร่) — ผังเมืองรวม: ")
    for row in classes:
        assert f"{row.class_code} " in label
        assert f"{float(row.area) / 1600:,.2f} ไร่" in label
    expect(page.locator("#summary-results tbody tr")).to_have_count(len(classes))
    expect(page.locator("#summary-results a[data-format='png']")).to_have_count(1)
    chart.scroll_into_view_if_needed()
    shot(page, "planner-03-summary")


def test_planner_screen_switches_to_english(signed_in: Callable[[str], Page], shot: Shot) -> None:
    page = signed_in("planner")
    page.get_by_role("link", name="English").click()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator("label[for='q-layer']")).to_have_text("Filter by layer")
    expect(page.locator("label[for='planning-plan']")).to_have_text(" Comprehensive-plan zones")
    page.locator("#planning-plan").check()
    expect(page.locator("#legend-plan li[data-class='ก.2']")).to_have_text(
        "ก.2 Rural and agricultural conservation"
    )
    expect(page.locator("body")).to_have_attribute("data-busy", "0")
    shot(page, "planner-04-english")


def test_the_date_slider_moves_the_planning_layers_too(
    signed_in: Callable[[str], Page], engine: Engine
) -> None:
    with engine.connect() as conn:
        dated = conn.execute(
            sa.text(
                "SELECT as_of FROM planning_layers WHERE code = 'plan' "
                "AND lao_id = (SELECT id FROM laos WHERE code = :lao)"
            ),
            {"lao": LAO},
        ).scalar_one()
    yesterday = date.today() - timedelta(days=1)
    assert dated <= yesterday, "the pilot's plan layer is dated in the past"
    page = signed_in("planner")
    with page.expect_response(lambda r: "/planning/" in r.url and "code=plan" in r.url) as today:
        page.locator("#planning-plan").check()
    assert "as_of=" not in today.value.url
    # One day back on the slider, by keyboard: the plan layer's tiles are asked for that day
    # (the layer dated on or before it), as the parcels' are.
    page.locator("#as-of").focus()
    with page.expect_response(
        lambda r: "/planning/" in r.url and f"as_of={yesterday.isoformat()}" in r.url
    ) as past:
        page.keyboard.press("ArrowLeft")
    assert past.value.status in (200, 204)
    assert "code=plan" in past.value.url
    page.keyboard.press("End")  # back to today: the newest layer again
    expect(page.locator("#as-of-label")).to_have_text("วันนี้")
    urls = page.evaluate(
        "window.taxmap.map.getLayers().getArray()"
        ".filter((l) => l.get('name') === 'planning:plan').map((l) => l.getSource().getUrls())"
    )
    assert len(urls) == 1 and all("as_of=" not in u for u in urls[0]), urls
