"""`taxmap pay`: payments at the counter, settlement files, balances, refunds, cancellations."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from taxmap.cli.shared import clean_errors, engine_for, err, fail, out, parse_day, settings

pay_app = typer.Typer(no_args_is_help=True, help="Payments, receipts, balances and refunds.")
Lao = Annotated[str, typer.Option("--lao", help="The LAO's code.")]


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise fail(f"--amount: '{text}' is not an amount of baht", 2) from None


def _lines(title: str, lines: list[dict[str, Any]]) -> None:
    table = Table(title=title)
    for column in ("notice", "inst.", "due", "months", "tax", "penalty", "surcharge", "total"):
        table.add_column(column, justify="left" if column in ("notice", "due") else "right")
    for x in lines:
        table.add_row(
            x["notice_no"],
            str(x["instalment_no"]),
            x["due_on"],
            str(x["months_late"]),
            x["tax"],
            x["penalty"],
            x["surcharge"],
            x["total"],
        )
    out.print(table)


@pay_app.command("counter")
@clean_errors
def pay_counter(
    notice_no: Annotated[str, typer.Argument(help="The notice presented, e.g. L2569-000001.")],
    lao: Lao,
    amount: Annotated[str, typer.Option(help="Baht received, e.g. 1170.00.")],
    on: Annotated[str | None, typer.Option("--on", help="Day paid, YYYY-MM-DD (today).")] = None,
    received_by: Annotated[str, typer.Option(help="Who took the money.")] = "cli",
    method: Annotated[str, typer.Option(help="cash, cheque or transfer.")] = "cash",
    method_ref: Annotated[
        str | None, typer.Option(help="A cheque's number and bank, a transfer's reference.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the receipt as JSON.")] = False,
) -> None:
    """Take a payment at the counter (oldest debts first) and print the receipt."""
    from taxmap.billing.payments import record_counter_payment

    receipt = record_counter_payment(
        lao,
        notice_no,
        _amount(amount),
        parse_day(on, "--on"),
        engine_for(settings()),
        received_by=received_by,
        method=method,
        method_ref=method_ref,
    )
    data = receipt.to_json()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    out.print(f"receipt {data['receipt_no']}: {data['amount']} ({data['amount_words']})")
    _lines(f"{data['owner_name']}, paid {data['paid_on']}", data["lines"])
    if receipt.overpayment:
        out.print(
            f"overpayment {data['overpayment']}: refund with "
            f"`taxmap pay refund {receipt.payment_id} --lao {lao}`"
        )


@pay_app.command("import")
@clean_errors
def pay_import(
    file: Annotated[Path, typer.Argument(help="Bank or QR settlement file (CSV UTF-8).")],
    lao: Lao,
    received_by: Annotated[str, typer.Option(help="Who imports it.")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Record a settlement file; a second import of it records nothing twice."""
    from taxmap.billing.payments import import_payment_file

    report = import_payment_file(lao, file, engine_for(settings()), received_by=received_by)
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return
    for o in report.outcomes:
        if o.status != "recorded":
            err.print(
                f"line {o.line_no} ({o.transaction_id}): {o.status}: {o.reason_en}",
                highlight=False,
            )
    out.print(
        f"{report.rows:,} lines: {report.recorded:,} recorded ({report.amount_recorded:,.2f}), "
        f"{report.unmatched:,} unmatched ({report.amount_unmatched:,.2f}), "
        f"{report.already_recorded:,} recorded before"
    )


@pay_app.command("balance")
@clean_errors
def pay_balance(
    notice_no: Annotated[str, typer.Argument(help="Any notice of the taxpayer.")],
    lao: Lao,
    on: Annotated[str | None, typer.Option("--on", help="Day to pay, YYYY-MM-DD (today).")] = None,
) -> None:
    """Show what the taxpayer owes on a day: tax, penalty, surcharge per instalment."""
    from taxmap.billing.payments import taxpayer_balance

    data = taxpayer_balance(lao, notice_no, parse_day(on, "--on"), engine_for(settings())).to_json()
    _lines(f"{data['owner_name']}, on {data['on']}", data["lines"])
    out.print(f"total {data['total']}")


@pay_app.command("refund")
@clean_errors
def pay_refund(
    payment_id: Annotated[int, typer.Argument(help="The payment's id (on its receipt).")],
    lao: Lao,
    by: Annotated[str, typer.Option(help="Who pays the money back.")] = "cli",
) -> None:
    """Pay back what a payment left over after the taxpayer's debts (s.54)."""
    from taxmap.billing.payments import refund_overpayment

    refund = refund_overpayment(lao, payment_id, engine_for(settings()), by=by)
    out.print(f"refund {refund.refund_id}: {refund.amount:,.2f} of payment {payment_id}")


@pay_app.command("cancel")
@clean_errors
def pay_cancel(
    receipt_no: Annotated[str, typer.Argument(help="e.g. R2569-000001.")],
    lao: Lao,
    reason: Annotated[str, typer.Option(help="Why it is cancelled.")],
    by: Annotated[str, typer.Option(help="Who cancels it.")] = "cli",
) -> None:
    """Cancel a receipt: its number stays on record as cancelled, its money is reversed."""
    from taxmap.billing.payments import cancel_receipt

    done = cancel_receipt(lao, receipt_no, engine_for(settings()), by=by, reason=reason)
    out.print(f"receipt {done.receipt_no} cancelled ({done.amount:,.2f} reversed)")


@pay_app.command("receipt")
@clean_errors
def pay_receipt(
    receipt_no: Annotated[str, typer.Argument(help="e.g. R2569-000001.")],
    lao: Lao,
    output: Annotated[Path | None, typer.Option("--out", help="The PDF file to write.")] = None,
) -> None:
    """Print a receipt as PDF: tax, penalty and surcharge per instalment, baht in words."""
    from taxmap.billing.receipts import receipt_pdf

    path = output or Path(f"{receipt_no}.pdf")
    path.write_bytes(receipt_pdf(lao, receipt_no, engine_for(settings())))
    out.print(f"{path} written")
