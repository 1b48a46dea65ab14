"""GeoJSON structure checks: the geojson-schema and geojsonhint corpora, and exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcels.imports.geojson_check import check_geojson, check_geojson_text

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
CORPORA = DATA / "validity"
SCHEMA = CORPORA / "geojson-schema" / "test" / "fixtures"
HINT = CORPORA / "geojsonhint" / "test" / "data"

BAD = sorted(SCHEMA.glob("invalid/*/*.json")) + sorted(HINT.glob("bad/*.geojson"))
GOOD = sorted(SCHEMA.glob("valid/*/*.json")) + sorted(HINT.glob("good/*.geojson"))

# geojson-schema calls these valid (a JSON schema cannot see winding), but their holes run
# counter-clockwise: exactly what geojsonhint's bad-polygon-interiorring-rhr is bad for.
CCW_HOLE = (
    "coordinates[1][1]: a hole must run clockwise (right-hand rule, RFC 7946 §3.1.6); "
    "reverse the order of its positions"
)
WINDING_CONFLICTS = {f"valid/multipolygon/{name}.json" for name in ("basic", "bbox", "3d")}
# What the corpora call bad although RFC 7946 only says SHOULD: strict mode only.
SHOULD_ONLY = {
    "bad-polygon-interiorring-rhr.geojson",
    "excessive_precision_truncated.geojson",
    "geometrycollection_nested.geojson",
    "geometrycollection_single.geojson",
    "point-toomany.geojson",
    "polygon_winding_order.geojson",
}


def _name(path: Path) -> str:
    return path.relative_to(SCHEMA if SCHEMA in path.parents else HINT).as_posix()


def test_the_corpora_are_all_here() -> None:
    assert (len(BAD), len(GOOD)) == (80, 48)


@pytest.mark.parametrize("path", BAD, ids=_name)
def test_every_bad_document_is_rejected_with_a_located_message(path: Path) -> None:
    problems = check_geojson_text(path.read_text(encoding="utf-8"))
    assert problems
    assert all(": " in p and p.split(": ")[0] for p in problems)  # "<where>: <what>"


@pytest.mark.parametrize("path", GOOD, ids=_name)
def test_every_good_document_is_accepted(path: Path) -> None:
    problems = check_geojson_text(path.read_text(encoding="utf-8"))
    assert problems == ([CCW_HOLE] if _name(path) in WINDING_CONFLICTS else [])
    assert check_geojson_text(path.read_text(encoding="utf-8"), strict=False) == []


def test_lenient_mode_rejects_only_what_rfc_7946_requires() -> None:
    lenient = {p.name for p in BAD if not check_geojson_text(p.read_text(), strict=False)}
    assert lenient == SHOULD_ONLY


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad-json.geojson",
            ["line 3, column 5: not valid JSON: Expecting ',' delimiter"],
        ),
        (
            "bad-duplicate-properties.geojson",
            [
                'document: member "type" appears more than once; keep one',
                'features: a Feature must not have a "features" member (RFC 7946 §7.1); '
                "remove it or move it into the right object",
                'document: a Feature needs a "properties" member (an object or null)',
                'document: a Feature needs a "geometry" member (a geometry object or null)',
            ],
        ),
        (
            "polygon_winding_order.geojson",
            [
                "coordinates[0]: the exterior ring must run counterclockwise (right-hand rule, "
                "RFC 7946 §3.1.6); reverse the order of its positions"
            ],
        ),
        ("bad-polygon-interiorring-rhr.geojson", [CCW_HOLE.replace("[1][1]", "[1]")]),
        (
            "excessive_precision_truncated.geojson",
            [
                "coordinates[0][0]: 100.0000000001 carries floating-point noise (and 13 more "
                "coordinate(s) like it); round coordinates to 7 decimals or fewer (about 1 cm)"
            ],
        ),
        (
            "bad-polygonloop.geojson",
            [
                "geometry.coordinates[0][0]: must be a position (an array of numbers), got a "
                "number; nest the coordinates one level deeper"
            ],
        ),
        (
            "multipoint-multidimension.geojson",
            [
                "coordinates[0][0]: must be a number, got an array; the coordinates are nested "
                "one level too deep",
                "coordinates[0][1]: must be a number, got an array; the coordinates are nested "
                "one level too deep",
            ],
        ),
        (
            "geometrycollection_nested.geojson",
            ["geometries[1]: a GeometryCollection inside another; flatten it (§3.1.8)"],
        ),
        (
            "geometrycollection_single.geojson",
            ["geometries: a GeometryCollection of one geometry; use the geometry itself (§3.1.8)"],
        ),
        (
            "point-toomany.geojson",
            ["coordinates: a position should have at most 3 numbers, got 4; drop the rest"],
        ),
        (
            "featurecollection-type-case.geojson",
            [
                'type: unknown type "featurecollection"; write "FeatureCollection" '
                "(types are case-sensitive)"
            ],
        ),
        (
            "different-first-size.geojson",
            [
                "coordinates[1][0]: a linear ring must end where it starts: the first and last "
                "positions differ; repeat the first position at the end"
            ],
        ),
        (
            "short-linearring.geojson",
            [
                "coordinates[0]: a linear ring needs at least 4 positions, got 3",
                "coordinates[0]: a linear ring must end where it starts: the first and last "
                "positions differ; repeat the first position at the end",
            ],
        ),
        ("bbox-4or6elements.geojson", ["bbox: must have 4 numbers (2D) or 6 (3D), got 3"]),
        ("badfeature.geojson", ["features[0]: every feature must be an object, got null"]),
        ("rootstring.geojson", ["document: a GeoJSON document must be a JSON object, got null"]),
        (
            "multiple_problems.geojson",
            [
                "features[0].id: must be a string or a number, got an object",
                "features[0].geometry.coordinates[1]: must be a number, got a string",
                'features[2].type: unknown type "Foo"; expected one of Feature, '
                "FeatureCollection, Point, MultiPoint, LineString, MultiLineString, Polygon, "
                "MultiPolygon, GeometryCollection",
                'features[3].type: unknown type "Foo"; expected one of Feature, '
                "FeatureCollection, Point, MultiPoint, LineString, MultiLineString, Polygon, "
                "MultiPolygon, GeometryCollection",
            ],
        ),
    ],
)
def test_subtle_bad_documents_get_exact_messages(name: str, expected: list[str]) -> None:
    assert check_geojson_text((HINT / "bad" / name).read_text(encoding="utf-8")) == expected


def test_a_short_ring_is_named_by_its_json_path() -> None:
    point = {"type": "Feature", "properties": {}, "geometry": None}
    short = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}
    doc = {"type": "FeatureCollection", "features": [point] * 3 + [{**point, "geometry": short}]}
    assert check_geojson(doc) == [
        "features[3].geometry.coordinates[0]: a linear ring needs at least 4 positions, got 3"
    ]


def test_json_level_faults_are_reported() -> None:
    assert check_geojson_text('{"type": "Point", "coordinates": [NaN, 1]}') == [
        "coordinates[0]: NaN and Infinity are not JSON; write a number or null"
    ]
    assert check_geojson_text("[" * 100_000 + "]" * 100_000) == [
        "document: arrays or objects are nested too deeply to read"
    ]
    assert check_geojson_text('\ufeff{"type": "Point", "coordinates": [1, 2]}') == []
    assert check_geojson({"type": "Point", "coordinates": [float("inf"), 1]}) == [
        "coordinates[0]: must be a finite number, got inf"
    ]


def test_crs_members_other_than_wgs84_lonlat_are_rejected() -> None:
    point = {"type": "Point", "coordinates": [100.5, 13.7]}
    crs84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    utm = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32647"}}
    assert check_geojson({**point, "crs": crs84}) == []  # as GDAL writes it: the RFC default
    assert check_geojson({**point, "crs": utm}) == [
        'crs: RFC 7946 has no "crs" member: coordinates must be WGS 84 longitude/latitude; '
        'reproject to EPSG:4326 and drop "crs"'
    ]


def test_bbox_must_run_south_to_north() -> None:
    assert check_geojson({"type": "Point", "coordinates": [1, 2], "bbox": [0, 5, 1, 4]}) == [
        "bbox: the southern latitude is greater than the northern one; "
        "write west, south, east, north"
    ]


def test_empty_coordinates_are_an_empty_geometry() -> None:
    assert check_geojson({"type": "Polygon", "coordinates": []}) == []


def test_real_exports_pass_or_fail_as_documented() -> None:
    # Etalab writes RFC 7946 (7 decimals, counter-clockwise shells): clean even when strict.
    cadastre = (DATA / "cadastre" / "fr_epinay_sur_orge_parcels.geojson").read_text()
    assert check_geojson_text(cadastre) == []
    # GDAL's copy of an Esri source keeps clockwise shells and float noise: strict rejects it,
    # the RFC's own MUSTs do not.
    district = (DATA / "boundaries" / "bua_lai_district.geojson").read_text()
    assert check_geojson_text(district) == [
        "features[0].geometry.coordinates[0]: the exterior ring must run counterclockwise "
        "(right-hand rule, RFC 7946 §3.1.6); reverse the order of its positions",
        "features[0].geometry.coordinates[0][74][1]: 15.70435370000007 carries floating-point "
        "noise (and 38 more coordinate(s) like it); round coordinates to 7 decimals or fewer "
        "(about 1 cm)",
    ]
    assert check_geojson_text(district, strict=False) == []
