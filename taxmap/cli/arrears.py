"""`taxmap arrears`, `taxmap objections`, `taxmap export`: chasing and reporting revenue."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from taxmap.cli.shared import clean_errors, engine_for, out, parse_day, settings

arrears_app = typer.Typer(no_args_is_help=True, help="Arrears, ageing and warning letters.")
objections_app = typer.Typer(no_args_is_help=True, help="Objections and the 60-day clock.")
export_app = typer.Typer(no_args_is_help=True, help="Exports for e-LAAS and revenue reports.")

Lao = Annotated[str, typer.Option("--lao", help="The LAO's code.")]
On = Annotated[str | None, typer.Option("--on", help="The day, YYYY-MM-DD (today).")]


def _day(text: str | None, option: str = "--on") -> date:
    return parse_day(text, option) or date.today()


@arrears_app.command("list")
@clean_errors
def arrears_list(
    lao: Lao, on: On = None, year: Annotated[int | None, typer.Option()] = None
) -> None:
    """List taxpayers with overdue tax on a day: tax, penalty, surcharge, age."""
    from taxmap.billing.arrears import arrears

    rows = arrears(lao, _day(on), engine_for(settings()), year=year)
    table = Table("taxpayer", "name", "notices", "tax", "penalty", "surcharge", "total", "days")
    for r in rows:
        table.add_row(
            r.taxpayer_key,
            r.name,
            ", ".join(r.notices),
            f"{r.tax:,.2f}",
            f"{r.penalty:,.2f}",
            f"{r.surcharge:,.2f}",
            f"{r.total:,.2f}",
            str(r.days_overdue),
        )
    out.print(table)
    out.print(f"{len(rows):,} taxpayers in arrears, {sum(r.total for r in rows):,.2f} baht")


@arrears_app.command("ageing")
@clean_errors
def arrears_ageing(lao: Lao, on: On = None) -> None:
    """Total the arrears by how long they are overdue."""
    from taxmap.billing.arrears import ageing_report

    table = Table("days overdue", "taxpayers", "tax", "penalty", "surcharge", "total")
    for line in ageing_report(lao, _day(on), engine_for(settings())):
        table.add_row(
            line.bucket,
            f"{line.taxpayers:,}",
            f"{line.tax:,.2f}",
            f"{line.penalty:,.2f}",
            f"{line.surcharge:,.2f}",
            f"{line.total:,.2f}",
        )
    out.print(table)


@arrears_app.command("warnings")
@clean_errors
def arrears_warnings(lao: Lao, year: Annotated[int, typer.Option()], on: On = None) -> None:
    """List the taxpayers to send warning letters to (unpaid after the due date, s.60)."""
    from taxmap.billing.arrears import warning_letters_due

    found = warning_letters_due(lao, year, _day(on), engine_for(settings()))
    for r in found.rows:
        out.print(f"{r.taxpayer_key} {r.name}: {r.total:,.2f} baht", highlight=False)
    out.print(
        f"{len(found.rows):,} letters to send by {found.warning_by} "
        f"(payment was due {found.payment_due})"
    )


@objections_app.command("file")
@clean_errors
def objections_file(
    notice: Annotated[str, typer.Argument(help="The notice objected to.")],
    lao: Lao,
    reason: Annotated[str, typer.Option(help="What the objection is about.")],
    filed: Annotated[str | None, typer.Option(help="Day filed, YYYY-MM-DD (today).")] = None,
) -> None:
    """Record an objection to a notice (s.73); it is decided within 60 days."""
    from taxmap.billing.objections import file_objection

    done = file_objection(lao, notice, _day(filed, "--filed"), reason, engine_for(settings()))
    out.print(f"objection {done.id} to {done.notice_no}: decide by {done.decide_by}")


@objections_app.command("decide")
@clean_errors
def objections_decide(
    objection_id: Annotated[int, typer.Argument()],
    lao: Lao,
    decision: Annotated[str, typer.Option(help="upheld or rejected")],
    note: Annotated[str, typer.Option(help="The reasons.")] = "",
    on: On = None,
) -> None:
    """Record the decision on an objection."""
    from taxmap.billing.objections import decide_objection

    done = decide_objection(lao, objection_id, decision, note, _day(on), engine_for(settings()))
    out.print(f"objection {done.id}: {done.decision} on {done.decided_on}")


@objections_app.command("clock")
@clean_errors
def objections_clock(lao: Lao, on: On = None) -> None:
    """Show open objections: flagged from day 45, deemed upheld at day 60."""
    from taxmap.billing.objections import objection_clock

    lines = objection_clock(lao, _day(on), engine_for(settings()))
    for line in lines:
        out.print(line.message, highlight=False)
    out.print(f"{len(lines)} open objection(s)")


@export_app.command("file")
@clean_errors
def export_file(
    what: Annotated[str, typer.Argument(help="assessments, receipts or arrears")],
    lao: Lao,
    year: Annotated[int, typer.Option(help="Tax year (B.E. or C.E.).")],
    output: Annotated[Path, typer.Option("--out", help="A .csv or .xlsx file.")],
    on: On = None,
) -> None:
    """Export assessments, receipts or arrears per taxpayer (stable taxpayer key) as CSV/XLSX."""
    from taxmap.billing.exports import export_rows, to_csv, to_xlsx
    from taxmap.core.thai import normalize_year

    rows = export_rows(lao, what, normalize_year(year), engine_for(settings()), on=_day(on))
    (to_xlsx if output.suffix.lower() == ".xlsx" else to_csv)(rows, output)
    out.print(f"{len(rows.rows):,} rows of {what} written to {output}")


@export_app.command("revenue")
@clean_errors
def export_revenue(lao: Lao) -> None:
    """Show the money collected by fiscal year (Oct-Sep) and by tax year."""
    from taxmap.billing.exports import revenue_summary

    summary = revenue_summary(lao, engine_for(settings()))
    for title, lines in (
        ("fiscal year", summary.by_fiscal_year),
        ("tax year", summary.by_tax_year),
    ):
        table = Table(title, "tax", "penalty", "surcharge", "total")
        for line in lines:
            table.add_row(
                str(line.year_be),
                f"{line.tax:,.2f}",
                f"{line.penalty:,.2f}",
                f"{line.surcharge:,.2f}",
                f"{line.total:,.2f}",
            )
        out.print(table)
