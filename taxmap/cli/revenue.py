"""`taxmap valuation`, `taxmap roll` and `taxmap tax`: land prices, the roll, quotes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from taxmap.cli.shared import RichProgress, clean_errors, engine_for, err, fail, out, settings
from taxmap.core.errors import TaxmapError

tax_app = typer.Typer(no_args_is_help=True, help="Land and Building Tax and Signboard Tax.")
roll_app = typer.Typer(no_args_is_help=True, help="The tax roll of a year.")
valuation_app = typer.Typer(no_args_is_help=True, help="Appraisal rounds and land prices.")


# ---- valuation --------------------------------------------------------------------------------


@valuation_app.command("round-create")
@clean_errors
def valuation_round_create(
    name: Annotated[str, typer.Argument(help="e.g. 'B.E. 2566-2569'.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    first_year: Annotated[int, typer.Option(help="First tax year (B.E. or C.E.).")],
    last_year: Annotated[int, typer.Option(help="Last tax year (B.E. or C.E.).")],
) -> None:
    """Create a Treasury appraisal round."""
    from valuation.land_prices import create_round

    create_round(lao, name, first_year, last_year, engine_for(settings()))
    out.print(f"appraisal round {name} created")


@valuation_app.command("import-prices")
@clean_errors
def valuation_import_prices(
    file: Annotated[Path, typer.Argument(help="The Treasury's per-parcel list (CSV).")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    round_name: Annotated[str, typer.Option("--round", help="Appraisal round name.")],
) -> None:
    """Load the Treasury's per-parcel price list; bad lines are listed, not loaded."""
    from valuation.land_prices import import_treasury_prices

    report = import_treasury_prices(lao, round_name, file, engine_for(settings()))
    for p in report.problems:
        err.print(f"line {p.line}, column {p.column}: {p.message}", highlight=False)
    out.print(f"{report.loaded:,} prices loaded, {len(report.problems):,} lines refused")


@valuation_app.command("assign")
@clean_errors
def valuation_assign(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    round_name: Annotated[str, typer.Option("--round", help="Appraisal round name.")],
) -> None:
    """Price every parcel: Treasury list, else the appraisal unit it overlaps most."""
    from valuation.land_prices import assign_land_prices

    result = assign_land_prices(lao, round_name, engine_for(settings()))
    sources = ", ".join(f"{k} {v:,}" for k, v in sorted(result.by_source.items()))
    out.print(f"priced: {sources or 'none'}; without a price: {result.unpriced:,}")


@valuation_app.command("set-price")
@clean_errors
def valuation_set_price(
    parcel: Annotated[str, typer.Argument(help="Parcel code, e.g. 01A001.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    round_name: Annotated[str, typer.Option("--round", help="Appraisal round name.")],
    price: Annotated[str, typer.Option(help="Baht per square wah.")],
    reason: Annotated[str, typer.Option(help="Why (e.g. no appraisal, s.35 para 2).")],
    approver: Annotated[str, typer.Option(help="Who approved it.")],
) -> None:
    """Set a manual land price with its reason and approver; later assignments keep it."""
    from decimal import Decimal, InvalidOperation

    from valuation.land_prices import set_manual_price

    try:
        value = Decimal(price)
    except InvalidOperation:
        raise fail(f"--price: '{price}' is not a number", 2) from None
    set_manual_price(lao, round_name, parcel, value, reason, approver, engine_for(settings()))
    out.print(f"{parcel}: {value} baht per square wah (manual, approved by {approver})")


@roll_app.command("assess")
@clean_errors
def roll_assess(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    year: Annotated[int, typer.Option(help="Tax year (B.E. or C.E.).")],
) -> None:
    """Assess every taxpayer from the register as of 1 January, write the roll, print totals."""
    from taxmap.core.thai import normalize_year

    with RichProgress(err) as progress:
        totals = _roll(lao, normalize_year(year), progress)
    print_roll(totals)


@roll_app.command("explain")
@clean_errors
def roll_explain(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    year: Annotated[int, typer.Option(help="Tax year (B.E. or C.E.).")],
    taxpayer: Annotated[int, typer.Option(help="The taxpayer's number on the roll.")],
    lang: Annotated[str, typer.Option(help="th or en.")] = "th",
) -> None:
    """Show every step of one taxpayer's assessment: rule, data, inputs, arithmetic."""
    from valuation.register_quote import explain_taxpayer

    name, result = explain_taxpayer(lao, year, taxpayer, engine_for(settings()))
    out.print(f"{taxpayer}: {name}", highlight=False)
    for tax in ("land_building_tax", "signboard_tax"):
        for line in result[tax]["lines"]:
            mark = "*" if line["bill_line"] else " "
            text = line["text_th"] if lang == "th" else line["text_en"]
            out.print(f"{mark} [{line['rule']}] {text}", highlight=False)
    out.print(
        f"land and building tax {result['land_building_tax']['total']}, signboard tax "
        f"{result['signboard_tax']['total']}, total {result['total']} baht "
        "(* = bill line)",
        highlight=False,
    )


def _roll(lao: str, year: int, progress: Any) -> Any:
    from valuation.roll_services import assess_roll

    return assess_roll(lao, year, engine_for(settings()), progress, actor="cli")


CATEGORY_TH = {
    "agri": "เกษตรกรรม",
    "res_main": "ที่อยู่อาศัย (บ้านหลังหลัก)",
    "res_bldg": "ที่อยู่อาศัย (เจ้าของบ้านไม่ใช่เจ้าของที่ดิน)",
    "res_other": "ที่อยู่อาศัยอื่น",
    "other": "อื่น ๆ (พาณิชย์ อุตสาหกรรม)",
    "vacant": "ทิ้งไว้ว่างเปล่า",
}


def print_roll(totals: Any) -> None:
    """Print a roll's totals by category, zone and tambon, and what was left out."""
    from taxmap.core.thai import to_buddhist_year

    out.print(
        f"ทะเบียนภาษีปี {to_buddhist_year(totals.tax_year)} (tax year {totals.tax_year}): "
        f"{totals.taxpayers:,} taxpayers; land and building tax {totals.land_building_tax:,.2f}"
        f" baht; signboard tax {totals.signboard_tax:,.2f} baht"
    )
    for title, table, labels in (
        ("category", totals.by_category, CATEGORY_TH),
        ("zone", totals.by_zone, {}),
        ("tambon", totals.by_tambon, {}),
    ):
        view = Table(title, "baht")
        for name, amount in sorted(table.items()):
            view.add_row(f"{name} {labels.get(name, '')}".strip(), f"{amount:,.2f}")
        out.print(view)
    out.print(
        f"{totals.lines:,} bill lines written to roll {totals.roll_id} (draft); "
        f"{totals.exempt_parcels} exempt parcels (s.8, shown with tax 0), "
        f"{totals.unpriced_parcels} parcels without a land price, "
        f"{totals.unvalued_buildings} buildings without a price type"
    )


# ---- tax --------------------------------------------------------------------------------------


@tax_app.command("quote")
def tax_quote() -> None:
    """Read one quote request (JSON) on stdin; write the quote (JSON) on stdout.

    Exit 0 with the quote; exit 2 with {"code", "message", "details": {"errors": [...]}} on
    stdout when the request is invalid (each error names the JSON path of the bad field).
    """
    import json

    from valuation.quote import quote

    raw = sys.stdin.read()
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        error = {
            "code": "invalid_input",
            "message": f"stdin is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            "details": {"errors": [{"path": "$", "message": exc.msg}]},
        }
        print(json.dumps(error, ensure_ascii=False))
        raise typer.Exit(2) from None
    if not isinstance(document, dict):
        error = {
            "code": "invalid_input",
            "message": "the quote request must be a JSON object",
            "details": {"errors": [{"path": "$", "message": "expected an object"}]},
        }
        print(json.dumps(error, ensure_ascii=False))
        raise typer.Exit(2)
    try:
        result = quote(document)
    except TaxmapError as exc:
        print(json.dumps(exc.to_dict(), ensure_ascii=False))
        raise typer.Exit(2) from None
    print(json.dumps(result, ensure_ascii=False, indent=1))


# ---- serve ------------------------------------------------------------------------------------
