"""Plausible land records for generated parcels: documents, sheets, land numbers (pure)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

# LTAX document-type codes (taxmap-conventions.md §5) with the mix a rural tambon shows:
# mostly title deeds, then น.ส.3ก, land-reform permits, น.ส.3 and bare ส.ค.1 claims.
DOCUMENT_MIX_RURAL = {1: 0.62, 2: 0.14, 6: 0.14, 3: 0.06, 5: 0.04}
DOCUMENT_MIX_VILLAGE = {1: 0.90, 2: 0.07, 3: 0.03}


def _pick(rng: np.random.Generator, mix: dict[int, float], n: int) -> np.ndarray:
    codes = np.array(list(mix))
    weights = np.array(list(mix.values()))
    return rng.choice(codes, size=n, p=weights / weights.sum())


def land_records(
    parcels: pd.DataFrame,
    sheet_names: np.ndarray,
    village_no: np.ndarray,
    *,
    seed: int,
    tambon_th: str,
    amphoe_th: str,
) -> list[dict[str, Any]]:
    """Return one land-record dict per parcel, in the parcels' order.

    `sheet_names` are full 1:4000 names ("5540 III 3432") of each parcel's centroid;
    land numbers run 1, 2, … within each sheet in parcel-code order, as a Land Office numbers
    a sheet.
    """
    rng = np.random.default_rng(seed)
    n = len(parcels)
    village = parcels["in_village"].to_numpy(dtype=bool)
    doc = np.where(village, _pick(rng, DOCUMENT_MIX_VILLAGE, n), _pick(rng, DOCUMENT_MIX_RURAL, n))
    deed_numbers = rng.choice(np.arange(10_000, 99_999), size=n, replace=False)
    survey_pages = rng.integers(1, 5_000, size=n)
    # Legal areas were surveyed long ago: within ±0.4 % of today's drawn area.
    legal_factor = 1 + rng.uniform(-0.004, 0.004, size=n)
    land_no: dict[str, int] = {}
    out = []
    for i, (code, area, sheet) in enumerate(
        zip(parcels["code"], parcels["area_m2"], sheet_names, strict=True)
    ):
        number, quadrant, grid = str(sheet).split(" ")
        land_no[sheet] = land_no.get(sheet, 0) + 1
        legal = Decimal(str(area * legal_factor[i] / 4)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        out.append(
            {
                "code": code,
                "document_type": int(doc[i]),
                "document_no": str(deed_numbers[i]),
                "sheet_50k": number,
                "sheet_quadrant": quadrant,
                "sheet_4000": grid,
                "map_scale": 4000,
                "land_no": str(land_no[sheet]),
                "survey_page": str(survey_pages[i]),
                "village_no": int(village_no[i]),
                "tambon": tambon_th,
                "amphoe": amphoe_th,
                "legal_area_sq_wah": legal,
            }
        )
    return out
