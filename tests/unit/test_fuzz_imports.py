"""Hypothesis on the import path: GeoJSON check, reader and `validate_features`.

NaN, infinite, huge, self-intersecting, empty or wrongly typed geometries and broken GeoJSON
documents become findings or the documented InvalidInput on the file, never exceptions.
Derandomized and bounded, so CI is repeatable.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from parcels.imports.geojson_check import check_geojson, check_geojson_text
from parcels.imports.reader import read_source
from parcels.imports.validation import KINDS, Thresholds, validate_features
from taxmap.core.errors import InvalidInput
from tests.unit.test_fuzz_inputs import FEW, FUZZ, json_values

# NaN and infinite vertices make shapely warn as it computes; those warnings are expected here.
pytestmark = [
    pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning"),
]

X, Y = 230_000.0, 1_730_000.0
odd_numbers = st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300, 1e15, 0.0, -0.0])
coordinate = st.one_of(
    st.floats(-100, 100).map(lambda d: X + d),
    st.floats(-100, 100).map(lambda d: Y + d),
    odd_numbers,
    st.floats(allow_nan=True, allow_infinity=True),
)
# The first vertex is finite: GEOS closes a ring by repeating it, and NaN never equals NaN.
ring = st.tuples(
    st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)),
    st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=6),
).map(lambda t: [t[0], *t[1]])


@st.composite
def nice_ring(draw: st.DrawFn) -> list[tuple[float, float]]:
    """A ring near the LAO: a box, a bowtie, a spike or repeated points."""
    x0, y0 = X + draw(st.integers(-60, 60)), Y + draw(st.integers(-60, 60))
    w, h = draw(st.sampled_from([0.0, 0.01, 1.0, 40.0])), draw(st.sampled_from([0.0, 0.5, 40.0]))
    shapes = [
        [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)],
        [(x0, y0), (x0 + w, y0 + h), (x0 + w, y0), (x0, y0 + h)],  # bowtie
        [
            (x0, y0),
            (x0 + w, y0),
            (x0 + w / 2, y0 + h),
            (x0 + w / 2, y0 + 10 * h),
            (x0 + w / 2, y0 + h),
        ],
        [(x0, y0), (x0, y0), (x0, y0), (x0 + w, y0 + h)],
    ]
    return draw(st.sampled_from(shapes))


any_ring = st.one_of(nice_ring(), nice_ring(), ring)


@st.composite
def geometry(draw: st.DrawFn) -> BaseGeometry | None:
    """Polygons, multipolygons and the garbage real files carry."""
    kind = draw(
        st.sampled_from(
            ["polygon", "holes", "multi", "empty", "none", "point", "line", "collection"]
        )
    )
    if kind == "polygon":
        return Polygon(draw(any_ring))
    if kind == "holes":
        return Polygon(draw(any_ring), [draw(any_ring)])
    if kind == "multi":
        return MultiPolygon([Polygon(r) for r in draw(st.lists(any_ring, min_size=1, max_size=3))])
    if kind == "empty":
        return draw(st.sampled_from([Polygon(), MultiPolygon(), shapely.from_wkt("POLYGON EMPTY")]))
    if kind == "point":
        return Point(draw(coordinate), draw(coordinate))
    if kind == "line":
        return LineString(draw(st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=4)))
    if kind == "collection":
        return shapely.GeometryCollection([Polygon(draw(nice_ring())), Point(X, Y)])
    return None


features = st.lists(geometry(), min_size=1, max_size=8)
legal_areas = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.just(-5.0))


@FUZZ
@given(features, st.booleans(), st.data())
def test_any_geometry_becomes_findings_never_an_exception(
    geoms: list[BaseGeometry | None], repair: bool, data: st.DataObject
) -> None:
    n = len(geoms)
    keys = data.draw(
        st.lists(st.sampled_from(["01A001", "01A002", None, " "]), min_size=n, max_size=n)
    )
    legal = data.draw(st.lists(legal_areas, min_size=n, max_size=n))
    boundary = data.draw(st.sampled_from([None, box(X - 50, Y - 50, X + 50, Y + 50)]))
    result = validate_features(
        geoms,
        source_ids=[f"f{i}" for i in range(n)],
        keys=keys,
        legal_area_m2=legal,
        boundary=boundary,
        thresholds=Thresholds(),
        repair=repair,
    )
    assert len(result.accepted) == len(result.geometries) == n
    for finding in result.findings:
        assert finding.kind in KINDS and 0 <= finding.index < n
        assert finding.message and finding.message_th
        assert finding.location is None or all(math.isfinite(v) for v in finding.location)
    errors = {f.index for f in result.findings if f.severity == "error"}
    assert errors == set(np.flatnonzero(~result.accepted).tolist())
    for geom in result.geometries[result.accepted]:
        assert geom.geom_type == "MultiPolygon" and geom.is_valid and not geom.is_empty
        assert np.isfinite(shapely.get_coordinates(geom)).all()


position = st.one_of(
    st.tuples(st.floats(102, 103), st.floats(15, 16)).map(list),
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(),
            st.text(max_size=2),
            st.none(),
        ),
        max_size=4,
    ),
    st.just("not a position"),
)


@st.composite
def geojson_doc(draw: st.DrawFn) -> Any:
    """GeoJSON-shaped documents with broken nesting, types, positions and members."""
    positions = draw(st.lists(position, max_size=6))
    rings = draw(st.sampled_from([[positions], positions, [], [[]], [[positions]]]))
    kind = draw(
        st.sampled_from(
            ["Polygon", "MultiPolygon", "Point", "LineString", "GeometryCollection", "Nonsense", 7]
        )
    )
    geometry_obj: Any = {"type": kind, "coordinates": rings}
    if kind == "GeometryCollection":
        geometry_obj = {
            "type": kind,
            "geometries": draw(st.sampled_from([[], [geometry_obj], "x"])),
        }
    feature: Any = {
        "type": draw(st.sampled_from(["Feature", "feature", None])),
        "geometry": draw(st.sampled_from([geometry_obj, None, [], "x"])),
        "properties": draw(st.sampled_from([{"code": "01A001"}, None, [], 3])),
    }
    extra = draw(
        st.dictionaries(
            st.sampled_from(["bbox", "crs", "id", "coordinates"]), json_values, max_size=2
        )
    )
    return {
        "type": "FeatureCollection",
        "features": draw(st.sampled_from([[feature | extra], feature, None])),
    }


@FUZZ
@given(st.one_of(geojson_doc(), json_values), st.booleans())
def test_the_geojson_check_reports_problems_never_raises(doc: Any, strict: bool) -> None:
    problems = check_geojson(doc, strict=strict)
    assert all(isinstance(p, str) and p for p in problems)
    text = json.dumps(doc)  # NaN and Infinity go out as the bare words JSON forbids
    assert all(isinstance(p, str) and p for p in check_geojson_text(text, strict=strict))


@FEW
@given(geojson_doc())
def test_a_broken_geojson_file_is_refused_as_invalid_input_or_read(
    tmp_path_factory: Any, doc: Any
) -> None:
    path = Path(tmp_path_factory.mktemp("fuzz")) / "parcels.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        source = read_source(path)
    except InvalidInput as exc:
        assert exc.field == "file" and exc.message_en.startswith("parcels.geojson: ")
        return
    geoms = list(source.geometries)
    validate_features(geoms, source_ids=[str(i) for i in range(len(geoms))], repair=True)


def test_a_finding_on_a_nan_vertex_has_no_location_rather_than_nan() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = validate_features([LineString([(math.nan, 0), (1, 1)])], source_ids=["a"])
    [finding] = result.findings
    assert (finding.kind, finding.location) == ("wrong_type", None)
    assert finding.message == (
        "feature 0 (id 'a'): is a LineString, not a Polygon or MultiPolygon; "
        "export parcels as polygons"
    )
