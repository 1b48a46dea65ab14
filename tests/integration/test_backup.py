"""Backups: a restore drill proves every table came back, and notices a changed row."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao
from taxmap.admin.services import create_lao
from taxmap.core.backup import backup, restore_into_new_database, verify_restore
from taxmap.core.db import create_engine, database_url, parse_database_url
from taxmap.core.provision import drop_database
from taxmap.core.settings import Settings


def test_a_backup_restores_whole_and_a_changed_row_is_caught(
    engine: Engine, test_settings: Settings, tmp_path: Path
) -> None:
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = 'BACKUP'")).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = create_lao(CreateLao("BACKUP", "ทดสอบสำรองข้อมูล", "Backup", 32648), c)
    dump = tmp_path / "taxmap.dump"
    url = parse_database_url(str(test_settings.database_url))
    manifest = backup(url, engine, dump)
    assert dump.stat().st_size > 0 and manifest.name == "taxmap.dump.manifest.json"
    target = f"taxmap_restore_{os.getpid()}"
    try:
        assert restore_into_new_database(test_settings, dump, target, replace=True) == []
        restored = create_engine(test_settings, database_url(test_settings).set(database=target))
        with restored.begin() as c:
            names = c.execute(sa.text("SELECT name_th FROM laos WHERE code = 'BACKUP'")).scalar()
            assert names == "ทดสอบสำรองข้อมูล"
            c.execute(sa.text("UPDATE laos SET name_th = 'แก้' WHERE code = 'BACKUP'"))
        assert verify_restore(manifest, restored) == ["laos"]
        restored.dispose()
    finally:
        drop_database(test_settings, database_url(test_settings).set(database=target))
        with engine.begin() as c:
            delete_lao(c, lao_id)
