"""Planning layers: vector and raster import, class tables, exact per-parcel overlays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from landuse.model import ImportLayer
from landuse.services import import_layer, list_layers, refresh_overlays
from taxmap.core.errors import AlreadyExists, InvalidInput
from taxmap.core.settings import Settings
from tests import landuse_fixture as fx

LAO = "LUTEST"


@pytest.fixture
def lao(conn: Connection, test_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """The fixture LAO inside the test's rolled-back transaction; rasters under tmp_path."""
    settings = test_settings.model_copy(update={"var_dir": tmp_path / "var"})
    fx.build(conn, settings, tmp_path, LAO)
    yield settings


def _classes(conn: Connection, code: str, as_of: str) -> list[tuple[str, str, float, float]]:
    rows = conn.execute(
        sa.text(
            "SELECT p.code, c.class_code, round(c.area_m2::numeric, 3), round(c.share::numeric, 6)"
            " FROM parcel_layer_classes c JOIN planning_layers l ON (l.lao_id, l.id) ="
            " (c.lao_id, c.layer_id) JOIN parcels p ON (p.lao_id, p.id) = (c.lao_id, c.parcel_id)"
            " WHERE l.code = :c AND l.as_of = :d ORDER BY 1, 2"
        ),
        {"c": code, "d": as_of},
    ).all()
    return [(a, b, float(c), float(d)) for a, b, c, d in rows]


def test_vector_overlay_gives_exact_class_areas(lao: Settings, conn: Connection) -> None:
    assert _classes(conn, "ldd", "2024-01-01") == [
        ("01A001", "A101", 10000.0, 1.0),
        ("01A002", "A101", 4000.0, 0.4),
        ("01A002", "U2", 6000.0, 0.6),
        ("01B003", "U2", 10000.0, 1.0),
        ("01B004", "U2", 10000.0, 1.0),
    ]


def test_raster_overlay_gives_exact_class_fractions(lao: Settings, conn: Connection) -> None:
    assert _classes(conn, "cover", "2024-01-01") == [
        ("01A001", "40", 10000.0, 1.0),
        ("01A002", "40", 10000.0, 1.0),
        ("01B003", "50", 10000.0, 1.0),
        ("01B004", "50", 10000.0, 1.0),
    ]
    stats = conn.execute(
        sa.text(
            "SELECT p.code, s.mean, s.min, s.max, s.covered_share FROM parcel_layer_stats s "
            "JOIN parcels p ON (p.lao_id, p.id) = (s.lao_id, s.parcel_id) ORDER BY 1"
        )
    ).all()
    assert [tuple(r) for r in stats] == [
        ("01A001", None, None, None, 0.0),
        ("01A002", None, None, None, 0.0),
        ("01B003", None, None, None, 0.0),
        ("01B004", 2.0, 1.5, 2.5, 1.0),
    ]


def test_mismatch_report_finds_the_planted_mismatches_ranked_by_tax(
    lao: Settings, conn: Connection
) -> None:
    from landuse.planning import mismatch_report

    report = mismatch_report(LAO, conn)
    assert report["roll_year"] == 2026
    assert [(p["parcel"], p["rule"], str(p["tax_at_stake"])) for p in report["parcels"]] == [
        ("01A002", "vacant_cropped", "300.00"),
        ("01B004", "agri_built", "120.00"),
        ("01B003", "commercial_in_conservation", "50.00"),
    ]
    assert [
        (b["parcel"], b["area_m2"], b["covered_share"]) for b in report["unregistered_buildings"]
    ] == [("01B004", 400.0, 0.0)]
    assert [(s["parcel"], s["x"], s["y"]) for s in report["unregistered_signs"]] == [
        ("01A002", fx.X + 150, fx.Y + 50)
    ]


def test_tambon_indicators(lao: Settings, conn: Connection) -> None:
    from datetime import date

    from landuse.planning import tambon_indicators

    rows = tambon_indicators(LAO, lao, conn, since=date(2020, 1, 1))
    picked = [
        (
            r["pcode"],
            r["residents"],
            r["green_m2"],
            r["green_m2_per_resident"],
            r["built_share"],
            r["flood_parcels"],
            r["flood_parcel_area_m2"],
            str(r["flood_parcel_value"]),
            r["flood_buildings"],
            str(r["flood_building_value"]),
            r["farmland_built_over_m2"],
        )
        for r in rows
    ]
    assert picked == [
        ("T1", 100, 20000.0, 200.0, 0.0, 0, 0.0, "0", 0, "0", 0.0),
        ("T2", 50, 0.0, 0.0, 0.75, 1, 5000.0, "1000000.0000", 1, "500000.0000", 20000.0),
    ]


def test_the_shared_rasters_load_as_raster_layers(
    lao: Settings, conn: Connection, shared_dir: Path
) -> None:
    rasters = shared_dir / "data" / "rasters"
    world = import_layer(
        ImportLayer(
            LAO,
            str(rasters / "esa_worldcover_2021_N00E006.tif"),
            "land_cover",
            "esa",
            fx.date(2021, 1, 1),
            actor="test",
        ),
        lao,
        conn,
    )
    assert (world.kind, world.source_crs, [f["kind"] for f in world.findings]) == (
        "raster",
        "EPSG:4326",
        ["outside_lao"],
    )
    crop = import_layer(
        ImportLayer(
            LAO,
            str(rasters / "nakhon_ratchasima_cropland_pct_10km.tif"),
            "cropland_share",
            "hyde",
            fx.date(2017, 1, 1),
            actor="test",
        ),
        lao,
        conn,
    )
    assert (crop.source_crs, crop.findings) == ("EPSG:4326", [])
    listed = {r["code"]: r for r in list_layers(LAO, conn)}
    assert listed["esa"]["raster"]["width"] == listed["esa"]["raster"]["height"] == 36000
    assert (listed["hyde"]["raster"]["width"], listed["hyde"]["raster"]["height"]) == (27, 24)
    assert (lao.var_dir / listed["hyde"]["raster"]["path"]).exists()
    # The 4 parcels lie in one 10 km cell: each one's mean is that cell's value.
    import rasterio
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(32648, 4326, always_xy=True).transform(fx.X + 200, fx.Y + 50)
    with rasterio.open(rasters / "nakhon_ratchasima_cropland_pct_10km.tif") as src:
        cell = float(next(src.sample([(lon, lat)]))[0])
    means = conn.execute(
        sa.text(
            "SELECT s.mean, s.covered_share FROM parcel_layer_stats s JOIN planning_layers l "
            "ON (l.lao_id, l.id) = (s.lao_id, s.layer_id) WHERE l.code = 'hyde'"
        )
    ).all()
    assert [tuple(m) for m in means] == [(cell, 1.0)] * 4


def test_a_layer_of_the_same_code_and_date_is_refused_unless_replaced(
    lao: Settings, conn: Connection, tmp_path: Path
) -> None:
    again = ImportLayer(
        LAO, str(tmp_path / "zones.gpkg"), "plan_zone", "zones", fx.date(2024, 1, 1)
    )
    with pytest.raises(AlreadyExists, match="Layer zones of 2024-01-01 exists already"):
        import_layer(again, lao, conn)
    report = import_layer(
        ImportLayer(LAO, again.path, "plan_zone", "zones", fx.date(2024, 1, 1), replace=True),
        lao,
        conn,
    )
    assert report.classes == {"ก.1": 2, "ก.2": 1}


def test_unknown_classes_and_outside_features_are_reported_per_feature(
    lao: Settings, conn: Connection, tmp_path: Path
) -> None:
    path = fx._geojson(
        tmp_path / "bad",
        [
            (fx.box(fx.X, fx.Y, fx.X + 10, fx.Y + 10), {"LU_CODE": "A1"}),
            (fx.box(fx.X, fx.Y, fx.X + 10, fx.Y + 10), {"LU_CODE": "Q9"}),
            (fx.box(fx.X - 900, fx.Y, fx.X - 800, fx.Y + 10), {"LU_CODE": "A2"}),
        ],
    )
    report = import_layer(
        ImportLayer(LAO, str(path), "ldd_landuse", "bad", fx.date(2024, 1, 1)), lao, conn
    )
    assert (report.features, report.rejected) == (1, 2)
    assert [(f["feature"], f["kind"], f["message"]) for f in report.findings] == [
        (
            2,
            "unknown_class",
            "feature 2: LU_CODE = 'Q9' is not a class of ldd_codes; correct the value or the "
            "class table.",
        ),
        (
            3,
            "outside_lao",
            "feature 3: lies wholly outside the LAO; check the CRS (--crs) or drop it.",
        ),
    ]
    with pytest.raises(InvalidInput, match="has no column 'ZONE'"):
        import_layer(
            ImportLayer(LAO, str(path), "plan_zone", "bad2", fx.date(2024, 1, 1)), lao, conn
        )


def test_overlays_go_stale_when_the_fabric_changes_and_refresh(
    lao: Settings, conn: Connection
) -> None:
    assert not any(r["overlay_stale"] for r in list_layers(LAO, conn))
    conn.execute(
        sa.text("UPDATE parcels SET created_at = now() + interval '1 hour' WHERE code = '01A001'")
    )
    assert {r["code"] for r in list_layers(LAO, conn) if r["overlay_stale"]} == {
        "cover",
        "depth",
        "flood",
        "ldd",
        "zones",
    }
    done = refresh_overlays(LAO, lao, conn, code="ldd")
    assert done == {"ldd@2020-01-01": 4, "ldd@2024-01-01": 5}
