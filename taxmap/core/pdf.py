"""Printed documents: compile a Typst template with JSON data into a PDF set in a Thai font.

Templates read their data with `json(bytes(sys.inputs.data))` and set their font with
`#set text(font: sys.inputs.font)`. Only the fonts of Debian's fonts-thai-tlwg are visible to
Typst (no system fonts, none of Typst's built-in fonts), so the same data renders the same PDF
on every machine that has the package.

Typst gives the text of each Thai cluster (a consonant with its vowels and tone marks) as
/ActualText around the cluster's glyphs. Readers that honour /ActualText as ISO 32000-1
§14.9.4 says get the Thai back exactly; pypdf and pdfminer.six ignore it and print control
characters, and PyMuPDF and pypdfium2 print some marks twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from taxmap.core.errors import ConfigurationError

THAI_FONT_DIRS: tuple[Path, ...] = (Path("/usr/share/fonts/truetype/tlwg"),)
# Norasi, a looped serif like Times, because in regular, bold, italic and bold italic it places
# every Thai mark without a vertical offset, except lower vowels under ฎ and ฏ. Typst 0.15 splits
# a cluster whose glyphs differ in vertical offset into separate text runs, each repeating the
# cluster's text, so the text comes out twice. Other tlwg families do this in common words:
# Garuda, Kinnari and Laksaman "สิทธิ์", Loma "ก๋วยเตี๋ยว", Umpush bold "ตั้ง", Waree "เป็น".
# Sawasdee is as clean as Norasi but loopless, unlike the faces of official forms.
THAI_FONT_FAMILY = "Norasi"

_INSTALL_EN = "Install Debian's fonts-thai-tlwg (apt-get install fonts-thai-tlwg)."
_INSTALL_TH = "ติดตั้งแพ็กเกจ fonts-thai-tlwg ของ Debian (apt-get install fonts-thai-tlwg)"


def render_pdf(template: Path, data: Mapping[str, Any]) -> bytes:
    """Compile a Typst template with `data` (as JSON in sys.inputs.data) into PDF bytes."""
    return TemplateCompiler(template).render(data)


class TemplateCompiler:
    """One Typst template, compiled again and again with new data (fonts and caches kept)."""

    def __init__(self, template: Path) -> None:
        if not template.is_file():
            raise ConfigurationError(
                f"The document template {template} does not exist.",
                f"ไม่พบแม่แบบเอกสาร {template}",
                details={"template": str(template)},
            )
        self.template = template
        self._compiler = typst.Compiler(
            str(template), root=str(template.parent), font_paths=_thai_fonts(THAI_FONT_DIRS)
        )

    def render(
        self, data: Mapping[str, Any], *, inputs: Mapping[str, str] = {}, tags: bool = True
    ) -> bytes:
        """Compile with `data` (and any other sys.inputs) into PDF bytes.

        `tags=False` leaves out the PDF's structure tags, which grow slower than the pages in
        a long document; the text keeps its /ActualText either way.
        """
        template = self.template
        sys_inputs = {
            "data": json.dumps(data, ensure_ascii=False, default=_json_default),
            "font": THAI_FONT_FAMILY,
            **inputs,
        }
        try:
            pdf, warnings = self._compiler.compile_with_warnings(
                format="pdf", sys_inputs=sys_inputs, pdf_tags=tags
            )
        except typst.TypstError as err:
            raise ConfigurationError(
                f"Typst could not compile the document template {template}: {err.message}",
                f"Typst แปลแม่แบบเอกสาร {template} ไม่ได้: {err.message}",
                details={"template": str(template), "diagnostic": err.diagnostic},
            ) from None
        unknown_fonts = [w.message for w in warnings if w.message.startswith("unknown font family")]
        if unknown_fonts:
            raise ConfigurationError(
                f"The document template {template} asks for a font that is not installed "
                f"({'; '.join(unknown_fonts)}). {_INSTALL_EN}",
                f"แม่แบบเอกสาร {template} ใช้แบบอักษรที่ไม่ได้ติดตั้ง {_INSTALL_TH}",
                details={"template": str(template)},
            )
        assert isinstance(pdf, bytes)
        return pdf


@lru_cache(maxsize=4)
def _thai_fonts(dirs: tuple[Path, ...]) -> typst.Fonts:
    # Scanning the directory costs about as much as compiling a page, so it is done once.
    # A failure raises, and lru_cache does not keep it: installing the fonts needs no restart.
    fonts = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(d) for d in dirs],
    )
    if THAI_FONT_FAMILY not in fonts.families():
        where = ", ".join(str(d) for d in dirs)
        raise ConfigurationError(
            f"The Thai font {THAI_FONT_FAMILY} is not in {where}. {_INSTALL_EN}",
            f"ไม่พบแบบอักษรไทย {THAI_FONT_FAMILY} ใน {where} {_INSTALL_TH}",
            details={"font": THAI_FONT_FAMILY, "font_dirs": [str(d) for d in dirs]},
        )
    return fonts


def _json_default(value: object) -> str:
    # Money stays exact (Decimal as its digits); dates are ISO 8601.
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be passed to a document template")
