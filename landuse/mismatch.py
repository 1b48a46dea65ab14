"""Mismatch rules (pure): declared tax use against what a layer shows, ranked by tax at stake."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from landuse.model import MismatchRule


def group_shares(classes: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Sum a layer's (parcel_id, class_code, share) rows into (parcel_id, group, share)."""
    frame = classes.assign(group=classes["class_code"].map(groups))
    return frame.groupby(["parcel_id", "group"], as_index=False)["share"].sum()


def find_mismatches(
    declared: pd.DataFrame,
    observed: dict[str, pd.DataFrame],
    rules: tuple[MismatchRule, ...],
    tax: dict[int, Decimal],
) -> list[dict[str, Any]]:
    """Return one row per parcel and broken rule, highest tax at stake first, then by code.

    `declared` holds (parcel_id, code, category, share); `observed` maps a theme to its
    (parcel_id, group, share) rows. A rule whose theme has no layer is skipped.
    """
    found: list[dict[str, Any]] = []
    for rule in rules:
        seen = observed.get(rule.theme)
        if seen is None:
            continue
        mine = declared[declared["category"].isin(rule.declared)]
        d = mine.groupby(["parcel_id", "code"], as_index=False)["share"].sum()
        d = d[d["share"] >= rule.min_declared_share - 1e-9]
        o = seen[seen["group"].isin(rule.groups)].groupby("parcel_id", as_index=False)["share"]
        o_sum = o.sum()
        o_sum = o_sum[o_sum["share"] >= rule.min_observed_share - 1e-9]
        hits = d.merge(o_sum, on="parcel_id", suffixes=("_declared", "_observed"))
        for row in hits.itertuples(index=False):
            found.append(
                {
                    "parcel_id": int(row.parcel_id),
                    "parcel": str(row.code),
                    "rule": rule.id,
                    "message_th": rule.message_th,
                    "message_en": rule.message_en,
                    "declared": list(rule.declared),
                    "declared_share": round(float(row.share_declared), 4),
                    "observed": list(rule.groups),
                    "observed_share": round(float(row.share_observed), 4),
                    "tax_at_stake": tax.get(int(row.parcel_id), Decimal("0.00")),
                }
            )
    found.sort(key=lambda r: (-r["tax_at_stake"], r["parcel"], r["rule"]))
    return found
