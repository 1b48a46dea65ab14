"""Pure geometry of parcel edits: snapping, overlap and gap checks, splits, merges."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from parcels.fabric.edit_geometry import (
    Fault,
    check_edit,
    merge,
    snap_to_neighbours,
    split_by_line,
)
from taxmap.core.errors import InvalidGeometry, TopologyConflict

EAST = box(10, 0, 20, 10)  # the neighbour east of the parcel being edited


def coords(geom: Polygon) -> list[tuple[float, float]]:
    return [(x, y) for x, y in geom.exterior.coords]


# --- snapping -------------------------------------------------------------------------------


def test_vertex_near_a_neighbours_corner_moves_exactly_onto_it() -> None:
    drawn = Polygon([(0, 0), (10, 0), (10.15, 10), (0, 10)])
    snapped = snap_to_neighbours(drawn, [EAST], 0.2)
    assert coords(snapped) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]


def test_vertex_near_a_neighbours_edge_lands_on_the_edge() -> None:
    drawn = Polygon([(0, 0), (10, 0), (10.15, 5), (10, 10), (0, 10)])
    snapped = snap_to_neighbours(drawn, [EAST], 0.2)
    assert coords(snapped)[2] == (10.0, 5.0)
    assert shapely.distance(Point(10, 5), EAST.boundary) == 0.0


def test_vertex_beyond_the_tolerance_stays_where_it_was_drawn() -> None:
    drawn = Polygon([(0, 0), (10, 0), (10.3, 5), (10, 10), (0, 10)])
    assert coords(snap_to_neighbours(drawn, [EAST], 0.2)) == coords(drawn)


def test_snapped_squares_share_an_identical_boundary() -> None:
    # The neighbour has a vertex midway along the shared edge that the sloppy drawing lacks.
    neighbour = Polygon([(10, 0), (20, 0), (20, 10), (10, 10), (10, 5)])
    drawn = Polygon([(-0.1, 0), (10.12, -0.05), (9.9, 10.1), (0, 10)])
    snapped = snap_to_neighbours(drawn, [neighbour], 0.2)
    assert coords(snapped) == [(-0.1, 0), (10, 0), (10, 5), (10, 10), (0, 10), (-0.1, 0)]
    assert list(shapely.is_empty(shapely.coverage_invalid_edges([snapped, neighbour]))) == [
        True,
        True,
    ]
    assert shapely.intersection(snapped, neighbour).area == 0.0
    assert shapely.intersection(snapped.boundary, neighbour.boundary).length == 10.0


def test_neighbour_vertex_beside_an_edge_they_already_share_is_not_inserted() -> None:
    # East shares the whole edge x=10 with the parcel, then leaves it at (10, 10) by a short
    # edge to (10.1, 9.5), 0.1 m from the parcel's edge: inserting that vertex would push a
    # 0.5 m² wedge of the parcel into East.
    east = Polygon([(10, 0), (20, 0), (20, 9.5), (10.1, 9.5), (10, 10)])
    north_east = Polygon([(10.1, 9.5), (20, 9.5), (20, 20), (10, 20), (10, 10)])
    snapped = snap_to_neighbours(box(0, 0, 10, 10), [east, north_east], 0.2)
    assert snapped.equals_exact(box(0, 0, 10, 10), 0)
    assert check_edit("W", None, snapped, {"E": east, "NE": north_east}, None, 0.01) == []


def test_vertex_snaps_to_the_block_outline_when_it_is_given() -> None:
    drawn = Polygon([(0.12, -0.1), (10, 0), (10, 10), (0, 10)])
    snapped = snap_to_neighbours(drawn, [EAST, box(0, 0, 60, 30).exterior], 0.2)
    assert coords(snapped) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]


def test_snapping_ignores_neighbours_out_of_reach_and_passes_other_types_through() -> None:
    far = box(50, 50, 60, 60)
    assert snap_to_neighbours(box(0, 0, 10, 10), [far], 0.2).equals_exact(box(0, 0, 10, 10), 0)
    line = LineString([(0, 0), (10, 0.1)])
    assert snap_to_neighbours(line, [EAST], 0.2) is line


# --- checking an edit -----------------------------------------------------------------------

BLOCK = box(0, 0, 60, 30)


def test_overlap_is_reported_with_the_neighbour_and_exact_area() -> None:
    neighbours = {"01A002": box(30, 0, 60, 30)}
    faults = check_edit("01A001", box(0, 0, 30, 30), box(0, 0, 31, 30), neighbours, BLOCK, 0.5)
    assert faults == [
        Fault(
            "overlap",
            "01A002",
            30.0,
            faults[0].geometry,
            "Parcel 01A002 would be overlapped by 30.00 m²: move the boundary, or adjust 01A002 "
            "in the same case.",
            "แปลง 01A002 จะถูกทับซ้อน 30.00 ตร.ม. ให้เลื่อนแนวเขต หรือปรับแปลง 01A002 ในเรื่องเดียวกัน",
        )
    ]
    assert faults[0].geometry.equals(box(30, 0, 31, 30))


def test_overlap_below_the_tolerance_is_not_reported() -> None:
    neighbours = {"01A002": box(30, 0, 60, 30)}
    # A 0.04 m x 10 m tongue into the neighbour (30.04 - 30 is 0.04 only to 1e-14).
    new = Polygon(
        [(0, 0), (30, 0), (30, 10), (30.04, 10), (30.04, 20), (30, 20), (30, 30), (0, 30)]
    )
    assert shapely.intersection(new, neighbours["01A002"]).area == pytest.approx(0.4, abs=1e-12)
    assert check_edit("01A001", box(0, 0, 30, 30), new, neighbours, BLOCK, 0.5) == []
    [fault] = check_edit("01A001", box(0, 0, 30, 30), new, neighbours, BLOCK, 0.3)
    assert fault.message_en.startswith("Parcel 01A002 would be overlapped by 0.40 m²")


def test_shrink_leaving_a_strip_uncovered_is_a_gap() -> None:
    neighbours = {"01A002": box(30, 0, 60, 30)}
    [fault] = check_edit("01A001", box(0, 0, 30, 30), box(0, 0, 28, 30), neighbours, BLOCK, 0.5)
    assert (fault.kind, fault.neighbour, fault.area_m2) == ("gap", None, 60.0)
    assert fault.geometry.equals(box(28, 0, 30, 30))
    assert fault.message_en == (
        "The new boundary of parcel 01A001 would leave a gap of 60.00 m² in its block: extend "
        "01A002 over it in the same case, or keep the old boundary."
    )
    assert fault.message_th == (
        "แนวเขตใหม่ของแปลง 01A001 ทำให้เกิดช่องว่าง 60.00 ตร.ม. ในบล็อก "
        "ให้ขยายแปลง 01A002ให้ครอบคลุมในเรื่องเดียวกัน หรือคงแนวเขตเดิม"
    )


def test_gap_of_a_2_by_40_strip_is_exactly_80_square_metres() -> None:
    block = box(0, 0, 60, 40)
    neighbours = {"01A002": box(30, 0, 60, 40)}
    [fault] = check_edit("01A001", box(0, 0, 30, 40), box(0, 0, 28, 40), neighbours, block, 0.5)
    assert (fault.kind, fault.area_m2) == ("gap", 80.0)


def test_no_gap_when_the_same_case_extends_the_neighbour_over_the_strip() -> None:
    block = box(0, 0, 60, 40)
    adjusted = {"01A002": box(28, 0, 60, 40)}
    assert check_edit("01A001", box(0, 0, 30, 40), box(0, 0, 28, 40), adjusted, block, 0.5) == []


def test_gap_next_to_nobody_says_extend_a_neighbour() -> None:
    block = box(0, 0, 60, 40)
    [fault] = check_edit("01A001", box(0, 0, 30, 40), box(2, 0, 30, 40), {}, block, 0.5)
    assert (fault.area_m2, fault.message_en) == (
        80.0,
        "The new boundary of parcel 01A001 would leave a gap of 80.00 m² in its block: extend "
        "a neighbour over it in the same case, or keep the old boundary.",
    )


def test_area_outside_the_block_is_reported() -> None:
    [fault] = check_edit("01A001", box(0, 0, 30, 30), box(0, 0, 30, 33), {}, BLOCK, 0.5)
    assert (fault.kind, fault.area_m2, fault.message_en) == (
        "outside_block",
        90.0,
        "The new boundary of parcel 01A001 reaches 90.00 m² outside its block: move the "
        "boundary back inside the block.",
    )
    assert fault.geometry.equals(box(0, 30, 30, 33))


def test_self_crossing_boundary_is_invalid_at_the_crossing() -> None:
    bow_tie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    [fault] = check_edit("01A001", None, bow_tie, {}, None, 0.5)
    assert (fault.kind, fault.geometry) == ("invalid", Point(5, 5))
    assert fault.message_en == (
        "The new boundary of parcel 01A001 is invalid (Self-intersection at (5.00, 5.00)): fix "
        "the ring so it does not cross or touch itself."
    )


def test_two_part_boundary_and_empty_boundary_are_refused() -> None:
    two = MultiPolygon([box(0, 0, 1, 1), box(2, 0, 3, 1)])
    [fault] = check_edit("01A001", None, two, {}, None, 0.5)
    assert (fault.kind, fault.message_en) == (
        "not_polygon",
        "The new boundary of parcel 01A001 is a MultiPolygon of 2 parts, not one polygon: draw "
        "the parcel as one closed ring.",
    )
    [fault] = check_edit("01A001", None, Polygon(), {}, None, 0.5)
    assert (fault.kind, fault.message_en) == (
        "empty",
        "Parcel 01A001 has no new boundary: draw the parcel.",
    )


def test_snapped_edit_of_a_shared_edge_passes_the_check() -> None:
    neighbours = {"01A002": box(30, 0, 60, 30)}
    drawn = Polygon([(0, 0), (30.1, 0), (29.95, 30), (0, 30)])
    new = snap_to_neighbours(drawn, neighbours.values(), 0.2)
    assert new.equals_exact(Polygon([(0, 0), (30, 0), (30, 30), (0, 30)]), 0)
    assert check_edit("01A001", box(0, 0, 30, 30), new, neighbours, BLOCK, 0.5) == []


# --- split ----------------------------------------------------------------------------------

SQUARE = box(0, 0, 40, 40)


def test_split_by_a_vertical_line_gives_400_and_1200() -> None:
    west, east = split_by_line(SQUARE, LineString([(10, -5), (10, 45)]), 0.2, 4.0)
    assert west.equals(box(0, 0, 10, 40)) and east.equals(box(10, 0, 40, 40))
    assert (west.area, east.area) == (400.0, 1200.0)
    assert abs(west.area + east.area - SQUARE.area) <= 0.01


def test_children_come_left_of_the_line_first() -> None:
    first, second = split_by_line(SQUARE, LineString([(10, 45), (10, -5)]), 0.2, 4.0)
    assert (first.area, second.area) == (1200.0, 400.0)  # walking south, east is on the left


def test_diagonal_split() -> None:
    upper, lower = split_by_line(SQUARE, LineString([(-5, 0), (45, 50)]), 0.2, 4.0)
    assert upper.equals(Polygon([(0, 5), (35, 40), (0, 40)]))
    assert (upper.area, lower.area) == (612.5, 987.5)
    assert shapely.is_ccw(upper.exterior) and shapely.is_ccw(lower.exterior)


def test_line_crossing_near_a_vertex_goes_through_it() -> None:
    # The parcel has vertices at (10, 0) and (10, 40), corners of its neighbours; a line drawn
    # 0.1 m beside them goes through them, so the children's corners meet the neighbours'.
    parcel = Polygon([(0, 0), (10, 0), (40, 0), (40, 40), (10, 40), (0, 40)])
    west, east = split_by_line(parcel, LineString([(10.1, -5), (10.1, 45)]), 0.2, 4.0)
    assert (west.area, east.area) == (400.0, 1200.0)


def test_line_ending_just_short_of_the_boundary_is_extended_onto_it() -> None:
    west, east = split_by_line(SQUARE, LineString([(10, 0.1), (10, 39.85)]), 0.2, 4.0)
    assert (west.area, east.area) == (400.0, 1200.0)


def test_line_that_does_not_cross_is_refused() -> None:
    with pytest.raises(InvalidGeometry) as caught:
        split_by_line(SQUARE, LineString([(50, -5), (50, 45)]), 0.2, 4.0)
    assert caught.value.message_en == (
        "The split line does not cross the parcel: draw it across the parcel, from outside one "
        "side to outside the other."
    )
    assert caught.value.message_th == (
        "เส้นแบ่งแปลงไม่ได้พาดผ่านแปลง ให้วาดเส้นพาดผ่านแปลงจากนอกแนวเขตด้านหนึ่งถึงนอกแนวเขตอีกด้านหนึ่ง"
    )
    assert caught.value.details == {"reason": "line_does_not_cross"}


def test_line_touching_only_a_corner_is_refused() -> None:
    with pytest.raises(InvalidGeometry) as caught:
        split_by_line(SQUARE, LineString([(35, 45), (45, 35)]), 0.2, 4.0)
    assert caught.value.details == {"reason": "line_only_touches"}


def test_line_ending_inside_is_refused_with_how_far() -> None:
    with pytest.raises(InvalidGeometry) as caught:
        split_by_line(SQUARE, LineString([(10, -5), (10, 30)]), 0.2, 4.0)
    assert caught.value.message_en == (
        "The split line ends 10.00 m inside the parcel at (10.00, 30.00): extend it beyond the "
        "boundary."
    )


def test_split_leaving_a_piece_below_the_minimum_is_refused() -> None:
    with pytest.raises(InvalidGeometry) as caught:
        split_by_line(SQUARE, LineString([(0.5, -5), (0.5, 45)]), 0.2, 40.0)
    assert caught.value.message_en == (
        "The split would leave a piece of 20.00 m², below the minimum of 40.00 m²: move the line."
    )


def test_zigzag_split_gives_three_children_in_a_stable_order() -> None:
    line = LineString([(10, -5), (10, 45), (30, 45), (30, -5)])
    children = split_by_line(SQUARE, line, 0.2, 4.0)
    assert [c.area for c in children] == [400.0, 400.0, 800.0]  # left west, left east, right
    assert sum(c.area for c in children) == SQUARE.area


def test_line_leaving_and_reentering_a_u_shaped_parcel_gives_three_children() -> None:
    u_shape = Polygon([(0, 0), (30, 0), (30, 30), (20, 30), (20, 10), (10, 10), (10, 30), (0, 30)])
    children = split_by_line(u_shape, LineString([(-5, 20), (35, 20)]), 0.2, 4.0)
    # Walking east, the two prongs' tops are on the left (west one first), the base on the right.
    assert [c.area for c in children] == [100.0, 100.0, 500.0]
    assert children[0].equals(box(0, 20, 10, 30)) and children[1].equals(box(20, 20, 30, 30))


def test_split_keeps_the_parcels_hole_out_of_the_children() -> None:
    holed = Polygon(box(0, 0, 40, 40).exterior, [box(15, 15, 25, 25).exterior.coords])
    children = split_by_line(holed, LineString([(20, -5), (20, 45)]), 0.2, 4.0)
    assert [c.area for c in children] == [750.0, 750.0]


# --- merge ----------------------------------------------------------------------------------


def test_merge_of_squares_sharing_an_edge_is_the_rectangle() -> None:
    merged = merge({"01A001": box(0, 0, 10, 10), "01A002": box(10, 0, 20, 10)})
    assert merged.equals(box(0, 0, 20, 10)) and merged.area == 200.0
    # The old corners stay as vertices: neighbours north and south may share them.
    assert coords(merged) == [(0, 0), (10, 0), (20, 0), (20, 10), (10, 10), (0, 10), (0, 0)]


def test_merge_of_squares_touching_at_a_corner_is_refused() -> None:
    with pytest.raises(TopologyConflict) as caught:
        merge({"01A001": box(0, 0, 10, 10), "01A002": box(10, 10, 20, 20)})
    assert caught.value.message_en == (
        "Parcel 01A002 does not share a boundary line with 01A001 (touching at a corner is not "
        "enough): merge only parcels that share a boundary."
    )
    assert caught.value.message_th == (
        "แปลง 01A002 ไม่มีแนวเขตร่วมกับแปลง 01A001 (แตะกันที่มุมไม่นับ) ให้รวมเฉพาะแปลงที่มีแนวเขตติดกัน"
    )
    assert caught.value.details == {
        "reason": "not_adjacent",
        "codes": ["01A002"],
        "adjacent": ["01A001"],
    }


def test_merge_names_every_parcel_apart_from_the_first_group() -> None:
    parts = {"A": box(0, 0, 10, 10), "B": box(10, 0, 20, 10), "C": box(20, 10, 30, 20)}
    with pytest.raises(TopologyConflict) as caught:
        merge(parts)
    assert caught.value.message_en.startswith("Parcel C does not share a boundary line with A, B")
    parts["D"] = box(30, 10, 40, 20)
    with pytest.raises(TopologyConflict) as caught:
        merge(parts)
    assert caught.value.message_en.startswith("Parcels C, D do not share a boundary line with A, B")


def test_merge_needs_two_parcels() -> None:
    with pytest.raises(InvalidGeometry) as caught:
        merge({"01A001": box(0, 0, 10, 10)})
    assert caught.value.message_en == (
        "A merge needs at least two parcels, got 1: choose the parcels to merge."
    )
