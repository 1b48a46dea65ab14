"""Draw the payment codes of a notice as SVG, for Typst to embed with image(bytes(...))."""

from __future__ import annotations

import io

import segno
from barcode.codex import Code128
from barcode.writer import SVGWriter

# Quiet zones are what readers need to find a code: 4 modules for QR (ISO/IEC 18004),
# 10 modules for Code 128 (ISO/IEC 15417).
QR_QUIET_ZONE = 4
CODE128_QUIET_ZONE = 10


def thai_qr_code(payload: str) -> segno.QRCode:
    """Make the QR code for a Thai QR payload: error correction M, as Thai QR codes use."""
    # segno raises the level above M only when the code keeps its size, which costs nothing;
    # the payload's characters all fit QR's alphanumeric mode, which keeps the code small.
    return segno.make(payload, error="m", micro=False)


def qr_svg(payload: str, module_mm: float = 0.5) -> str:
    """Return an SVG of the Thai QR code, `module_mm` millimetres per module."""
    buffer = io.BytesIO()
    thai_qr_code(payload).save(
        buffer, kind="svg", border=QR_QUIET_ZONE, scale=module_mm, unit="mm", xmldecl=False
    )
    return buffer.getvalue().decode("utf-8")


def code128_svg(text: str, module_mm: float = 0.25, height_mm: float = 10.0) -> str:
    """Return an SVG of the Code 128 barcode, bars only (the notice prints the text itself)."""
    # python-barcode rather than a hand-written encoder: it switches to code set A for the CR
    # separators of the bank text, to set C for runs of digits, and adds the check symbol;
    # tests/unit/test_payment_codes.py decodes this SVG back to the text, CRs included.
    writer_options = {
        "module_width": module_mm,
        "module_height": height_mm,
        "quiet_zone": CODE128_QUIET_ZONE * module_mm,
        "write_text": False,
    }
    svg: bytes = Code128(text, writer=SVGWriter()).render(writer_options)
    return svg.decode("utf-8")
