"""Sign-in, sessions with CSRF, bearer tokens, throttling, roles and LAO isolation over HTTP."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from fresh_laos import fresh_lao
from sqlalchemy.engine import Engine

from taxmap.admin import users
from taxmap.core.settings import Settings
from tests.unit.test_access_rules import route_rules
from web.app import create_app

PASSWORD = "correct horse battery"
A, B = "ACCA", "ACCB"
NATIONAL_ID = "3101700123452"


@pytest.fixture(scope="module")
def two_laos(engine: Engine) -> Iterator[None]:
    """Two LAOs, and a user per role in the first."""
    for code in (A, B):
        fresh_lao(engine, code)
    yield


def _user(engine: Engine, role: str | None, lao: str = A) -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    users.create_user(engine, name, PASSWORD, f"ผู้ทดสอบ {role}")
    if role:
        users.grant_role(engine, name, lao, role)
    return name


def _sign_in(client: TestClient, name: str, password: str = PASSWORD) -> object:
    return client.post(
        "/login", data={"username": name, "password": password}, follow_redirects=False
    )


def test_the_sign_in_form_is_thai_first_with_labelled_fields(test_settings: Settings) -> None:
    with TestClient(create_app(test_settings)) as client:
        page = client.get("/login").text
        english = client.get("/login?lang=en").text
    assert '<label for="username">ชื่อผู้ใช้ / Username</label>' in page
    assert '<label for="password">รหัสผ่าน / Password</label>' in page
    assert "เข้าสู่ระบบ / Sign in</button>" in page
    assert "Sign in / เข้าสู่ระบบ</button>" in english


def test_a_session_cookie_is_httponly_and_writes_need_the_csrf_token(
    two_laos: None, engine: Engine, test_settings: Settings
) -> None:
    name = _user(engine, "surveyor")
    with TestClient(create_app(test_settings)) as client:
        bad = _sign_in(client, name, "wrong password!")
        assert bad.status_code == 401
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in bad.text
        done = _sign_in(client, name)
        assert (done.status_code, done.headers["location"]) == (303, "/app/")
        cookies = done.headers.get_list("set-cookie")
        session = next(c for c in cookies if c.startswith("taxmap_session="))
        csrf_cookie = next(c for c in cookies if c.startswith("taxmap_csrf="))
        assert "HttpOnly" in session and "SameSite=lax" in session
        assert "HttpOnly" not in csrf_cookie
        me = client.get("/api/v1/me").json()
        assert me == {
            "username": name,
            "full_name": "ผู้ทดสอบ surveyor",
            "system_admin": False,
            "laos": [{"code": A, "name_th": f"ทดสอบ {A}", "roles": ["surveyor"]}],
        }
        # A write without the CSRF token is refused before it reaches the service.
        refused = client.post(f"/api/v1/laos/{A}/topology/check")
        assert refused.status_code == 403
        assert refused.json()["code"] == "csrf_failed"
        token = client.cookies.get("taxmap_csrf")
        allowed = client.post(f"/api/v1/laos/{A}/topology/check", headers={"X-CSRF-Token": token})
        assert allowed.status_code == 200
        out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert (out.status_code, out.headers["location"]) == (303, "/login")
        client.cookies.clear()
        assert client.get("/api/v1/me").status_code == 401


def test_pages_send_people_without_a_session_to_the_sign_in_form(test_settings: Settings) -> None:
    with TestClient(create_app(test_settings)) as client:
        page = client.get(
            f"/laos/{A}/rolls/2026?page=2", headers={"accept": "text/html"}, follow_redirects=False
        )
        api = client.get(f"/api/v1/laos/{A}/parcels")
    assert (page.status_code, page.headers["location"]) == (
        303,
        "/login?next=%2Flaos%2FACCA%2Frolls%2F2026%3Fpage%3D2",
    )
    assert (api.status_code, api.json()["code"]) == (401, "not_signed_in")


def test_sign_in_is_throttled_after_repeated_failures(
    two_laos: None, engine: Engine, test_settings: Settings
) -> None:
    name = _user(engine, "viewer")
    with TestClient(create_app(test_settings)) as client:
        codes = [_sign_in(client, name, "not the password").status_code for _ in range(5)]
        locked = _sign_in(client, name)  # even the right password waits now
    assert codes == [401] * 5
    assert locked.status_code == 429
    assert re.search(r"กรุณารอ 1[56] นาทีแล้วลองใหม่", locked.text)


def test_bearer_tokens_work_until_revoked(
    two_laos: None, engine: Engine, test_settings: Settings
) -> None:
    name = _user(engine, "planner")
    token = users.issue_token(engine, name, "nightly export")
    assert token.startswith("tm_")
    with TestClient(create_app(test_settings)) as client:
        auth = {"Authorization": f"Bearer {token}"}
        # Scripts send no CSRF token: a bearer token is not sent by browsers on their own.
        assert client.get(f"/api/v1/laos/{A}/review-items", headers=auth).status_code == 200
        assert users.revoke_tokens(engine, name, "nightly export") == 1
    with TestClient(create_app(test_settings)) as client:
        gone = client.get(f"/api/v1/laos/{A}/review-items", headers=auth)
    assert (gone.status_code, gone.json()["code"]) == (401, "not_signed_in")


@pytest.mark.parametrize(
    ("role", "method", "path", "status"),
    [
        ("viewer", "get", f"/api/v1/laos/{A}/parcels", 200),
        ("viewer", "post", f"/api/v1/laos/{A}/topology/check", 403),
        ("surveyor", "post", f"/api/v1/laos/{A}/topology/check", 200),
        ("surveyor", "post", f"/api/v1/laos/{A}/rolls/2026/freeze", 403),
        ("planner", "get", f"/api/v1/laos/{A}/users", 403),
        ("admin", "get", f"/api/v1/laos/{A}/users", 200),
        ("revenue", "get", f"/api/v1/laos/{A}/owners/1/register.pdf", 404),
        ("surveyor", "get", f"/api/v1/laos/{A}/owners/1/register.pdf", 403),
    ],
)
def test_each_role_reaches_its_own_work(
    two_laos: None,
    engine: Engine,
    test_settings: Settings,
    role: str,
    method: str,
    path: str,
    status: int,
) -> None:
    token = users.issue_token(engine, _user(engine, role), "t")
    with TestClient(create_app(test_settings)) as client:
        answer = getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == status, answer.text


def _fill(path: str, lao: str) -> str:
    path = path.replace("{lao}", lao).replace("{code:path}", "01A001")
    return re.sub(r"\{[a-z_]+(:[a-z]+)?\}", "1", path)


def test_no_route_lets_an_lao_admin_into_another_lao(
    two_laos: None, engine: Engine, test_settings: Settings
) -> None:
    """LAO isolation, route by route: an admin of ACCA gets 403 on every ACCB route."""
    token = users.issue_token(engine, _user(engine, "admin"), "t")
    auth = {"Authorization": f"Bearer {token}"}
    routes = [k for k in route_rules() if "{lao}" in k]
    assert len(routes) > 40
    answers = {}
    with TestClient(create_app(test_settings)) as client:
        for key in routes:
            method, path = key.split(" ", 1)
            answers[key] = client.request(method, _fill(path, B), headers=auth).status_code
    assert {k: v for k, v in answers.items() if v != 403} == {}


def test_national_ids_are_masked_for_viewers_and_each_unmasked_view_is_audited(
    two_laos: None, engine: Engine, test_settings: Settings
) -> None:
    clerk = {"Authorization": f"Bearer {users.issue_token(engine, _user(engine, 'revenue'), 't')}"}
    viewer = {"Authorization": f"Bearer {users.issue_token(engine, _user(engine, 'viewer'), 't')}"}
    base = f"/api/v1/laos/{A}/owners"
    with TestClient(create_app(test_settings)) as client:
        made = client.post(
            base,
            json={"kind": "individual", "name_th": "นายมงคล ทดสอบ", "national_id": NATIONAL_ID},
            headers=clerk,
        )
        number = made.json()["owner_no"]
        seen = client.get(f"{base}/{number}", headers=clerk).json()
        masked = client.get(f"{base}/{number}", headers=viewer).json()
        found = client.get(base, params={"q": "มงคล"}, headers=viewer).json()
    assert seen["national_id"] == NATIONAL_ID
    assert masked["national_id"] == "3XXXXXXXXX452"
    assert [o["national_id"] for o in found["owners"]] == ["3XXXXXXXXX452"]
    with engine.connect() as c:
        views = c.execute(
            sa.text(
                "SELECT actor_name, after->>'as' FROM audit_log WHERE action = 'view' "
                "AND entity = 'owner' AND entity_id = :n "
                "AND lao_id = (SELECT id FROM laos WHERE code = :lao)"
            ),
            {"n": number, "lao": A},
        ).all()
    assert [v[1] for v in views] == ["record"]  # the viewer's masked reads are not views


def test_granting_and_revoking_a_role_is_audited_once_each(two_laos: None, engine: Engine) -> None:
    name = _user(engine, None)
    assert users.grant_role(engine, name, A, "planner", actor="boss") is True
    assert users.grant_role(engine, name, A, "planner", actor="boss") is False
    assert users.revoke_role(engine, name, A, "planner", actor="boss") is True
    assert users.revoke_role(engine, name, A, "planner", actor="boss") is False
    with engine.connect() as c:
        rows = c.execute(
            sa.text(
                "SELECT a.action, a.before, a.after FROM audit_log a JOIN users u "
                "ON u.id = a.entity_id WHERE a.entity = 'user' AND u.username = :n ORDER BY a.id"
            ),
            {"n": name},
        ).all()
    assert [tuple(r) for r in rows] == [
        ("grant", None, {"role": "planner"}),
        ("revoke", {"role": "planner"}, None),
    ]
