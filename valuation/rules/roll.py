"""Assess a whole roll at once: every taxpayer's Land and Building Tax and Signboard Tax.

Frames of the register (valuation.rules.roll_model) -> use pieces (roll_pieces) -> the
vectorised engine (valuation.rules.lbt) -> one bill line per property unit, use, surcharge
step and reduction class, and one per sign, each with the rule, data version, value,
allowance, band rates, reductions and the amount before and after rounding (§1.10).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from valuation.rules.explain import LBT_ACT, SIGN_ACT
from valuation.rules.lbt import LbtArrays, assess_lbt
from valuation.rules.model import (
    CATEGORIES,
    BuildingPriceList,
    DataRef,
    DepreciationClass,
    LbtRules,
    SignRates,
)
from valuation.rules.money import MICRO_PER_BAHT
from valuation.rules.roll_model import RollFrames, RollResult
from valuation.rules.roll_pieces import RollPieces, owners_of, roll_pieces
from valuation.rules.signboard import sign_taxes_satang, sign_unit_counts

LINE_COLUMNS = (
    "taxpayer_no",
    "line_no",
    "tax",
    "rule",
    "data",
    "item",
    "parcel_id",
    "building_id",
    "sign_id",
    "category",
    "zone",
    "tambon",
    "value",
    "allowance",
    "rates",
    "surcharge_steps",
    "reduction_percent",
    "exemption",
    "before_rounding",
    "amount",
)


def ref(source: DataRef) -> str:
    """Write a data file reference as file@version."""
    return f"{source.file}@{source.version}"


def sign_owner_sets(frames: RollFrames) -> pd.Series:
    """Return each sign's taxpayer: its own owners on record, else the land's (§3.1)."""
    signs = frames.signs
    own = owners_of(frames, "sign")["owners"]
    land = owners_of(frames, "parcel")["owners"]
    return signs["id"].map(own).fillna(signs["parcel_id"].map(land))


def assess_roll_frames(
    frames: RollFrames,
    rules: LbtRules,
    sign_rates: SignRates,
    prices: BuildingPriceList,
    depreciation: Mapping[str, DepreciationClass],
) -> RollResult:
    """Assess every taxpayer in the frames for the rules' tax year (LBT Act s.35-97, §3)."""
    sign_sets = sign_owner_sets(frames)
    valued = roll_pieces(frames, rules, prices, dict(depreciation), sign_sets.dropna())
    result = assess_lbt(valued.pieces, valued.taxpayers, rules)
    parcels = frames.parcels.set_index("id")
    lbt = _lbt_lines(result, valued, rules, parcels)
    signs = _sign_lines(frames, sign_sets, valued.owner_sets, sign_rates, rules.tax_year, parcels)
    lines = pd.concat([lbt, signs], ignore_index=True)
    lines["line_no"] = lines.groupby("taxpayer_no").cumcount() + 1
    n = len(valued.owner_sets)
    sign_total = np.bincount(
        signs["taxpayer_no"].to_numpy(np.int64) - 1, signs["amount"].to_numpy(np.int64), n
    ).astype(np.int64)
    lbt_new, lbt_relief = result.taxpayer_new, result.taxpayer_relief
    taxpayers = pd.DataFrame(
        {
            "taxpayer_no": np.arange(1, n + 1),
            "owners": valued.owner_sets.to_numpy(),
            "individual": valued.individual,
            "lbt_before_relief": lbt_new,
            "lbt_relief": lbt_relief,
            "land_building_tax": lbt_new + lbt_relief,
            "signboard_tax": sign_total,
        }
    )
    taxpayers["total"] = taxpayers["land_building_tax"] + taxpayers["signboard_tax"]
    return RollResult(
        taxpayers,
        lines.loc[:, list(LINE_COLUMNS)],
        valued.exempt_parcels,
        valued.unpriced_parcels,
        valued.unvalued_buildings,
    )


def _lbt_lines(
    result: LbtArrays, valued: RollPieces, rules: LbtRules, parcels: pd.DataFrame
) -> pd.DataFrame:
    """One line per engine row: a base's share of tax for one use (s.35-s.55)."""
    first = valued.table.iloc[result.row_first_piece]
    n_rows = len(result.row_line)
    group = result.row_group
    taxed = group >= 0
    value = result.row_value.astype(np.float64)
    allowance = np.zeros(n_rows)
    group_value = result.group_value.astype(np.float64)
    share = np.divide(
        value[taxed],
        group_value[group[taxed]],
        where=group_value[group[taxed]] > 0,
        out=np.zeros(int(taxed.sum())),
    )
    allowance[taxed] = np.asarray(result.group_allowance, dtype=np.float64)[group[taxed]] * share
    category = np.asarray(CATEGORIES, dtype=object)[result.row_category]
    steps = result.row_steps
    factor = np.asarray(result.row_factor, dtype=np.float64)
    rates = _rates_text(result, rules)
    reasons = np.asarray(("", *valued.pieces.exempt_reasons), dtype=object)
    exemption = np.where(
        result.row_s96,
        rules.full_exemption.section if rules.full_exemption else "",
        reasons[result.row_exempt],
    )
    rule = np.full(n_rows, f"{LBT_ACT} s.35, s.37", dtype=object)
    rule = np.where(allowance > 0, rule + ", s.40-41", rule)
    rule = np.where(steps > 0, rule + ", s.43", rule)
    rule = np.where(factor < 1, rule + ", s.55", rule)
    rule = np.where(result.row_exempt > 0, f"{LBT_ACT} s.8", rule)
    rule = np.where(result.row_s96, f"{LBT_ACT} s.96", rule)
    data_of = {
        code: f"{ref(rules.schedules[key].source)}; {ref(rules.reductions_source)}"
        for code, key in enumerate(CATEGORIES)
    }
    parcel_id = first["parcel_id"].to_numpy(np.int64)
    return pd.DataFrame(
        {
            "taxpayer_no": result.row_taxpayer + 1,
            "tax": "lbt",
            "rule": rule,
            "data": pd.Series(result.row_category).map(data_of).to_numpy(),
            "item": valued.unit_labels[result.row_unit].to_numpy(),
            "parcel_id": parcel_id,
            "building_id": first["building_id"].to_numpy(np.int64),
            "sign_id": 0,
            "category": category,
            "zone": parcels["zone"].reindex(parcel_id).to_numpy(),
            "tambon": parcels["tambon"].reindex(parcel_id).to_numpy(),
            "value": np.round(value / MICRO_PER_BAHT, 4),
            "allowance": np.round(allowance / MICRO_PER_BAHT, 4),
            "rates": rates,
            "surcharge_steps": steps,
            "reduction_percent": np.round((1 - factor) * 100, 4),
            "exemption": exemption,
            "before_rounding": np.round(
                np.asarray(result.row_payable, dtype=np.float64) / MICRO_PER_BAHT, 6
            ),
            "amount": result.row_line,
        }
    )


def _rates_text(result: LbtArrays, rules: LbtRules) -> np.ndarray:
    """Write each row's band rates in percent, e.g. '0.3 / 0.4 / 0.5 / 0.6 / 0.7' (s.37, s.43)."""
    rates = np.asarray(result.row_rates, dtype=np.float64)
    key = result.row_category * 1000 + result.row_steps
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    texts = []
    for row in first:
        real = result.tables.real[result.row_category[row]]
        texts.append(
            " / ".join(f"{r * 100:.4g}" for r, ok in zip(rates[row], real, strict=True) if ok)
        )
    return (
        np.asarray(texts, dtype=object)[inverse.reshape(-1)]
        if len(unique)
        else np.asarray([], dtype=object)
    )


def _sign_lines(
    frames: RollFrames,
    owner_set: pd.Series,
    taxpayers: pd.Index,
    rates: SignRates,
    tax_year: int,
    parcels: pd.DataFrame,
) -> pd.DataFrame:
    """One line per sign: units of 500 cm², rate, minimum, quarter share (§3.3)."""
    signs = frames.signs.assign(owners=owner_set)
    signs = signs[signs["owners"].notna()]
    shown = pd.to_datetime(signs["first_shown"]).fillna(pd.Timestamp(date(tax_year - 1, 1, 1)))
    quarter = np.where(shown.dt.year < tax_year, 0, (shown.dt.month - 1) // 3).astype(np.int64)
    area = signs["area_e4"].to_numpy(np.int64)
    amount = sign_taxes_satang(
        signs["sign_type"].to_numpy(np.int64),
        signs["moving"].to_numpy(np.bool_),
        area,
        quarter,
        rates,
        area_scale=10_000,
    )
    units = sign_unit_counts(area, rates, area_scale=10_000)
    rate = np.array(
        [
            rates.rates[(int(t), bool(m))]
            for t, m in zip(signs["sign_type"], signs["moving"], strict=True)
        ],
        dtype=np.float64,
    )
    shares = np.array([float(s) for s in rates.quarter_shares])[quarter]
    parcel_id = signs["parcel_id"].fillna(0).to_numpy(np.int64)
    return pd.DataFrame(
        {
            "taxpayer_no": taxpayers.get_indexer(signs["owners"]) + 1,
            "tax": "signboard",
            "rule": f"{SIGN_ACT} s.7; {rates.regulation}",
            "data": ref(rates.source),
            "item": ("sign " + signs["code"]).to_numpy(),
            "parcel_id": parcel_id,
            "building_id": 0,
            "sign_id": signs["id"].to_numpy(np.int64),
            "category": None,
            "zone": parcels["zone"].reindex(parcel_id).to_numpy(),
            "tambon": parcels["tambon"].reindex(parcel_id).to_numpy(),
            "value": area / 10_000,
            "allowance": 0.0,
            "rates": [
                f"{u} units × {r:g} baht, quarter share {s:g} %"
                for u, r, s in zip(units, rate, shares, strict=True)
            ],
            "surcharge_steps": 0,
            "reduction_percent": 0.0,
            "exemption": "",
            "before_rounding": amount / 100,
            "amount": amount,
        }
    )
