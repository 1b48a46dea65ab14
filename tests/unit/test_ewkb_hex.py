"""EWKB text for COPY: what PostGIS reads as a geometry with its SRID."""

from __future__ import annotations

import shapely

from taxmap.core.copyio import ewkb_hex


def test_ewkb_hex_is_the_srid_and_the_upper_case_hex_of_the_wkb() -> None:
    points = shapely.points([(1.0, 2.0), (-0.5, 1e6)])
    text = ewkb_hex(shapely.to_wkb(points), 32648).to_pylist()
    assert text == [
        "SRID=32648;0101000000000000000000F03F0000000000000040",
        "SRID=32648;0101000000000000000000E0BF0000000080842E41",
    ]
    assert [
        shapely.from_wkb(t.split(";")[1]).equals(p) for t, p in zip(text, points, strict=True)
    ] == [
        True,
        True,
    ]


def test_ewkb_hex_of_nothing_is_empty() -> None:
    assert ewkb_hex([], 4326).to_pylist() == []
