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
}


def pick_lang(value: str | None) -> Lang:
    """Return 'en' only when asked for; Thai is the default."""
    return "en" if value == "en" else "th"


def translator(lang: Lang) -> dict[str, str]:
    """Return the strings of one language."""
    return {key: texts[lang] for key, texts in STRINGS.items()}
