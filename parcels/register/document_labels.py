"""Thai names and number formats printed on register documents (conventions §5, §6, §10). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from taxmap.core.units import rai_ngan_wah_from_sq_wah

# LTAX document-type codes (taxmap-conventions.md §5): Thai name, English name.
DOCUMENT_TYPES: Mapping[int, tuple[str, str]] = {
    1: ("โฉนดที่ดิน", "title deed (Nor Sor 4)"),
    2: ("น.ส.3ก", "certificate of use (Nor Sor 3 Kor)"),
    3: ("น.ส.3", "certificate of use (Nor Sor 3)"),
    4: ("น.ส.2", "provisional permit (Nor Sor 2)"),
    5: ("ส.ค.1", "notification of possession (Sor Kor 1)"),
    6: ("ส.ป.ก.4-01", "land-reform permit (Sor Por Kor 4-01)"),
    7: ("ท.ค.", "Tor Kor"),
    8: ("ส.ธ.1", "Sor Tor 1"),
    9: ("โฉนดตราจอง", "Chanot Tra Chong"),
    10: ("น.ส.ล.", "public land certificate (Nor Sor Lor)"),
    11: ("ก.ส.น.5", "Kor Sor Nor 5"),
    12: ("ที่ราชพัสดุ", "state land (Treasury)"),
    13: ("อื่น ๆ", "other"),
}
CONSTRUCTION_CLASSES: Mapping[str, str] = {
    "concrete": "ตึก",
    "half_wood": "ครึ่งตึกครึ่งไม้",
    "wood": "ไม้",
}
PARTY_KINDS: Mapping[str, str] = {
    "individual": "บุคคลธรรมดา",
    "juristic": "นิติบุคคล",
    "state": "หน่วยงานของรัฐ",
    "religious": "ศาสนสถาน",
    "other": "อื่น ๆ",
}
RIGHT_KINDS: Mapping[str, str] = {
    "owner": "เจ้าของ",
    "possessor": "ผู้ครอบครอง",
    "state_land_user": "ผู้ใช้ที่ดินของรัฐ",
}
HOW_USED: Mapping[str, str] = {"own": "ใช้เอง", "let": "ให้เช่า", "lent": "ให้ผู้อื่นใช้"}
# The use columns of ภ.ด.ส.3 (tax-rules.md §4): the three residential categories share one.
LIST_USE_COLUMNS: Mapping[str, str] = {
    "agri": "agri",
    "res_main": "residential",
    "res_bldg": "residential",
    "res_other": "residential",
    "other": "other",
    "vacant": "vacant",
}
# Eight compass points, clockwise from north, for a neighbour's bearing.
DIRECTIONS = (
    "เหนือ",
    "ตะวันออกเฉียงเหนือ",
    "ตะวันออก",
    "ตะวันออกเฉียงใต้",
    "ใต้",
    "ตะวันตกเฉียงใต้",
    "ตะวันตก",
    "ตะวันตกเฉียงเหนือ",
)
DASH = "-"


def document_name(code: int | None) -> str:
    """Return the Thai name of an LTAX document type ("1" -> "โฉนดที่ดิน"), or a dash."""
    return DASH if code is None or code not in DOCUMENT_TYPES else DOCUMENT_TYPES[code][0]


def text_or_dash(value: object) -> str:
    """Return a value as printed text, or a dash when it is missing or empty."""
    return DASH if value is None or str(value).strip() == "" else str(value)


def number(value: Decimal | None) -> str:
    """Format square wah, m² or cm with thousands separators and two decimals ("1,234.50")."""
    return DASH if value is None else f"{value:,.2f}"


def rai_ngan_wah(sq_wah: Decimal | None) -> str:
    """Format an area in square wah as ไร่-งาน-ตร.ว. ("1-2-50", "0-0-35.5")."""
    return DASH if sq_wah is None else str(rai_ngan_wah_from_sq_wah(sq_wah))


def square_metres(sq_wah: Decimal | None) -> str:
    """Format an area in square wah as square metres ("2,600.00")."""
    return DASH if sq_wah is None else number(sq_wah * 4)


def share(num: int, den: int) -> str:
    """Format a right's share as a fraction ("1/2", "1/1")."""
    return f"{num}/{den}"


def location(village_no: int | None, tambon: str | None, amphoe: str | None = None) -> str:
    """Format where land lies: "หมู่ 4 ต.บัวลาย" (and "อ.บัวลาย" when the district is given)."""
    parts = []
    if village_no is not None:
        parts.append(f"หมู่ {village_no}")
    if tambon:
        parts.append(f"ต.{tambon}")
    if amphoe:
        parts.append(f"อ.{amphoe}")
    return " ".join(parts) or DASH


def direction(azimuth_deg: float | None) -> str:
    """Name the compass point of a bearing in degrees clockwise from north."""
    if azimuth_deg is None:
        return DASH
    return DIRECTIONS[int(((azimuth_deg + 22.5) % 360) // 45)]


def distance(metres: float) -> str:
    """Print a neighbour's distance: "ติดกัน" when it touches (< 0.5 m), else metres ("12.3")."""
    return "ติดกัน" if metres < 0.5 else f"{metres:,.1f}"
