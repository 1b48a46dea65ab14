"""Rules of a change of owners: which parcel a transfer row means, which rights it ends (pure).

A right holds from valid_from up to, not including, valid_to: a transfer effective on D ends
the old rights with valid_to = D and starts the new ones with valid_from = D, so the owners on
record on any day are never ambiguous, and the owners on 1 January are the year's taxpayers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import NamedTuple

from parcels.register.transfers import TransferRow
from taxmap.core.errors import InvalidInput
from taxmap.core.thai import format_thai_date


class Holding(NamedTuple):
    """A right of an owner in a parcel as recorded (valid from valid_from up to valid_to)."""

    right_id: int
    party_id: int
    owner_no: int
    name_th: str
    ident: str | None  # the national ID, or a juristic person's registration number
    kind: str
    share: Fraction
    valid_from: date
    valid_to: date | None


class Candidate(NamedTuple):
    """An active parcel that one of a row's keys found."""

    parcel_id: int
    code: str
    document_no: str | None
    by_sheet: bool
    by_document: bool


def pick_parcel(row: TransferRow, found: Sequence[Candidate]) -> Candidate:
    """Return the one parcel a row means, preferring a parcel both its keys name."""
    if len(found) == 1:
        return found[0]
    both = [c for c in found if c.by_sheet and c.by_document]
    if len(both) == 1:
        return both[0]
    columns, keys_en, keys_th = _keys(row)
    if not found:
        raise InvalidInput(
            columns.split(",")[0],
            f"{columns}: no active parcel of this LAO has {keys_en}; check the numbers with the "
            "Land Office, or add the parcel to the tax map first",
            f"{columns}: ไม่พบแปลงที่ดินของ อปท. นี้ที่มี{keys_th} โปรดตรวจสอบเลขกับสำนักงานที่ดิน "
            "หรือเพิ่มแปลงในแผนที่ภาษีก่อน",
        )
    codes = ", ".join(sorted(c.code for c in found))
    raise InvalidInput(
        columns.split(",")[0],
        f"{columns}: {len(found)} active parcels match {keys_en} ({codes}); check which parcel "
        "is meant, then correct the row or the register",
        f"{columns}: มีแปลงที่ดิน {len(found)} แปลงตรงกับ{keys_th} ({codes}) "
        "โปรดตรวจสอบว่าหมายถึงแปลงใด แล้วแก้ไขรายการหรือทะเบียน",
    )


def _keys(row: TransferRow) -> tuple[str, str, str]:
    """Return the columns a row identifies its parcel by, and the keys in words."""
    columns: list[str] = []
    en: list[str] = []
    th: list[str] = []
    land, document = row.text("land_no"), row.text("document_no")
    if row.sheet is not None and land:
        columns += ["sheet", "land_no"]
        en.append(f"land number {land} on sheet {row.sheet.name}")
        th.append(f"เลขที่ดิน {land} ระวาง {row.sheet.name}")
    if document:
        kind = row.document_type
        columns += ["document_type", "document_no"] if kind else ["document_no"]
        en.append(f"document no. {document}" + (f" of type {kind}" if kind else ""))
        th.append(f"เอกสารสิทธิ์เลขที่ {document}" + (f" ประเภท {kind}" if kind else ""))
    return ", ".join(columns), " or ".join(en), " หรือ ".join(th)


def rights_to_end(
    date_field: str,
    parcel_code: str,
    holdings: Sequence[Holding],
    effective: date,
    old_ids: Sequence[str] | None = None,
) -> list[Holding]:
    """Return the rights a change effective on that date ends, or say why it cannot be made.

    History is only appended to: a parcel whose owners changed on or after the date is left
    for review. `old_ids`, when given, must be exactly the owners on record the day before.
    """
    later = [h.valid_from for h in holdings if h.valid_from >= effective]
    later += [h.valid_to for h in holdings if h.valid_to is not None and h.valid_to > effective]
    if later:
        when = min(later)
        raise InvalidInput(
            date_field,
            f"{date_field}: the register already records a change of owners of parcel "
            f"{parcel_code} on {when.isoformat()}, on or after {effective.isoformat()}; history "
            "is not rewritten: check the date, or enter the change by hand after review",
            f"{date_field}: ทะเบียนบันทึกการเปลี่ยนเจ้าของแปลง {parcel_code} เมื่อ "
            f"{format_thai_date(when)} ซึ่งตรงหรือหลังวันที่ {format_thai_date(effective)} แล้ว "
            "จะไม่แก้ไขประวัติย้อนหลัง โปรดตรวจสอบวันที่ หรือบันทึกด้วยตนเองหลังพิจารณา",
        )
    day = effective - timedelta(days=1)
    before = sorted(
        (h for h in holdings if h.valid_from <= day and (h.valid_to is None or h.valid_to > day)),
        key=lambda h: h.owner_no,
    )
    if old_ids is not None and sorted(old_ids) != sorted(h.ident or "" for h in before):
        on_record_en = ", ".join(
            f"{h.ident or 'no ID'} ({h.name_th}, owner no. {h.owner_no})" for h in before
        )
        on_record_th = ", ".join(
            f"{h.ident or 'ไม่มีเลขประจำตัว'} ({h.name_th}, ผ.ท.4 เลขที่ {h.owner_no})" for h in before
        )
        raise InvalidInput(
            "old_owner_ids",
            f"old_owner_ids: the file names {', '.join(old_ids)} as the owners before the "
            f"transfer, but on {day.isoformat()} the register of parcel {parcel_code} has "
            f"{on_record_en or 'no owner'}; check the row with the Land Office, or record the "
            "earlier transfer first",
            f"old_owner_ids: ไฟล์ระบุเจ้าของก่อนโอนเป็น {', '.join(old_ids)} แต่ทะเบียนแปลง "
            f"{parcel_code} ณ วันที่ {format_thai_date(day)} บันทึกเจ้าของเป็น "
            f"{on_record_th or '(ไม่มี)'} โปรดตรวจสอบกับสำนักงานที่ดิน หรือบันทึกการโอนครั้งก่อนก่อน",
        )
    return [h for h in before if h.valid_to is None]


def owner_words(reference: str | int) -> tuple[str, str]:
    """Name an owner given by national ID or owner number, in English and Thai."""
    if isinstance(reference, str):
        return f"national ID {reference}", f"เลขประจำตัว {reference}"
    return f"owner number {reference}", f"ผ.ท.4 เลขที่ {reference}"


def unknown_owner(field_name: str, reference: str | int) -> InvalidInput:
    """Say that no owner of the LAO has this national ID or owner number."""
    en, th = owner_words(reference)
    return InvalidInput(
        field_name,
        f"{field_name}: no owner of this LAO has {en}; register the owner first",
        f"{field_name}: ไม่พบเจ้าของทรัพย์สินของ อปท. นี้ที่มี{th} โปรดลงทะเบียนเจ้าของก่อน",
    )
