"""Geometry rules of parcel edits: snap, check against neighbours, split, merge (pure).

Geometries are in the LAO's projected metre CRS and stay in it; the caller transforms a fault's
geometry to WGS 84 at the edge. The order of an edit is: snap the submitted boundary to its
neighbours, then check it (`check_edit`); a split or merge produces the children to check.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from taxmap.core.errors import InvalidGeometry, TaxmapError, TopologyConflict

Coords = npt.NDArray[np.float64]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
GeomArray = npt.NDArray[np.object_]
FaultKind = Literal["overlap", "gap", "outside_block", "invalid", "not_polygon", "empty"]

_POLYGON, _MULTIPOLYGON = 3, 6  # shapely.get_type_id codes
_LINEAR = (1, 2)  # LineString, LinearRing
# Children of a split must add up to the parent (issue 4); polygonize only loses float noise.
_SPLIT_AREA_TOLERANCE_M2 = 0.01


@dataclass(frozen=True)
class Fault:
    """One reason an edit is refused, with the offending area in the input CRS."""

    kind: FaultKind
    neighbour: str | None
    area_m2: float
    geometry: BaseGeometry
    message_en: str
    message_th: str


# --- snapping -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Linework:
    """Vertices and segments of reference geometries near the geometry being snapped."""

    vertices: Coords
    start: Coords
    end: Coords


def _linework(
    geoms: Iterable[BaseGeometry], window: tuple[float, float, float, float]
) -> _Linework:
    parts = shapely.get_parts(np.array(list(geoms), dtype=object))
    kind = shapely.get_type_id(parts)
    lines = np.concatenate(
        [shapely.get_rings(parts[kind == _POLYGON]), parts[np.isin(kind, _LINEAR)]]
    )
    xy, line = shapely.get_coordinates(lines, return_index=True)
    same = line[1:] == line[:-1]
    start, end = xy[:-1][same], xy[1:][same]
    # A neighbour may be a whole block or road with thousands of vertices: keep only segments
    # whose bounding box reaches the window, so the distance matrices stay small.
    xmin, ymin, xmax, ymax = window
    near = (
        (np.minimum(start[:, 0], end[:, 0]) <= xmax)
        & (np.maximum(start[:, 0], end[:, 0]) >= xmin)
        & (np.minimum(start[:, 1], end[:, 1]) <= ymax)
        & (np.maximum(start[:, 1], end[:, 1]) >= ymin)
    )
    start, end = start[near], end[near]
    return _Linework(np.unique(np.concatenate([start, end]), axis=0), start, end)


def _nearest_on_segments(
    points: Coords, start: Coords, end: Coords
) -> tuple[Coords, Floats, Ints, Floats]:
    """Return each point's nearest point on the segments, its distance, segment and position t."""
    d = end - start
    length2 = np.einsum("ij,ij->i", d, d)
    rel = points[:, None, :] - start[None, :, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.einsum("ijk,jk->ij", rel, d) / length2
    t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
    # start + t*d is exact on axis-parallel edges (d is 0 across them); at t = 1 it may miss
    # `end` by an ulp, so take `end` itself.
    q = np.where((t == 1.0)[..., None], end[None, :, :], start[None, :, :] + t[..., None] * d)
    dist = np.hypot(points[:, None, 0] - q[..., 0], points[:, None, 1] - q[..., 1])
    seg = np.argmin(dist, axis=1)
    row = np.arange(len(points))
    return q[row, seg], dist[row, seg], seg, t[row, seg]


def _move_vertices(xy: Coords, ref: _Linework, tolerance: float) -> Coords:
    """Move each vertex onto the nearest reference vertex, else the nearest reference edge."""
    out = xy.copy()
    on_vertex = np.zeros(len(xy), dtype=bool)
    if len(ref.vertices):
        dv = np.hypot(
            xy[:, None, 0] - ref.vertices[None, :, 0], xy[:, None, 1] - ref.vertices[None, :, 1]
        )
        k = np.argmin(dv, axis=1)
        on_vertex = dv[np.arange(len(xy)), k] <= tolerance
        out[on_vertex] = ref.vertices[k[on_vertex]]
    rest = np.flatnonzero(~on_vertex)
    if len(ref.start) and len(rest):
        q, dist, _, _ = _nearest_on_segments(xy[rest], ref.start, ref.end)
        on_edge = dist <= tolerance
        out[rest[on_edge]] = q[on_edge]
    return out


def _insert_vertices(xy: Coords, ref: _Linework, tolerance: float) -> Coords:
    """Insert into the path's segments the reference vertices lying within tolerance of them."""
    if len(ref.vertices) == 0 or len(xy) < 2:
        return xy
    own = (ref.vertices[:, None, :] == xy[None, :, :]).all(axis=2).any(axis=1)
    cand = ref.vertices[~own]
    if len(cand) == 0:
        return xy
    start, end = xy[:-1], xy[1:]
    _, dist, seg, t = _nearest_on_segments(cand, start, end)
    # A segment that already is a neighbour's edge is matched: a vertex near it belongs to
    # another edge of that neighbour (a short edge leaving the shared line), and inserting it
    # would bend the shared edge into the neighbour.
    pairs = np.hstack([start, end])
    theirs = np.vstack([np.hstack([ref.start, ref.end]), np.hstack([ref.end, ref.start])])
    matched = (pairs[:, None, :] == theirs[None, :, :]).all(axis=2).any(axis=1)
    ok = (dist <= tolerance) & (t > 0.0) & (t < 1.0) & ~matched[seg]
    if not ok.any():
        return xy
    # The neighbour's vertex itself goes in (not its projection), so both sides share it.
    seg_key = np.concatenate([np.arange(len(start)), seg[ok]])
    t_key = np.concatenate([np.full(len(start), -1.0), t[ok]])
    order = np.lexsort((t_key, seg_key))
    return np.concatenate([np.concatenate([start, cand[ok]])[order], xy[-1:]])


def _drop_repeats(xy: Coords) -> Coords:
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = (xy[1:] != xy[:-1]).any(axis=1)
    return xy[keep]


def _snap_path(xy: Coords, ref: _Linework, tolerance: float) -> Coords:
    moved = _drop_repeats(_move_vertices(xy, ref, tolerance))
    return _drop_repeats(_insert_vertices(moved, ref, tolerance))


def _snap_polygon(poly: Polygon, ref: _Linework, tolerance: float) -> Polygon:
    rings = [
        _snap_path(shapely.get_coordinates(r), ref, tolerance)
        for r in (poly.exterior, *poly.interiors)
    ]
    if len(rings[0]) < 4:  # the whole ring folded onto a neighbour's vertex or edge
        return Polygon()
    # A hole narrower than the tolerance collapses; its area is below tolerance² anyway.
    return Polygon(rings[0], [h for h in rings[1:] if len(h) >= 4])


def snap_to_neighbours(
    geom: BaseGeometry, neighbours: Iterable[BaseGeometry], tolerance: float
) -> BaseGeometry:
    """Snap a parcel's boundary to its neighbours' vertices and edges within `tolerance` metres.

    Each vertex moves onto the nearest neighbour vertex within tolerance, else onto the nearest
    point of a neighbour's edge within tolerance; then every neighbour vertex within tolerance
    of one of the parcel's edges is inserted into that edge (unless the edge already is a
    neighbour's edge), so a shared boundary has the same vertices on both sides. Neighbours may
    be polygons or lines (pass the block's outline too). A tolerance of 0 turns snapping off.
    Anything but a non-empty Polygon or MultiPolygon comes back unchanged for `check_edit` to
    report; the result may be invalid (a ring folded by snapping), which `check_edit` reports.
    """
    if geom.is_empty or shapely.get_type_id(geom) not in (_POLYGON, _MULTIPOLYGON):
        return geom
    if not (math.isfinite(tolerance) and tolerance > 0):
        return geom
    xmin, ymin, xmax, ymax = geom.bounds
    window = (xmin - tolerance, ymin - tolerance, xmax + tolerance, ymax + tolerance)
    ref = _linework(neighbours, window)
    if len(ref.start) == 0:
        return geom
    parts = [_snap_polygon(p, ref, tolerance) for p in shapely.get_parts(geom)]
    if isinstance(geom, Polygon):
        return parts[0]
    return MultiPolygon([p for p in parts if not p.is_empty])


# --- messages -----------------------------------------------------------------------------


class _Words(NamedTuple):
    """A phrase that differs between the English and the Thai text."""

    en: str
    th: str


# (English, Thai) per fault or refusal: {code} is the edited parcel, {other} a neighbour, {a}
# an area in m², {d} a distance or a second area, {what} a geometry type or reason, {at} where.
TEXTS: dict[str, tuple[str, str]] = {
    "empty": (
        "Parcel {code} has no new boundary: draw the parcel.",
        "แปลง {code} ไม่มีแนวเขตใหม่ ให้วาดแนวเขตแปลง",
    ),
    "not_polygon": (
        "The new boundary of parcel {code} is a {what}, not one polygon: draw the parcel as "
        "one closed ring.",
        "แนวเขตใหม่ของแปลง {code} เป็น {what} ไม่ใช่รูปหลายเหลี่ยมรูปเดียว ให้วาดแปลงเป็นรูปปิดรูปเดียว",
    ),
    "invalid": (
        "The new boundary of parcel {code} is invalid ({what}{at}): fix the ring so it does "
        "not cross or touch itself.",
        "แนวเขตใหม่ของแปลง {code} ไม่ถูกต้อง ({what}{at}) ให้แก้เส้นรอบแปลงไม่ให้ตัดหรือแตะกันเอง",
    ),
    "outside_block": (
        "The new boundary of parcel {code} reaches {a:,.2f} m² outside its block: move the "
        "boundary back inside the block.",
        "แนวเขตใหม่ของแปลง {code} ยื่นออกนอกบล็อก {a:,.2f} ตร.ม. ให้เลื่อนแนวเขตกลับเข้าในบล็อก",
    ),
    "overlap": (
        "Parcel {other} would be overlapped by {a:,.2f} m²: move the boundary, or adjust "
        "{other} in the same case.",
        "แปลง {other} จะถูกทับซ้อน {a:,.2f} ตร.ม. ให้เลื่อนแนวเขต หรือปรับแปลง {other} ในเรื่องเดียวกัน",
    ),
    "gap": (
        "The new boundary of parcel {code} would leave a gap of {a:,.2f} m² in its block: "
        "extend {other} over it in the same case, or keep the old boundary.",
        "แนวเขตใหม่ของแปลง {code} ทำให้เกิดช่องว่าง {a:,.2f} ตร.ม. ในบล็อก "
        "ให้ขยาย{other}ให้ครอบคลุมในเรื่องเดียวกัน หรือคงแนวเขตเดิม",
    ),
    "not_one_polygon": (
        "{code} is a {what}, not one polygon: draw it as one closed ring.",
        "{code} เป็น {what} ไม่ใช่รูปหลายเหลี่ยมรูปเดียว ให้วาดเป็นรูปปิดรูปเดียว",
    ),
    "not_valid": (
        "{code} is not a valid polygon ({what}): fix its boundary first.",
        "{code} ไม่ใช่รูปหลายเหลี่ยมที่ถูกต้อง ({what}) ให้แก้แนวเขตก่อน",
    ),
    "not_a_line": (
        "The split line is a {what} of length {d:,.2f} m: draw one line across the parcel.",
        "เส้นแบ่งแปลงเป็น {what} ยาว {d:,.2f} ม. ให้วาดเส้นเดียวพาดผ่านแปลง",
    ),
    "line_crosses_itself": (
        "The split line crosses itself: draw a line that does not.",
        "เส้นแบ่งแปลงตัดกันเอง ให้วาดเส้นที่ไม่ตัดกันเอง",
    ),
    "line_does_not_cross": (
        "The split line does not cross the parcel: draw it across the parcel, from outside one "
        "side to outside the other.",
        "เส้นแบ่งแปลงไม่ได้พาดผ่านแปลง ให้วาดเส้นพาดผ่านแปลงจากนอกแนวเขตด้านหนึ่งถึงนอกแนวเขตอีกด้านหนึ่ง",
    ),
    "line_only_touches": (
        "The split line only touches the parcel's boundary (at a vertex or along an edge): "
        "draw it across the parcel, from outside one side to outside the other.",
        "เส้นแบ่งแปลงแตะแนวเขตแปลงเท่านั้น (ที่หมุดหรือตามแนวเขต) "
        "ให้วาดเส้นพาดผ่านแปลงจากนอกแนวเขตด้านหนึ่งถึงนอกแนวเขตอีกด้านหนึ่ง",
    ),
    "line_ends_inside": (
        "The split line {what} {d:,.2f} m inside the parcel{at}: extend it beyond the boundary.",
        "เส้นแบ่งแปลง{what}ภายในแปลง ห่างแนวเขต {d:,.2f} ม.{at} ให้ลากเส้นให้เลยแนวเขตแปลง",
    ),
    "line_does_not_divide": (
        "The split line does not divide the parcel: draw it from boundary to boundary across "
        "the parcel.",
        "เส้นแบ่งแปลงไม่ได้แบ่งแปลงออกเป็นส่วน ให้วาดเส้นจากแนวเขตด้านหนึ่งถึงอีกด้านหนึ่ง",
    ),
    "piece_too_small": (
        "The split would leave a piece of {a:,.2f} m², below the minimum of {d:,.2f} m²: move "
        "the line.",
        "การแบ่งจะเหลือส่วนเนื้อที่ {a:,.2f} ตร.ม. น้อยกว่าขั้นต่ำ {d:,.2f} ตร.ม. ให้เลื่อนเส้นแบ่ง",
    ),
    "areas_do_not_add_up": (
        "The children's areas add up to {a:,.2f} m², not the parcel's {d:,.2f} m²: redraw the "
        "line.",
        "เนื้อที่ของแปลงย่อยรวมได้ {a:,.2f} ตร.ม. ไม่เท่ากับเนื้อที่แปลงเดิม {d:,.2f} ตร.ม. ให้วาดเส้นแบ่งใหม่",
    ),
    "too_few_parts": (
        "A merge needs at least two parcels, got {what}: choose the parcels to merge.",
        "การรวมแปลงต้องมีอย่างน้อยสองแปลง แต่ได้ {what} แปลง ให้เลือกแปลงที่จะรวม",
    ),
    "not_adjacent": (
        "{what} not share a boundary line with {other} (touching at a corner is not enough): "
        "merge only parcels that share a boundary.",
        "แปลง {what} ไม่มีแนวเขตร่วมกับแปลง {other} (แตะกันที่มุมไม่นับ) ให้รวมเฉพาะแปลงที่มีแนวเขตติดกัน",
    ),
}


def _texts(key: str, **fields: object) -> tuple[str, str]:
    """Return the English and Thai text of a fault or refusal, filled in."""
    full = {"code": "", "other": "", "what": "", "at": "", "a": 0.0, "d": 0.0, **fields}
    en = {k: v.en if isinstance(v, _Words) else v for k, v in full.items()}
    th = {k: v.th if isinstance(v, _Words) else v for k, v in full.items()}
    return TEXTS[key][0].format(**en), TEXTS[key][1].format(**th)


def _at(x: float, y: float) -> _Words:
    return _Words(f" at ({x:.2f}, {y:.2f})", f" ที่ ({x:.2f}, {y:.2f})")


def _refuse(
    error: type[TaxmapError],
    reason: str,
    details: Mapping[str, object] | None = None,
    **fields: object,
) -> TaxmapError:
    en, th = _texts(reason, **fields)
    return error(en, th, details={"reason": reason, **(details or {})})


def _fault(
    kind: FaultKind, geometry: BaseGeometry, area: float, other: str | None = None, **fields: object
) -> Fault:
    en, th = _texts(kind, a=area, other=other or "", **fields)
    return Fault(kind, other, area, geometry, en, th)


# --- checking an edit against its neighbours and block ------------------------------------


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Return the polygons of an overlay result (dropping its lines and points)."""
    polys = [p for p in shapely.get_parts(geom) if isinstance(p, Polygon) and not p.is_empty]
    if not polys:
        return Polygon()
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _shape_fault(code: str, new: BaseGeometry) -> Fault | None:
    if new.is_empty:
        return _fault("empty", new, 0.0, code=code)
    kind, n = shapely.get_type_id(new), len(shapely.get_parts(new))
    if kind not in (_POLYGON, _MULTIPOLYGON) or n != 1:
        what = f"MultiPolygon of {n} parts" if kind == _MULTIPOLYGON else new.geom_type
        return _fault("not_polygon", new, float(new.area), code=code, what=what)
    reason = str(shapely.is_valid_reason(new))
    if reason == "Valid Geometry":
        return None
    # GEOS puts the location last: "Self-intersection[10 5]".
    text, _, where = reason.partition("[")
    xy = [float(v) for v in where.rstrip("]").split()[:2]]
    if len(xy) < 2:
        return _fault("invalid", new, 0.0, code=code, what=text)
    return _fault("invalid", shapely.Point(xy), 0.0, code=code, what=text, at=_at(*xy))


def _overlaps(new: BaseGeometry, codes: list[str], geoms: GeomArray, tol: float) -> list[Fault]:
    # Only pairs whose interiors meet are overlaid: the usual neighbour just shares an edge.
    hit = np.flatnonzero(shapely.relate_pattern(new, geoms, "T********"))
    shared = shapely.intersection(new, geoms[hit])
    return [
        _fault("overlap", _polygonal(piece), float(area), codes[i])
        for i, piece, area in zip(hit, shared, shapely.area(shared), strict=True)
        if area > tol
    ]


def _gaps(
    code: str, given_up: BaseGeometry, codes: list[str], geoms: GeomArray, tol: float
) -> list[Fault]:
    near = np.flatnonzero(shapely.intersects(given_up, geoms))
    uncovered = _polygonal(shapely.difference(given_up, shapely.union_all(geoms[near])))
    faults = []
    for piece in shapely.get_parts(uncovered):
        if piece.area > tol:
            # Name the neighbours that could take the strip over, so staff know whom to adjust.
            beside = ", ".join(codes[i] for i in near if shapely.intersects(piece, geoms[i]))
            who = (
                _Words(beside, f"แปลง {beside}") if beside else _Words("a neighbour", "แปลงข้างเคียง")
            )
            en, th = _texts("gap", code=code, a=piece.area, other=who)
            faults.append(Fault("gap", None, float(piece.area), piece, en, th))
    return faults


def check_edit(
    code: str,
    old: BaseGeometry | None,
    new: BaseGeometry,
    neighbours: Mapping[str, BaseGeometry],
    block: BaseGeometry | None,
    tolerance_m2: float,
) -> list[Fault]:
    """Return why parcel `code` may not take the boundary `new` (no faults: it may).

    `neighbours` are the current geometries of the parcels around it, already including any
    neighbour the same case adjusts (and may include roads or other non-parcel areas, which
    then count as covering a gap). A shape fault (empty, not one polygon, invalid) is returned
    alone; otherwise: area outside the block, then overlaps by neighbour code, then gaps.
    A gap is area `old` gave up, inside the block, that no neighbour now covers; a parcel
    without a block has no gap check, as in the whole-fabric check. Each area is a fault when
    it is strictly greater than `tolerance_m2`.
    """
    shape = _shape_fault(code, new)
    if shape is not None:
        return [shape]
    faults: list[Fault] = []
    if block is not None:
        outside = _polygonal(shapely.difference(new, block))
        if outside.area > tolerance_m2:
            faults.append(_fault("outside_block", outside, float(outside.area), code=code))
    codes = sorted(c for c in neighbours if c != code)
    geoms = np.array([neighbours[c] for c in codes], dtype=object)
    shapely.prepare(new)
    faults += _overlaps(new, codes, geoms, tolerance_m2)
    if old is not None and block is not None:
        given_up = shapely.intersection(shapely.difference(old, new), block)
        if given_up.area > tolerance_m2:
            faults += _gaps(code, given_up, codes, geoms, tolerance_m2)
    return faults


# --- split --------------------------------------------------------------------------------


def _one_polygon(geom: BaseGeometry, label: _Words) -> Polygon:
    """Return the geometry as one valid Polygon, or raise InvalidGeometry saying why not."""
    parts = shapely.get_parts(geom)
    kind = shapely.get_type_id(geom)
    if geom.is_empty or kind not in (_POLYGON, _MULTIPOLYGON) or len(parts) != 1:
        raise _refuse(InvalidGeometry, "not_one_polygon", code=label, what=geom.geom_type)
    reason = str(shapely.is_valid_reason(geom))
    if reason != "Valid Geometry":
        raise _refuse(InvalidGeometry, "not_valid", code=label, what=reason)
    poly = parts[0]
    assert isinstance(poly, Polygon)
    return poly


def _snapped_line(parcel: Polygon, line: BaseGeometry, tolerance: float) -> LineString:
    if not isinstance(line, LineString) or line.is_empty or line.length == 0:
        raise _refuse(InvalidGeometry, "not_a_line", what=line.geom_type, d=line.length)
    xy = shapely.get_coordinates(line)
    if math.isfinite(tolerance) and tolerance > 0:
        # The same snapping as an edit, against the parcel itself: an end or bend near the
        # boundary lands on it and a crossing near a corner goes through the corner, so no
        # sliver thinner than the tolerance is cut off.
        xy = _snap_path(xy, _linework([parcel], parcel.bounds), tolerance)
    snapped = LineString(xy)
    if not snapped.is_simple:
        raise _refuse(InvalidGeometry, "line_crosses_itself")
    return snapped


def _check_crossing(parcel: Polygon, line: LineString) -> None:
    if shapely.relate(line, parcel)[0] == "F":  # the line never enters the parcel's interior
        touches = shapely.intersects(line, parcel)
        raise _refuse(InvalidGeometry, "line_only_touches" if touches else "line_does_not_cross")
    for end, what in ((0, _Words("starts", "เริ่ม")), (-1, _Words("ends", "สิ้นสุด"))):
        x, y = line.coords[end]
        point = shapely.Point(x, y)
        if shapely.contains_properly(parcel, point):
            depth = float(shapely.distance(point, parcel.boundary))
            details = {"x": x, "y": y, "depth_m": depth}
            raise _refuse(
                InvalidGeometry, "line_ends_inside", details, what=what, d=depth, at=_at(x, y)
            )


def _left_then_along(line: LineString, points: GeomArray) -> Ints:
    """Order points: left of the line before right of it, each side by position along it."""
    xy = shapely.get_coordinates(line)
    start, end = xy[:-1], xy[1:]
    p = shapely.get_coordinates(points)
    _, _, seg, t = _nearest_on_segments(p, start, end)
    d = end[seg] - start[seg]
    rel = p - start[seg]
    right = (d[:, 0] * rel[:, 1] - d[:, 1] * rel[:, 0]) < 0
    lengths = np.hypot(*(end - start).T)
    along = np.concatenate([[0.0], np.cumsum(lengths)])[seg] + t * lengths[seg]
    return np.lexsort((along, right))


def split_by_line(
    parcel: BaseGeometry, line: BaseGeometry, tolerance: float, min_area_m2: float
) -> list[Polygon]:
    """Split a parcel by a line drawn across it into two or more children.

    The line's vertices and crossings are snapped to the parcel's boundary within `tolerance`
    metres first. Both ends must lie outside the parcel or on its boundary. Children come left
    of the line (walking from its first point to its last) before right of it, and on each side
    in the order the line passes them (so reversing the line swaps the sides); each child
    runs counter-clockwise. Raises InvalidGeometry (English and Thai, with
    `details["reason"]`) when the line does not cross, only touches, ends inside, crosses
    itself, does not divide the parcel, or would leave a piece under `min_area_m2`.
    """
    poly = _one_polygon(parcel, _Words("The parcel to split", "แปลงที่จะแบ่ง"))
    cut = _snapped_line(poly, line, tolerance)
    _check_crossing(poly, cut)
    # Node the whole line, not its part inside the parcel: a clipped end lies 1e-15 m off the
    # boundary, the boundary is not noded there and polygonize drops the cut as a dangle.
    noded = shapely.union(poly.boundary, cut)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    # Faces also form in holes and where the line leaves and re-enters: keep those inside.
    inside = np.array([f for f in faces if poly.contains(f.point_on_surface())], dtype=object)
    if len(inside) < 2:
        raise _refuse(InvalidGeometry, "line_does_not_divide")
    areas = shapely.area(inside)
    if areas.min() < min_area_m2:
        a = float(areas.min())
        details = {"area_m2": a, "min_area_m2": min_area_m2}
        raise _refuse(InvalidGeometry, "piece_too_small", details, a=a, d=min_area_m2)
    total = float(areas.sum())
    if abs(total - poly.area) > _SPLIT_AREA_TOLERANCE_M2:  # a GEOS noding failure, not a user's
        raise _refuse(InvalidGeometry, "areas_do_not_add_up", a=total, d=poly.area)
    order = _left_then_along(cut, shapely.point_on_surface(inside))
    # Polygonize's ring direction is arbitrary; stored parcels run counter-clockwise.
    return [shapely.orient_polygons(inside[i]) for i in order]


# --- merge --------------------------------------------------------------------------------


def merge(parts: Mapping[str, BaseGeometry]) -> Polygon:
    """Merge parcels that share boundary lines into one polygon.

    Every parcel must share a boundary line with another (or overlap it); touching at a corner
    is not enough. The union keeps every vertex, so edges the merged parcel shares with other
    neighbours still match theirs; it runs counter-clockwise. Raises InvalidGeometry for a part
    that is not one valid polygon and TopologyConflict naming the parcels that are not adjacent.
    """
    codes = sorted(parts)
    if len(codes) < 2:
        raise _refuse(InvalidGeometry, "too_few_parts", {"codes": codes}, what=len(codes))
    geoms = np.array(
        [_one_polygon(parts[c], _Words(f"Parcel {c}", f"แปลง {c}")) for c in codes], dtype=object
    )
    total = float(shapely.area(geoms).sum())
    try:
        merged = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        merged = None
    # The coverage union trusts its input (no overlaps); check it, else overlay properly.
    if merged is None or not merged.is_valid or abs(merged.area - total) > 1e-9 * total:
        merged = shapely.union_all(geoms)
    # Valid polygons that only meet at corners union into separate pieces (a polygon's
    # interior is connected), so one piece means every part shares a line with another.
    pieces = shapely.get_parts(merged)
    if len(pieces) > 1:
        home = [
            int(np.argmax(shapely.contains(pieces, shapely.point_on_surface(g)))) for g in geoms
        ]
        main = [c for c, h in zip(codes, home, strict=True) if h == home[0]]
        others = [c for c, h in zip(codes, home, strict=True) if h != home[0]]
        listed = ", ".join(others)
        subject = f"Parcel {listed} does" if len(others) == 1 else f"Parcels {listed} do"
        raise _refuse(
            TopologyConflict,
            "not_adjacent",
            {"codes": others, "adjacent": main},
            what=_Words(subject, listed),
            other=", ".join(main),
        )
    oriented: Polygon = shapely.orient_polygons(pieces[0])
    return oriented
