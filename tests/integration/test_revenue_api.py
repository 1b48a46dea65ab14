"""The revenue routes over HTTP: receipts, warning letters, arrears, objections, exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal as D

import sqlalchemy as sa
from fastapi.testclient import TestClient
from pdf_text import extract_lines
from revenue_rows import frozen_roll, issued_notice
from shapely.geometry import box
from sqlalchemy.engine import Engine

from parcels.fabric import bulk
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao
from taxmap.admin.services import create_lao
from taxmap.billing.payments import record_counter_payment

LAO = "REVAPI"
BASE = f"/api/v1/laos/{LAO}"


def test_the_collection_routes_answer_with_exact_values(
    engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = :c"), {"c": LAO}).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = create_lao(CreateLao(LAO, "อบต.ทดสอบรายได้", "Revenue API SAO", 32648), c)
        party = c.execute(
            sa.text(
                "INSERT INTO parties (lao_id, owner_no, kind, name_th, national_id)"
                " VALUES (:l, 1, 'individual', 'นายเอ', '3100500123456') RETURNING id"
            ),
            {"l": lao_id},
        ).scalar_one()
        roll = frozen_roll(c, lao_id, 2026)
        issued_notice(c, lao_id, roll, 2026, 1, [party], [(date(2026, 4, 30), "10000.00")])
        bulk.insert_parcels(
            c,
            lao_id,
            32648,
            [{"code": "01A001", "geom": box(0, 0, 20, 40), "valid_from": "2020-01-01"}],
        )
    try:
        with make_client() as client:
            issued = client.post(f"{BASE}/arrears/2569/warnings", json={"issued_on": "2026-05-31"})
            assert (issued.status_code, issued.json()["letters"][0]["letter_no"]) == (
                201,
                "W2569-000001",
            )
            assert issued.json()["pay_by"] == "2026-08-29"
            letter = client.get(f"{BASE}/warnings/W2569-000001.pdf")
            assert letter.headers["content-type"] == "application/pdf"
            assert "รวม 12,100.00" in extract_lines(letter.content)
            owed = client.get(f"{BASE}/arrears", params={"on": "2026-07-15"}).json()
            assert [(r["taxpayer_key"], r["penalty"], r["total"]) for r in owed["rows"]] == [
                ("3100500123456", "2000.00", "12300.00")
            ]
            buckets = client.get(f"{BASE}/arrears/ageing", params={"on": "2026-07-15"}).json()
            assert [(b["bucket"], b["taxpayers"]) for b in buckets["buckets"]][:2] == [
                ("0-30", 0),
                ("31-90", 1),
            ]
            export = client.get(
                f"{BASE}/exports/arrears.csv", params={"year": 2569, "on": "2026-07-15"}
            )
            assert export.headers["content-disposition"] == (
                'attachment; filename="REVAPI-arrears-2569.csv"'
            )
            assert export.content.decode("utf-8-sig").splitlines()[1] == (
                "3100500123456,นายสมชาย ใจดี,L2569-000001,10000.00,2000.00,300.00,12300.00,"
                "2026-04-30,76,31-90"
            )
            with engine.connect() as c:
                logged = c.execute(
                    sa.text(
                        "SELECT after FROM audit_log WHERE action = 'export' AND lao_id = "
                        "(SELECT id FROM laos WHERE code = 'REVAPI')"
                    )
                ).scalar_one()
            assert logged == {"what": "arrears.csv", "rows": 1}
            filed = client.post(
                f"{BASE}/objections",
                json={"notice_no": "L2569-000001", "reason": "area", "filed_on": "2026-02-20"},
            )
            assert (filed.status_code, filed.json()["decide_by"]) == (201, "2026-04-21")
            clock = client.post(f"{BASE}/objections/clock", params={"on": "2026-04-06"}).json()
            assert [x["status"] for x in clock["objections"]] == ["flagged"]
            decided = client.post(
                f"{BASE}/objections/{filed.json()['id']}/decision",
                json={"decision": "rejected", "note": "area right", "decided_on": "2026-04-07"},
            )
            assert decided.json()["decision"] == "rejected"
            report = client.post(
                f"{BASE}/change-of-use",
                json={
                    "parcel_code": "01A001",
                    "reported_use": "agri",
                    "changed_on": "2026-03-01",
                    "reported_on": "2026-03-10",
                    "reporter": "นายเอ",
                },
            )
            assert (report.status_code, report.json()["in_time"]) == (201, True)
            assert len(client.get(f"{BASE}/change-of-use").json()["reports"]) == 1
        # A payment taken at the counter prints its receipt.
        record_counter_payment(
            LAO, "L2569-000001", D("12300.00"), date(2026, 7, 15), engine, received_by="clerk"
        )
        with make_client() as client:
            receipt = client.get(f"{BASE}/receipts/R2569-000001.pdf")
            assert receipt.headers["content-disposition"] == (
                'inline; filename="REVAPI-R2569-000001.pdf"'
            )
            assert "รวม 10,000.00 2,000.00 300.00 12,300.00" in extract_lines(receipt.content)
            missing = client.get(f"{BASE}/receipts/R2569-000099.pdf")
            assert (missing.status_code, missing.json()["message"]) == (
                404,
                "REVAPI has no receipt R2569-000099: check the number (e.g. R2569-000001).",
            )
    finally:
        with engine.begin() as c:
            delete_lao(c, lao_id)
