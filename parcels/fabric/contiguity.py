"""Find contiguous parcels of the same owners (s.42 para 2), pure: owner sets and geometries in.

Only parcels whose owner set holds another parcel can be in a pair, so pairs are tested
within each owner set: boundaries meeting in a line, interiors apart ('F***1****'); a corner
touch is not enough.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

ADJACENT = "F***1****"


def shared_owner_parcels(owners: pd.DataFrame) -> pd.DataFrame:
    """Return the parcels (id, owners) whose owner set also holds another parcel."""
    parcels = owners.loc[owners["object"] == "parcel", ["object_id", "owners"]]
    counts = parcels["owners"].map(parcels["owners"].value_counts())
    return parcels.loc[counts > 1].rename(columns={"object_id": "id"}).reset_index(drop=True)


def contiguous_pairs(candidates: pd.DataFrame, geometries: pd.Series) -> pd.DataFrame:
    """Return pairs (a < b) of same-owner parcels sharing a boundary line.

    `candidates` has id and owners; `geometries` maps parcel id to a shapely geometry (as it
    was on the day); candidates without a geometry that day are left out.
    """
    known = candidates[candidates["id"].isin(geometries.index)]
    ids = known["id"].to_numpy(np.int64)
    owner_code = pd.factorize(known["owners"])[0]
    geoms = geometries.reindex(ids).to_numpy()
    # One spatial index over all candidates: each parcel touches a handful of others, while
    # an owner set (a company, a temple) may hold thousands of parcels.
    # Boxes only here (cheap); the exact test runs on same-owner pairs alone.
    left, right = shapely.STRtree(geoms).query(geoms)
    keep = (left < right) & (owner_code[left] == owner_code[right])
    left, right = left[keep], right[keep]
    line = shapely.relate_pattern(geoms[left], geoms[right], ADJACENT)
    a, b = ids[left[line]], ids[right[line]]
    pairs = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b)})
    return pairs.sort_values(["a", "b"]).reset_index(drop=True)
