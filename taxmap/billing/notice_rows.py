"""What an assessment notice prints, shaped as text for its Typst template (no I/O).

Amounts keep their satang and gain thousands separators and Thai words; dates are B.E.; the
roll's English item labels, categories and exemption sections become Thai; the Thai QR code
(tag 30) and the Code 128 bank barcode are drawn from the same amount and references.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from barcode.codex import Code128

from taxmap.billing.payment_codes import bank_barcode_text, thai_qr_payload
from taxmap.billing.payment_images import CODE128_QUIET_ZONE, qr_svg
from taxmap.core.errors import InvalidInput
from taxmap.core.thai import baht_text, format_thai_date, to_buddhist_year
from taxmap.core.thai_words import mark_word_breaks
from valuation.rules.model import CATEGORY_TH

FORMS = {"lbt": "ภ.ด.ส.6", "signboard": "ภ.ป.3"}
BAR_MODULE_MM = 0.25  # as payment_images.code128_svg draws it
BAR_HEIGHT_MM = 10.0

Tax = Literal["lbt", "signboard"]
Line = Mapping[str, Any]

_ZERO = Decimal("0.00")
_ITEM_KINDS = {
    "land": "ที่ดิน",
    "group": "ที่ดินแปลงติดกัน",
    "building": "สิ่งปลูกสร้าง",
    "condo": "ห้องชุด",
    "sign": "ป้าย",
}
_EXEMPTION_WORDS = {"religious": "ศาสนสถาน", "state public use": "ทรัพย์สินของรัฐใช้เพื่อสาธารณะ"}
# valuation.rules.roll writes a sign line's rates as "90 units × 26 baht, quarter share 50 %".
_SIGN_RATES = re.compile(r"(\d+) units × ([\d.]+) baht, quarter share ([\d.]+) %")
_SUMS = ("value", "allowance", "taxable", "amount")


@dataclass(frozen=True)
class Letterhead:
    """The LAO as it heads its notices (LAO settings)."""

    name_th: str
    address_lines: Sequence[str]
    phone: str
    pay_at: str = ""  # the counter that takes payment; the LAO's revenue section if empty


def letterhead_of(name_th: str, settings: Mapping[str, Any] | None) -> Letterhead:
    """Return the LAO's letterhead from its settings ("letterhead"), its name by default."""
    letter = dict(dict(settings or {}).get("letterhead") or {})
    return Letterhead(
        name_th=str(letter.get("name_th") or name_th),
        address_lines=tuple(letter.get("address_lines") or ()),
        phone=str(letter.get("phone") or ""),
        pay_at=str(letter.get("pay_at") or ""),
    )


class Instalment(NamedTuple):
    """One instalment of a notice (LBT s.52; signs of 3,000 baht or more)."""

    no: int
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class PaymentRefs:
    """What the bank is told: the LAO's biller ID (tax ID + suffix), the notice and the year."""

    biller_id: str
    ref1: str
    ref2: str


@dataclass(frozen=True)
class CondoFacts:
    """A condominium unit as the ภ.ด.ส.8 sheet describes it (register, condo_units)."""

    building: str
    unit_no: str
    floor: int | None
    area_m2: Decimal
    price_per_m2: Decimal | None


@dataclass(frozen=True)
class NoticeDocument:
    """Everything printed on one assessment notice; amounts in baht with satang."""

    lao: Letterhead
    tax: Tax
    notice_no: str
    issued_on: date
    tax_year: int  # C.E.
    due_on: date
    owner_name: str
    owner_address: str
    taxpayer_no: int
    amount: Decimal
    payment: PaymentRefs
    lines: Sequence[Line] = ()  # as valuation.roll_services.assessment_detail gives them
    instalments: Sequence[tuple[int, date, Decimal]] = ()
    relief: Decimal = _ZERO  # LBT transitional relief (s.97)
    replaces_notice_no: str | None = None  # a re-assessment cancels and replaces (s.53)
    condos: Mapping[str, CondoFacts] = field(default_factory=dict)  # by a line's "condo <code>"


def check_notice(doc: NoticeDocument) -> None:
    """Refuse a notice whose amounts disagree or whose payment references banks would reject."""
    lines = _lines(doc)
    charged = sum((_decimal(line["amount"]) for line in lines), _ZERO)
    relief = doc.relief if doc.tax == "lbt" else _ZERO
    _check_sum("amount", doc, charged - relief, "the tax of its lines less the relief")
    if doc.instalments:
        _check_sum("instalments", doc, sum((i[2] for i in doc.instalments), _ZERO), "instalments")
    if doc.amount > 0:
        refs = doc.payment
        # Raises InvalidInput for a biller ID or reference that banks would reject.
        bank_barcode_text(refs.biller_id, refs.ref1, refs.ref2, doc.amount)


def fixed_text(doc: NoticeDocument) -> dict[str, Any]:
    """Return what the notice forms print the same for every notice of the LAO and year."""
    return {
        "lao": {
            "name": doc.lao.name_th,
            "address": list(doc.lao.address_lines),
            "phone": doc.lao.phone,
        },
        "tax_year": str(to_buddhist_year(doc.tax_year)),
        "pay_at": doc.lao.pay_at or f"งานจัดเก็บรายได้ {doc.lao.name_th}",
    }


def notice_data(doc: NoticeDocument) -> dict[str, Any]:
    """Shape a notice as the printed text and drawn codes its template lays out."""
    check_notice(doc)
    lines = _lines(doc)
    relief = doc.relief if doc.tax == "lbt" else _ZERO
    if doc.tax == "lbt":
        sums = [_lbt_sums(line) for line in lines]
        rows = [_lbt_row(n, *pair) for n, pair in enumerate(zip(lines, sums, strict=True), 1)]
    else:
        sums, rows = [], [_sign_row(n, line) for n, line in enumerate(lines, 1)]
    return {
        **fixed_text(doc),
        "tax": doc.tax,
        "title": f"{FORMS[doc.tax]} {doc.notice_no}",
        "footer": f"{FORMS[doc.tax]} เลขที่ {doc.notice_no} · {doc.owner_name}",
        "notice_no": doc.notice_no,
        "replaces": doc.replaces_notice_no,
        "issued_on": format_thai_date(doc.issued_on),
        "due_on": format_thai_date(doc.due_on),
        "owner": {
            "name": doc.owner_name,
            "address": doc.owner_address,
            "taxpayer_no": str(doc.taxpayer_no),
        },
        "amount": _money(doc.amount),
        "amount_words": baht_text(doc.amount),
        "relief": _money(relief) if relief else None,
        "lines": rows,
        "uses": _by_use(lines, sums) if sums else [],
        "totals": {k: _money(sum((s[k] for s in sums), _ZERO)) for k in _SUMS},
        # The calculation sheets: ภ.ด.ส.7 for land and buildings, ภ.ด.ส.8 for condo units.
        "sheets": _sheets(doc, lines, sums, rows) if doc.tax == "lbt" else [],
        "instalments": [
            {"no": str(no), "due_on": format_thai_date(due), "amount": _money(amount)}
            for no, due, amount in doc.instalments
        ],
        "pay": _payment(doc) if doc.amount > 0 else None,
    }


def with_word_breaks(data: Mapping[str, Any]) -> dict[str, Any]:
    """Mark the Thai word boundaries of the fields that may wrap; notices.typ breaks there."""
    words = mark_word_breaks
    return {
        **data,
        "lao": {**data["lao"], "name": words(data["lao"]["name"])},
        "owner": {
            **data["owner"],
            "name": words(data["owner"]["name"]),
            "address": words(data["owner"]["address"]),
        },
        "amount_words": words(data["amount_words"]),
        "lines": [_row_words(row) for row in data["lines"]],
        "uses": [_row_words(row) for row in data["uses"]],
        "sheets": [
            {
                **sheet,
                "lines": [_row_words(row) for row in sheet["lines"]],
                "uses": [_row_words(row) for row in sheet["uses"]],
            }
            for sheet in data["sheets"]
        ],
    }


def bars_svg(text: str) -> tuple[str, float]:
    """Draw the Code 128 bank barcode as SVG bars; return it and its width in millimetres."""
    # The bars and quiet zones of payment_images.code128_svg (the tests compare them), written
    # out directly: its XML writer takes 3 ms a code, as long as laying out a notice page.
    modules = Code128(text).build()[0]
    quiet = CODE128_QUIET_ZONE * BAR_MODULE_MM
    width = 2 * quiet + len(modules) * BAR_MODULE_MM
    bars = "".join(
        f'<rect x="{quiet + m.start() * BAR_MODULE_MM:.3f}mm" y="1.000mm" '
        f'width="{(m.end() - m.start()) * BAR_MODULE_MM:.3f}mm" height="{BAR_HEIGHT_MM:.3f}mm" '
        'style="fill:black;"/>'
        for m in re.finditer("1+", modules)
    )
    svg = (
        f'<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="{width:.3f}mm" '
        f'height="{BAR_HEIGHT_MM + 2:.3f}mm"><rect width="100%" height="100%" '
        f'style="fill:white"/>{bars}</svg>'
    )
    return svg, width


def _row_words(row: Mapping[str, str]) -> dict[str, str]:
    # The texts of a row that may run over its column: a kind of property, a use, a building.
    return {k: mark_word_breaks(v) if k in _WRAPPING else v for k, v in row.items()}


_WRAPPING = frozenset({"kind", "use", "building"})


def _lines(doc: NoticeDocument) -> list[Line]:
    # A taxpayer's assessment lists both taxes; each notice prints its own.
    return [line for line in doc.lines if line["tax"] == doc.tax]


def _payment(doc: NoticeDocument) -> dict[str, Any]:
    refs = doc.payment
    payload = thai_qr_payload(refs.biller_id, refs.ref1, refs.ref2, doc.amount)
    bank_text = bank_barcode_text(refs.biller_id, refs.ref1, refs.ref2, doc.amount)
    bars, width = bars_svg(bank_text)
    return {
        "qr": qr_svg(payload),
        "bars": bars,
        "bars_mm": width,
        # The barcode's content as banks print it under the bars, the CRs shown as spaces.
        "barcode_text": bank_text.replace("\r", " "),
        "biller_id": refs.biller_id,
        "ref1": refs.ref1,
        "ref2": refs.ref2,
    }


def _lbt_sums(line: Line) -> dict[str, Decimal]:
    value = _decimal(line["value"])
    # Exempt property (s.8, s.96) shows its value, all of it deducted, and no tax.
    allowance = value if line.get("exemption") else _decimal(line["allowance"])
    return {
        "value": value,
        "allowance": allowance,
        "taxable": value - allowance,
        "amount": _decimal(line["amount"]),
    }


def _lbt_row(no: int, line: Line, sums: Mapping[str, Decimal]) -> dict[str, str]:
    if line.get("exemption"):
        rates = "ยกเว้น " + _exemption_th(str(line["exemption"]))
    else:
        rates = str(line.get("rates") or "-")
        if int(line.get("surcharge_steps") or 0) > 0:
            rates += " (รวมอัตราเพิ่ม ม.43)"
    reduction = _decimal(line.get("reduction_percent") or 0)
    return {
        "no": str(no),
        **_item(str(line["item"])),
        "use": CATEGORY_TH.get(str(line["category"]), str(line["category"] or "-")),
        **{key: _money(amount) for key, amount in sums.items()},
        "rates": rates,
        "reduction": f"{reduction.normalize():f}" if reduction else "-",
    }


def _sign_row(no: int, line: Line) -> dict[str, str]:
    found = _SIGN_RATES.fullmatch(str(line["rates"]))
    if found is None:
        raise ValueError(f"sign line {line['item']}: cannot read its rates {line['rates']!r}")
    area = _decimal(line["value"])
    return {
        "no": str(no),
        **_item(str(line["item"])),
        "area": f"{area:,.0f}" if area == area.to_integral_value() else f"{area:,.2f}",
        "units": f"{int(found[1]):,}",
        "rate": found[2],
        "share": found[3],
        "amount": _money(_decimal(line["amount"])),
    }


def _by_use(lines: Sequence[Line], sums: Sequence[Mapping[str, Decimal]]) -> list[dict[str, str]]:
    uses: dict[str, dict[str, Decimal]] = {}
    for line, row in zip(lines, sums, strict=True):
        use = CATEGORY_TH.get(str(line["category"]), str(line["category"] or "-"))
        total = uses.setdefault(use, dict.fromkeys(_SUMS, _ZERO))
        for key in _SUMS:
            total[key] += row[key]
    return [{"use": use, **{k: _money(v) for k, v in t.items()}} for use, t in uses.items()]


def _sheets(
    doc: NoticeDocument,
    lines: Sequence[Line],
    sums: Sequence[Mapping[str, Decimal]],
    rows: Sequence[dict[str, str]],
) -> list[dict[str, Any]]:
    condo = [str(line["item"]).startswith("condo ") for line in lines]
    out = []
    for form, mine in (("ภ.ด.ส.7", False), ("ภ.ด.ส.8", True)):
        picked = [n for n, is_condo in enumerate(condo) if is_condo == mine]
        if not picked and (mine or any(condo)):
            continue
        part = [sums[n] for n in picked]
        out.append(
            {
                "form": form,
                "lines": [{**rows[n], **(_condo(doc, lines[n]) if mine else {})} for n in picked],
                "uses": _by_use([lines[n] for n in picked], part),
                "totals": {k: _money(sum((s[k] for s in part), _ZERO)) for k in _SUMS},
            }
        )
    return out


def _condo(doc: NoticeDocument, line: Line) -> dict[str, str]:
    code = str(line["item"]).partition(" ")[2]
    facts = doc.condos.get(code)
    if facts is None:
        return {"building": code, "unit": "-", "floor": "-", "area": "-", "price": "-"}
    return {
        "building": facts.building,
        "unit": facts.unit_no,
        "floor": "-" if facts.floor is None else str(facts.floor),
        "area": f"{facts.area_m2:,.2f}",
        "price": "-" if facts.price_per_m2 is None else _money(facts.price_per_m2),
    }


def _item(label: str) -> dict[str, str]:
    kind, _, code = label.partition(" ")
    if kind not in _ITEM_KINDS:
        return {"kind": "", "code": label}
    return {"kind": _ITEM_KINDS[kind], "code": code}


def _exemption_th(reason: str) -> str:
    text = re.sub(r"\bs\.(?=\d)", "ม.", reason).replace(" para ", " วรรค ")
    for english, thai in _EXEMPTION_WORDS.items():
        text = text.replace(english, thai)
    return text


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _check_sum(field: str, doc: NoticeDocument, total: Decimal, what: str) -> None:
    # The amount printed, in the QR code and in the barcode is one number (§1.10); a notice
    # whose lines or instalments add up to another would contradict itself.
    if total != doc.amount:
        raise InvalidInput(
            field,
            f"Notice {doc.notice_no}: the amount {doc.amount:,.2f} is not the sum of {what} "
            f"({total:,.2f}); issue the notice again from the roll.",
            f"หนังสือแจ้งเลขที่ {doc.notice_no}: จำนวนเงิน {doc.amount:,.2f} บาท "
            f"ไม่เท่ากับยอดรวม {total:,.2f} บาท กรุณาออกหนังสือแจ้งใหม่จากบัญชีภาษี",
        )
