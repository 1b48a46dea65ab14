"""`taxmap notices`: freeze the roll, issue notices, correct them, print them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from taxmap.cli.shared import (
    RichProgress,
    clean_errors,
    cli_actor,
    engine_for,
    err,
    fail,
    out,
    parse_day,
    settings,
)

notices_app = typer.Typer(no_args_is_help=True, help="Notices: freeze the roll, issue, correct.")

Lao = Annotated[str, typer.Option("--lao", help="The LAO's code.")]
Year = Annotated[int, typer.Option(help="Tax year (B.E. or C.E.).")]


@notices_app.command("freeze")
@clean_errors
def freeze(lao: Lao, year: Year) -> None:
    """Freeze the year's roll: notices are issued from it and it is never assessed again."""
    from taxmap.billing.notices import freeze_roll

    roll = freeze_roll(lao, year, engine_for(settings()), actor=cli_actor())
    out.print(f"roll {roll} of {year} frozen")


@notices_app.command("issue")
@clean_errors
def issue(
    lao: Lao,
    year: Year,
    on: Annotated[
        str | None, typer.Option(help="Date of issue, YYYY-MM-DD; default today.")
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(help="Folder for one PDF per notice and print.pdf, all of them to print."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes rendering the PDFs.")] = 2,
) -> None:
    """Issue every notice of the frozen roll not issued yet; optionally write their PDFs."""
    from taxmap.billing.notice_documents import bind, render_batches
    from taxmap.billing.notices import issue_notices, notice_document

    day = parse_day(on, "--on")
    engine = engine_for(settings())
    with RichProgress(err) as progress:
        report = issue_notices(
            lao, year, engine, actor=cli_actor(), issued_on=day, progress=progress
        )
    out.print(
        f"{report.issued:,} notices issued ({report.already_issued:,} issued before); "
        + ", ".join(
            f"{tax} {report.first_numbers[tax]} to {report.last_numbers[tax]}"
            for tax in report.first_numbers
        ),
        highlight=False,
    )
    if pdf is not None and report.first_numbers:
        pdf.mkdir(parents=True, exist_ok=True)
        numbers = []
        for tax, first in report.first_numbers.items():
            prefix, start = first.split("-")
            end = int(report.last_numbers[tax].split("-")[1])
            numbers += [f"{prefix}-{seq:06d}" for seq in range(int(start), end + 1)]
        with RichProgress(err) as progress:
            docs = []
            for n, number in enumerate(numbers, 1):
                docs.append(notice_document(lao, number, engine))
                progress("read notices", n, len(numbers))
            batches = []
            for batch in render_batches(docs, workers=workers, progress=progress):
                for notice in batch.notices:
                    (pdf / f"{notice.notice_no}.pdf").write_bytes(notice.pdf)
                batches.append(batch.pdf)
        (pdf / "print.pdf").write_bytes(bind(batches, f"หนังสือแจ้งการประเมินภาษี {lao} {year}"))
        out.print(f"{len(docs):,} PDFs and print.pdf written to {pdf}")


@notices_app.command("reissue")
@clean_errors
def reissue(
    notice_no: Annotated[str, typer.Argument(help="The notice to correct, e.g. L2569-000123.")],
    lao: Lao,
    reason: Annotated[str, typer.Option(help="Why (kept on record).")],
    amount: Annotated[
        str | None,
        typer.Option(help="The tax you expect; refused if the register gives another."),
    ] = None,
) -> None:
    """Re-assess a notice from the register as of 1 January (s.53): cancel it, issue another."""
    from taxmap.billing.notices import cancel_and_reissue

    try:
        value = Decimal(amount) if amount is not None else None
    except InvalidOperation:
        raise fail(f"--amount '{amount}' is not a number of baht", 2) from None
    number = cancel_and_reissue(
        lao, notice_no, value, reason, engine_for(settings()), actor=cli_actor()
    )
    out.print(f"{notice_no} cancelled; {number} issued in its place")


@notices_app.command("pdf")
@clean_errors
def pdf_file(
    notice_no: Annotated[str, typer.Argument(help="The notice, e.g. L2569-000123.")],
    lao: Lao,
    output: Annotated[Path | None, typer.Option("--out", help="The PDF file to write.")] = None,
) -> None:
    """Print one notice with its calculation sheet and payment codes as PDF."""
    from taxmap.billing.notices import notice_pdf

    path = output or Path(f"{notice_no}.pdf")
    path.write_bytes(notice_pdf(lao, notice_no, engine_for(settings())))
    out.print(f"{path} written")
