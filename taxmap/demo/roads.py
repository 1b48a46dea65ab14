"""Lay out a rural road network: a perturbed grid of main roads and village lanes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

F64 = NDArray[np.float64]

# Main-road centrelines are sampled this often (m) so they can bend gently.
_STEP_M = 400.0
# Lanes closer than this share of the radius to the village edge would cut thin crescents.
_LANE_REACH = 0.85


@dataclass(frozen=True)
class GridLine:
    """A main-road centreline: across-axis offset `off` as a function of along-axis `t`."""

    vertical: bool
    base: float
    t: F64
    off: F64

    def line(self) -> LineString:
        """Return the centreline as x/y coordinates."""
        xy = np.column_stack([self.off, self.t] if self.vertical else [self.t, self.off])
        return LineString(xy)

    def at(self, t: F64) -> F64:
        """Return the across-axis position of the line at along-axis positions t."""
        return np.asarray(np.interp(t, self.t, self.off), dtype=np.float64)


@dataclass(frozen=True)
class Village:
    """A village core: its number (หมู่), centre and the polygon inside its ring lane."""

    number: int
    centre: tuple[float, float]
    polygon: Polygon


@dataclass
class Network:
    """The road centrelines with their kind, names and widths, and the villages they serve."""

    verticals: list[GridLine]
    horizontals: list[GridLine]
    villages: list[Village]
    roads: list[dict[str, Any]] = field(default_factory=list)


def _positions(
    lo: float, hi: float, spacing: tuple[float, float], pins: list[float], rng: np.random.Generator
) -> list[float]:
    """Place grid-line positions across [lo, hi], moving the nearest line onto each pin."""
    s_min, s_max = spacing
    pos: list[float] = []
    x = lo + rng.uniform(0.3, 1.0) * s_min
    while x < hi - 0.3 * s_min:
        pos.append(x)
        x += rng.uniform(s_min, s_max)
    # Villages grow along main roads: pull the nearest road through each village centre, unless
    # another village already holds it or a neighbouring gap would shrink below half the minimum.
    held: set[int] = set()
    for p in pins:
        if not pos:
            pos.append(p)
            held.add(0)
            continue
        i = int(np.argmin([abs(q - p) for q in pos]))
        left = pos[i - 1] if i > 0 else -np.inf
        right = pos[i + 1] if i + 1 < len(pos) else np.inf
        if i not in held and p - left >= 0.5 * s_min and right - p >= 0.5 * s_min:
            pos[i] = p
            held.add(i)
    # A pulled road can leave a wide gap behind it: fill any gap over the maximum spacing.
    filled = [pos[0]] if pos else []
    for q in pos[1:]:
        gap = q - filled[-1]
        n_new = int(np.ceil(gap / s_max)) - 1
        for k in range(1, n_new + 1):
            filled.append(filled[-1] + (q - filled[-1]) / (n_new + 2 - k))
        filled.append(q)
    return filled


def _wobble(n: int, amplitude: float, rng: np.random.Generator) -> F64:
    """Return a smooth bounded random walk, so roads bend gently instead of zig-zagging."""
    w = np.zeros(n)
    for k in range(1, n):
        w[k] = np.clip(0.7 * w[k - 1] + rng.normal(0.0, 0.5 * amplitude), -amplitude, amplitude)
    return w


def _grid_lines(
    bounds: tuple[float, float, float, float],
    vertical: bool,
    spacing: tuple[float, float],
    wobble_m: float,
    centres: list[tuple[float, float]],
    radius: float,
    rng: np.random.Generator,
) -> list[GridLine]:
    """Make the main roads of one direction as gently bending lines across the bounds."""
    xmin, ymin, xmax, ymax = bounds
    lo, hi = (xmin, xmax) if vertical else (ymin, ymax)
    t_lo, t_hi = (ymin, ymax) if vertical else (xmin, xmax)
    margin = 2.0 * _STEP_M
    n = max(2, int(np.ceil((t_hi - t_lo + 2 * margin) / _STEP_M)) + 1)
    t = np.linspace(t_lo - margin, t_hi + margin, n)
    pins = [c[0] if vertical else c[1] for c in centres]
    lines = []
    for base in _positions(lo, hi, spacing, pins, rng):
        off = base + _wobble(n, wobble_m, rng)
        # Keep the road straight through village cores so the lane grid lines up with it.
        for cx, cy in centres:
            px, py = (off, t) if vertical else (t, off)
            d = np.hypot(px - cx, py - cy)
            taper = np.clip((d - 1.2 * radius) / radius, 0.0, 1.0)
            off = base + (off - base) * taper
        lines.append(GridLine(vertical, base, t, off))
    return lines


def _village_polygon(
    centre: tuple[float, float], radius: float, rng: np.random.Generator
) -> Polygon:
    """Draw a village outline: a circle with a few low harmonics so it looks grown, not drawn."""
    theta = np.linspace(0.0, 2.0 * np.pi, 97)[:-1]
    r = np.full_like(theta, radius)
    for k, amp in ((1, 0.06), (2, 0.05), (3, 0.03)):
        r *= 1.0 + amp * np.sin(k * theta + rng.uniform(0.0, 2.0 * np.pi))
    return Polygon(np.column_stack([centre[0] + r * np.cos(theta), centre[1] + r * np.sin(theta)]))


def _lane_positions(
    origin: float,
    centre: float,
    radius: float,
    spacing: tuple[float, float],
    rng: np.random.Generator,
) -> list[float]:
    """Place lanes every 150-300 m on both sides of the village's main road, across the ring."""
    reach = _LANE_REACH * radius
    out: list[float] = []
    for sign in (-1.0, 1.0):
        q = origin + sign * rng.uniform(*spacing)
        while abs(q - centre) < reach:
            out.append(q)
            q += sign * rng.uniform(*spacing)
    return sorted(out)


def _origin(lines: list[GridLine], value: float, radius: float) -> float:
    """Return where the village's lane grid starts: its main road, or else its centre."""
    best = min(lines, key=lambda g: abs(g.base - value), default=None)
    return best.base if best is not None and abs(best.base - value) < radius else value


def build_network(
    bounds: tuple[float, float, float, float],
    centres: list[tuple[float, float]],
    *,
    seed: int,
    spacing: tuple[float, float],
    wobble_m: float,
    radius: float,
    lane_spacing: tuple[float, float],
    main_width: float,
    lane_width: float,
) -> Network:
    """Lay out main roads, village rings and lanes as named centrelines with widths."""
    rng = np.random.default_rng(seed)
    verticals = _grid_lines(bounds, True, spacing, wobble_m, centres, radius, rng)
    horizontals = _grid_lines(bounds, False, spacing, wobble_m, centres, radius, rng)
    net = Network(verticals, horizontals, [])
    for k, g in enumerate(verticals + horizontals, start=1):
        net.roads.append(_road(g.line(), "main", main_width, f"ถนนสาย {k}", f"Road {k}"))
    for v, centre in enumerate(centres, start=1):
        poly = _village_polygon(centre, radius, rng)
        net.villages.append(Village(v, centre, poly))
        net.roads.append(
            _road(poly.exterior, "lane", lane_width, f"ถนนรอบหมู่ {v}", f"Village {v} ring road")
        )
        ox = _origin(verticals, centre[0], radius)
        oy = _origin(horizontals, centre[1], radius)
        lanes: list[BaseGeometry] = []
        for x in _lane_positions(ox, centre[0], radius, lane_spacing, rng):
            lanes.append(LineString([(x, centre[1] - 2 * radius), (x, centre[1] + 2 * radius)]))
        for y in _lane_positions(oy, centre[1], radius, lane_spacing, rng):
            lanes.append(LineString([(centre[0] - 2 * radius, y), (centre[0] + 2 * radius, y)]))
        for k, lane in enumerate(shapely.intersection(lanes, poly), start=1):
            if lane.is_empty or lane.length < 0.1 * radius:
                continue
            net.roads.append(_road(lane, "lane", lane_width, f"ซอย {v}/{k}", f"Soi {v}/{k}"))
    return net


def _road(
    centreline: BaseGeometry, kind: str, width: float, name_th: str, name_en: str
) -> dict[str, Any]:
    return {
        "centreline": centreline,
        "kind": kind,
        "width_m": width,
        "name_th": name_th,
        "name_en": name_en,
    }


def road_surfaces(
    roads: list[dict[str, Any]], area: BaseGeometry
) -> tuple[BaseGeometry, list[BaseGeometry]]:
    """Buffer centrelines into surfaces clipped to the area, each minus the roads before it.

    Also return the union of all surfaces, computed from the overlapping buffers: the union of
    the disjoint pieces can keep hairline gaps where two roads meet, which would join blocks.
    """
    lines = np.array([r["centreline"] for r in roads], dtype=object)
    widths = np.array([r["width_m"] for r in roads])
    # Mitred flat-ended buffers keep vertex counts low; lane ends sit inside the road they meet.
    raw = shapely.buffer(lines, widths / 2.0, cap_style="flat", join_style="mitre")
    raw = shapely.intersection(raw, area)
    tree = shapely.STRtree(raw)
    a, b = tree.query(raw, predicate="intersects")
    earlier = b < a
    out: list[BaseGeometry] = []
    for i in range(len(raw)):
        prev = b[earlier & (a == i)]
        geom = (
            raw[i] if len(prev) == 0 else shapely.difference(raw[i], shapely.union_all(raw[prev]))
        )
        out.append(_polygonal(geom))
    return shapely.union_all(raw), out


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts of an overlay result (drop stray lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else shapely.multipolygons(parts)
