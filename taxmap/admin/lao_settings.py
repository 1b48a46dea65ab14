"""The LAO settings an LAO's administrator may change: letterhead and payment biller ID.

They live in the LAO's JSON document `laos.settings` under the keys the billing code reads:
`letterhead` (name_th, address_lines, phone, pay_at; taxmap/billing/notice_rows.py) and
`payment.biller_id` (13-digit tax ID + 2-digit suffix; taxmap/billing/notices.py and
taxmap-conventions §10). Every other key of the document (demo, topology, snapping, ...) is
kept as it is.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy.engine import Connection, Engine

from taxmap.admin import repository
from taxmap.core.db import UnitOfWork
from taxmap.core.ids import ID_LENGTH, is_valid_national_id

SUFFIX_LENGTH = 2


class LetterheadSettings(BaseModel):
    """How notices, receipts and letters head the LAO (empty = the LAO's registered name)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_th: str = Field(default="", max_length=200, description="LAO name on documents (Thai)")
    address_lines: list[str] = Field(
        default_factory=list, max_length=4, description="Up to 4 address lines"
    )
    phone: str = Field(default="", max_length=60)
    pay_at: str = Field(default="", max_length=200, description="Where to pay (counter, office)")

    @field_validator("address_lines")
    @classmethod
    def _lines(cls, lines: list[str]) -> list[str]:
        kept = [line.strip() for line in lines if line.strip()]
        if any(len(line) > 200 for line in kept):
            raise ValueError(
                "each address line has at most 200 characters; ที่อยู่แต่ละบรรทัดยาวได้ไม่เกิน 200 ตัวอักษร"
            )
        return kept


class PaymentSettings(BaseModel):
    """The LAO's biller ID for Thai QR and bank barcodes: tax ID and bank suffix (both or none)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    tax_id: str = Field(default="", description="The LAO's 13-digit tax ID (เลขประจำตัวผู้เสียภาษีอากร)")
    suffix: str = Field(default="", description="The 2-digit suffix the bank assigned")

    @field_validator("tax_id")
    @classmethod
    def _tax_id(cls, value: str) -> str:
        if value and (len(value) != ID_LENGTH or not value.isascii() or not value.isdigit()):
            raise ValueError(
                f"the LAO's tax ID has exactly {ID_LENGTH} digits 0-9 (got {len(value)} "
                f"characters); เลขประจำตัวผู้เสียภาษีอากรของ อปท. ต้องเป็นตัวเลข {ID_LENGTH} หลัก"
            )
        if value and not is_valid_national_id(value):
            raise ValueError(
                "the LAO's tax ID fails its check digit (the last digit): check it against the "
                "Revenue Department's letter; เลขประจำตัวผู้เสียภาษีอากรไม่ผ่านการตรวจหลักสุดท้าย "
                "กรุณาตรวจสอบกับหนังสือของกรมสรรพากร"
            )
        return value

    @field_validator("suffix")
    @classmethod
    def _suffix(cls, value: str) -> str:
        if value and (len(value) != SUFFIX_LENGTH or not value.isascii() or not value.isdigit()):
            raise ValueError(
                f"the biller suffix has exactly {SUFFIX_LENGTH} digits, e.g. 00, as the bank "
                f"assigned; รหัสต่อท้ายต้องเป็นตัวเลข {SUFFIX_LENGTH} หลัก เช่น 00 ตามที่ธนาคารกำหนด"
            )
        return value

    @model_validator(mode="after")
    def _both(self) -> PaymentSettings:
        if bool(self.tax_id) != bool(self.suffix):
            missing = "suffix" if self.tax_id else "tax_id"
            raise ValueError(
                f"give both the tax ID and the suffix, or neither ({missing} is empty); "
                "กรอกทั้งเลขประจำตัวผู้เสียภาษีและรหัสต่อท้าย หรือเว้นว่างทั้งคู่"
            )
        return self

    @property
    def biller_id(self) -> str:
        """Return the 15-digit biller ID, or '' when none is set."""
        return self.tax_id + self.suffix


class LaoSettings(BaseModel):
    """The settings an LAO's administrator may change."""

    model_config = ConfigDict(extra="forbid")

    letterhead: LetterheadSettings = Field(default_factory=LetterheadSettings)
    payment: PaymentSettings = Field(default_factory=PaymentSettings)


def _editable(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the editable part of a settings document in the shape of LaoSettings."""
    letter = dict(doc.get("letterhead") or {})
    biller = str(dict(doc.get("payment") or {}).get("biller_id") or "")
    return {
        "letterhead": {
            "name_th": str(letter.get("name_th") or ""),
            "address_lines": [str(x) for x in letter.get("address_lines") or []],
            "phone": str(letter.get("phone") or ""),
            "pay_at": str(letter.get("pay_at") or ""),
        },
        # Shown as stored, even when malformed, so the administrator sees what to correct.
        "payment": {"tax_id": biller[:ID_LENGTH], "suffix": biller[ID_LENGTH:]},
    }


def _flat(view: dict[str, Any]) -> dict[str, Any]:
    return {f"{group}.{key}": value for group, keys in view.items() for key, value in keys.items()}


def get_lao_settings(lao_code: str, bind: Engine | Connection) -> dict[str, Any]:
    """Return the LAO's editable settings (letterhead, payment tax ID and suffix)."""
    with UnitOfWork(bind) as uow:
        lao = repository.get_lao(uow.conn, lao_code)
        return _editable(dict(lao.settings or {}))


def update_lao_settings(
    lao_code: str, new: LaoSettings, bind: Engine | Connection, *, actor: str
) -> dict[str, Any]:
    """Replace the LAO's editable settings in one transaction, auditing old and new values."""
    with UnitOfWork(bind) as uow:
        lao = repository.get_lao(uow.conn, lao_code)
        doc = repository.lock_lao_settings(uow.conn, lao.id)
        before = _flat(_editable(doc))
        letter = new.letterhead.model_dump()
        payment = {k: v for k, v in dict(doc.get("payment") or {}).items() if k != "biller_id"}
        if new.payment.biller_id:
            payment["biller_id"] = new.payment.biller_id
        updated = {**doc, "letterhead": letter, "payment": payment}
        after = _flat(_editable(updated))
        changed = sorted(k for k in after if after[k] != before[k])
        if changed:
            repository.update_lao_settings(uow.conn, lao.id, updated)
            repository.append_audit(
                uow.conn,
                lao.id,
                actor,
                "settings",
                "lao",
                lao.id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
        uow.commit()
    return _editable(updated) | {"changed": changed}
