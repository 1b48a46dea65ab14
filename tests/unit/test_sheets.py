"""Land Department sheet names (ระวาง) from Indian 1975 coordinates (conventions §4)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Transformer

from taxmap.core.errors import InvalidInput
from taxmap.core.sheets import (
    extent_50k,
    extent_4000,
    parse_sheet_name,
    sheet_50k,
    sheet_4000,
    sheet_4000_names,
    utm_zone,
)

# Worked example: the Bua Lai centre on Indian 1975 / UTM 48N.
BUA_LAI_E, BUA_LAI_N = 235_339.5, 1_732_864.8
utm48_to_geographic = Transformer.from_crs("EPSG:24048", "EPSG:4240", always_xy=True)
thailand_lon = st.floats(min_value=97.5, max_value=105.5, exclude_max=True)
thailand_lat = st.floats(min_value=12.5, max_value=20.5, exclude_max=True)


def indian_1975_utm(lon: float, lat: float, epsg: int) -> tuple[float, float]:
    """Project an Indian 1975 lon/lat to its UTM zone (independently of the module)."""
    easting, northing = Transformer.from_crs(4240, epsg, always_xy=True).transform(lon, lat)
    return float(easting), float(northing)


def test_bua_lai_centre_is_on_sheet_5540_iii_3432() -> None:
    lon, lat = utm48_to_geographic.transform(BUA_LAI_E, BUA_LAI_N)
    sheet = sheet_4000(lon, lat)
    assert sheet.name == "5540 III 3432"
    assert sheet.internal_id == "554033432"
    assert (sheet.zone, sheet.epsg) == (48, 24048)
    assert (sheet.sw_easting, sheet.sw_northing) == (234_000, 1_732_000)
    assert sheet_50k(lon, lat).name == "5540 III"


@pytest.mark.parametrize(
    "name", ["5540 III 3432", "554033432", "5540 3 3432", " 5540  iii   3432 "]
)
def test_extent_of_the_worked_sheet(name: str) -> None:
    assert extent_4000(name) == (24048, 234_000, 1_732_000, 236_000, 1_734_000)


@pytest.mark.parametrize(
    ("name", "extent"),
    [
        ("5540", (102.5, 15.5, 103.0, 16.0)),
        ("5540 I", (102.75, 15.75, 103.0, 16.0)),
        ("5540 II", (102.75, 15.5, 103.0, 15.75)),
        ("5540 III", (102.5, 15.5, 102.75, 15.75)),
        ("5540 IV", (102.5, 15.75, 102.75, 16.0)),
        ("5540 III 3432", (102.5, 15.5, 102.75, 15.75)),
    ],
)
def test_extent_50k_of_a_sheet_and_its_quarters(
    name: str, extent: tuple[float, float, float, float]
) -> None:
    assert extent_50k(name) == extent


@pytest.mark.parametrize(
    ("lon", "lat", "quadrant"),
    [
        (102.75, 15.75, "I"),  # the quarter's south-west corner belongs to it
        (102.999999, 15.999999, "I"),
        (102.75, 15.5, "II"),
        (102.999999, 15.749999, "II"),
        (102.5, 15.5, "III"),
        (102.749999, 15.749999, "III"),
        (102.5, 15.75, "IV"),
        (102.749999, 15.999999, "IV"),
    ],
)
def test_a_point_just_inside_each_quarter_gets_its_numeral(
    lon: float, lat: float, quadrant: str
) -> None:
    assert sheet_50k(lon, lat).number == "5540"
    assert sheet_50k(lon, lat).quadrant == quadrant


def test_zone_47_west_of_102_and_48_from_102() -> None:
    assert utm_zone(101.999999) == 47
    assert utm_zone(102.0) == 48
    assert sheet_4000(101.9, 15.0).epsg == 24047
    assert sheet_4000(102.0, 15.0).epsg == 24048


def test_squares_named_by_even_km_of_the_south_west_corner() -> None:
    lon, lat = utm48_to_geographic.transform(235_999.9, 1_733_999.9)
    assert sheet_4000(lon, lat).grid == "3432"
    lon, lat = utm48_to_geographic.transform(236_000.1, 1_734_000.1)
    assert sheet_4000(lon, lat).grid == "3634"


def test_a_square_in_the_quarters_bounding_box_but_not_in_the_quarter_is_refused() -> None:
    """The west edge of 5540 III leans east (x 231,829 at its foot, 232,155 at its head)."""
    assert extent_4000("5540 III 3028") == (24048, 230_000, 1_728_000, 232_000, 1_730_000)
    with pytest.raises(InvalidInput) as caught:
        extent_4000("5540 III 3042")
    assert caught.value.field == "sheet"
    assert "no 2 km square 3042" in caught.value.message_en


def test_a_square_sharing_only_an_edge_with_the_quarter_meets_it() -> None:
    """99°E and 105°E are central meridians, where a grid line is a quarter's edge."""
    assert sheet_4000(99.0, 15.6).name == "4840 III 0024"
    assert sheet_4000(98.999999, 15.6).name == "4740 II 9824"
    assert extent_4000("4740 II 9824")[1] == 498_000
    # Closed sets, as in shapely's intersects: the 00 column touches 4740 II along 99°E.
    assert extent_4000("4740 II 0024")[1] == 500_000


def test_points_on_the_zone_48_central_meridian_round_trip() -> None:
    """At 105°E PROJ gives E 499,999.9999999999, so the point lands in the square to the west."""
    for lat in (15.0, 20.0, 20.25):
        sheet = sheet_4000(105.0, lat)
        epsg, min_e, min_n, max_e, max_n = extent_4000(sheet.name)
        easting, northing = indian_1975_utm(105.0, lat, epsg)
        assert min_e <= easting < max_e and min_n <= northing < max_n


@pytest.mark.parametrize(
    ("text", "number", "quadrant", "grid", "sub_sheet", "name"),
    [
        ("5540", "5540", None, None, None, "5540"),
        ("5540 III", "5540", "III", None, None, "5540 III"),
        ("5540 3 3432", "5540", "III", "3432", None, "5540 III 3432"),
        ("554033432", "5540", "III", "3432", None, "5540 III 3432"),
        ("  5540   III   3432 ", "5540", "III", "3432", None, "5540 III 3432"),
        ("๕๕๔๐ III ๓๔๓๒", "5540", "III", "3432", None, "5540 III 3432"),
        ("5236 IV 1422-10", "5236", "IV", "1422", "10", "5236 IV 1422-10"),
        ("5236 iv 1422 - 10 (1:1000)", "5236", "IV", "1422", "10 (1:1000)", None),
        ("523641422-10", "5236", "IV", "1422", "10", "5236 IV 1422-10"),
        ("5540 1 0000", "5540", "I", "0000", None, "5540 I 0000"),
    ],
)
def test_parse_sheet_name_tolerates_spacing_digits_and_ids(
    text: str,
    number: str,
    quadrant: str | None,
    grid: str | None,
    sub_sheet: str | None,
    name: str | None,
) -> None:
    parsed = parse_sheet_name(text)
    assert (parsed.number, parsed.quadrant, parsed.grid, parsed.sub_sheet) == (
        number,
        quadrant,
        grid,
        sub_sheet,
    )
    if name is not None:
        assert parsed.name == name


def test_internal_id_only_for_a_full_1_4000_name() -> None:
    assert parse_sheet_name("5540 III 3432").internal_id == "554033432"
    assert parse_sheet_name("5540 III").internal_id is None


@pytest.mark.parametrize(
    "text", ["", "554", "55400", "5540 V", "5540 5 3432", "5540 III 343", "abcd", "5540 III 3532"]
)
def test_parse_rejects_malformed_names(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_sheet_name(text)
    assert caught.value.field == "sheet"
    assert "5540 III 3432" in caught.value.message_en


@pytest.mark.parametrize(
    "name", ["5540", "5540 III", "5540 III 3532", "5540 III 3433", "5540 III 9090"]
)
def test_extent_4000_rejects_incomplete_odd_or_inconsistent_names(name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        extent_4000(name)
    assert caught.value.field == "sheet"


@pytest.mark.parametrize(("lon", "lat"), [(50.0, 15.0), (102.0, 60.0), (float("nan"), 15.0)])
def test_points_outside_the_index_are_refused(lon: float, lat: float) -> None:
    with pytest.raises(InvalidInput) as caught:
        sheet_4000(lon, lat)
    assert caught.value.field == "coordinates"
    with pytest.raises(InvalidInput):
        sheet_4000_names(np.array([102.0, lon]), np.array([15.0, lat]))


def test_vectorised_names_match_one_by_one_and_keep_the_shape() -> None:
    rng = np.random.default_rng(20_261_123)
    lon = rng.uniform(97.5, 105.5, size=(50, 40))
    lat = rng.uniform(12.5, 20.5, size=(50, 40))
    names = sheet_4000_names(lon, lat)
    assert names.shape == (50, 40)
    for i, j in np.ndindex(5, 40):
        assert names[i, j] == sheet_4000(float(lon[i, j]), float(lat[i, j])).name
    assert sheet_4000_names(np.array([]), np.array([])).shape == (0,)
    with pytest.raises(InvalidInput):
        sheet_4000_names(np.zeros(3), np.zeros(2))


def test_vectorised_names_of_the_worked_example() -> None:
    lon, lat = utm48_to_geographic.transform(BUA_LAI_E, BUA_LAI_N)
    names = sheet_4000_names(np.array([lon, 99.0]), np.array([lat, 15.6]))
    assert names.tolist() == ["5540 III 3432", "4840 III 0024"]


@settings(deadline=None)
@given(thailand_lon, thailand_lat)
def test_point_to_name_to_extent_contains_the_point(lon: float, lat: float) -> None:
    sheet = sheet_4000(lon, lat)
    epsg, min_e, min_n, max_e, max_n = extent_4000(sheet.name)
    easting, northing = indian_1975_utm(lon, lat, epsg)
    assert epsg == sheet.epsg
    assert (min_e, min_n) == (sheet.sw_easting, sheet.sw_northing)
    assert min_e <= easting < max_e and min_n <= northing < max_n
    assert extent_4000(sheet.internal_id) == (epsg, min_e, min_n, max_e, max_n)
    west, south, east, north = extent_50k(sheet.name)
    assert west <= lon < east and south <= lat < north
    assert sheet_4000_names(np.array([lon]), np.array([lat]))[0] == sheet.name
