"""Validate imported parcel geometries: type, validity, duplicates, overlaps, slivers, areas.

Pure; geometries arrive in the LAO's projected metre CRS. An `error` finding rejects a feature,
a `review` finding (sliver, area mismatch) only asks a person to look. `repair=True` removes
repeated points, orients rings (exterior counter-clockwise) and rebuilds an invalid polygon
with GEOS make_valid ("structure", collapsed parts dropped), keeping the result only when the
repair is SAFE: it is a non-empty Polygon/MultiPolygon and |area(result) - area(original)| <
repair_area_tolerance * area(original), area(original) being the absolute shoelace area GEOS
gives the invalid input (|shell| - sum |holes|; a bow-tie's lobes cancel in it). A small twist
or a self-touching ring passes; a bow-tie with comparable lobes, a hole outside its shell or a
collapsed ring changes the area and stays rejected. Every repair is reported.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from taxmap.core.errors import ConfigurationError, InvalidGeometry

GeomArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
XY = tuple[float, float]

KINDS = (  # in the order a feature's findings are listed
    *("empty", "wrong_type", "invalid", "duplicate_geometry", "duplicate_key"),
    *("outside_lao", "overlap", "sliver", "area_mismatch"),
)
REVIEW_KINDS = frozenset({"sliver", "area_mismatch"})
VALID_REASON = "Valid Geometry"  # what GEOS says of a valid geometry
_POLYGON, _MULTIPOLYGON = 3, 6  # shapely.get_type_id codes
_REASON = re.compile(r"^(?P<text>.*?)\[(?P<x>\S+) (?P<y>\S+)(?: \S+)?\]$")
_WORKERS = min(8, os.cpu_count() or 1)
_CHUNK = 65_536


@dataclass(frozen=True)
class Thresholds:
    """Tolerances of the import checks (areas in m², ratios as fractions)."""

    # Neighbours digitised separately disagree by centimetres along shared edges: 1 cm over
    # 50 m is 0.5 m². Anything larger is a real overlap a surveyor must resolve.
    overlap_tolerance_m2: float = 0.5
    # One square wah (4 m²), the unit Thai title deeds count in: a smaller parcel is almost
    # always a digitising remnant. Slivers are review items, so a false alarm costs a glance.
    sliver_area_m2: float = 4.0
    # Polsby-Popper 4πA/P² (square 0.785, circle 1): 0.05 is a rectangle of about 1:60,
    # e.g. 1 m x 60 m, narrower than any usable plot.
    sliver_thinness: float = 0.05
    area_mismatch_ratio: float = 0.10
    # 1 % is a tenth of the mismatch ratio, so a repair alone cannot move a parcel across
    # it; real twists change the area by far less (the CORINE test polygon: 1e-14).
    repair_area_tolerance: float = 0.01
    # A parcel may stick out of the LAO boundary by coordinate noise along the border
    # (1 cm over 100 m); raise it when the boundary is coarser than the parcels.
    outside_tolerance_m2: float = 1.0

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not (math.isfinite(value) and value >= 0):
                en = f"import threshold {name} must be a finite number >= 0, got {value!r}"
                raise ConfigurationError(en, f"ค่าเกณฑ์ {name} ต้องไม่ติดลบ", details={"setting": name})


@dataclass(frozen=True)
class Finding:
    """One problem of one feature; `error` rejects it, `review` only flags it."""

    kind: str
    index: int
    source_id: str | None
    message: str
    location: XY | None  # a point on the fault, in the geometries' CRS
    pair: tuple[str, str] | None = None  # ids (or "#index") of both features, by index
    area_m2: float | None = None
    severity: Literal["error", "review"] = "error"
    message_th: str = ""
    other_index: int | None = None


@dataclass(frozen=True)
class Repair:
    """One fix applied to one feature under repair=True."""

    index: int
    source_id: str | None
    what: str
    area_before_m2: float
    area_after_m2: float


@dataclass
class Validation:
    """The geometries to store, which to load, and everything found or fixed."""

    geometries: GeomArray  # MultiPolygon where polygonal (repaired where repaired)
    accepted: BoolArray
    findings: list[Finding]
    repairs: list[Repair]


def invalidity(geom: BaseGeometry) -> tuple[str, XY | None]:
    """Return GEOS's validity reason ("Valid Geometry" if valid) and the fault's location."""
    reason = str(shapely.is_valid_reason(geom))
    match = _REASON.match(reason)
    if match is None:
        return reason, None
    x, y = float(match["x"]), float(match["y"])
    return match["text"], (x, y) if math.isfinite(x) and math.isfinite(y) else None


def _xy(point: XY | None, word: str = "at") -> str:
    return "" if point is None else f" {word} ({point[0]:.1f}, {point[1]:.1f})"


# Message templates per finding: {at} is " at (x, y)", {other} the other feature's label, {t}
# the Thresholds; the other fields come from the check that finds it.
TEXTS_EN = {
    "empty": "has no geometry; draw the parcel or remove the feature",
    "wrong_type": "is a {type}, not a Polygon or MultiPolygon; export parcels as polygons",
    "invalid": "{reason}{at}; fix the ring or import with --repair",
    "unrepairable": "{reason}{at}; --repair cannot fix it safely ({why}); "
    "fix the ring in the source file",
    "duplicate_geometry": "has the same geometry as {other}; remove the duplicate",
    "duplicate_key": "repeats the parcel key {key!r} of {other}; give each parcel its own key",
    "outside_lao": "{area:.2f} m² lies outside the LAO boundary{at} (tolerance "
    "{t.outside_tolerance_m2:g} m²); check the source CRS, or that the parcel is in this LAO",
    "overlap": "overlaps {other} by {area:.2f} m²{at} (tolerance {t.overlap_tolerance_m2:g} m²); "
    "correct the shared boundary",
    "sliver": "may be a sliver: area {area:.2f} m², thinness {pp:.3f}{at} (flagged below "
    "{t.sliver_area_m2:g} m² or thinness {t.sliver_thinness:g}); check it is a real parcel",
    "area_mismatch": "drawn area {area:.2f} m² differs from the legal area {legal:.2f} m² by "
    "{ratio:.1%} (more than {t.area_mismatch_ratio:.0%}); check the boundary or the legal area",
}
TEXTS_TH = {
    "empty": "ไม่มีรูปแปลง ให้วาดรูปแปลงหรือลบรายการนี้",
    "wrong_type": "เป็น {type} ไม่ใช่รูปหลายเหลี่ยม ให้ส่งออกรูปแปลงเป็นรูปหลายเหลี่ยม",
    "invalid": "รูปแปลงไม่ถูกต้อง ({reason}){at} ให้แก้เส้นขอบแปลง หรือนำเข้าด้วย --repair",
    "unrepairable": "รูปแปลงไม่ถูกต้อง ({reason}){at} ซึ่ง --repair แก้อย่างปลอดภัยไม่ได้ ให้แก้ในไฟล์ต้นทาง",
    "duplicate_geometry": "รูปแปลงซ้ำกับ{other} ให้ลบรายการที่ซ้ำ",
    "duplicate_key": "รหัสแปลง {key!r} ซ้ำกับ{other} ให้แต่ละแปลงมีรหัสไม่ซ้ำกัน",
    "outside_lao": "มีพื้นที่ {area:.2f} ตร.ม. อยู่นอกเขต อปท.{at} ให้ตรวจระบบพิกัดของไฟล์ "
    "หรือว่าแปลงอยู่ในเขต อปท. นี้",
    "overlap": "ซ้อนทับกับ{other} {area:.2f} ตร.ม.{at} ให้แก้แนวเขตร่วม",
    "sliver": "อาจเป็นเศษแปลง: เนื้อที่ {area:.2f} ตร.ม. ความเรียว {pp:.3f}{at} ให้ตรวจว่าเป็นแปลงจริง",
    "area_mismatch": "เนื้อที่ตามรูปแปลง {area:.2f} ตร.ม. ต่างจากเนื้อที่ตามเอกสารสิทธิ์ "
    "{legal:.2f} ตร.ม. ({ratio:.1%}) ให้ตรวจแนวเขตหรือเนื้อที่ตามเอกสาร",
}


def _points(geoms: GeomArray) -> list[XY | None]:
    """Return a point on each geometry's surface (on its highest-dimension part), if finite."""
    # NaN or infinite vertices give a NaN point: no location, rather than NaN in the report.
    coords = shapely.get_coordinates(shapely.point_on_surface(geoms))
    return [(float(x), float(y)) if math.isfinite(x + y) else None for x, y in coords]


def _parallel(fn: Callable[[slice], npt.NDArray[Any]], n: int) -> npt.NDArray[Any]:
    """Run a vectorised shapely call over slices on threads (shapely releases the GIL)."""
    slices = [slice(s, min(s + _CHUNK, n)) for s in range(0, n, _CHUNK)]
    if len(slices) <= 1 or _WORKERS == 1:
        return fn(slice(0, n))
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        return np.concatenate(list(pool.map(fn, slices)))


def _repeated_rows(table: npt.NDArray[np.float64]) -> BoolArray:
    """Return which rows of the table equal another row."""
    # Hashing one column is cheap and leaves few rows for the whole-row comparison.
    repeated: BoolArray = pd.Series(table[:, 0]).duplicated(keep=False).to_numpy(copy=True)
    repeated[repeated] = pd.DataFrame(table[repeated]).duplicated(keep=False).to_numpy()
    return repeated


def overlapping_pairs(
    geoms: GeomArray, tolerance_m2: float
) -> tuple[IntArray, IntArray, npt.NDArray[np.float64], GeomArray]:
    """Return the pairs i < j whose interiors share more than tolerance_m2: i, j, area, part.

    Exact for any polygons (one inside another, two subdivisions of one block laid over each
    other): every pair of overlapping boxes is tested, in order of i then j.
    """
    # Box candidates, then "interiors intersect" (DE-9IM T********): it implies the
    # intersects predicate and is far cheaper than overlaying the pairs that only touch.
    a, b = shapely.STRtree(geoms).query(geoms)
    a, b = a[a < b], b[a < b]
    ga, gb = geoms[a], geoms[b]
    inner = _parallel(lambda s: shapely.relate_pattern(ga[s], gb[s], "T********"), len(ga))
    common = shapely.intersection(ga[inner], gb[inner])
    area = np.asarray(shapely.area(common), dtype=float)
    big = area > tolerance_m2
    a, b, area, common = a[inner][big], b[inner][big], area[big], common[big]
    order = np.lexsort((b, a))
    return a[order], b[order], area[order], common[order]


def _text(value: object) -> str | None:
    """Return a key or id as stripped text, or None when it is missing or blank."""
    if type(value) is str:  # the usual case, checked first: keys are tested by the million
        return value.strip() or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def _multipolygon(geom: BaseGeometry) -> BaseGeometry | None:
    """Return a (collection of) polygon(s) as one MultiPolygon, or None if not polygonal."""
    # Collections of polygons (some exporters write these) are MultiPolygons in all but name.
    parts = shapely.get_parts(shapely.get_parts(geom))
    parts = parts[~shapely.is_empty(parts)]
    polygonal = (shapely.get_type_id(parts) == _POLYGON).all()
    return shapely.multipolygons(parts) if polygonal else None


def _safe_repair(geom: BaseGeometry, tolerance: float) -> BaseGeometry | str:
    """Return make_valid's result when it is a safe repair, else why it is not."""
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        return "it has non-finite coordinates"
    try:
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    except GEOSException as exc:  # pragma: no cover - GEOS rarely fails here
        return f"make_valid failed: {exc}"
    if shapely.get_type_id(fixed) not in (_POLYGON, _MULTIPOLYGON) or fixed.is_empty:
        return f"make_valid gives a {fixed.geom_type}"
    before, after = float(geom.area), float(fixed.area)
    if not abs(after - before) < tolerance * before:
        return f"make_valid would change the area from {before:.2f} m² to {after:.2f} m²"
    return _multipolygon(shapely.orient_polygons(fixed)) or fixed


def validate_features(
    geoms: Sequence[BaseGeometry | None] | GeomArray,
    *,
    source_ids: Sequence[str | None],
    keys: Sequence[str | None] | None = None,
    legal_area_m2: Sequence[float | None] | None = None,
    boundary: BaseGeometry | None = None,
    thresholds: Thresholds = Thresholds(),
    repair: bool = False,
) -> Validation:
    """Check parcel geometries for import, repair what is safe if asked, and report all."""
    raw = np.asarray(geoms, dtype=object)
    n = len(raw)
    for name, seq in (("source_ids", source_ids), ("keys", keys), ("legal_area_m2", legal_area_m2)):
        if seq is not None and len(seq) != n:
            raise ValueError(f"{name} has {len(seq)} items for {n} geometries")
    run = _Run(list(source_ids), thresholds, raw.copy())
    present = np.asarray(shapely.is_geometry(raw), dtype=bool)
    present[present] = ~shapely.is_empty(raw[present])
    type_id = np.full(n, -1)
    type_id[present] = shapely.get_type_id(raw[present])
    polygons = np.flatnonzero(type_id == _POLYGON)
    if len(polygons):
        run.out[polygons] = shapely.multipolygons(raw[polygons], indices=np.arange(len(polygons)))
    usable = (type_id == _POLYGON) | (type_id == _MULTIPOLYGON)
    for i in np.flatnonzero(~present):
        run.add("empty", int(i))
    for i in np.flatnonzero(present & ~usable):
        if (multi := _multipolygon(raw[i])) is None:
            run.add("wrong_type", int(i), _points(raw[i : i + 1])[0], type=raw[i].geom_type)
        else:
            run.out[i], usable[i] = multi, True
    idx = np.flatnonzero(usable)
    flat = idx[shapely.has_z(run.out[idx])]
    run.out[flat] = shapely.force_2d(run.out[flat])  # the fabric is stored in 2D

    run.validity(idx, repair)
    usable &= ~run.rejected
    run.duplicate_geometry(usable)
    if keys is not None:
        run.duplicate_keys(keys)
    idx = np.flatnonzero(usable)
    if boundary is not None:
        run.outside(idx, boundary)
    run.overlaps(idx)
    run.review(idx, legal_area_m2)

    run.findings.sort(key=lambda f: (f.index, KINDS.index(f.kind), f.other_index or 0))
    run.repairs.sort(key=lambda r: r.index)
    return Validation(run.out, ~run.rejected, run.findings, run.repairs)


class _Run:
    """One validation: the geometries being checked, and what was found and fixed."""

    def __init__(self, source_ids: list[Any], thresholds: Thresholds, out: GeomArray) -> None:
        self.source_ids, self.t, self.out = source_ids, thresholds, out
        self.findings: list[Finding] = []
        self.repairs: list[Repair] = []
        self.rejected = np.zeros(len(source_ids), dtype=bool)

    def id(self, i: int) -> str | None:
        """Return feature i's source id as text (only reported features need it)."""
        return _text(self.source_ids[i])

    def labels(self, i: int) -> tuple[str, str]:
        """Return how messages name feature i, in English and in Thai."""
        if (sid := self.id(i)) is None:
            return f"feature {i}", f"แปลงลำดับที่ {i}"
        return f"feature {i} (id {sid!r})", f"แปลงลำดับที่ {i} (รหัส {sid!r})"

    def add(self, kind: str, i: int, where: XY | None = None, **fields: Any) -> None:
        """Record a finding worded by TEXTS_*[text or kind]; `other`, `area` etc. fill it."""
        other, text = fields.pop("other", None), fields.pop("text", kind)
        area: float | None = fields.get("area")
        review = kind in REVIEW_KINDS
        self.rejected[i] |= not review
        pair, label, label_th = None, "", ""
        if other is not None:
            first, second = sorted((i, other))
            pair = (self.id(first) or f"#{first}", self.id(second) or f"#{second}")
            label, label_th = self.labels(other)
        me, me_th = self.labels(i)
        fields.update(t=self.t)
        en = f"{me}: " + TEXTS_EN[text].format(at=_xy(where), other=label, **fields)
        th = f"{me_th}: " + TEXTS_TH[text].format(at=_xy(where, "ที่"), other=label_th, **fields)
        sev: Literal["error", "review"] = "review" if review else "error"
        self.findings.append(Finding(kind, i, self.id(i), en, where, pair, area, sev, th, other))

    def repaired(self, i: int, what: str, before: float, after: float | None = None) -> None:
        after = before if after is None else after
        self.repairs.append(Repair(i, self.id(i), what, before, after))

    def validity(self, idx: IntArray, repair: bool) -> None:
        """Reject invalid geometries, or repair them safely; dedupe and orient under repair."""
        out = self.out
        valid = _parallel(lambda s: shapely.is_valid(out[idx[s]]), len(idx)).astype(bool)
        for i in idx[~valid]:
            reason, where = invalidity(out[i])
            fixed = _safe_repair(out[i], self.t.repair_area_tolerance) if repair else None
            if isinstance(fixed, BaseGeometry):
                what = f"rebuilt with make_valid to fix {reason}{_xy(where)}"
                self.repaired(int(i), what, float(out[i].area), float(fixed.area))
                out[i] = fixed
            elif fixed is None:
                self.add("invalid", int(i), where, reason=reason)
            else:
                self.add("invalid", int(i), where, text="unrepairable", reason=reason, why=fixed)
        if not repair:
            return
        # Only valid rings are deduplicated: a valid ring keeps >= 4 points, an invalid one may not.
        ok = idx[valid]
        before = shapely.get_num_coordinates(out[ok])
        out[ok] = shapely.remove_repeated_points(out[ok], 0.0)
        dropped = before - shapely.get_num_coordinates(out[ok])
        for i, k in zip(ok[dropped > 0], dropped[dropped > 0], strict=True):
            self.repaired(int(i), f"removed {k} repeated point(s)", float(out[i].area))
        oriented = shapely.orient_polygons(out[ok])
        for i in ok[~shapely.equals_exact(out[ok], oriented, 0.0)]:
            what = "reoriented rings (exterior counter-clockwise, holes clockwise)"
            self.repaired(int(i), what, float(out[i].area))
        out[ok] = oriented

    def duplicate_geometry(self, usable: BoolArray) -> None:
        """Reject a geometry identical (after normalising) to an earlier feature's."""
        idx = np.flatnonzero(usable)
        # Normalising every geometry is slow. Geometries equal once normalised have the same
        # points, hence the same bounds and point count: only features sharing both are compared.
        # (+ 0.0 makes -0.0 and 0.0, either of which a min or max may return, one value.)
        geoms = self.out[idx]
        key = np.column_stack([shapely.bounds(geoms) + 0.0, shapely.get_num_coordinates(geoms)])
        idx = idx[_repeated_rows(key)]
        wkb = _parallel(lambda s: shapely.to_wkb(shapely.normalize(self.out[idx[s]])), len(idx))
        codes, _ = pd.factorize(pd.Series(wkb, dtype=object))
        _, first = np.unique(codes, return_index=True)
        later = np.flatnonzero(first[codes] != np.arange(len(idx)))
        for k, where in zip(later, _points(self.out[idx[later]]), strict=True):
            self.add("duplicate_geometry", int(idx[k]), where, other=int(idx[first[codes[k]]]))
            usable[idx[k]] = False

    def duplicate_keys(self, keys: Sequence[str | None]) -> None:
        """Reject a feature whose parcel key an earlier feature already has."""
        seen: dict[str, int] = {}
        for i, key in enumerate(map(_text, keys)):
            if key is not None and (j := seen.setdefault(key, i)) != i:
                self.add("duplicate_key", i, other=j, key=key)

    def outside(self, idx: IntArray, boundary: BaseGeometry) -> None:
        """Reject a parcel with more than outside_tolerance_m2 outside the LAO boundary."""
        if not (shapely.get_type_id(boundary) in (_POLYGON, _MULTIPOLYGON) and boundary.is_valid):
            en = f"the LAO boundary is not a valid polygon ({invalidity(boundary)[0]})"
            raise InvalidGeometry(en, "เขต อปท. ไม่ใช่รูปหลายเหลี่ยมที่ถูกต้อง")
        area = shapely.from_wkb(shapely.to_wkb(boundary))  # a private copy to prepare
        shapely.prepare(area)
        for i in idx[~shapely.covers(area, self.out[idx])]:
            # Clip the (large) boundary to the parcel's box first: the overlay stays small.
            near = shapely.make_valid(shapely.clip_by_rect(area, *shapely.bounds(self.out[i])))
            outside = shapely.difference(self.out[i], near)
            if (size := float(outside.area)) > self.t.outside_tolerance_m2:
                where = _points(np.array([outside], dtype=object))[0]
                self.add("outside_lao", int(i), where, area=size)

    def overlaps(self, idx: IntArray) -> None:
        """Reject both members of every pair overlapping by more than overlap_tolerance_m2."""
        a, b, area, common = overlapping_pairs(self.out[idx], self.t.overlap_tolerance_m2)
        for i, j, size, where in zip(idx[a], idx[b], area, _points(common), strict=True):
            for me, other in ((int(i), int(j)), (int(j), int(i))):
                self.add("overlap", me, where, other=other, area=float(size))

    def review(self, idx: IntArray, legal_area_m2: Sequence[float | None] | None) -> None:
        """Flag slivers and drawn-versus-legal area mismatches for review."""
        geoms = self.out[idx]
        area = np.asarray(shapely.area(geoms), dtype=float)
        perimeter = np.asarray(shapely.length(geoms), dtype=float)
        thinness = 4 * np.pi * area / np.maximum(perimeter, 1e-12) ** 2
        sliver = (area < self.t.sliver_area_m2) | (thinness < self.t.sliver_thinness)
        legal = np.full(len(idx), np.nan)
        if legal_area_m2 is not None:
            given = pd.to_numeric(pd.Series(list(legal_area_m2), dtype=object), errors="coerce")
            legal = given.to_numpy(dtype=float, na_value=np.nan)[idx]
        known = np.isfinite(legal) & (legal > 0)
        ratio = np.full(len(idx), np.nan)
        ratio[known] = np.abs(area[known] - legal[known]) / legal[known]
        mismatch = known & (ratio > self.t.area_mismatch_ratio)
        flagged = np.flatnonzero(sliver | mismatch)
        for k, where in zip(flagged, _points(geoms[flagged]), strict=True):
            i, size = int(idx[k]), float(area[k])
            if sliver[k]:
                self.add("sliver", i, where, area=size, pp=thinness[k])
            if mismatch[k]:
                self.add("area_mismatch", i, where, area=size, legal=legal[k], ratio=ratio[k])
