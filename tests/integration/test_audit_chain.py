"""The audit log is an append-only hash chain per LAO; `verify_audit` finds any tampering."""

from __future__ import annotations

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from fresh_laos import drop_lao
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from parcels.register.editing import create_owner
from parcels.register.model import NewOwner
from taxmap.admin.audit import verify_audit
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import (
    append_audit,
    append_audit_rows,
    audit_hash,
    delete_lao,
    get_lao,
)
from taxmap.admin.services import create_lao

MIGRATION = Path(__file__).resolve().parents[2] / "migrations/versions/0013_audit_hash_chain.py"


@pytest.fixture
def logged(conn: Connection) -> list[int]:
    """LAO AUD with five audit entries (direct, bulk and from a service); return their ids."""
    lao_id = create_lao(CreateLao("AUD", "ทดสอบบันทึก", "Audit", 32648), conn)
    append_audit(conn, lao_id, "clerk", "create", "parcel", 1, after={"code": "01A001"})
    append_audit(
        conn, lao_id, "head", "update", "parcel", 1, before={"a": 1.5}, after={"a": 2, "b": "ก"}
    )
    row = {"lao_id": lao_id, "actor_name": "import", "action": "create", "entity": "right"}
    append_audit_rows(conn, [row | {"entity_id": 7}, row | {"entity_id": 8, "after": {"x": [1]}}])
    create_owner("AUD", NewOwner(kind="individual", name_th="นายสมชาย ใจดี"), conn, actor="clerk")
    return list(
        conn.execute(
            sa.text("SELECT id FROM audit_log WHERE lao_id = :l ORDER BY id"), {"l": lao_id}
        ).scalars()
    )


def test_an_untouched_log_verifies(conn: Connection, logged: list[int]) -> None:
    check = verify_audit("AUD", conn)
    assert (check.ok, check.rows, check.first_bad_id) == (True, 5, None)
    assert check.head is not None and len(check.head) == 64


def test_the_log_refuses_update_delete_and_truncate(conn: Connection, logged: list[int]) -> None:
    for statement in (
        "UPDATE audit_log SET actor_name = 'x' WHERE id = :i",
        "DELETE FROM audit_log WHERE id = :i",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
            conn.execute(sa.text(statement), {"i": logged[0]})


def test_an_altered_entry_is_named(conn: Connection, logged: list[int]) -> None:
    # A tamperer who owns the table can switch the trigger off (rolled back with the test).
    conn.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
    conn.execute(
        sa.text("""UPDATE audit_log SET after = '{"a": 3, "b": "ก"}' WHERE id = :i"""),
        {"i": logged[1]},
    )
    check = verify_audit("AUD", conn)
    assert (check.ok, check.first_bad_id, check.rows) == (False, logged[1], 2)
    assert "altered" in check.message


def test_a_deleted_entry_is_named_by_the_next_one(conn: Connection, logged: list[int]) -> None:
    conn.execute(sa.text("SELECT set_config('taxmap.allow_audit_delete', 'on', true)"))
    conn.execute(sa.text("DELETE FROM audit_log WHERE id = :i"), {"i": logged[2]})
    check = verify_audit("AUD", conn)
    assert (check.ok, check.first_bad_id) == (False, logged[3])
    assert "deleted or moved" in check.message


def test_entries_cut_off_the_end_are_noticed(conn: Connection, logged: list[int]) -> None:
    conn.execute(sa.text("SELECT set_config('taxmap.allow_audit_delete', 'on', true)"))
    conn.execute(sa.text("DELETE FROM audit_log WHERE id >= :i"), {"i": logged[3]})
    check = verify_audit("AUD", conn)
    assert (check.ok, check.first_bad_id, check.rows) == (False, None, 3)
    assert "3 entries but 5 were written" in check.message


def test_delete_lao_may_still_remove_an_lao_with_its_log(
    conn: Connection, logged: list[int]
) -> None:
    other = create_lao(CreateLao("AUD2", "อื่น", "Other", 32648), conn)
    append_audit(conn, other, "clerk", "create", "parcel", 1)
    delete_lao(conn, get_lao(conn, "AUD").id)
    count = "SELECT count(*) FROM audit_log WHERE lao_id = :l"
    assert conn.execute(sa.text(count), {"l": get_lao(conn, "AUD2").id}).scalar_one() == 1
    assert (
        conn.execute(
            sa.text("SELECT count(*) FROM audit_log WHERE id = ANY(:i)"), {"i": logged}
        ).scalar_one()
        == 0
    )
    with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
        conn.execute(sa.text("DELETE FROM audit_log"))  # the permission ended with delete_lao
    assert verify_audit("AUD2", conn).ok


def test_the_migration_hashes_as_the_application_does() -> None:
    spec = importlib.util.spec_from_file_location("m0013", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entry = {
        "lao_id": 3,
        "id": 41,
        "at": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        "actor_id": None,
        "actor_name": "ผู้ใช้",
        "action": "update",
        "entity": "party",
        "entity_id": 9,
        "case_id": None,
        "before": {"b": 1, "a": [1.5, None]},
        "after": None,
    }
    assert module.audit_hash("0" * 64, entry) == audit_hash("0" * 64, entry)
    assert module.GENESIS == "0" * 64


def test_concurrent_writers_keep_one_chain(engine: Engine) -> None:
    drop_lao(engine, "AUDCONC")
    lao_id = create_lao(CreateLao("AUDCONC", "พร้อมกัน", "Concurrent", 32648), engine)

    def write(worker: int) -> None:
        for n in range(5):
            with engine.begin() as c:
                append_audit(c, lao_id, f"w{worker}", "create", "party", worker * 10 + n)
                append_audit_rows(
                    c,
                    [
                        {"lao_id": lao_id, "action": "view", "entity": "party", "entity_id": n},
                        {"lao_id": lao_id, "action": "view", "entity": "party", "entity_id": -n},
                    ],
                )

    try:
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(write, range(6)))
        check = verify_audit("AUDCONC", engine)
        assert (check.ok, check.rows) == (True, 6 * 5 * 3), check.message
    finally:
        with engine.begin() as c:
            delete_lao(c, lao_id)
