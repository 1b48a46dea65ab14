"""Parcel import: real cadastre findings, formats, datums, all-or-nothing, dry runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import sqlalchemy as sa
from pyproj import Transformer
from shapely.geometry import box
from sqlalchemy.engine import Connection, Engine

from parcels.imports.model import ImportParcels
from parcels.imports.services import import_parcels
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput
from tests.fresh_laos import drop_lao, fresh_lao

ROOT = Path(__file__).resolve().parents[2]


def _count(conn: Connection, lao: str) -> int:
    return int(
        conn.execute(
            sa.text(
                "SELECT count(*) FROM parcels p JOIN laos l ON l.id = p.lao_id WHERE l.code = :c"
            ),
            {"c": lao},
        ).scalar_one()
    )


def test_french_cadastre_findings_are_exact(conn: Connection, shared_dir: Path) -> None:
    create_lao(CreateLao("EPINAY", "ทดสอบ", "Epinay-sur-Orge", 2154), conn)
    report = import_parcels(
        ImportParcels(
            "EPINAY",
            shared_dir / "data/cadastre/fr_epinay_sur_orge_parcels.geojson",
            mapping=("legal_area_m2=contenance",),
            overlap_tolerance_m2=0.01,
        ),
        conn,
    )
    kinds = Counter(f["kind"] for f in report.findings)
    assert kinds == {"overlap": 4, "sliver": 43, "area_mismatch": 183}
    pairs = sorted(
        {(tuple(f["pair"]), f["area_m2"]) for f in report.findings if f["kind"] == "overlap"}
    )
    assert pairs == [
        (("91216000AC0328", "91216000ZB0161"), 0.027),
        (("91216000AO0002", "91216000ZE0012"), 0.1304),
    ]
    assert (report.accepted, report.rejected, report.loaded) == (4237, 4, 4237)
    assert report.operation.endswith("[EPSG:1671]")
    assert _count(conn, "EPINAY") == 4237
    # Slivers and area mismatches are loaded, and kept as review items for staff.
    review = dict(
        conn.execute(
            sa.text("SELECT kind, count(*) FROM review_items WHERE source = 'import' GROUP BY kind")
        ).all()
    )
    assert review == {"sliver": 43, "area_mismatch": 183}
    worst = next(f for f in report.findings if f["source_id"] == "91216000AM0159")
    assert worst["kind"] == "area_mismatch" and worst["severity"] == "review"
    overlap = next(f for f in report.findings if f["source_id"] == "91216000AO0002")
    lon, lat = overlap["location"]["coordinates"]
    assert (round(lon, 4), round(lat, 4)) == (2.3061, 48.6776)


def test_indian_1975_points_land_where_epsg_1304_puts_them(
    conn: Connection, tmp_path: Path
) -> None:
    create_lao(CreateLao("DATUM", "ทดสอบ", "Datum", 32648), conn)
    e0, n0 = 235_339.5, 1_732_864.8  # the Bua Lai worked example, Indian 1975 / UTM 48N
    square = box(e0, n0, e0 + 40, n0 + 40)
    path = tmp_path / "land_office.gpkg"
    gpd.GeoDataFrame(
        {"LAND_NO": ["7"], "UTMMAP1": ["5540"], "UTMMAP2": ["3"], "UTMMAP3": ["3432"]},
        geometry=[square],
        crs="EPSG:24048",
    ).to_file(path)
    report = import_parcels(ImportParcels("DATUM", path), conn)
    assert report.profile == "land_office" and report.loaded == 1
    # The same shift written out by hand: Indian 1975 -> WGS 84 by +210 +814 +289 m.
    by_hand = Transformer.from_pipeline(
        "+proj=pipeline +step +inv +proj=utm +zone=48 +ellps=evrst30 "
        "+step +proj=cart +ellps=evrst30 +step +proj=helmert +x=210 +y=814 +z=289 "
        "+step +inv +proj=cart +ellps=WGS84 +step +proj=utm +zone=48 +ellps=WGS84"
    )
    stored = conn.execute(
        sa.text(
            "SELECT ST_AsText(geom), sheet_50k, sheet_quadrant, sheet_4000, land_no FROM parcels "
            "WHERE import_batch_id = :b"
        ),
        {"b": report.batch_id},
    ).one()
    assert tuple(stored[1:]) == ("5540", "III", "3432", "7")
    got = shapely.get_coordinates(shapely.from_wkt(stored[0]))
    want = [by_hand.transform(x, y) for x, y in shapely.get_coordinates(square)]
    assert len(got) == len(want)
    for (gx, gy), (wx, wy) in zip(sorted(map(tuple, got)), sorted(want), strict=True):
        assert abs(gx - wx) < 0.1 and abs(gy - wy) < 0.1
    recorded = conn.execute(
        sa.text("SELECT source_crs, operation FROM import_batches WHERE id = :b"),
        {"b": report.batch_id},
    ).one()
    assert recorded[0] == "EPSG:24048" and recorded[1].endswith("[EPSG:1304]")


def _squares(n: int, x0: float = 230_000, y0: float = 1_730_000) -> list[object]:
    return [box(x0 + 30 * i, y0, x0 + 30 * i + 30, y0 + 30) for i in range(n)]


@pytest.mark.parametrize("fmt", ["gpkg", "fgb", "shp.zip", "csv", "geojson"])
def test_every_format_loads(conn: Connection, tmp_path: Path, fmt: str) -> None:
    create_lao(CreateLao("FMT", "ทดสอบ", "Formats", 32648), conn)
    frame = gpd.GeoDataFrame({"code": ["99Z001", "99Z002"]}, geometry=_squares(2), crs=32648)
    crs = None
    if fmt == "gpkg":
        path = tmp_path / "p.gpkg"
        frame.to_file(path)
    elif fmt == "fgb":
        path = tmp_path / "p.fgb"
        frame.to_file(path, driver="FlatGeobuf")
    elif fmt == "shp.zip":
        frame.to_file(tmp_path / "p.shp")
        path = tmp_path / "p.zip"
        with zipfile.ZipFile(path, "w") as z:
            for part in tmp_path.glob("p.*"):
                if part.suffix != ".zip":
                    z.write(part, part.name)
    elif fmt == "csv":
        path = tmp_path / "p.csv"
        path.write_text(
            "code,WKT\n"
            + "".join(f'{c},"{g.wkt}"\n' for c, g in zip(frame.code, frame.geometry, strict=True))
        )
        crs = "EPSG:32648"
    else:
        path = tmp_path / "p.geojson"
        frame.to_crs(4326).to_file(path, driver="GeoJSON")
    report = import_parcels(ImportParcels("FMT", path, crs=crs), conn)
    assert (report.loaded, report.rejected) == (2, 0)
    areas = conn.execute(
        sa.text(
            "SELECT code, round(ST_Area(geom)::numeric, 1) FROM parcels "
            "WHERE import_batch_id = :b ORDER BY code"
        ),
        {"b": report.batch_id},
    ).all()
    assert [(c, float(a)) for c, a in areas] == [("99Z001", 900.0), ("99Z002", 900.0)]


def test_csv_without_crs_says_to_give_one(conn: Connection, tmp_path: Path) -> None:
    create_lao(CreateLao("NOCRS", "ทดสอบ", "No CRS", 32648), conn)
    path = tmp_path / "p.csv"
    path.write_text('WKT\n"POLYGON((0 0,1 0,1 1,0 0))"\n')
    with pytest.raises(InvalidInput) as info:
        import_parcels(ImportParcels("NOCRS", path), conn)
    assert info.value.message_en == (
        "p.csv: the file does not say its coordinate reference system; give it with --crs "
        "(e.g. --crs EPSG:24048 for Land Office data on Indian 1975 / UTM 48N)."
    )


def test_dry_run_writes_nothing(conn: Connection, tmp_path: Path) -> None:
    create_lao(CreateLao("DRY", "ทดสอบ", "Dry", 32648), conn)
    path = tmp_path / "p.gpkg"
    gpd.GeoDataFrame(geometry=_squares(3), crs=32648).to_file(path)
    report = import_parcels(ImportParcels("DRY", path, dry_run=True), conn)
    assert (report.accepted, report.loaded, report.batch_id) == (3, 0, None)
    assert _count(conn, "DRY") == 0
    assert conn.execute(sa.text("SELECT count(*) FROM import_batches")).scalar_one() == 0


def test_codes_come_from_the_block_and_are_never_reused(conn: Connection, tmp_path: Path) -> None:
    from parcels.fabric import bulk

    lao_id = create_lao(CreateLao("LOTS", "ทดสอบ", "Lots", 32648), conn)
    zone = bulk.insert_zones(
        conn, lao_id, 32648, [{"code": "03", "geom": box(230_000, 1_730_000, 230_300, 1_730_030)}]
    )
    bulk.insert_blocks(
        conn,
        lao_id,
        32648,
        [
            {
                "zone_id": zone["03"],
                "code": "03C",
                "geom": box(230_000, 1_730_000, 230_300, 1_730_030),
                "next_lot": 7,
            }
        ],
    )
    path = tmp_path / "p.gpkg"
    gpd.GeoDataFrame(geometry=_squares(3), crs=32648).to_file(path)
    report = import_parcels(ImportParcels("LOTS", path), conn)
    codes = conn.execute(
        sa.text("SELECT code, lot FROM parcels WHERE import_batch_id = :b ORDER BY code"),
        {"b": report.batch_id},
    ).all()
    assert [tuple(r) for r in codes] == [("03C007", 7), ("03C008", 8), ("03C009", 9)]
    assert (
        conn.execute(sa.text("SELECT next_lot FROM blocks WHERE code = '03C'")).scalar_one() == 10
    )
    # The same codes again: refused, nothing loaded.
    again = tmp_path / "again.gpkg"
    gpd.GeoDataFrame(
        {"code": ["03C008"]}, geometry=[box(230_500, 1_730_000, 230_530, 1_730_030)], crs=32648
    ).to_file(again)
    second = import_parcels(ImportParcels("LOTS", again), conn)
    assert (second.accepted, second.loaded) == (0, 0)
    assert second.findings[0]["kind"] == "duplicate_key"
    assert second.findings[0]["message"].endswith(
        "parcel code 03C008 already exists in this LAO (codes are never reused); edit that "
        "parcel instead, or give this one a new code"
    )


def test_a_failure_while_loading_leaves_nothing_behind(conn: Connection, tmp_path: Path) -> None:
    create_lao(CreateLao("ATOMIC", "ทดสอบ", "Atomic", 32648), conn)
    path = tmp_path / "p.gpkg"
    # document_type 14 passes the file check only if the column is mapped wrongly; force a
    # database-level failure instead: a code longer than the column allows.
    gpd.GeoDataFrame({"code": ["OK001", "X" * 40]}, geometry=_squares(2), crs=32648).to_file(path)
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error; what matters is below
        import_parcels(ImportParcels("ATOMIC", path), conn)
    assert _count(conn, "ATOMIC") == 0


def test_an_import_killed_half_way_leaves_the_database_as_it_was(
    engine: Engine, test_db_url: str, tmp_path: Path
) -> None:
    with engine.begin() as c:
        c.execute(sa.text("DELETE FROM laos WHERE code = 'KILLED'"))
    create_lao(CreateLao("KILLED", "ทดสอบ", "Killed", 32648), engine)
    path = tmp_path / "big.gpkg"
    squares = [
        box(
            230_000 + 20 * (i % 500),
            1_730_000 + 20 * (i // 500),
            230_020 + 20 * (i % 500),
            1_730_020 + 20 * (i // 500),
        )
        for i in range(60_000)
    ]
    gpd.GeoDataFrame(geometry=squares, crs=32648).to_file(path)
    env = {**os.environ, "TAXMAP_DATABASE_URL": test_db_url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "taxmap.cli",
            "import",
            "parcels",
            str(path),
            "--lao",
            "KILLED",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(4.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with engine.connect() as c:
        loaded = c.execute(
            sa.text(
                "SELECT count(*) FROM parcels p JOIN laos l ON l.id = p.lao_id "
                "WHERE l.code = 'KILLED'"
            )
        ).scalar_one()
        batches = c.execute(
            sa.text(
                "SELECT count(*) FROM import_batches b JOIN laos l ON l.id = b.lao_id "
                "WHERE l.code = 'KILLED'"
            )
        ).scalar_one()
    # Either the import finished before the kill, or nothing of it is there: never a part.
    assert (loaded, batches) in {(0, 0), (60_000, 1)}
    # And a re-run succeeds.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "taxmap.cli",
            "import",
            "parcels",
            str(path),
            "--lao",
            "KILLED",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if loaded == 0:
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["loaded"] == 60_000


def _partitions(engine: Engine, lao_id: int) -> list[tuple[str, int]]:
    with engine.connect() as c:
        rows = c.execute(
            sa.text(
                "SELECT tableoid::regclass::text, count(*) FROM parcels WHERE lao_id = :id "
                "GROUP BY 1"
            ),
            {"id": lao_id},
        ).all()
    return [(name, n) for name, n in rows]


def test_a_large_first_import_gets_a_partition_of_its_own(engine: Engine, tmp_path: Path) -> None:
    lao_id = fresh_lao(engine, "OWNPART")
    own = f"parcels_lao_{lao_id}"
    first, second = tmp_path / "first.gpkg", tmp_path / "second.gpkg"
    codes = [f"01A{i:03d}" for i in range(1, 7)]
    gpd.GeoDataFrame({"code": codes}, geometry=_squares(6), crs=32648).to_file(first)
    gpd.GeoDataFrame(
        {"code": ["01A007", "01A008"]}, geometry=_squares(2, y0=1_730_100), crs=32648
    ).to_file(second)

    report = import_parcels(ImportParcels("OWNPART", first, own_partition_from=5), engine)

    assert (report.accepted, report.loaded) == (6, 6)
    assert _partitions(engine, lao_id) == [(own, 6)]
    with engine.connect() as c:
        stored = c.execute(
            sa.text("SELECT code, ST_Area(geom), ST_SRID(geom) FROM parcels WHERE lao_id = :id"),
            {"id": lao_id},
        ).all()
        # Every index of the parent has its copy on the partition, built once.
        indexes = c.execute(
            sa.text(
                "SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid "
                "WHERE i.indrelid = CAST(:t AS regclass)"
            ),
            {"t": own},
        ).scalar_one()
        parent_indexes = c.execute(
            sa.text("SELECT count(*) FROM pg_index WHERE indrelid = 'parcels'::regclass")
        ).scalar_one()
        secured = c.execute(
            sa.text(
                "SELECT c.relrowsecurity, p.policyname, p.qual FROM pg_class c "
                "JOIN pg_policies p ON p.tablename = c.relname WHERE c.oid = CAST(:t AS regclass)"
            ),
            {"t": own},
        ).one()
        stale = c.execute(
            sa.text("SELECT count(*) FROM tile_edits WHERE lao_id = :id AND bbox IS NULL"),
            {"id": lao_id},
        ).scalar_one()
    assert sorted(stored) == [(code, 900.0, 32648) for code in codes]
    assert (indexes, parent_indexes) == (6, 6)
    # Row-level security as on every table with lao_id (it applies if the table is named).
    assert tuple(secured) == (True, "lao_scope", "taxmap_in_scope(lao_id)")
    assert stale == 1  # the LAO's map tiles are marked stale, as the triggers would have
    # A later import goes through the parent, into the same partition.
    import_parcels(ImportParcels("OWNPART", second, own_partition_from=1), engine)
    assert _partitions(engine, lao_id) == [(own, 8)]
    # Deleting the LAO drops its partition with it.
    drop_lao(engine, "OWNPART")
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT to_regclass(:t)"), {"t": own}).scalar() is None


def test_a_small_first_import_stays_in_the_shared_partition(engine: Engine, tmp_path: Path) -> None:
    lao_id = fresh_lao(engine, "SHARED")
    path = tmp_path / "p.gpkg"
    gpd.GeoDataFrame({"code": ["01A001", "01A002"]}, geometry=_squares(2), crs=32648).to_file(path)
    import_parcels(ImportParcels("SHARED", path), engine)
    assert _partitions(engine, lao_id) == [("parcels_default", 2)]
    drop_lao(engine, "SHARED")


def test_a_failed_partition_load_leaves_no_table_behind(engine: Engine, tmp_path: Path) -> None:
    lao_id = fresh_lao(engine, "PARTFAIL")
    path = tmp_path / "p.gpkg"
    # A code longer than the column allows fails inside the COPY into the new table.
    gpd.GeoDataFrame({"code": ["OK001", "X" * 40]}, geometry=_squares(2), crs=32648).to_file(path)
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error; what matters is below
        import_parcels(ImportParcels("PARTFAIL", path, own_partition_from=1), engine)
    assert _partitions(engine, lao_id) == []
    with engine.connect() as c:
        table = c.execute(sa.text("SELECT to_regclass(:t)"), {"t": f"parcels_lao_{lao_id}"})
        assert table.scalar() is None
    drop_lao(engine, "PARTFAIL")
