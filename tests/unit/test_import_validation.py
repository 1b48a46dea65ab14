"""Parcel import validation: GEOS validity, every finding kind, safe repairs, real data."""

from __future__ import annotations

import csv
import itertools
import json
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from parcels.imports.validation import (
    VALID_REASON,
    Repair,
    Thresholds,
    Validation,
    invalidity,
    validate_features,
)
from taxmap.core.errors import ConfigurationError, InvalidGeometry

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _jts_polygon_cases() -> list[dict[str, str]]:
    with (DATA / "validity" / "jts_validity_cases.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if r["wkt"].strip().upper().startswith(("POLYGON", "MULTIPOLYGON"))]


JTS = _jts_polygon_cases()


def _wkt(text: str) -> shapely.Geometry:
    with warnings.catch_warnings():  # one JTS case has a NaN ordinate on purpose
        warnings.simplefilter("ignore", RuntimeWarning)
        return shapely.from_wkt(text)


def check(*wkts: str | None, **kwargs: Any) -> Validation:
    """Validate WKT features with ids A, B, C, ..."""
    geoms = [None if w is None else shapely.from_wkt(w) for w in wkts]
    ids = [chr(ord("A") + i) for i in range(len(wkts))]
    return validate_features(geoms, source_ids=ids, **kwargs)


def messages(result: Validation) -> list[str]:
    return [f"{f.kind}: {f.message}" for f in result.findings]


SQUARE = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"
SQUARE_2 = "POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0))"


# --- GEOS validity against the JTS test suite -------------------------------------------------


@pytest.mark.parametrize("row", JTS, ids=lambda r: f"{Path(r['source']).stem}-{r['case_no']}")
def test_jts_polygon_case_gets_its_expected_verdict(row: dict[str, str]) -> None:
    reason, _ = invalidity(_wkt(row["wkt"]))
    assert (reason == VALID_REASON) == (row["expected_is_valid"] == "true"), reason


def test_jts_polygon_cases_get_the_right_finding_kinds() -> None:
    kinds = Counter()
    for row in JTS:
        result = validate_features([_wkt(row["wkt"])], source_ids=[row["case_no"]])
        errors = tuple(sorted({f.kind for f in result.findings if f.severity == "error"}))
        kinds[(row["expected_is_valid"], errors)] += 1
        empty = shapely.is_empty(_wkt(row["wkt"]))
        expected = (
            ("empty",) if empty else () if row["expected_is_valid"] == "true" else ("invalid",)
        )
        assert errors == expected, row["wkt"]
    # All 400 cases; an empty polygon is valid geometry, reported as `empty`, not `invalid`.
    assert kinds == {("true", ()): 276, ("true", ("empty",)): 2, ("false", ("invalid",)): 122}


def test_invalidity_gives_reason_and_location() -> None:
    assert invalidity(shapely.from_wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")) == (
        "Self-intersection",
        (1.0, 1.0),
    )
    assert invalidity(shapely.from_wkt(SQUARE)) == ("Valid Geometry", None)
    nan = _wkt("POLYGON ((0 0, 10 NaN, 20 0, 0 10, 0 0))")
    assert invalidity(nan) == ("Invalid Coordinate", None)  # no finite place to point at


# --- every finding kind, with its exact message ------------------------------------------------


def test_empty_and_missing_geometries_are_rejected() -> None:
    result = check(None, "POLYGON EMPTY")
    assert messages(result) == [
        "empty: feature 0 (id 'A'): has no geometry; draw the parcel or remove the feature",
        "empty: feature 1 (id 'B'): has no geometry; draw the parcel or remove the feature",
    ]
    assert result.findings[0].message_th == (
        "แปลงลำดับที่ 0 (รหัส 'A'): ไม่มีรูปแปลง ให้วาดรูปแปลงหรือลบรายการนี้"
    )
    assert result.accepted.tolist() == [False, False]


def test_non_polygons_are_wrong_type_but_a_collection_of_polygons_is_a_multipolygon() -> None:
    result = check(
        "LINESTRING (0 0, 5 5, 10 10)",
        "GEOMETRYCOLLECTION (POLYGON ((20 0, 30 0, 30 10, 20 0)), LINESTRING (0 0, 1 1))",
        "GEOMETRYCOLLECTION (POLYGON ((40 0, 50 0, 50 10, 40 0)), "
        "POLYGON ((60 0, 70 0, 70 9, 60 0)))",
    )
    assert messages(result) == [
        "wrong_type: feature 0 (id 'A'): is a LineString, not a Polygon or MultiPolygon; "
        "export parcels as polygons",
        "wrong_type: feature 1 (id 'B'): is a GeometryCollection, not a Polygon or MultiPolygon; "
        "export parcels as polygons",
    ]
    assert result.findings[0].location == (5.0, 5.0)  # a point on the line
    assert result.accepted.tolist() == [False, False, True]
    assert result.geometries[2].geom_type == "MultiPolygon"
    assert result.geometries[2].area == 95.0


def test_an_invalid_polygon_is_rejected_with_the_geos_reason_and_place() -> None:
    result = check("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    (finding,) = result.findings
    assert finding.kind == "invalid" and finding.severity == "error"
    assert finding.message == (
        "feature 0 (id 'A'): Self-intersection at (5.0, 5.0); fix the ring or import with --repair"
    )
    assert finding.location == (5.0, 5.0)
    assert not result.accepted[0]


def test_a_later_identical_geometry_is_a_duplicate() -> None:
    # Same square written from another vertex and the other way round: equal once normalised.
    result = check(SQUARE, "POLYGON ((10 10, 10 0, 0 0, 0 10, 10 10))")
    assert messages(result) == [
        "duplicate_geometry: feature 1 (id 'B'): has the same geometry as feature 0 (id 'A'); "
        "remove the duplicate",
    ]
    assert result.findings[0].pair == ("A", "B")
    assert result.findings[0].other_index == 0
    assert result.accepted.tolist() == [True, False]  # and no overlap is reported for the pair


def test_only_equal_geometries_sharing_bounds_and_point_count_are_duplicates() -> None:
    # The check first groups features by bounds and point count; C shares A's and is no copy.
    result = check(
        SQUARE,
        "POLYGON ((10 0, 10 10, 0 10, 0 0, 10 0))",  # A from another vertex
        "POLYGON ((0 0, 10 0, 10 10, 0 5, 0 0))",  # A's bounds and 5 points, another shape
        "POLYGON ((0 10, 10 10, 10 0, 0 0, 0 10))",  # A the other way round
        SQUARE_2,
    )
    assert [(f.kind, f.index, f.other_index, f.area_m2) for f in result.findings] == [
        ("overlap", 0, 2, 75.0),
        ("duplicate_geometry", 1, 0, None),
        ("overlap", 2, 0, 75.0),
        ("duplicate_geometry", 3, 0, None),
    ]
    assert result.findings[3].message == (
        "feature 3 (id 'D'): has the same geometry as feature 0 (id 'A'); remove the duplicate"
    )
    assert result.accepted.tolist() == [False, False, False, False, True]


def test_a_later_feature_with_the_same_key_is_rejected() -> None:
    result = check(
        SQUARE,
        SQUARE_2,
        "POLYGON ((40 0, 50 0, 50 10, 40 10, 40 0))",
        keys=["1/23", " 1/23 ", ""],
    )
    assert messages(result) == [
        "duplicate_key: feature 1 (id 'B'): repeats the parcel key '1/23' of feature 0 (id 'A'); "
        "give each parcel its own key",
    ]
    assert result.accepted.tolist() == [True, False, True]  # a blank key is no key


def test_a_parcel_sticking_out_of_the_lao_is_rejected_beyond_the_tolerance() -> None:
    boundary = shapely.box(0, 0, 100, 100)
    result = check(
        "POLYGON ((95 0, 105 0, 105 10, 95 10, 95 0))",  # 50 m² outside
        "POLYGON ((50 0, 60 0, 60 10, 50 10, 50 0))",  # inside
        "POLYGON ((80 90, 90 90, 90 100.05, 80 100.05, 80 90))",  # 0.5 m² outside
        boundary=boundary,
    )
    assert messages(result) == [
        "outside_lao: feature 0 (id 'A'): 50.00 m² lies outside the LAO boundary at (102.5, 5.0) "
        "(tolerance 1 m²); check the source CRS, or that the parcel is in this LAO",
    ]
    assert result.findings[0].area_m2 == pytest.approx(50.0)
    assert result.accepted.tolist() == [False, True, True]


def test_an_invalid_lao_boundary_is_refused() -> None:
    bowtie = shapely.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    with pytest.raises(InvalidGeometry, match="Self-intersection"):
        check(SQUARE, boundary=bowtie)


def test_overlapping_pairs_reject_both_members_and_touching_pairs_pass() -> None:
    result = check(
        SQUARE,
        "POLYGON ((9 0, 20 0, 20 10, 9 10, 9 0))",  # overlaps A by 10 m²
        "POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0))",  # touches B only
        "POLYGON ((29.96 0, 40 0, 40 10, 29.96 10, 29.96 0))",  # overlaps C by 0.4 m²
    )
    assert messages(result) == [
        "overlap: feature 0 (id 'A'): overlaps feature 1 (id 'B') by 10.00 m² at (9.5, 5.0) "
        "(tolerance 0.5 m²); correct the shared boundary",
        "overlap: feature 1 (id 'B'): overlaps feature 0 (id 'A') by 10.00 m² at (9.5, 5.0) "
        "(tolerance 0.5 m²); correct the shared boundary",
    ]
    assert {f.pair for f in result.findings} == {("A", "B")}
    assert result.accepted.tolist() == [False, False, True, True]
    stricter = check(
        SQUARE,
        "POLYGON ((9.99 0, 20 0, 20 10, 9.99 10, 9.99 0))",
        thresholds=Thresholds(overlap_tolerance_m2=0.01),
    )
    assert [f.area_m2 for f in stricter.findings] == pytest.approx([0.1, 0.1])


def test_a_parcel_wholly_inside_another_overlaps_it() -> None:
    result = check(SQUARE, "POLYGON ((2 2, 4 2, 4 4, 2 4, 2 2))")
    assert messages(result) == [
        "overlap: feature 0 (id 'A'): overlaps feature 1 (id 'B') by 4.00 m² at (3.0, 3.0) "
        "(tolerance 0.5 m²); correct the shared boundary",
        "overlap: feature 1 (id 'B'): overlaps feature 0 (id 'A') by 4.00 m² at (3.0, 3.0) "
        "(tolerance 0.5 m²); correct the shared boundary",
    ]


def test_two_subdivisions_of_one_block_overlap_everywhere() -> None:
    # Each 3 x 3 grid is a clean coverage, so all edges of either middle cell match an edge of
    # its own grid: GEOS's coverage validator flags neither, yet they overlap by 25 m².
    cuts = ([0, 10, 20, 30], [0, 15, 25, 30])
    cells = [
        shapely.box(x0, y0, x1, y1).wkt
        for xs in cuts
        for x0, x1 in itertools.pairwise(xs)
        for y0, y1 in itertools.pairwise(xs)
    ]
    result = check(*cells)
    overlaps = [f for f in result.findings if f.kind == "overlap"]
    assert len(overlaps) == 50  # 25 pairs, each reported for both parcels
    assert sum(f.area_m2 or 0 for f in overlaps) == 2 * 900  # the block, counted once per pair
    middle = [f for f in overlaps if f.pair == ("E", "N")]
    assert [(f.index, f.other_index, f.area_m2, f.location) for f in middle] == [
        (4, 13, 25.0, (17.5, 17.5)),
        (13, 4, 25.0, (17.5, 17.5)),
    ]
    assert not result.accepted.any()


def test_small_or_thin_parcels_are_slivers_for_review_and_still_load() -> None:
    result = check(
        "POLYGON ((0 0, 1.5 0, 1.5 2, 0 2, 0 0))",  # 3 m²
        "POLYGON ((10 0, 11 0, 11 100, 10 100, 10 0))",  # 1 m x 100 m
        "POLYGON ((20 0, 22 0, 22 2, 20 2, 20 0))",  # 4 m², square: not a sliver
    )
    assert messages(result) == [
        "sliver: feature 0 (id 'A'): may be a sliver: area 3.00 m², thinness 0.769 at (0.8, 1.0) "
        "(flagged below 4 m² or thinness 0.05); check it is a real parcel",
        "sliver: feature 1 (id 'B'): may be a sliver: area 100.00 m², thinness 0.031 "
        "at (10.5, 50.0) (flagged below 4 m² or thinness 0.05); check it is a real parcel",
    ]
    assert {f.severity for f in result.findings} == {"review"}
    assert result.accepted.all()


def test_drawn_area_far_from_the_legal_area_is_a_review_item() -> None:
    result = check(
        SQUARE,
        SQUARE_2,
        "POLYGON ((40 0, 50 0, 50 10, 40 10, 40 0))",
        legal_area_m2=[111.0, 90.0, None],
    )
    assert messages(result) == [
        "area_mismatch: feature 1 (id 'B'): drawn area 100.00 m² differs from the legal area "
        "90.00 m² by 11.1% (more than 10%); check the boundary or the legal area",
    ]
    assert result.findings[0].severity == "review"
    assert result.findings[0].message_th == (
        "แปลงลำดับที่ 1 (รหัส 'B'): เนื้อที่ตามรูปแปลง 100.00 ตร.ม. ต่างจากเนื้อที่ตามเอกสารสิทธิ์ "
        "90.00 ตร.ม. (11.1%) ให้ตรวจแนวเขตหรือเนื้อที่ตามเอกสาร"
    )
    assert result.accepted.all()


def test_features_without_ids_are_named_by_position_and_no_features_is_no_finding() -> None:
    result = validate_features([None], source_ids=[None])
    assert result.findings[0].message.startswith("feature 0: has no geometry")
    result = validate_features([], source_ids=[])
    assert (result.findings, result.repairs, result.accepted.tolist()) == ([], [], [])


def test_geometries_are_stored_as_2d_multipolygons() -> None:
    result = check("POLYGON Z ((0 0 5, 10 0 5, 10 10 5, 0 10 5, 0 0 5))", SQUARE_2)
    assert [g.geom_type for g in result.geometries] == ["MultiPolygon", "MultiPolygon"]
    assert not shapely.has_z(result.geometries).any()


def test_bad_thresholds_and_mismatched_columns_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="overlap_tolerance_m2"):
        Thresholds(overlap_tolerance_m2=-1)
    with pytest.raises(ValueError, match="keys has 1 items for 2 geometries"):
        check(SQUARE, SQUARE, keys=["x"])


# --- repairs -----------------------------------------------------------------------------------


def test_repair_reorients_a_clockwise_ring() -> None:
    result = check("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))", repair=True)
    assert result.repairs == [
        Repair(0, "A", "reoriented rings (exterior counter-clockwise, holes clockwise)", 100, 100)
    ]
    assert shapely.is_ccw(result.geometries[0].geoms[0].exterior)
    assert result.accepted.all() and result.findings == []


def test_repair_removes_repeated_points() -> None:
    result = check("POLYGON ((0 0, 10 0, 10 0, 10 10, 0 10, 0 10, 0 0))", repair=True)
    assert result.repairs == [Repair(0, "A", "removed 2 repeated point(s)", 100, 100)]
    assert result.geometries[0].wkt == "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)))"


def test_repair_untwists_a_small_bow_tie_and_reports_both_areas() -> None:
    # A 0.005 m² twist at the corner (10, 10): the lobes cancel in the shoelace area.
    result = check("POLYGON ((0 0, 10 0, 10 10.1, 10.1 10, 0 10, 0 0))", repair=True)
    (repair,) = result.repairs
    assert repair.what == "rebuilt with make_valid to fix Self-intersection at (10.0, 10.0)"
    assert (repair.area_before_m2, repair.area_after_m2) == pytest.approx((99.995, 100.005))
    assert result.geometries[0].is_valid and result.accepted.all()


def test_repair_rebuilds_self_touching_rings_and_spikes_without_changing_area() -> None:
    result = check(
        "POLYGON ((0 0, 10 0, 10 10, 5 10, 6 5, 4 5, 5 10, 0 10, 0 0))",  # an inverted hole
        "POLYGON ((20 0, 30 0, 30 10, 30 20, 30 10, 20 10, 20 0))",  # a collapsed spike
        repair=True,
    )
    assert [(r.what, r.area_before_m2, r.area_after_m2) for r in result.repairs] == [
        ("rebuilt with make_valid to fix Ring Self-intersection at (5.0, 10.0)", 95.0, 95.0),
        ("rebuilt with make_valid to fix Ring Self-intersection at (30.0, 10.0)", 100.0, 100.0),
    ]
    assert len(result.geometries[0].geoms[0].interiors) == 1
    assert result.geometries[1].wkt == "MULTIPOLYGON (((20 0, 30 0, 30 10, 20 10, 20 0)))"


def test_repair_refuses_what_would_change_the_area() -> None:
    result = check(
        "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))",  # lobes of equal size: which was meant?
        "POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0), (40 40, 50 40, 50 50, 40 50, 40 40))",
        repair=True,
    )
    assert messages(result) == [
        "invalid: feature 0 (id 'A'): Self-intersection at (5.0, 5.0); --repair cannot fix it "
        "safely (make_valid would change the area from 0.00 m² to 50.00 m²); "
        "fix the ring in the source file",
        "invalid: feature 1 (id 'B'): Hole lies outside shell at (40.0, 40.0); --repair cannot "
        "fix it safely (make_valid would change the area from 0.00 m² to 200.00 m²); "
        "fix the ring in the source file",
    ]
    assert result.repairs == [] and not result.accepted.any()


# --- real data ---------------------------------------------------------------------------------


def test_corine_polygon_is_rejected_at_its_self_intersection_and_repaired_safely() -> None:
    doc = json.loads((DATA / "validity" / "corine_self_intersecting_polygon.geojson").read_text())
    lonlat = shape(doc["features"][0]["geometry"])
    laea = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    geom = shapely.transform(lonlat, lambda xy: np.column_stack(laea.transform(*xy.T)))
    assert shapely.get_num_coordinates(geom) == 44_051

    reason, where = invalidity(geom)
    assert reason == "Ring Self-intersection"
    assert where is not None and (round(where[0], 1), round(where[1], 1)) == (5377239.7, 2160005.4)
    (finding,) = validate_features([geom], source_ids=["clc"]).findings
    assert (finding.kind, finding.location) == ("invalid", where)
    assert finding.message == (
        "feature 0 (id 'clc'): Ring Self-intersection at (5377239.7, 2160005.4); "
        "fix the ring or import with --repair"
    )

    repaired = validate_features([geom], source_ids=["clc"], repair=True)
    (repair,) = repaired.repairs
    assert repair.what == (
        "rebuilt with make_valid to fix Ring Self-intersection at (5377239.7, 2160005.4)"
    )
    assert repair.area_before_m2 == pytest.approx(610_359_090.62, abs=0.01)
    assert abs(repair.area_after_m2 - repair.area_before_m2) < 1e-6 * repair.area_before_m2
    assert repaired.accepted.all() and repaired.geometries[0].is_valid


@pytest.fixture(scope="module")
def epinay() -> tuple[pd.DataFrame, Validation]:
    """Épinay-sur-Orge's 4,241 parcels in Lambert-93, validated at a 0.01 m² overlap tolerance."""
    frame = pyogrio.read_dataframe(DATA / "cadastre" / "fr_epinay_sur_orge_parcels.geojson")
    frame = frame.to_crs("EPSG:2154")
    result = validate_features(
        frame.geometry.values,
        source_ids=frame["id"].tolist(),
        keys=frame["id"].tolist(),
        legal_area_m2=frame["contenance"].tolist(),
        thresholds=Thresholds(overlap_tolerance_m2=0.01),
    )
    return frame, result


def test_epinay_reports_its_two_overlapping_pairs_with_their_areas(
    epinay: tuple[pd.DataFrame, Validation],
) -> None:
    _, result = epinay
    pairs = {(f.pair, round(f.area_m2 or 0, 2)) for f in result.findings if f.kind == "overlap"}
    assert pairs == {
        (("91216000AC0328", "91216000ZB0161"), 0.03),
        (("91216000AO0002", "91216000ZE0012"), 0.13),
    }


def test_epinay_reports_slivers_and_area_mismatches_and_loads_the_rest(
    epinay: tuple[pd.DataFrame, Validation],
) -> None:
    frame, result = epinay
    kinds = Counter(f.kind for f in result.findings)
    assert kinds == {"overlap": 4, "sliver": 43, "area_mismatch": 183}
    slivers = {f.source_id for f in result.findings if f.kind == "sliver"}
    # The smallest (0.64 m²), the thinnest (Polsby-Popper 0.011) and a 1,570 m² strip.
    assert {"91216000AL0477", "91216000AI0672", "91216000AL0221"} <= slivers
    legal = frame["contenance"].to_numpy()
    mismatches = [f for f in result.findings if f.kind == "area_mismatch"]
    worst = max(mismatches, key=lambda f: abs((f.area_m2 or 0) - legal[f.index]) / legal[f.index])
    assert worst.message == (
        "feature 2334 (id '91216000AM0159'): drawn area 21.96 m² differs from the legal area "
        "8.00 m² by 174.5% (more than 10%); check the boundary or the legal area"
    )
    assert int(result.accepted.sum()) == 4237 == len(frame) - 4
