"""Contiguous parcels of the same owners (s.42 para 2): a shared line, not a corner."""

from __future__ import annotations

import pandas as pd
from shapely.geometry import box

from parcels.fabric.contiguity import contiguous_pairs, shared_owner_parcels


def test_only_same_owner_parcels_sharing_a_line_are_paired() -> None:
    owners = pd.DataFrame(
        {
            "object": ["parcel"] * 5 + ["building"],
            "object_id": [1, 2, 3, 4, 5, 1],
            "owners": ["7", "7", "7", "8", "7,9", "7"],
            "individual": [True] * 6,
        }
    )
    candidates = shared_owner_parcels(owners)
    assert candidates.to_dict("list") == {"id": [1, 2, 3], "owners": ["7", "7", "7"]}
    geometries = pd.Series(
        {
            1: box(0, 0, 10, 10),
            2: box(10, 0, 20, 10),  # shares 1's east edge
            3: box(20, 10, 30, 20),  # touches 2 at a corner only
            4: box(0, 10, 10, 20),  # other owner
        }
    )
    assert contiguous_pairs(candidates, geometries).to_dict("list") == {"a": [1], "b": [2]}
