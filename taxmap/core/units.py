"""Thai area units (ไร่-งาน-ตารางวา) in exact Decimal arithmetic (conventions §6).

1 ไร่ = 4 งาน = 400 ตร.ว. = 1,600 m²; 1 งาน = 100 ตร.ว.; 1 ตร.ว. = 4 m².
A rai-ngan-wah value carries at most two decimals of square wah, as on Land Department forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from taxmap.core.errors import InvalidInput

SQM_PER_SQ_WAH = Decimal(4)
SQ_WAH_PER_NGAN = 100
NGAN_PER_RAI = 4
SQ_WAH_PER_RAI = SQ_WAH_PER_NGAN * NGAN_PER_RAI

_CENT = Decimal("0.01")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_EXPECTED_EN = "write it as rai-ngan-square wah, e.g. 2-1-35.5"
_EXPECTED_TH = "ให้เขียนแบบ ไร่-งาน-ตร.ว. เช่น 2-1-35.5"

_NUM = r"\d+(?:\.\d+)?"
_DASHED = re.compile(
    rf"(?P<rai>{_NUM})-(?P<ngan>{_NUM})-(?P<wah>{_NUM})(?:ไร่-งาน-(?:ตร\.?ว\.?|ตารางวา|วา))?"
)
_WORDED = re.compile(
    rf"(?:(?P<rai>{_NUM})ไร่)?(?:(?P<ngan>{_NUM})งาน)?"
    rf"(?:(?P<wah>{_NUM})(?:ตารางวา|ตร\.?ว\.?|ตร\.?วา|วา))?"
)


@dataclass(frozen=True)
class RaiNganWah:
    """An area written ไร่-งาน-ตร.ว.; ngan < 4 and wah < 100 with at most two decimals."""

    rai: int
    ngan: int
    wah: Decimal

    def __post_init__(self) -> None:
        # Reject values that could not have come from a form, so str() and parse() round-trip.
        wah = self.wah
        if not isinstance(wah, Decimal):
            wah = Decimal(wah)
        problem = _component_problem(self.rai, self.ngan, wah)
        if problem is not None:
            raise _area_error(f"{self.rai}-{self.ngan}-{self.wah}", *problem)
        # Decimal("-0") compares equal to 0 but would print as "-0".
        object.__setattr__(self, "wah", wah + Decimal(0))

    @property
    def square_wah(self) -> Decimal:
        """Return the whole area in square wah."""
        return self.rai * SQ_WAH_PER_RAI + self.ngan * SQ_WAH_PER_NGAN + self.wah

    @property
    def square_metres(self) -> Decimal:
        """Return the whole area in square metres."""
        return self.square_wah * SQM_PER_SQ_WAH

    def __str__(self) -> str:
        """Return the short form, e.g. "2-1-35.5" (wah without trailing zeros)."""
        return f"{self.rai}-{self.ngan}-{_strip_zeros(self.wah)}"


def sqm_to_sq_wah(sqm: Decimal | float | int) -> Decimal:
    """Convert square metres to square wah exactly."""
    return _to_decimal(sqm) / SQM_PER_SQ_WAH


def sq_wah_to_sqm(sq_wah: Decimal | float | int) -> Decimal:
    """Convert square wah to square metres exactly."""
    return _to_decimal(sq_wah) * SQM_PER_SQ_WAH


def rai_ngan_wah_from_sq_wah(sq_wah: Decimal | float | int) -> RaiNganWah:
    """Split square wah into rai-ngan-wah, rounding wah half-up to two decimals."""
    value = _to_decimal(sq_wah)
    if value < 0:
        raise _area_error(str(sq_wah), "an area cannot be negative", "เนื้อที่ติดลบไม่ได้")
    # Round the total first so that 99.999 wah carries into the next ngan (and rai) for free.
    total = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    rai, rest = divmod(total, SQ_WAH_PER_RAI)
    ngan, wah = divmod(rest, SQ_WAH_PER_NGAN)
    return RaiNganWah(int(rai), int(ngan), wah)


def rai_ngan_wah_from_sqm(sqm: Decimal | float | int) -> RaiNganWah:
    """Convert square metres to rai-ngan-wah, rounding wah half-up to two decimals."""
    if _to_decimal(sqm) < 0:
        raise _area_error(str(sqm), "an area cannot be negative", "เนื้อที่ติดลบไม่ได้")
    return rai_ngan_wah_from_sq_wah(sqm_to_sq_wah(sqm))


def parse_rai_ngan_wah(text: str) -> RaiNganWah:
    """Parse "2-1-35.5" or "2 ไร่ 1 งาน 35.5 ตร.ว." (Thai digits allowed) into rai-ngan-wah."""
    compact = re.sub(r"\s+", "", text.translate(_THAI_DIGITS))
    if compact.startswith("-"):
        raise _area_error(text, "an area cannot be negative", "เนื้อที่ติดลบไม่ได้")
    match = _DASHED.fullmatch(compact) or _WORDED.fullmatch(compact)
    if match is None or not any(match.groupdict().values()):
        raise _area_error(text, "not a recognised area", "อ่านเนื้อที่ไม่ได้")
    parts = match.groupdict()
    for name, label_th in (("rai", "ไร่"), ("ngan", "งาน")):
        if "." in (parts[name] or ""):
            raise _area_error(
                text, f"{name} must be a whole number", f"จำนวน{label_th}ต้องเป็นจำนวนเต็ม"
            )
    rai = int(parts["rai"] or 0)
    ngan = int(parts["ngan"] or 0)
    wah = Decimal(parts["wah"] or 0)
    problem = _component_problem(rai, ngan, wah)
    if problem is not None:
        raise _area_error(text, *problem)
    return RaiNganWah(rai, ngan, wah)


def format_area(sqm: Decimal | float | int) -> str:
    """Format square metres for screens and forms as "2-1-35.50 ไร่-งาน-ตร.ว. (3,742.00 m²)"."""
    # Fixed two decimals in both parts so columns of areas line up on printed registers;
    # square metres are rounded half-up to the centimetre² like the wah.
    rnw = rai_ngan_wah_from_sqm(sqm)
    metres = _to_decimal(sqm).quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{rnw.rai}-{rnw.ngan}-{rnw.wah:.2f} ไร่-งาน-ตร.ว. ({metres:,.2f} m²)"


def _to_decimal(value: Decimal | float | int) -> Decimal:
    # Floats go through their shortest repr so 0.1 becomes 0.1, not 0.1000000000000000055...
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        result = Decimal("NaN")
    if not result.is_finite():
        raise InvalidInput(
            "area",
            f"'{value}' is not a finite number of square metres or square wah",
            f"'{value}' ไม่ใช่ตัวเลขเนื้อที่ที่ใช้ได้",
        )
    return result


def _component_problem(rai: int, ngan: int, wah: Decimal) -> tuple[str, str] | None:
    if not wah.is_finite():
        return ("square wah must be a number", "ตร.ว. ต้องเป็นตัวเลข")
    if rai < 0 or ngan < 0 or wah < 0:
        return ("an area cannot be negative", "เนื้อที่ติดลบไม่ได้")
    if ngan >= NGAN_PER_RAI:
        return ("ngan must be 0-3", "งานต้องอยู่ระหว่าง 0-3")
    if wah >= SQ_WAH_PER_NGAN:
        return ("square wah must be below 100", "ตร.ว. ต้องน้อยกว่า 100")
    if wah != wah.quantize(_CENT, rounding=ROUND_HALF_UP):
        return ("square wah takes at most 2 decimals", "ตร.ว. มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
    return None


def _area_error(text: str, reason_en: str, reason_th: str) -> InvalidInput:
    return InvalidInput(
        "area",
        f"'{text}': {reason_en}; {_EXPECTED_EN}",
        f"'{text}': {reason_th} {_EXPECTED_TH}",
    )


def _strip_zeros(wah: Decimal) -> str:
    text = f"{wah.quantize(_CENT, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
