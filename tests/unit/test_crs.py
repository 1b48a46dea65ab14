"""The datum operation for Indian 1975 is chosen explicitly (EPSG:1304) and reported."""

from __future__ import annotations

import pytest
from pyproj import Transformer

from taxmap.core.crs import is_projected_metres, operation, parse_crs
from taxmap.core.errors import InvalidInput

BUA_LAI_CENTRE_WGS84 = (102.52722, 15.66278)


def test_wgs84_to_indian_1975_uses_epsg_1304_and_hits_the_worked_example() -> None:
    """taxmap-conventions.md §4: the centre of Bua Lai is E 235,339.5 N 1,732,864.8."""
    op = operation("EPSG:4326", "EPSG:24048")
    e, n = op.transform(*BUA_LAI_CENTRE_WGS84)
    assert (round(e, 1), round(n, 1)) == (235339.5, 1732864.8)
    assert op.operation_codes == ("EPSG:1304",)
    assert "Indian 1975 to WGS 84 (2)" in op.name
    assert op.describe().endswith("[EPSG:1304]")


def test_proj_default_lands_far_away_which_is_why_we_choose() -> None:
    """PROJ's own default for the pair is 150-190 m off; ours is not."""
    default = Transformer.from_crs("EPSG:4326", "EPSG:24048", always_xy=True)
    e0, n0 = default.transform(*BUA_LAI_CENTRE_WGS84)
    e1, n1 = operation(4326, 24048).transform(*BUA_LAI_CENTRE_WGS84)
    assert 150 < ((e0 - e1) ** 2 + (n0 - n1) ** 2) ** 0.5 < 200


def test_indian_1975_utm_to_wgs84_utm_matches_an_independent_helmert_pipeline() -> None:
    """Cross-check against the Helmert shift written out by hand (+210 +814 +289 m)."""
    by_hand = Transformer.from_pipeline(
        "+proj=pipeline +step +inv +proj=utm +zone=48 +ellps=evrst30 "
        "+step +proj=cart +ellps=evrst30 +step +proj=helmert +x=210 +y=814 +z=289 "
        "+step +inv +proj=cart +ellps=WGS84 +step +proj=utm +zone=48 +ellps=WGS84"
    )
    expected = by_hand.transform(235339.5, 1732864.8)
    got = operation(24048, 32648).transform(235339.5, 1732864.8)
    assert abs(got[0] - expected[0]) < 0.01 and abs(got[1] - expected[1]) < 0.01
    # The Indian 1975 grid reads about +416 m east and -315 m north of WGS 84's at Bua Lai (§6).
    assert round(235339.5 - got[0]) == 416 and round(1732864.8 - got[1]) == -315


def test_same_datum_transformation_reports_no_datum_change() -> None:
    op = operation(4326, 32648)
    assert op.operation_codes == ()
    assert (
        op.describe()
        == "EPSG:4326 -> EPSG:32648: axis order change (2D) + UTM zone 48N [no datum change]"
    )


def test_unknown_crs_names_the_field() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_crs("EPSG:999999", field="crs")
    assert info.value.field == "crs"
    assert info.value.message_en.startswith("'EPSG:999999' is not a coordinate reference system")


def test_storage_crs_must_be_projected_metres() -> None:
    assert is_projected_metres(parse_crs(32648))
    assert not is_projected_metres(parse_crs(4326))
    assert not is_projected_metres(parse_crs(2263))  # US survey feet


def test_geometries_transform_in_one_call_and_same_crs_is_left_alone() -> None:
    from shapely.geometry import Point

    same = operation(32648, 32648)
    point = Point(235_339.5, 1_732_864.8)
    assert same.identity and same.transform_geometries(point) is point
    moved = operation(24048, 32648).transform_geometries(point)
    assert not operation(24048, 32648).identity
    assert (round(235_339.5 - moved.x), round(1_732_864.8 - moved.y)) == (416, -315)
