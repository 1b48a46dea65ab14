"""An LAO administrator's work over HTTP: LAO settings, enabling and disabling accounts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from fresh_laos import fresh_lao
from sqlalchemy.engine import Engine

from taxmap.admin import users
from taxmap.admin.repository import lao_settings
from taxmap.billing.notice_rows import letterhead_of

A, B = "SETA", "SETB"
TAX_ID = "0994000164530"  # 13 digits, check digit 0 is right
PASSWORD = "correct horse battery"
Client = Callable[..., TestClient]

SETTINGS = {
    "letterhead": {
        "name_th": "องค์การบริหารส่วนตำบลทดสอบ",
        "address_lines": ["ที่ทำการ อบต.ทดสอบ หมู่ที่ 1", "จังหวัดนครราชสีมา 30120"],
        "phone": "0 4400 1234",
        "pay_at": "งานพัฒนาและจัดเก็บรายได้ ชั้น 1",
    },
    "payment": {"tax_id": TAX_ID, "suffix": "01"},
}
EMPTY = {
    "letterhead": {"name_th": "", "address_lines": [], "phone": "", "pay_at": ""},
    "payment": {"tax_id": "", "suffix": ""},
}


@pytest.fixture(scope="module")
def two_laos(engine: Engine) -> Iterator[None]:
    """Two fresh LAOs; the first has a topology setting the administrator cannot change."""
    for code in (A, B):
        fresh_lao(engine, code)
    with engine.begin() as c:
        c.execute(
            sa.text("UPDATE laos SET settings = '{\"snap_tolerance_m\": 0.3}' WHERE code = :c"),
            {"c": A},
        )
    yield


def _audit(engine: Engine, lao: str, action: str) -> list[tuple[Any, ...]]:
    with engine.connect() as c:
        rows = c.execute(
            sa.text(
                "SELECT actor_name, entity, before, after FROM audit_log WHERE action = :a "
                "AND lao_id = (SELECT id FROM laos WHERE code = :l) ORDER BY id"
            ),
            {"a": action, "l": lao},
        ).all()
    return [tuple(r) for r in rows]


def _user(engine: Engine, *roles: tuple[str, str]) -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    users.create_user(engine, name, PASSWORD, "ผู้ทดสอบ")
    for lao, role in roles:
        users.grant_role(engine, name, lao, role)
    return name


def test_lao_settings_round_trip_and_the_change_is_audited_once(
    two_laos: None, make_client: Client, engine: Engine
) -> None:
    base = f"/api/v1/laos/{A}/settings"
    with make_client(role="admin", lao=A) as client:
        me = client.get("/api/v1/me").json()["username"]
        assert client.get(base).json() == EMPTY
        saved = client.put(base, json=SETTINGS)
        assert saved.status_code == 200, saved.text
        assert saved.json() == SETTINGS | {
            "changed": [
                "letterhead.address_lines",
                "letterhead.name_th",
                "letterhead.pay_at",
                "letterhead.phone",
                "payment.suffix",
                "payment.tax_id",
            ]
        }
        assert client.get(base).json() == SETTINGS
        again = client.put(base, json=SETTINGS).json()
        assert again["changed"] == []
        phone = {**SETTINGS, "letterhead": {**SETTINGS["letterhead"], "phone": "0 4400 9999"}}
        assert client.put(base, json=phone).json()["changed"] == ["letterhead.phone"]
    with engine.connect() as c:
        doc = lao_settings(c, A)
    assert doc is not None
    assert doc["snap_tolerance_m"] == 0.3  # keys the form does not hold are kept
    assert doc["payment"] == {"biller_id": TAX_ID + "01"}  # what notices print as biller
    head = letterhead_of("ทดสอบ SETA", doc)
    assert (head.name_th, head.address_lines, head.phone, head.pay_at) == (
        "องค์การบริหารส่วนตำบลทดสอบ",
        ("ที่ทำการ อบต.ทดสอบ หมู่ที่ 1", "จังหวัดนครราชสีมา 30120"),
        "0 4400 9999",
        "งานพัฒนาและจัดเก็บรายได้ ชั้น 1",
    )
    entries = _audit(engine, A, "settings")
    assert len(entries) == 2  # the unchanged save wrote nothing
    assert entries[0][:2] == (me, "lao")
    assert entries[0][2] == {
        "letterhead.address_lines": [],
        "letterhead.name_th": "",
        "letterhead.pay_at": "",
        "letterhead.phone": "",
        "payment.suffix": "",
        "payment.tax_id": "",
    }
    assert entries[0][3]["payment.tax_id"] == TAX_ID
    assert entries[1][2:] == (
        {"letterhead.phone": "0 4400 1234"},
        {"letterhead.phone": "0 4400 9999"},
    )


@pytest.mark.parametrize(
    ("payment", "path", "words"),
    [
        ({"tax_id": "0994000164531", "suffix": "00"}, "body.payment.tax_id", "check digit"),
        ({"tax_id": "099400016453", "suffix": "00"}, "body.payment.tax_id", "exactly 13 digits"),
        ({"tax_id": TAX_ID, "suffix": "1"}, "body.payment.suffix", "exactly 2 digits"),
        ({"tax_id": TAX_ID, "suffix": ""}, "body.payment", "(suffix is empty)"),
    ],
)
def test_a_bad_biller_id_is_refused_naming_the_field(
    two_laos: None,
    make_client: Client,
    engine: Engine,
    payment: dict[str, str],
    path: str,
    words: str,
) -> None:
    with engine.connect() as c:
        before = lao_settings(c, B)
    with make_client(role="admin", lao=B) as client:
        answer = client.put(f"/api/v1/laos/{B}/settings", json={**SETTINGS, "payment": payment})
    assert answer.status_code == 422
    [field] = answer.json()["details"]["fields"]
    assert field["path"] == path
    assert words in field["message"]
    assert f"{path}: Value error, " in answer.json()["message"]
    with engine.connect() as c:
        assert lao_settings(c, B) == before


def test_another_laos_admin_and_a_revenue_officer_get_403(
    two_laos: None, make_client: Client, engine: Engine
) -> None:
    member = _user(engine, (A, "surveyor"))
    with make_client(role="admin", lao=B) as other, make_client(role="revenue", lao=A) as clerk:
        for client in (other, clerk):
            assert client.get(f"/api/v1/laos/{A}/settings").status_code == 403
            assert client.put(f"/api/v1/laos/{A}/settings", json=SETTINGS).status_code == 403
            active = f"/api/v1/laos/{A}/users/{member}/active"
            assert client.put(active, json={"active": False}).status_code == 403
    with engine.connect() as c:
        assert c.execute(
            sa.text("SELECT active FROM users WHERE username = :u"), {"u": member}
        ).scalar_one()


def test_disabling_an_account_stops_its_token_and_is_audited(
    two_laos: None, make_client: Client, engine: Engine
) -> None:
    member = _user(engine, (A, "planner"))
    token = users.issue_token(engine, member, "script")
    path = f"/api/v1/laos/{A}/users/{member}/active"
    with make_client(role="admin", lao=A) as admin:
        me = admin.get("/api/v1/me").json()["username"]
        off = admin.put(path, json={"active": False})
        assert off.json() == {"username": member, "active": False, "changed": True}
        assert admin.put(path, json={"active": False}).json()["changed"] is False
        listed = {u["username"]: u["active"] for u in admin.get(f"/api/v1/laos/{A}/users").json()}
        assert listed[member] is False
        refused = admin.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401
        assert admin.put(path, json={"active": True}).json()["changed"] is True
        back = admin.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert back.json()["username"] == member
    ours = [e for e in _audit(engine, A, "disable") + _audit(engine, A, "enable") if e[0] == me]
    assert ours == [
        (me, "user", {"active": True}, {"active": False}),
        (me, "user", {"active": False}, {"active": True}),
    ]


def test_an_lao_admin_cannot_disable_themself_outsiders_or_shared_accounts(
    two_laos: None, make_client: Client, engine: Engine
) -> None:
    outsider = _user(engine, (B, "surveyor"))
    shared = _user(engine, (A, "surveyor"), (B, "revenue"))
    with make_client(role="admin", lao=A) as admin:
        me = admin.get("/api/v1/me").json()["username"]
        own = admin.put(f"/api/v1/laos/{A}/users/{me}/active", json={"active": False})
        assert (own.status_code, own.json()["details"]["field"]) == (422, "active")
        assert "your own account" in own.json()["message"]
        out = admin.put(f"/api/v1/laos/{A}/users/{outsider}/active", json={"active": False})
        assert (out.status_code, out.json()["message"]) == (
            404,
            f"{A} has no user called '{outsider}': list its users first.",
        )
        both = admin.put(f"/api/v1/laos/{A}/users/{shared}/active", json={"active": False})
        assert both.status_code == 403
        assert "also works for another LAO" in both.json()["message"]
    with make_client() as system_admin:
        done = system_admin.put(f"/api/v1/laos/{A}/users/{shared}/active", json={"active": False})
        assert done.json()["changed"] is True
