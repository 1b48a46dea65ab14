"""Check the structure of GeoJSON documents against RFC 7946, with the JSON path of each fault.

Always reported: what RFC 7946 (and RFC 8259 JSON) requires, duplicate object members, and a
"crs" member naming anything but WGS 84 longitude/latitude (GDAL still writes an OGC CRS84
"crs", the RFC default, which is accepted). In strict mode (the default) also what the
geojsonhint corpus calls bad although the RFC only says SHOULD, each with what to fix: rings
against the right-hand rule (§3.1.6 tells parsers not to reject these), positions of more than
three numbers, a GeometryCollection of one geometry or inside another (§3.1.8), and
floating-point noise such as 100.0000000001 (§11.2). Coordinate ranges are not checked:
longitudes past ±180 are legal around the antimeridian; the CRS step catches the rest.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

# RFC 7946 §7.1: members that define one kind of object must not appear on another.
FORBIDDEN = {
    "FeatureCollection": ("coordinates", "geometries", "geometry", "properties"),
    "Feature": ("coordinates", "geometries", "features"),
    "geometry": ("features", "geometry", "properties"),
}
CRS84_NAMES = {  # WGS 84 longitude/latitude, the RFC 7946 default, as writers name it
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
}
POSITION = "a position (an array of numbers)"
# What the value at each array level above the positions must be, per geometry type.
LEVELS = {
    "MultiPoint": {1: "an array of positions"},
    "LineString": {1: "an array of positions"},
    "MultiLineString": {2: "an array of lines", 1: "a line (an array of positions)"},
    "Polygon": {2: "an array of linear rings", 1: "a linear ring (an array of positions)"},
    "MultiPolygon": {
        3: "an array of polygons",
        2: "a polygon (an array of linear rings)",
        1: "a linear ring (an array of positions)",
    },
}
GEOMETRY_DEPTH = {"Point": 0} | {kind: max(levels) for kind, levels in LEVELS.items()}
TYPES = ("Feature", "FeatureCollection", *GEOMETRY_DEPTH, "GeometryCollection")
# A run of six or more zeros or nines ending one or two digits before the end: the residue of
# binary floating point (0.30000000000000004) or of nudged vertices, not survey precision.
_NOISE = re.compile(r"\.\d*?(?:0{6,}|9{6,})\d{1,2}$")
_NAN = object()  # stands in for NaN/Infinity, which JSON does not allow


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers which member names it saw more than once."""

    duplicates: tuple[str, ...] = ()


def _kind(value: object) -> str:
    """Name a JSON value's type the way the JSON text spells it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is _NAN:
        return "NaN"
    for cls, name in ((dict, "an object"), (list, "an array"), (str, "a string")):
        if isinstance(value, cls):
            return name
    return "a number" if _is_number(value) else type(value).__name__


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Checker:
    """Walk one document and collect its problems."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[str] = []
        self.noise: list[str] = []

    def add(self, path: str, text: str) -> None:
        self.problems.append(f"{path or 'document'}: {text}")

    def advise(self, path: str, text: str) -> None:
        """Report what RFC 7946 only says SHOULD (or the corpora add), in strict mode."""
        if self.strict:
            self.add(path, text)

    def root(self, doc: object) -> None:
        if not isinstance(doc, dict):
            self.add("", f"a GeoJSON document must be a JSON object, got {_kind(doc)}")
            return
        kind = self.type_of(doc, "")
        if kind == "FeatureCollection":
            self.collection(doc, "")
        elif kind == "Feature":
            self.feature(doc, "")
        elif kind is not None:
            self.geometry(doc, "")

    def type_of(self, obj: dict[str, Any], path: str) -> str | None:
        """Return the object's GeoJSON type, or None after reporting why there is none."""
        if "type" not in obj:
            self.add(path, 'member "type" is required')
            return None
        kind = obj["type"]
        if not isinstance(kind, str):
            self.add(_at(path, "type"), f"must be a string, got {_kind(kind)}")
            return None
        if kind not in TYPES:
            same = next((t for t in TYPES if t.lower() == kind.lower()), None)
            hint = "expected one of " + ", ".join(TYPES)
            hint = f'write "{same}" (types are case-sensitive)' if same else hint
            self.add(_at(path, "type"), f'unknown type "{kind}"; {hint}')
            return None
        self.common(obj, path, kind if kind in FORBIDDEN else "geometry")
        return kind

    def common(self, obj: dict[str, Any], path: str, role: str) -> None:
        """Check the members every GeoJSON object may carry: bbox, crs, and §7.1's bans."""
        for member in FORBIDDEN[role]:
            if member in obj:
                what = "a geometry" if role == "geometry" else f"a {role}"
                self.add(
                    _at(path, member),
                    f'{what} must not have a "{member}" member '
                    "(RFC 7946 §7.1); remove it or move it into the right object",
                )
        if "bbox" in obj:
            self.bbox(obj["bbox"], _at(path, "bbox"))
        if "crs" in obj:
            self.crs(obj["crs"], _at(path, "crs"))

    def bbox(self, box: object, path: str) -> None:
        if not isinstance(box, list):
            self.add(path, f"must be an array of numbers, got {_kind(box)}")
            return
        bad = [k for k, v in enumerate(box) if not _is_number(v)]
        for k in bad:
            self.add(_at(path, k), f"must be a number, got {_kind(box[k])}")
        if len(box) not in (4, 6):
            self.add(path, f"must have 4 numbers (2D) or 6 (3D), got {len(box)}")
        elif not bad and box[1] > box[len(box) // 2 + 1]:
            self.add(
                path,
                "the southern latitude is greater than the northern one; "
                "write west, south, east, north",
            )

    def crs(self, crs: object, path: str) -> None:
        props = crs.get("properties") if isinstance(crs, dict) else None
        name = props.get("name") if isinstance(props, dict) else None
        if isinstance(name, str) and name.strip().lower() in CRS84_NAMES:
            return  # the RFC 7946 default, as GDAL still writes it
        self.add(
            path,
            'RFC 7946 has no "crs" member: coordinates must be WGS 84 longitude/'
            'latitude; reproject to EPSG:4326 and drop "crs"',
        )

    def collection(self, obj: dict[str, Any], path: str) -> None:
        features = obj.get("features")
        if "features" not in obj:
            self.add(path, 'a FeatureCollection needs a "features" member (an array)')
        elif not isinstance(features, list):
            self.add(_at(path, "features"), f"must be an array, got {_kind(features)}")
        else:
            for k, feature in enumerate(features):
                where = _at(_at(path, "features"), k)
                if not isinstance(feature, dict):
                    self.add(where, f"every feature must be an object, got {_kind(feature)}")
                elif (kind := self.type_of(feature, where)) == "Feature":
                    self.feature(feature, where)
                elif kind is not None:
                    self.add(_at(where, "type"), f'must be "Feature", got "{kind}"')

    def feature(self, obj: dict[str, Any], path: str) -> None:
        if "id" in obj and not _is_number(obj["id"]) and not isinstance(obj["id"], str):
            self.add(_at(path, "id"), f"must be a string or a number, got {_kind(obj['id'])}")
        if "properties" not in obj:
            self.add(path, 'a Feature needs a "properties" member (an object or null)')
        elif obj["properties"] is not None and not isinstance(obj["properties"], dict):
            got = _kind(obj["properties"])
            self.add(_at(path, "properties"), f"must be an object or null, got {got}")
        if "geometry" not in obj:
            self.add(path, 'a Feature needs a "geometry" member (a geometry object or null)')
        elif obj["geometry"] is not None:
            self.geometry_member(obj["geometry"], _at(path, "geometry"))

    def geometry_member(self, value: object, path: str) -> str | None:
        if not isinstance(value, dict):
            self.add(path, f"must be a geometry object, got {_kind(value)}")
            return None
        kind = self.type_of(value, path)
        if kind in ("Feature", "FeatureCollection"):
            self.add(_at(path, "type"), f'must be a geometry type, got "{kind}"')
            return None
        if kind is not None:
            self.geometry(value, path)
        return kind

    def geometry(self, obj: dict[str, Any], path: str) -> None:
        kind = obj["type"]
        if kind == "GeometryCollection":
            self.geometry_collection(obj, path)
        elif "coordinates" not in obj:
            self.add(path, f'a {kind} needs a "coordinates" member')
        elif obj["coordinates"] != []:  # an empty array is an empty geometry (§3.1)
            where = _at(path, "coordinates")
            if self.nesting(obj["coordinates"], where, kind, GEOMETRY_DEPTH[kind]):
                self.shape(kind, obj["coordinates"], where)

    def geometry_collection(self, obj: dict[str, Any], path: str) -> None:
        parts = obj.get("geometries")
        if "geometries" not in obj:
            self.add(path, 'a GeometryCollection needs a "geometries" member (an array)')
            return
        if not isinstance(parts, list):
            self.add(_at(path, "geometries"), f"must be an array, got {_kind(parts)}")
            return
        if len(parts) == 1:
            single = "a GeometryCollection of one geometry; use the geometry itself (§3.1.8)"
            self.advise(_at(path, "geometries"), single)
        for k, part in enumerate(parts):
            where = _at(_at(path, "geometries"), k)
            if self.geometry_member(part, where) == "GeometryCollection":
                self.advise(where, "a GeometryCollection inside another; flatten it (§3.1.8)")

    def nesting(self, value: object, path: str, kind: str, depth: int) -> bool:
        """Check arrays nest `depth` levels above the positions; report the first fault."""
        if depth == 0:
            return self.position(value, path)
        if not isinstance(value, list):
            self.add(path, f"must be {LEVELS[kind][depth]}, got {_kind(value)}")
            return False
        inner = LEVELS[kind].get(depth - 1, POSITION)
        for k, item in enumerate(value):
            if not isinstance(item, list):
                hint = "; nest the coordinates one level deeper" if _is_number(item) else ""
                self.add(_at(path, k), f"must be {inner}, got {_kind(item)}{hint}")
                return False
        return all(
            self.nesting(item, _at(path, k), kind, depth - 1) for k, item in enumerate(value)
        )

    def position(self, value: object, path: str) -> bool:
        if not isinstance(value, list):
            self.add(path, f"must be {POSITION}, got {_kind(value)}")
            return False
        ok = len(value) >= 2
        for k, v in enumerate(value):
            if isinstance(v, float) and v == v and abs(v) != float("inf"):
                if self.strict and _NOISE.search(_decimal(v)):
                    self.noise.append(f"{_at(path, k)}: {_decimal(v)}")
            elif not _is_number(v):
                ok = False
                if v is not _NAN:  # check_geojson_text has reported it as bad JSON already
                    deep = "; the coordinates are nested one level too deep"
                    deep = deep if isinstance(v, list) else ""
                    self.add(_at(path, k), f"must be a number, got {_kind(v)}{deep}")
            elif isinstance(v, float):
                ok = False
                self.add(_at(path, k), f"must be a finite number, got {v}")
        if (n := len(value)) < 2:
            self.add(path, f"a position needs 2 numbers (longitude, latitude) or 3, got {n}")
        elif n > 3:
            self.advise(path, f"a position should have at most 3 numbers, got {n}; drop the rest")
        return ok

    def shape(self, kind: str, coords: list[Any], path: str) -> None:
        """Check line lengths, ring closure and winding of well-nested coordinates."""
        if kind == "LineString":
            self.line(coords, path)
        elif kind == "MultiLineString":
            for k, line in enumerate(coords):
                self.line(line, _at(path, k))
        elif kind == "Polygon":
            self.rings(coords, path)
        elif kind == "MultiPolygon":
            for k, polygon in enumerate(coords):
                self.rings(polygon, _at(path, k))

    def line(self, line: list[Any], path: str) -> None:
        if len(line) < 2:
            self.add(path, f"a line needs at least 2 positions, got {len(line)}")

    def rings(self, rings: list[Any], path: str) -> None:
        for k, ring in enumerate(rings):
            where = _at(path, k)
            if len(ring) < 4:
                self.add(where, f"a linear ring needs at least 4 positions, got {len(ring)}")
            if ring and ring[0] != ring[-1]:
                self.add(
                    where,
                    "a linear ring must end where it starts: the first and last "
                    "positions differ; repeat the first position at the end",
                )
            elif len(ring) >= 4 and self.strict:
                area = _signed_area(ring)
                if (area < 0) if k == 0 else (area > 0):
                    which, turn = ("the exterior ring", "counter") if k == 0 else ("a hole", "")
                    self.advise(
                        where,
                        f"{which} must run {turn}clockwise (right-hand rule, "
                        "RFC 7946 §3.1.6); reverse the order of its positions",
                    )


def _decimal(value: float) -> str:
    """Write a float as the shortest plain decimal that reads back as it (no exponent)."""
    text = repr(value)
    return f"{Decimal(text):f}" if "e" in text or "E" in text else text


def _signed_area(ring: list[list[float]]) -> float:
    """Return the shoelace area of a closed ring: positive when it runs counter-clockwise."""
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))


def check_geojson(doc: object, *, strict: bool = True) -> list[str]:
    """Return the RFC 7946 problems of a parsed GeoJSON document, each with its JSON path.

    strict=False keeps only what RFC 7946 requires (MUST), dropping the winding, precision,
    position-length and GeometryCollection advice that real exports (GDAL, QGIS, Esri) trip.
    """
    checker = _Checker(strict)
    try:
        checker.root(doc)
    except RecursionError:  # only GeometryCollections nest without bound
        checker.add("", "GeometryCollections are nested too deeply to check")
    if checker.noise:
        more = len(checker.noise) - 1
        checker.problems.append(
            f"{checker.noise[0]} carries floating-point noise"
            + (f" (and {more} more coordinate(s) like it)" if more else "")
            + "; round coordinates to 7 decimals or fewer (about 1 cm)"
        )
    return checker.problems


def check_geojson_text(text: str, *, strict: bool = True) -> list[str]:
    """Parse GeoJSON text and return its problems, naming line and column for bad JSON."""

    def pairs(items: list[tuple[str, Any]]) -> _Object:
        obj = _Object(items)
        if len(obj) < len(items):
            names = [k for k, _ in items]
            obj.duplicates = tuple(sorted({k for k in names if names.count(k) > 1}))
        return obj

    text = text.removeprefix("\ufeff")  # RFC 8259 §8.1 lets a parser ignore a byte order mark
    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=lambda _: _NAN)
    except json.JSONDecodeError as exc:
        return [f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"]
    except RecursionError:
        return ["document: arrays or objects are nested too deeply to read"]
    problems = []
    for path, value in _walk(doc):
        if value is _NAN:
            problems.append(
                f"{path or 'document'}: NaN and Infinity are not JSON; write a number or null"
            )
        for name in value.duplicates if isinstance(value, _Object) else ():
            problems.append(
                f'{path or "document"}: member "{name}" appears more than once; keep one'
            )
    return problems + check_geojson(doc, strict=strict)


def _walk(doc: object) -> Iterator[tuple[str, object]]:
    """Yield every value of a parsed document with its path, in document order, iteratively."""
    stack: list[tuple[str, object]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(reversed([(_at(path, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(_at(path, k), v) for k, v in enumerate(value)]))
