"""Thai-first UI strings with an English switch (?lang=en)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["th", "en"]

STRINGS: dict[str, dict[Lang, str]] = {
    "app_title": {"th": "ระบบแผนที่ภาษีและทะเบียนทรัพย์สิน", "en": "Tax map and property register"},
    "laos": {"th": "องค์กรปกครองส่วนท้องถิ่น", "en": "Local administrations"},
    "code": {"th": "รหัส", "en": "Code"},
    "name": {"th": "ชื่อ", "en": "Name"},
    "crs": {"th": "ระบบพิกัด", "en": "CRS"},
    "zones": {"th": "โซน", "en": "Zones"},
    "blocks": {"th": "บล็อก", "en": "Blocks"},
    "parcels": {"th": "แปลงที่ดิน", "en": "Parcels"},
    "map": {"th": "แผนที่ภาพรวม", "en": "Overview map"},
    "none": {"th": "ยังไม่มีข้อมูล: สั่ง taxmap demo load", "en": "No data yet: run taxmap demo load"},
    "health": {"th": "สถานะระบบ", "en": "System status"},
    "api": {"th": "เอกสาร API (OpenAPI)", "en": "API document (OpenAPI)"},
    "switch": {"th": "English", "en": "ภาษาไทย"},
    "total_area": {"th": "พื้นที่แปลงรวม", "en": "Total parcel area"},
    "roads": {"th": "ถนน", "en": "Roads"},
    "today": {"th": "วันนี้", "en": "Today"},
    "roll": {"th": "ทะเบียนภาษีที่ดินและสิ่งปลูกสร้าง", "en": "Land and building tax roll"},
    "tax_year": {"th": "ปีภาษี", "en": "Tax year"},
    "as_of": {"th": "ข้อมูล ณ วันที่", "en": "Register as of"},
    "status": {"th": "สถานะ", "en": "Status"},
    "draft": {"th": "ร่าง (ประเมินใหม่ได้)", "en": "draft (may be assessed again)"},
    "frozen": {"th": "ล็อกแล้ว", "en": "frozen"},
    "taxpayers": {"th": "ผู้เสียภาษี", "en": "Taxpayers"},
    "lbt": {"th": "ภาษีที่ดินและสิ่งปลูกสร้าง", "en": "Land and building tax"},
    "signboard": {"th": "ภาษีป้าย", "en": "Signboard tax"},
    "total": {"th": "รวม", "en": "Total"},
    "baht": {"th": "บาท", "en": "baht"},
    "by_category": {"th": "ตามประเภทการใช้ประโยชน์", "en": "By use category"},
    "by_zone": {"th": "ตามโซน", "en": "By zone"},
    "by_tambon": {"th": "ตามตำบล", "en": "By tambon"},
    "exempt": {"th": "แปลงที่ได้รับยกเว้น (ม.8)", "en": "Exempt parcels (s.8)"},
    "unpriced": {"th": "แปลงที่ยังไม่มีราคาประเมิน", "en": "Parcels without a land price"},
    "unvalued": {"th": "สิ่งปลูกสร้างที่ไม่มีราคา", "en": "Buildings without a price type"},
    "no": {"th": "ลำดับ", "en": "No."},
    "owner": {"th": "ผู้เสียภาษี", "en": "Taxpayer"},
    "relief": {"th": "บรรเทาภาระ (ม.97)", "en": "Relief (s.97)"},
    "previous": {"th": "ก่อนหน้า", "en": "Previous"},
    "next": {"th": "ถัดไป", "en": "Next"},
    "item": {"th": "รายการ", "en": "Item"},
    "category": {"th": "ประเภท", "en": "Category"},
    "value": {"th": "มูลค่า (ฐานภาษี)", "en": "Value (base)"},
    "allowance": {"th": "หักยกเว้น", "en": "Allowance"},
    "rates": {"th": "อัตรา (ร้อยละ)", "en": "Rates (%)"},
    "reduction": {"th": "ลดหย่อน (ร้อยละ)", "en": "Reduction (%)"},
    "rule": {"th": "มาตรา / ข้อมูล", "en": "Section / data"},
    "amount": {"th": "ภาษี", "en": "Tax"},
    "print": {"th": "พิมพ์", "en": "Print"},
    "sign_in": {"th": "เข้าสู่ระบบ", "en": "Sign in"},
    "sign_out": {"th": "ออกจากระบบ", "en": "Sign out"},
    "username": {"th": "ชื่อผู้ใช้", "en": "Username"},
    "password": {"th": "รหัสผ่าน", "en": "Password"},
    "bad_login": {
        "th": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "en": "The username or password is wrong.",
    },
    "explain": {
        "th": "คำอธิบายทีละขั้น: taxmap roll explain",
        "en": "Step by step: taxmap roll explain",
    },
}


def pick_lang(value: str | None) -> Lang:
    """Return 'en' only when asked for; Thai is the default."""
    return "en" if value == "en" else "th"


def translator(lang: Lang) -> dict[str, str]:
    """Return the strings of one language."""
    return {key: texts[lang] for key, texts in STRINGS.items()}
