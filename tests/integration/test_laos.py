"""Registering LAOs: storage CRS, boundary transformed from the file's CRS, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao, list_laos
from taxmap.core.errors import AlreadyExists, InvalidInput


def test_create_lao_stores_the_boundary_in_its_projected_crs(
    conn: Connection, shared_dir: Path
) -> None:
    boundary = shared_dir / "data/boundaries/bua_lai_district.geojson"
    create_lao(CreateLao("TBUALAI", "บัวลาย", "Bua Lai", 32648, boundary_file=boundary), conn)
    srid, area_km2 = conn.execute(
        sa.text(
            "SELECT ST_SRID(boundary), ST_Area(boundary) / 1e6 FROM laos WHERE code = 'TBUALAI'"
        )
    ).one()
    assert srid == 32648
    # The OCHA outline measures 176.4 km² in UTM 48N (official figures say about 133 km²).
    assert round(area_km2, 1) == 176.4
    [summary] = [lao for lao in list_laos(conn) if lao.code == "TBUALAI"]
    assert (summary.srid, summary.parcels, summary.zones) == (32648, 0, 0)


def test_geographic_storage_crs_is_refused(conn: Connection) -> None:
    with pytest.raises(InvalidInput) as info:
        create_lao(CreateLao("TGEO", "ก", "G", 4326), conn)
    assert info.value.field == "srid"
    assert info.value.message_en.startswith("EPSG:4326 (WGS 84) is not a projected CRS in metres")


def test_duplicate_code_is_refused(conn: Connection) -> None:
    create_lao(CreateLao("TDUP", "ก", "D", 32648), conn)
    with pytest.raises(AlreadyExists) as info:
        create_lao(CreateLao("TDUP", "ข", "D2", 32648), conn)
    assert info.value.message_en == "An LAO with the code 'TDUP' already exists."


def test_missing_boundary_file_names_it(conn: Connection, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as info:
        create_lao(CreateLao("TNOF", "ก", "N", 32648, boundary_file=tmp_path / "x.geojson"), conn)
    assert info.value.field == "boundary"
    assert info.value.message_en.endswith("x.geojson: no such file.")
