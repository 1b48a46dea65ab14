"""The rule-data loader: every file validated on load, errors naming file, line and field."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from taxmap.core.errors import InvalidInput
from valuation.quote import quote
from valuation.ruledata import DEFAULT_ROOT, load_building_prices, load_rule_data

ROOT = Path(__file__).resolve().parents[2]


def copy_data(tmp_path: Path) -> Path:
    """Copy data/tax to tmp_path/data/tax, so messages show "data/tax/<file>"."""
    root = tmp_path / "data" / "tax"
    shutil.copytree(DEFAULT_ROOT, root)
    return root


def with_override(
    root: Path, lao: str, year: int, category: str, bands: Sequence[tuple[str, str]]
) -> None:
    """Append an LAO ordinance override; the last band is open at the last rate given."""
    rows = [f"    {{ upto = {upto}, rate = {rate} }}," for upto, rate in bands[:-1]]
    rows.append(f"    {{ rate = {bands[-1][1]} }},")
    text = "\n".join(
        [
            "",
            "[[override]]",
            f'lao = "{lao}"',
            f"year = {year}",
            f'category = "{category}"',
            'ordinance = "test ordinance"',
            "bands = [",
            *rows,
            "]",
            "",
        ]
    )
    with (root / "lao_rates.toml").open("a", encoding="utf-8") as handle:
        handle.write(text)


def replace_in(path: Path, old: str, new: str, *, count: int = 1) -> int:
    """Replace text in a file; return the 1-based line of the first replacement."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def load_error(root: Path) -> InvalidInput:
    """Load the data and return the error it raises."""
    with pytest.raises(InvalidInput) as caught:
        load_rule_data(root)
    return caught.value


def test_shipped_data_loads_and_covers_2020_to_2026() -> None:
    data = load_rule_data()
    assert (data.first_year, data.last_year) == (2020, 2026)
    assert load_rule_data() is data  # cached
    for year in range(2020, 2027):
        rules = data.lbt_rules(year)
        assert rules.schedules["agri"].bands[0].rate == Decimal("0.01")
        assert rules.schedules["other"].bands[0].upto == 50_000_000


def test_a_year_falls_back_to_the_latest_bands_at_or_before_it() -> None:
    data = load_rule_data()
    assert data.lbt_rules(2026).schedules == data.lbt_rules(2020).schedules
    assert "2020" in data.lbt_rules(2026).schedules["res_other"].origin_en


def test_years_outside_the_data_are_refused() -> None:
    data = load_rule_data()
    with pytest.raises(InvalidInput, match="covers tax years 2020-2026"):
        data.lbt_rules(2019)
    with pytest.raises(InvalidInput, match="covers tax years 2020-2026"):
        data.lbt_rules(2027)
    assert data.lbt_rules(2567).tax_year == 2024


def test_a_bad_rate_names_file_line_and_field(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(
        root / "lbt_rates.toml",
        "{ upto = 500_000_000, rate = 0.05 }",
        '{ upto = 500_000_000, rate = "0.0x" }',
    )
    error = load_error(root)
    assert error.message_en == (
        f"data/tax/lbt_rates.toml line {line}, field 'rate': '0.0x' is not a number"
    )
    assert error.field == "rate"
    assert error.details["line"] == line
    assert "บรรทัด" in error.message_th


def test_a_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(root / "signs.toml", "minimum = 200", "minimum = = 200")
    error = load_error(root)
    assert error.message_en.startswith(f"data/tax/signs.toml line {line}, field 'syntax'")


def test_every_file_needs_a_version(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    replace_in(root / "transition.toml", 'version = "2026.1"', 'edition = "2026.1"')
    error = load_error(root)
    assert "data/tax/transition.toml" in error.message_en and "field 'version'" in error.message_en


def test_band_limits_must_rise(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(
        root / "lbt_rates.toml",
        "{ upto = 75_000_000, rate = 0.03 }",
        "{ upto = 40_000_000, rate = 0.03 }",
    )
    error = load_error(root)
    assert error.message_en.startswith(f"data/tax/lbt_rates.toml line {line}, field 'upto'")


def test_national_rate_above_the_ceiling_is_refused(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(
        root / "lbt_rates.toml",
        "{ upto = 50_000_000, rate = 0.3 }",
        "{ upto = 50_000_000, rate = 1.3 }",
    )
    error = load_error(root)
    assert error.message_en == (
        f"data/tax/lbt_rates.toml line {line}, field 'rate': 1.3 % is above the ceiling "
        "of 1.2 % for other (s.37)"
    )


def test_lao_override_above_the_ceiling_is_refused(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    with_override(root, "BUALAI", 2025, "res_other", [("50_000_000", "0.25"), ("0", "0.35")])
    text = (root / "lao_rates.toml").read_text(encoding="utf-8")
    line = text.splitlines().index("    { rate = 0.35 },") + 1
    error = load_error(root)
    assert error.message_en == (
        f"data/tax/lao_rates.toml line {line}, field 'rate': 0.35 % is above the ceiling "
        "of 0.3 % for res_other (s.37)"
    )


def test_lao_override_applies_to_that_lao_and_year_only(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    with_override(root, "BUALAI", 2025, "other", [("50_000_000", "0.35"), ("200_000_000", "0.45")])
    data = load_rule_data(root)
    document = {
        "tax_year": 2025,
        "owner": {"kind": "juristic"},
        "land": [
            {
                "id": "C",
                "area_sq_wah": 1,
                "price_per_sq_wah": 60_000_000,
                "uses": [{"category": "other", "area_sq_wah": 1}],
            }
        ],
    }
    assert quote({**document, "lao": "BUALAI"}, data=data)["total"] == "220000.00"
    assert quote({**document, "lao": "OTHER"}, data=data)["total"] == "190000.00"
    assert quote({**document, "lao": "BUALAI", "tax_year": 2024}, data=data)["total"] == (
        "190000.00"
    )
    lines = quote({**document, "lao": "BUALAI"}, data=data)["land_building_tax"]["lines"]
    band = next(line for line in lines if line["step"] == "band")
    assert "ordinance of LAO BUALAI" in band["rule"]
    assert band["data"][0]["file"] == "data/tax/lao_rates.toml"


def test_an_override_twice_for_one_category_is_refused(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    with_override(root, "X", 2025, "other", [("0", "0.3")])
    with_override(root, "X", 2025, "other", [("0", "0.3")])
    assert "set twice" in load_error(root).message_en


def test_depreciation_cap_must_be_reached_at_the_stated_age(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(root / "depreciation.toml", "cap_from_age = 43", "cap_from_age = 44")
    error = load_error(root)
    assert error.message_en == (
        f"data/tax/depreciation.toml line {line}, field 'cap_from_age': the segments reach 76 "
        "at age 43, not 44"
    )


def test_unknown_stacking_class_is_refused(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(
        root / "reductions.toml",
        'private_school = "standing_only"',
        'private_schools = "standing_only"',
    )
    error = load_error(root)
    assert error.message_en.startswith(
        f"data/tax/reductions.toml line {line}, field 'private_schools'"
    )


def test_settings_file_values_are_checked(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    line = replace_in(
        root / "settings.toml", 'band_method = "marginal"', 'band_method = "marginally"'
    )
    error = load_error(root)
    assert error.message_en == (
        f"data/tax/settings.toml line {line}, field 'band_method': 'marginally' is not one of: "
        "marginal, whole_value"
    )


def test_settings_resolve_by_year_and_lao(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    with (root / "settings.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n[years.2022]\nsign_rates_from = 2022\n\n[lao.BUALAI]\n"
            'band_basis = "taxpayer_total_in_lao"\n\n[lao.BUALAI.years.2024]\n'
            'band_method = "whole_value"\n'
        )
    data = load_rule_data(root)
    assert data.settings(2022).sign_rates_from == 2022
    assert data.settings(2023).sign_rates_from == 2021
    assert data.settings(2023, "BUALAI").band_basis == "taxpayer_total_in_lao"
    assert data.settings(2024, "BUALAI").band_method == "whole_value"
    assert data.settings(2025, "BUALAI").band_method == "marginal"
    request = data.settings(2024, "BUALAI", {"band_method": "marginal"})
    assert request.band_method == "marginal" and request.overridden == ("band_method",)


def test_calendar_applies_decreed_extensions() -> None:
    data = load_rule_data()
    assert str(data.calendar_for(2020).payment_due) == "2020-08-31"
    assert str(data.calendar_for(2021).payment_due) == "2021-06-30"
    assert str(data.calendar_for(2022).payment_due) == "2022-07-31"
    in_2023 = data.calendar_for(2023)
    assert str(in_2023.dates["notices_by"]) == "2023-04-30"
    assert str(in_2023.payment_due) == "2023-06-30"
    in_2024 = data.calendar_for(2024)
    assert (str(in_2024.dates["notices_by"]), str(in_2024.payment_due)) == (
        "2024-04-30",
        "2024-06-30",
    )
    assert str(data.calendar_for(2025).payment_due) == "2025-06-30"
    in_2026 = data.calendar_for(2026)
    assert (str(in_2026.dates["notices_by"]), str(in_2026.payment_due)) == (
        "2026-02-28",
        "2026-04-30",
    )
    assert str(in_2026.dates["announce_by"]) == "2026-01-31"
    assert str(in_2026.seizure_from(in_2026.dates["warning_by"])) == "2026-08-29"


def test_building_prices_sample_loads() -> None:
    prices = load_building_prices(DEFAULT_ROOT / "building_prices" / "nakhon_ratchasima.csv")
    assert prices.province == "nakhon_ratchasima"
    assert min(prices.types) >= 100 and max(prices.types) <= 614
    assert prices.types[504].construction_class == "wood"
    assert {t.unit for t in prices.types.values()} == {"m2", "m", "each"}
    assert "sample" in prices.source.version


def test_building_prices_errors_name_the_line(tmp_path: Path) -> None:
    source = DEFAULT_ROOT / "building_prices" / "nakhon_ratchasima.csv"
    target = tmp_path / "data" / "tax" / "building_prices" / "udon_thani.csv"
    target.parent.mkdir(parents=True)
    text = source.read_text(encoding="utf-8").replace(
        "สระว่ายน้ำ,swimming pool,concrete,9500,m2", "สระว่ายน้ำ,swimming pool,concrete,9,500,m2"
    )
    target.write_text(text, encoding="utf-8")
    line = text.splitlines().index("603,สระว่ายน้ำ,swimming pool,concrete,9,500,m2") + 1
    with pytest.raises(InvalidInput) as caught:
        load_building_prices(target)
    assert caught.value.message_en == (
        f"data/tax/building_prices/udon_thani.csv line {line}, field 'row': has 7 cells, not 6"
    )
    target.write_text(text.replace("9,500,m2", "9500.001,m2"), encoding="utf-8")
    with pytest.raises(InvalidInput, match=f"line {line}, field 'price'"):
        load_building_prices(target)
    target.write_text(text.replace("9,500,m2", "9500,sqm"), encoding="utf-8")
    with pytest.raises(InvalidInput, match=f"line {line}, field 'unit'"):
        load_building_prices(target)
    target.write_text(text.replace("# version:", "# edition:"), encoding="utf-8")
    with pytest.raises(InvalidInput, match="field 'version'"):
        load_building_prices(target)


def test_every_data_file_states_version_and_source() -> None:
    for path in sorted((ROOT / "data" / "tax").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert "\nversion = " in text and "\nsource = " in text, path.name
