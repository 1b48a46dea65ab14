"""Partition blocks into lots by recursive straight cuts, vectorised level by level.

The lots are then made a vertex-matched coverage (no T-junctions) and blocks re-dissolved
from them, so PostGIS coverage and containment checks accept them without tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from taxmap.demo.rng import U64, child_keys, normal, uniform

GeomArray = NDArray[np.object_]
IntArray = NDArray[np.int64]

# A cut that leaves a piece below the minimum is retried with fresh random numbers this many
# times; after that a piece within its maximum is kept whole, a larger one is forced (halved).
MAX_TRIES = 6
# Overlay noise below this area (m²) is not land: drop it rather than count it as a part.
_NOISE_M2 = 1e-6
# Streams of the counter-based generator, one per kind of draw.
_S_TARGET, _S_RATIO, _S_ANGLE = 11, 23, 37
# Lots are snapped this many at a time to bound the memory of the neighbour-vertex lists.
_CHUNK = 100_000


@dataclass(frozen=True)
class SizeRule:
    """The lot-size range of one kind of land and the lognormal target that skews it."""

    min_m2: float
    max_m2: float
    median_m2: float
    sigma: float


@dataclass(frozen=True)
class CutRule:
    """How cuts are placed: share of the long axis kept on one side, and angle jitter."""

    ratio: tuple[float, float] = (0.3, 0.7)
    jitter_deg: float = 6.0
    max_levels: int = 80


def partition(
    blocks: GeomArray, keys: U64, rule_idx: IntArray, rules: tuple[SizeRule, ...], cut: CutRule
) -> tuple[GeomArray, IntArray]:
    """Split every block into lots; return the lot polygons and the index of each lot's block."""
    lo = np.array([r.min_m2 for r in rules])
    hi = np.array([r.max_m2 for r in rules])
    log_med = np.log(np.array([r.median_m2 for r in rules]))
    sig = np.array([r.sigma for r in rules])

    geoms = np.asarray(blocks, dtype=object)
    owner = np.arange(len(geoms), dtype=np.int64)
    key = np.asarray(keys, dtype=np.uint64)
    tries = np.zeros(len(geoms), dtype=np.int64)
    done_g: list[GeomArray] = []
    done_o: list[IntArray] = []

    for _level in range(cut.max_levels):
        if len(geoms) == 0:
            break
        rule = rule_idx[owner]
        area = shapely.area(geoms)
        # A fresh target per level (and per retry) makes the stop size random, which gives the
        # skewed spread of real lot sizes rather than a single size per block.
        target = np.exp(log_med[rule] + sig[rule] * normal(key, _S_TARGET, tries))
        must = area > hi[rule]
        can = area >= 2.2 * lo[rule]
        want = must | (can & (area > target) & (tries < MAX_TRIES))
        done_g.append(geoms[~want])
        done_o.append(owner[~want])
        geoms, owner, key, tries = geoms[want], owner[want], key[want], tries[want]
        if len(geoms) == 0:
            break
        forced = tries >= MAX_TRIES
        parts, parent = _cut(geoms, key, tries, forced, cut)
        p_area = shapely.area(parts)
        n_parts = np.bincount(parent, minlength=len(geoms))
        smallest = np.full(len(geoms), np.inf)
        np.minimum.at(smallest, parent, p_area)
        ok = (n_parts >= 2) & (smallest >= lo[rule_idx[owner]])
        fix = forced & ~ok & (n_parts >= 2)
        if fix.any():
            parts, parent, ok = _absorb_small(parts, parent, fix, ok, lo[rule_idx[owner]])
        take = ok[parent]
        parts, parent = parts[take], parent[take]
        ordinal = _ordinal(parent)
        geoms = np.concatenate([parts, geoms[~ok]])
        new_key = np.concatenate([child_keys(key[parent], ordinal), key[~ok]])
        owner = np.concatenate([owner[parent], owner[~ok]])
        tries = np.concatenate([np.zeros(len(parts), dtype=np.int64), tries[~ok] + 1])
        key = new_key
    done_g.append(geoms)
    done_o.append(owner)
    return np.concatenate(done_g), np.concatenate(done_o)


def _cut(
    geoms: GeomArray, key: U64, tries: IntArray, forced: NDArray[np.bool_], cut: CutRule
) -> tuple[GeomArray, IntArray]:
    """Cut each polygon across its long axis; return the polygon parts and their parent index."""
    env = shapely.oriented_envelope(geoms)
    n = len(geoms)
    xy = np.zeros((n, 3, 2))
    rect = shapely.get_num_coordinates(env) == 5
    if rect.any():
        xy[rect] = shapely.get_coordinates(env[rect]).reshape(-1, 5, 2)[:, :3]
    else:  # degenerate envelopes only: nothing can be cut
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    e1 = xy[:, 1] - xy[:, 0]
    e2 = xy[:, 2] - xy[:, 1]
    l1 = np.hypot(e1[:, 0], e1[:, 1])
    l2 = np.hypot(e2[:, 0], e2[:, 1])
    # Cut across the long side; after a few failed tries alternate with cuts along it, which is
    # what frees U- and L-shaped pieces whose arms would otherwise be cut off as slivers.
    along = (tries >= MAX_TRIES // 2) & (tries % 2 == 1)
    use_e1 = (l1 >= l2) ^ along
    start = np.where(use_e1[:, None], xy[:, 0], xy[:, 1])
    length = np.where(use_e1, l1, l2)
    width = np.where(use_e1, l2, l1)
    axis = np.where(use_e1[:, None], e1, e2) / np.maximum(length, 1e-12)[:, None]

    lo_r, hi_r = cut.ratio
    t = lo_r + (hi_r - lo_r) * uniform(key, _S_RATIO, tries)
    phi = np.radians(cut.jitter_deg) * (2.0 * uniform(key, _S_ANGLE, tries) - 1.0)
    # A piece that must be split but never found a clean cut is first halved square to its axis.
    first_forced = forced & (tries == MAX_TRIES)
    t = np.where(first_forced, 0.5, t)
    phi = np.where(first_forced, 0.0, phi)

    centre = start + axis * (t * length)[:, None]
    cos, sin = np.cos(phi)[:, None], np.sin(phi)[:, None]
    normal_ = np.column_stack(
        [
            axis[:, 0] * cos[:, 0] - axis[:, 1] * sin[:, 0],
            axis[:, 0] * sin[:, 0] + axis[:, 1] * cos[:, 0],
        ]
    )
    tangent = np.column_stack([-normal_[:, 1], normal_[:, 0]])
    # The half-plane behind the cut line, as a square big enough to cover the whole piece.
    big = (2.0 * (length + width) + 1.0)[:, None]
    a = centre + tangent * big
    b = centre - tangent * big
    ring = np.stack([a, b, b - normal_ * big, a - normal_ * big, a], axis=1)
    half = shapely.polygons(ring)
    half[~rect] = None

    left = shapely.intersection(geoms, half)
    right = shapely.difference(geoms, half)
    pl, il = shapely.get_parts(left, return_index=True)
    pr, ir = shapely.get_parts(right, return_index=True)
    parts = np.concatenate([pl, pr])
    parent = np.concatenate([il, ir]).astype(np.int64)
    keep = (shapely.get_type_id(parts) == 3) & (shapely.area(parts) > _NOISE_M2)
    parts, parent = parts[keep], parent[keep]
    # Parts come back grouped by side; order them by parent so children are numbered stably.
    order = np.argsort(parent, kind="stable")
    return parts[order], parent[order]


def _ordinal(parent: IntArray) -> IntArray:
    """Number the parts of each parent 0, 1, 2, … (parents are sorted)."""
    if len(parent) == 0:
        return parent
    first = np.r_[True, parent[1:] != parent[:-1]]
    start_pos = np.maximum.accumulate(np.where(first, np.arange(len(parent)), 0))
    return np.arange(len(parent), dtype=np.int64) - start_pos


def _absorb_small(
    parts: GeomArray,
    parent: IntArray,
    fix: NDArray[np.bool_],
    ok: NDArray[np.bool_],
    min_m2: NDArray[np.float64],
) -> tuple[GeomArray, IntArray, NDArray[np.bool_]]:
    """Merge parts below the minimum into the sibling they share most border with."""
    ok = ok.copy()
    keep = np.ones(len(parts), dtype=bool)
    extra_g: list[BaseGeometry] = []
    extra_p: list[int] = []
    for p in np.flatnonzero(fix):
        idx = np.flatnonzero(parent == p)
        group: list[BaseGeometry] = list(parts[idx])
        while len(group) > 1:
            areas = [g.area for g in group]
            s = int(np.argmin(areas))
            if areas[s] >= min_m2[p]:
                break
            small = group.pop(s)
            shared = [small.boundary.intersection(g.boundary).length for g in group]
            j = int(np.argmax(shared))
            group[j] = shapely.union(group[j], small)
        if len(group) < 2:  # everything merged back: leave the piece for another try
            continue
        keep[idx] = False
        for g in group:
            pieces = list(shapely.get_parts(g))
            extra_g.extend(pieces)
            extra_p.extend([int(p)] * len(pieces))
        ok[p] = True
    parts = np.concatenate([parts[keep], np.array(extra_g, dtype=object)])
    parent = np.concatenate([parent[keep], np.array(extra_p, dtype=np.int64)])
    order = np.argsort(parent, kind="stable")
    return parts[order], parent[order], ok


def snap_to_neighbours(geoms: GeomArray, group: IntArray, tol: float = 1e-6) -> GeomArray:
    """Insert into each polygon the vertices of same-group neighbours lying on its edges.

    A cut adds vertices to the two new pieces but not to the neighbour across the old edge,
    leaving T-junctions. They are harmless for areas but make a coverage "invalid" to GEOS and
    PostGIS coverage tools and let a lot poke 1e-10 m outside its block, so ST_CoveredBy fails.
    Snapping each lot to its neighbours' vertices (within `tol` metres) removes them.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    pts, owner = shapely.get_coordinates(shapely.extract_unique_points(geoms), return_index=True)
    count = np.bincount(owner, minlength=len(geoms))
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    tree = shapely.STRtree(geoms)
    for lo in range(0, len(geoms), _CHUNK):
        chunk = np.arange(lo, min(lo + _CHUNK, len(geoms)))
        a, b = tree.query(geoms[chunk], predicate="dwithin", distance=tol)
        a = chunk[a]
        keep = (a != b) & (group[a] == group[b])
        a, b = a[keep], b[keep]
        if len(a) == 0:
            continue
        order = np.argsort(a, kind="stable")
        a, b = a[order], b[order]
        # Every vertex of every neighbour b, labelled with the polygon a it may be inserted into.
        n = count[b]
        rep_a = np.repeat(a, n)
        first = np.repeat(start[b] - np.concatenate([[0], np.cumsum(n)[:-1]]), n)
        idx = first + np.arange(len(rep_a))
        targets, slot = np.unique(rep_a, return_inverse=True)
        # Snapping only reads the reference's vertices; a line through them is far cheaper to
        # build than a MultiPoint, which makes one Point object per vertex.
        refs = shapely.linestrings(pts[idx], indices=slot)
        snapped = shapely.snap(geoms[targets], refs, tol)
        # Snapping can, very rarely, fold a ring; then the piece keeps its T-junctions.
        good = shapely.is_valid(snapped) & (
            np.abs(shapely.area(snapped) - shapely.area(geoms[targets])) <= 1e-6
        )
        out[targets[good]] = snapped[good]
    return out


def union_by_group(geoms: GeomArray, group: IntArray, n_groups: int) -> GeomArray:
    """Dissolve the polygons of each group; use the exact coverage union where it applies."""
    out = np.empty(n_groups, dtype=object)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    for g in range(n_groups):
        members = geoms[order[bounds[g] : bounds[g + 1]]]
        total = float(shapely.area(members).sum())
        try:
            merged = shapely.coverage_union_all(members)
        except shapely.errors.GEOSException:
            merged = None
        # The coverage union trusts its input; check it and fall back to a full overlay union.
        if merged is None or not merged.is_valid or abs(merged.area - total) > 1e-9 * total:
            merged = shapely.union_all(members)
        out[g] = merged
    return out
