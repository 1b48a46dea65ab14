"""The synthetic parcel fabric: roads, zones, blocks and lots that tile a pilot-like area."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import box

from taxmap.demo.fabric import (
    PARCEL_COLUMNS,
    RAI_M2,
    Fabric,
    FabricSpec,
    generate_fabric,
    generate_for_count,
)
from taxmap.demo.numbering import block_letters, lot_label, zone_label
from taxmap.demo.rng import keys_for
from taxmap.demo.split import CutRule, SizeRule, partition
from taxmap.demo.write import read_parcels_gpkg, write_gpkg

CENTRE = (230_000.0, 1_732_000.0)  # inside tambon Bua Lai, EPSG:32648
AREA = box(CENTRE[0] - 1500, CENTRE[1] - 1500, CENTRE[0] + 1500, CENTRE[1] + 1500)
SPEC = FabricSpec(seed=7, village_centres=(CENTRE,))
TINY = 1e-6  # m²


@pytest.fixture(scope="module")
def fabric() -> Fabric:
    return generate_fabric(AREA, SPEC)


@pytest.fixture(scope="module")
def blocks(fabric: Fabric) -> dict[str, shapely.Geometry]:
    return {b["code"]: b["geometry"] for b in fabric.blocks}


def _geoms(records: list[dict[str, object]]) -> np.ndarray:
    return np.array([r["geometry"] for r in records], dtype=object)


def test_fabric_has_roads_zones_blocks_and_parcels(fabric: Fabric) -> None:
    assert {r["kind"] for r in fabric.roads} == {"main", "lane"}
    assert all(r["name_th"] and r["name_en"] for r in fabric.roads)
    assert len(fabric.zones) >= 1 and len(fabric.blocks) > 20 and len(fabric.parcels) > 2000
    assert list(fabric.parcels.columns) == PARCEL_COLUMNS
    assert fabric.epsg == 32648


def test_parcels_are_valid_polygons(fabric: Fabric) -> None:
    geoms = fabric.parcels["geometry"].to_numpy()
    assert set(shapely.get_type_id(geoms)) == {3}
    assert shapely.is_valid(geoms).all()
    assert np.allclose(shapely.area(geoms), fabric.parcels["area_m2"])


def test_parcels_do_not_overlap(fabric: Fabric) -> None:
    geoms = fabric.parcels["geometry"].to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pair = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pair]], geoms[right[pair]]))
    assert pair.sum() > len(geoms)  # neighbours touch: the check really ran
    assert overlap.max() < TINY


def test_parcels_tile_each_block_without_gaps(
    fabric: Fabric, blocks: dict[str, shapely.Geometry]
) -> None:
    for code, group in fabric.parcels.groupby("block_code"):
        block = blocks[str(code)]
        union = shapely.union_all(group["geometry"].to_numpy())
        assert group["area_m2"].sum() == pytest.approx(block.area, rel=1e-6)
        assert shapely.symmetric_difference(union, block).area < 1e-6 * block.area
    assert set(fabric.parcels["block_code"]) == set(blocks)


def test_every_parcel_lies_within_its_block(
    fabric: Fabric, blocks: dict[str, shapely.Geometry]
) -> None:
    own = np.array([blocks[c] for c in fabric.parcels["block_code"]], dtype=object)
    lots = fabric.parcels["geometry"].to_numpy()
    assert shapely.covered_by(lots, own).all()  # exactly, with no tolerance
    assert shapely.area(shapely.difference(lots, own)).max() < TINY


def test_lots_of_a_block_form_a_vertex_matched_coverage(fabric: Fabric) -> None:
    # No T-junctions: GEOS/PostGIS coverage tools accept each block's lots as they are.
    for _, group in fabric.parcels.groupby("block_code"):
        assert shapely.coverage_is_valid(group["geometry"].to_numpy())


def test_u_shaped_piece_is_split_along_its_arms_when_cuts_across_fail() -> None:
    # Every cut across the long axis would cut off an arm smaller than the minimum.
    u_shape = box(0, 0, 50, 100).difference(box(10, 10, 40, 100))
    rule = SizeRule(min_m2=800, max_m2=1500, median_m2=1000, sigma=0.2)
    lots, owner = partition(
        np.array([u_shape], dtype=object), keys_for(1, np.arange(1)), np.zeros(1, np.int64),
        (rule,), CutRule(),
    )  # fmt: skip
    assert (owner == 0).all() and len(lots) == 2
    assert shapely.area(lots).min() >= 800 and shapely.area(lots).max() <= 1500
    assert shapely.area(lots).sum() == pytest.approx(u_shape.area, rel=1e-12)


def test_lot_sizes_fit_village_and_rural_ranges(fabric: Fabric) -> None:
    p = fabric.parcels
    whole_block = p.groupby("block_code")["code"].transform("size") == 1
    assert p["area_m2"].min() >= 100.0  # no slivers, even at the area's edge
    village = p[p["in_village"] & ~whole_block]["area_m2"]
    rural = p[~p["in_village"] & ~whole_block]["area_m2"]
    assert len(village) > 500 and len(rural) > 500
    assert village.between(*SPEC.village_lot_m2).all()  # 50-400 square wah
    assert rural.between(*SPEC.rural_lot_m2).all()  # 0.5-30 rai
    assert (rural / RAI_M2).between(2, 15).mean() > 0.75  # skewed: most are 2-15 rai


def test_village_parcels_lie_in_a_village(fabric: Fabric) -> None:
    village = shapely.union_all(_geoms(fabric.villages))
    pts = shapely.point_on_surface(fabric.parcels["geometry"].to_numpy())
    assert (shapely.contains(village, pts) == fabric.parcels["in_village"].to_numpy()).all()


def test_codes_are_unique_and_follow_zone_block_lot(fabric: Fabric) -> None:
    p = fabric.parcels
    assert p["code"].is_unique
    assert p["code"].str.fullmatch(r"\d{2}[A-Z]+\d{3,4}").all()
    assert (p["code"] == p["block_code"] + p["lot"].map(lambda n: f"{n:03d}")).all()
    assert (p["block_code"] == p["zone"] + p["block"]).all()
    for _, lots in p.groupby("block_code")["lot"]:
        assert sorted(lots) == list(range(1, len(lots) + 1))


def test_zones_are_numbered_and_blocks_lettered_without_holes(fabric: Fabric) -> None:
    zones = [z["code"] for z in fabric.zones]
    assert zones == [f"{i:02d}" for i in range(1, len(zones) + 1)]
    letters = pd.DataFrame(fabric.blocks).groupby("zone")["block"].apply(list)
    for zone_blocks in letters:
        assert zone_blocks == [block_letters(i) for i in range(len(zone_blocks))]
    assert "AA" in letters.iloc[0]  # the village zone has more than 26 blocks


def test_lots_are_numbered_north_west_to_south_east(fabric: Fabric) -> None:
    # Documented sweep: bands one typical lot high (√ median area) from the block's north edge,
    # west to east within a band.
    for code, group in fabric.parcels.groupby("block_code"):
        block = next(b["geometry"] for b in fabric.blocks if b["code"] == code)
        g = group.sort_values("lot")
        cen = shapely.centroid(g["geometry"].to_numpy())
        band = np.sqrt(g["area_m2"].median())
        row = np.floor((block.bounds[3] - shapely.get_y(cen)) / band)
        assert (np.diff(row) >= 0).all()
        same_row = np.diff(row) == 0
        assert (np.diff(shapely.get_x(cen))[same_row] > 0).all()


def test_zones_and_blocks_are_disjoint_from_roads(fabric: Fabric) -> None:
    roads = _geoms(fabric.roads)
    for layer in (fabric.blocks, fabric.zones):
        geoms = _geoms(layer)
        i, j = shapely.STRtree(roads).query(geoms, predicate="intersects")
        assert shapely.area(shapely.intersection(geoms[i], roads[j])).max(initial=0.0) < TINY


def test_roads_do_not_overlap_and_with_blocks_cover_the_area(fabric: Fabric) -> None:
    roads = _geoms(fabric.roads)
    i, j = shapely.STRtree(roads).query(roads, predicate="intersects")
    pair = i < j
    assert shapely.area(shapely.intersection(roads[i[pair]], roads[j[pair]])).max() < TINY
    covered = shapely.area(roads).sum() + sum(b["area_m2"] for b in fabric.blocks)
    assert covered == pytest.approx(AREA.area, rel=1e-6)


def test_zone_is_the_union_of_its_blocks(fabric: Fabric) -> None:
    for zone in fabric.zones:
        own = [b["geometry"] for b in fabric.blocks if b["zone"] == zone["code"]]
        assert zone["area_m2"] == pytest.approx(sum(g.area for g in own), rel=1e-9)


def test_same_seed_gives_identical_output(fabric: Fabric) -> None:
    again = generate_fabric(AREA, SPEC)
    assert list(shapely.to_wkb(fabric.parcels["geometry"].to_numpy())) == list(
        shapely.to_wkb(again.parcels["geometry"].to_numpy())
    )
    assert fabric.parcels.drop(columns="geometry").equals(again.parcels.drop(columns="geometry"))
    assert list(shapely.to_wkb(_geoms(fabric.roads))) == list(shapely.to_wkb(_geoms(again.roads)))
    other = generate_fabric(AREA, FabricSpec(seed=8, village_centres=(CENTRE,)))
    assert list(shapely.to_wkb(_geoms(other.blocks))) != list(shapely.to_wkb(_geoms(fabric.blocks)))


def test_generate_for_count_grows_to_about_the_requested_count() -> None:
    fabric = generate_for_count(5000, CENTRE, seed=3)
    assert 4000 <= len(fabric.parcels) <= 6500
    assert fabric.parcels["code"].is_unique


def test_labels_widen_only_when_needed() -> None:
    assert [block_letters(i) for i in (0, 25, 26, 27, 51, 701, 702)] == [
        "A", "Z", "AA", "AB", "AZ", "ZZ", "AAA",
    ]  # fmt: skip
    assert lot_label(7, 999) == "007" and lot_label(7, 1000) == "0007"
    assert zone_label(0, 99) == "01" and zone_label(0, 100) == "001"


def test_area_must_be_polygonal() -> None:
    with pytest.raises(ValueError):
        generate_fabric(shapely.LineString([(0, 0), (1, 1)]), SPEC)


def test_geopackage_round_trip(fabric: Fabric, tmp_path: Path) -> None:
    path = write_gpkg(fabric, tmp_path / "fabric.gpkg", 32648)
    assert {name for name, _ in pyogrio.list_layers(path)} >= {
        "parcels",
        "blocks",
        "zones",
        "roads",
    }
    back = read_parcels_gpkg(path)
    assert back.crs is not None and back.crs.to_epsg() == 32648
    assert list(back["code"]) == list(fabric.parcels["code"])
    assert back["in_village"].dtype == bool and back["lot"].dtype == np.int64
    assert np.allclose(back.area, fabric.parcels["area_m2"], rtol=1e-9)
