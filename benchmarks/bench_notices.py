"""Benchmark: 10,000 assessment notices rendered to PDF, one file each, then one print file.

Run with `make bench-notices` (ARGS="--notices 1000" for a quick run). No database: synthetic
NoticeDocuments shaped like a pilot LAO's batch (about 70 % land and building notices of 1 to
6 lines, 30 % sign notices of 1 to 3 signs; instalments from 3,000 baht; a few exempt lines)
go through `render_batches` on worker processes: each notice's PDF is written to a scratch
directory as its batch arrives, and the batches are then bound into one print file. Target:
the 10,000 notice PDFs in under 35 s. Numbers go in BENCHMARKS.md by hand, with machine and
date.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from bench_import import machine
from rich.console import Console

from taxmap.billing.notice_documents import (
    Instalment,
    Letterhead,
    NoticeDocument,
    PaymentRefs,
    bind,
    render_batches,
)

console = Console()
YEAR = 2026
LAO = Letterhead(
    "องค์การบริหารส่วนตำบลบัวลาย",
    ("หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย", "จังหวัดนครราชสีมา 30120"),
    "0 4400 0000",
)
BILLER = "099400016453401"
FIRST = ("สมชาย", "สมหญิง", "ประเสริฐ", "วิไลวรรณ", "บุญมี", "สุดารัตน์", "ทองดี", "มาลัย", "ศักดิ์ชัย")
LAST = ("ใจดี", "ศรีสุข", "บุญเรือง", "แก้วมณี", "พรหมมา", "สิทธิ์ศักดิ์", "ทองคำ", "ปิ่นแก้ว")
CATEGORIES = {
    "agri": "0.01 / 0.03 / 0.05 / 0.07 / 0.1",
    "res_main": "0.03 / 0.05 / 0.1",
    "res_other": "0.02 / 0.03 / 0.05 / 0.1",
    "other": "0.3 / 0.4 / 0.5 / 0.6 / 0.7",
    "vacant": "0.3 / 0.4 / 0.5 / 0.6 / 0.7",
}
SATANG = Decimal("0.01")


def code(rng: random.Random) -> str:
    """Return a parcel code: zone, block, lot (conventions §3)."""
    return f"{rng.randrange(1, 12):02d}{rng.choice('ABCDEFG')}{rng.randrange(1, 400):03d}"


def lbt_line(rng: random.Random, no: int) -> dict[str, Any]:
    """Return one synthetic land and building line, shaped as assessment_detail gives it."""
    category = rng.choice(list(CATEGORIES))
    value = Decimal(rng.randrange(50_000_00, 30_000_000_00)) / 100
    exempt = rng.random() < 0.02
    allowance = value if category == "agri" else Decimal(0)
    taxed = value - allowance
    amount = Decimal(0) if exempt else (taxed * Decimal("0.002")).quantize(SATANG)
    kind = rng.choice(("land", "land", "group", "building"))
    return {
        "line_no": no,
        "tax": "lbt",
        "item": f"{kind} {code(rng)}" + ("-B1" if kind == "building" else ""),
        "category": category,
        "value": f"{value:.2f}",
        "allowance": f"{allowance:.2f}",
        "rates": CATEGORIES[category],
        "surcharge_steps": 1 if category == "vacant" and rng.random() < 0.3 else 0,
        "reduction_percent": "0",
        "exemption": "s.8 religious" if exempt else None,
        "amount": f"{amount:.2f}",
    }


def sign_line(rng: random.Random, no: int) -> dict[str, Any]:
    """Return one synthetic sign line (§3.3): units of 500 cm², rate, quarter share."""
    units, rate = rng.randrange(1, 400), rng.choice((5, 10, 26, 50, 52))
    share = rng.choice((100, 75, 50, 25))
    amount = (max(Decimal(units * rate), Decimal(200)) * share / 100).quantize(SATANG)
    return {
        "line_no": no,
        "tax": "signboard",
        "item": f"sign {code(rng)}-S1",
        "category": None,
        "value": f"{units * 500}.00",
        "allowance": "0.00",
        "rates": f"{units} units × {rate} baht, quarter share {share} %",
        "amount": f"{amount:.2f}",
    }


def synthetic(count: int, seed: int) -> list[NoticeDocument]:
    """Return `count` varied notices with consistent amounts, references and instalments."""
    rng = random.Random(seed)
    docs = []
    for i in range(1, count + 1):
        signs = rng.random() < 0.3
        make = sign_line if signs else lbt_line
        lines = [make(rng, n) for n in range(1, rng.randrange(1, 4 if signs else 7) + 1)]
        amount = sum((Decimal(line["amount"]) for line in lines), Decimal("0.00"))
        due = date(YEAR, 8, 15) if signs else date(YEAR, 4, 30)
        docs.append(
            NoticeDocument(
                lao=LAO,
                tax="signboard" if signs else "lbt",
                notice_no=f"{'P' if signs else 'L'}2569-{i:06d}",
                issued_on=date(YEAR, 7, 31) if signs else date(YEAR, 2, 10),
                tax_year=YEAR,
                due_on=due,
                owner_name=f"{rng.choice(('นาย', 'นาง', 'นางสาว'))}{rng.choice(FIRST)} "
                f"{rng.choice(LAST)}",
                owner_address=f"{rng.randrange(1, 300)} หมู่ {rng.randrange(1, 15)} ตำบลบัวลาย "
                "อำเภอบัวลาย จังหวัดนครราชสีมา 30120",
                taxpayer_no=i,
                amount=amount,
                payment=PaymentRefs(BILLER, f"{'P' if signs else 'L'}2569{i:06d}", "2569"),
                lines=lines,
                instalments=instalments(amount, due),
            )
        )
    return docs


def instalments(amount: Decimal, first: date) -> list[Instalment]:
    """Split 3,000 baht or more in 3 monthly instalments, the satang remainder on the first."""
    if amount < 3000:
        return []
    part = (amount / 3).quantize(SATANG, rounding=ROUND_DOWN)
    dues = [first, first.replace(month=first.month + 1), first.replace(month=first.month + 2)]
    amounts = [amount - 2 * part, part, part]
    return [Instalment(n, d, a) for n, (d, a) in enumerate(zip(dues, amounts, strict=True), 1)]


def main() -> None:
    """Render the notices one PDF each (timed), then bind the print file (timed)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    console.print(f"machine: {machine()}")
    docs = synthetic(args.notices, seed=2569)
    lbt = sum(d.tax == "lbt" for d in docs)
    console.print(f"{len(docs):,} notices: {lbt:,} ภ.ด.ส.6 + ภ.ด.ส.7, {len(docs) - lbt:,} ภ.ป.3")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        pages = size = 0
        started = time.monotonic()
        batches = []
        for batch in render_batches(docs, workers=args.workers):
            for notice in batch.notices:
                (out / f"{notice.notice_no}.pdf").write_bytes(notice.pdf)
                pages, size = pages + notice.pages, size + len(notice.pdf)
            batches.append(batch.pdf)
        each = time.monotonic() - started
        console.print(
            f"one PDF per notice ({args.workers} workers): {each:.1f} s, "
            f"{each / len(docs) * 1000:.2f} ms a notice, {pages / each:,.0f} pages/s, "
            f"{pages:,} pages, {size / len(docs) / 1024:.0f} KiB a notice; "
            f"10,000 notices at this pace: {each / len(docs) * 10_000:.0f} s (target 35 s)"
        )
        started = time.monotonic()
        pdf = bind(batches, "bench")
        bound = time.monotonic() - started
        console.print(
            f"print file: {bound:.1f} s, {pages / bound:,.0f} pages/s, "
            f"{len(pdf) / 1024 / 1024:,.0f} MiB"
        )


if __name__ == "__main__":
    main()
