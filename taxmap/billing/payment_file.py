"""Read a bank or Thai QR settlement file: one payment per line, matched later on ref1/ref2.

The file is CSV UTF-8 (a BOM is allowed) whose first line names the columns
`transaction_id, paid_at, amount, ref1, ref2, channel` in any order; other columns are
ignored. `paid_at` is an ISO date or date-time (a time zone converts it to Thai time, none
means Thai time); `amount` is baht with at most two decimals and no separators; `channel`
is `bank` or `qr`; `ref2` may be empty. A file with any bad line is refused whole, so money
is never half-imported; each bad line is named with its reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from taxmap.core.errors import InvalidInput

COLUMNS = ("transaction_id", "paid_at", "amount", "ref1", "ref2", "channel")
CHANNELS = ("bank", "qr")
THAI_TIME = ZoneInfo("Asia/Bangkok")
SHOWN_PROBLEMS = 10
MAX_REF = 20  # bill-payment references (taxmap-conventions.md §10)
_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")


@dataclass(frozen=True)
class SettlementRow:
    """One payment the bank or QR switch reports."""

    line_no: int
    transaction_id: str
    paid_on: date
    amount: Decimal
    ref1: str
    ref2: str
    channel: str

    @property
    def source_ref(self) -> str:
        """Return the key that makes a second import of this payment record nothing."""
        return f"{self.channel}:{self.transaction_id}"


def parse_settlement_csv(data: bytes, file_name: str) -> list[SettlementRow]:
    """Read every non-blank line of a settlement file, or refuse it naming each bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "file",
            f"{file_name}: not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8.",
            f"{file_name}: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start}) โปรดบันทึกไฟล์เป็น CSV UTF-8",
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise InvalidInput(
            "file",
            f"{file_name}: the header lacks {', '.join(missing)}; the first line must name the "
            f"columns {', '.join(COLUMNS)}.",
            f"{file_name}: หัวตารางไม่มีคอลัมน์ {', '.join(missing)} "
            f"บรรทัดแรกต้องเป็นชื่อคอลัมน์ {', '.join(COLUMNS)}",
        )
    at = {column: header.index(column) for column in COLUMNS}
    rows: list[SettlementRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line_no = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        try:
            row = _row(line_no, values)
        except ValueError as exc:
            problems.append(f"line {line_no}: {exc}")
            continue
        if row.source_ref in seen:
            problems.append(
                f"line {line_no}: transaction {row.transaction_id} ({row.channel}) is also on "
                f"line {seen[row.source_ref]}"
            )
            continue
        seen[row.source_ref] = line_no
        rows.append(row)
    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        more = (
            f" (and {len(problems) - SHOWN_PROBLEMS} more)"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        raise InvalidInput(
            "file",
            f"{file_name}: nothing was recorded, {len(problems)} bad line(s): {shown}{more}.",
            f"{file_name}: ไม่ได้บันทึกรายการใด มีบรรทัดที่ไม่ถูกต้อง {len(problems)} บรรทัด: {shown}{more}",
            details={"problems": problems},
        )
    return rows


def _row(line_no: int, values: dict[str, str]) -> SettlementRow:
    """Read one line's cells, or raise ValueError saying what is wrong."""
    if not values["transaction_id"]:
        raise ValueError("transaction_id is empty")
    channel = values["channel"].lower()
    if channel not in CHANNELS:
        raise ValueError(f"channel '{values['channel']}' is not bank or qr")
    if not _AMOUNT.fullmatch(values["amount"]) or Decimal(values["amount"]) <= 0:
        raise ValueError(
            f"amount '{values['amount']}' is not a positive amount of baht like 1170.00"
        )
    if not values["ref1"]:
        raise ValueError("ref1 is empty")
    for ref in ("ref1", "ref2"):
        if len(values[ref]) > MAX_REF:
            raise ValueError(f"{ref} '{values[ref]}' is longer than {MAX_REF} characters")
    return SettlementRow(
        line_no=line_no,
        transaction_id=values["transaction_id"],
        paid_on=_paid_on(values["paid_at"]),
        amount=Decimal(values["amount"]).quantize(Decimal("0.01")),
        ref1=values["ref1"].upper(),
        ref2=values["ref2"].upper(),
        channel=channel,
    )


def _paid_on(text: str) -> date:
    """Return the Thai date of an ISO date or date-time."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"paid_at '{text}' is not an ISO date or date-time") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(THAI_TIME)
    return moment.date()
