"""`taxmap arrears`, `taxmap objections`, `taxmap export`: chasing and reporting revenue.

Warning letters are issued with `taxmap arrears warnings --issue`; change-of-use reports
(s.33), a taxpayer's request like an objection, with `taxmap objections change-of-use`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from taxmap.cli.shared import (
    clean_errors,
    cli_actor,
    engine_for,
    out,
    parse_day,
    parse_required_day,
    settings,
)

arrears_app = typer.Typer(no_args_is_help=True, help="Arrears, ageing and warning letters.")
objections_app = typer.Typer(
    no_args_is_help=True,
    help="Taxpayers' requests: objections (60-day clock), change-of-use reports (s.33).",
)
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
def arrears_warnings(
    lao: Lao,
    year: Annotated[int, typer.Option(help="Tax year (B.E. or C.E.).")],
    on: On = None,
    issue: Annotated[
        bool, typer.Option("--issue", help="Issue and store the letters (numbered W<year>-…).")
    ] = False,
    pdf: Annotated[Path | None, typer.Option(help="Folder for one PDF per letter.")] = None,
) -> None:
    """List the taxpayers to warn (LBT unpaid after the due date, s.60); --issue sends letters."""
    from taxmap.billing.arrears import warning_letters_due
    from taxmap.billing.warning_letters import issue_warning_letters, warning_letter_pdf
    from taxmap.core.thai import normalize_year

    engine = engine_for(settings())
    tax_year = normalize_year(year)
    if not issue:
        found = warning_letters_due(lao, tax_year, _day(on), engine)
        for r in found.rows:
            out.print(f"{r.taxpayer_key} {r.name}: {r.total:,.2f} baht", highlight=False)
        out.print(
            f"{len(found.rows):,} letters to send by {found.warning_by} "
            f"(payment was due {found.payment_due}); send them with --issue"
        )
        return
    done = issue_warning_letters(lao, tax_year, _day(on), engine, actor=cli_actor())
    for letter in done.letters:
        out.print(f"{letter.letter_no} {letter.notice_no} {letter.owner_name}", highlight=False)
        if pdf is not None:
            pdf.mkdir(parents=True, exist_ok=True)
            (pdf / f"{letter.letter_no}.pdf").write_bytes(
                warning_letter_pdf(lao, letter.letter_no, engine)
            )
    out.print(
        f"{len(done.letters):,} warning letters issued on {done.issued_on}, pay by {done.pay_by} "
        f"({done.already_warned:,} notices warned before)"
    )


@arrears_app.command("letter")
@clean_errors
def arrears_letter(
    letter_no: Annotated[str, typer.Argument(help="e.g. W2569-000001.")],
    lao: Lao,
    output: Annotated[Path | None, typer.Option("--out", help="The PDF file to write.")] = None,
) -> None:
    """Print one warning letter as PDF."""
    from taxmap.billing.warning_letters import warning_letter_pdf

    path = output or Path(f"{letter_no}.pdf")
    path.write_bytes(warning_letter_pdf(lao, letter_no, engine_for(settings())))
    out.print(f"{path} written")


@objections_app.command("change-of-use")
@clean_errors
def change_of_use(
    parcel: Annotated[str, typer.Argument(help="The parcel's code, e.g. 01A001.")],
    lao: Lao,
    use: Annotated[str, typer.Option(help="The use reported: agri, res_main, res_other, …")],
    changed: Annotated[str, typer.Option(help="Day the use changed, YYYY-MM-DD.")],
    reporter: Annotated[str, typer.Option(help="Who reported it.")],
    reported: Annotated[str | None, typer.Option(help="Day reported, YYYY-MM-DD (today).")] = None,
    details: Annotated[str | None, typer.Option(help="What the report says.")] = None,
) -> None:
    """Record a change of use reported for a parcel (s.33) and open its edit case."""
    from taxmap.billing.change_of_use import report_change_of_use

    done = report_change_of_use(
        lao,
        parcel,
        use,
        parse_required_day(changed, "--changed"),
        _day(reported, "--reported"),
        reporter,
        engine_for(settings()),
        actor=cli_actor(),
        details=details,
    )
    late = "" if done.in_time else " (later than the 60 days of s.33)"
    out.print(
        f"report {done.id}: {done.parcel_code} now {done.reported_use} from {done.changed_on}, "
        f"reported after {done.days_after_change} days{late}; edit case {done.case_id} opened",
        highlight=False,
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
