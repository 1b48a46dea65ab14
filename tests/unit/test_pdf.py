"""Printed documents: Typst PDFs in the Thai font give back their Thai text exactly.

The text is read back with tests/pdf_text.py (see there why pypdf's own extraction is not
enough).
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_text import extract_lines
from pypdf import PdfReader

from taxmap.core import pdf
from taxmap.core.errors import ConfigurationError
from taxmap.core.pdf import THAI_FONT_FAMILY, render_pdf

SAMPLE = Path(pdf.__file__).parent / "templates" / "sample.typ"
SAMPLE_DATA = {
    "title": "ทะเบียนทรัพย์สิน",
    "rows": [
        {"form": "ภ.ด.ส.3", "owner": "นายสมชาย ใจดี", "amount": "1,000.00"},
        {"form": "ผ.ท.4", "owner": "นางสาวปิ่นแก้ว ศรีสุข", "amount": "234.50"},
    ],
    "total": "1,234.50",
    "total_words": "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์",
}
# One line per item of data["lines"], in data["weight"] and data["style"], on a wide page.
LINES_TEMPLATE = """#let data = json(bytes(sys.inputs.data))
#set page(width: 40cm, height: auto, margin: 1cm)
#set text(font: sys.inputs.font, size: 12pt, weight: data.weight, style: data.style)
#for line in data.lines [#line \\
]
"""

# Words that other tlwg families double (see THAI_FONT_FAMILY), and a few more.
COMMON_WORDS = "สิทธิ์ ศักดิ์ เป็น ตั้ง ปั้ม ฝั่ง ก๋วยเตี๋ยว ตี๋ ฉุ่ม ภาษีป้าย ผู้ใหญ่ น้ำ ฤดู"


def render_lines(
    tmp_path: Path, lines: list[str], weight: str = "regular", style: str = "normal"
) -> bytes:
    """Render each string on its own line through render_pdf and a throwaway template."""
    template = tmp_path / "lines.typ"
    template.write_text(LINES_TEMPLATE, encoding="utf-8")
    return render_pdf(template, {"lines": lines, "weight": weight, "style": style})


def mark_combinations() -> list[str]:
    """Every Thai consonant with each upper vowel, lower vowel and tone mark, alone and stacked."""
    upper, lower, tones = "ัิีึื", "ฺุู", "่้๊๋์"
    lines = []
    for c in map(chr, range(ord("ก"), ord("ฮ") + 1)):
        lines.append(
            " ".join([c + "็", c + "ํ", c + "ำ", *(c + u + t for u in upper for t in ["", *tones])])
        )
        lines.append(" ".join(c + low + t for low in lower for t in ["", *tones]))
        lines.append(
            " ".join(w for t in tones for w in (c + t, c + t + "ำ", c + t + "า", "เ" + c + t + "ย"))
        )
    return lines


def test_sample_document_gives_back_its_thai_text_exactly() -> None:
    """Heading, table header, both rows and the total come back character for character."""
    assert extract_lines(render_pdf(SAMPLE, SAMPLE_DATA)) == [
        "ทะเบียนทรัพย์สิน",
        "ลำดับ แบบ ผู้เสียภาษี จำนวนเงิน (บาท)",
        "1 ภ.ด.ส.3 นายสมชาย ใจดี 1,000.00",
        "2 ผ.ท.4 นางสาวปิ่นแก้ว ศรีสุข 234.50",
        "รวมทั้งสิ้น 1,234.50 บาท (หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)",
    ]


def test_every_string_of_the_data_appears_whole() -> None:
    """Each Thai string handed to the template is found unbroken in the extracted text."""
    text = "\n".join(extract_lines(render_pdf(SAMPLE, SAMPLE_DATA)))
    for expected in (
        "ทะเบียนทรัพย์สิน",
        "นายสมชาย ใจดี",
        "นางสาวปิ่นแก้ว ศรีสุข",
        "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์",
        "ภ.ด.ส.3",
        "ผ.ท.4",
        "บาท",
    ):
        assert expected in text


def test_fonts_are_the_embedded_thai_font() -> None:
    """Every font is an embedded TrueType subset of the chosen family, regular and bold."""
    reader = PdfReader(io.BytesIO(render_pdf(SAMPLE, SAMPLE_DATA)))
    seen = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert (font["/Subtype"], descendant["/Subtype"]) == ("/Type0", "/CIDFontType2")
            assert "/FontFile2" in descriptor
            assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000
            seen.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert seen == {THAI_FONT_FAMILY, f"{THAI_FONT_FAMILY}-Bold"}


def test_same_data_gives_the_same_bytes() -> None:
    """The sample sets no creation date, and only the tlwg fonts are visible: output repeats."""
    assert render_pdf(SAMPLE, SAMPLE_DATA) == render_pdf(SAMPLE, SAMPLE_DATA)


@pytest.mark.parametrize("style", ["normal", "italic"])
@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_every_thai_mark_combination_extracts_exactly(
    tmp_path: Path, weight: str, style: str
) -> None:
    """All consonant, vowel and tone-mark stacks read back exactly, but for ฎ and ฏ below."""
    lines = [
        line
        for line in mark_combinations()
        if not re.match("[ฎฏ][ฺุู]", line)  # see the xfail test below
    ]
    lines.append(COMMON_WORDS)
    assert len(lines) == 137
    assert extract_lines(render_lines(tmp_path, lines, weight, style)) == lines


@pytest.mark.xfail(strict=True, reason="Typst 0.15 repeats a cluster split by a vertical offset")
def test_lower_vowel_under_dtho_chada_extracts_exactly(tmp_path: Path) -> None:
    """Norasi lowers ุ ู ฺ under the tails of ฎ and ฏ; Typst then writes ฎุ twice."""
    assert extract_lines(render_lines(tmp_path, ["ฎุ ฏู"])) == ["ฎุ ฏู"]


def test_decimal_and_date_reach_the_template_as_text(tmp_path: Path) -> None:
    """Money keeps its exact digits and dates arrive in ISO 8601."""
    template = tmp_path / "values.typ"
    template.write_text(
        "#let data = json(bytes(sys.inputs.data))\n"
        "#set text(font: sys.inputs.font)\n"
        "#data.amount #data.due\n",
        encoding="utf-8",
    )
    data = {"amount": Decimal("1234.50"), "due": date(2025, 4, 30)}
    assert extract_lines(render_pdf(template, data)) == ["1234.50 2025-04-30"]


def test_missing_template_is_a_configuration_error(tmp_path: Path) -> None:
    """A template that is not there is named in both languages."""
    missing = tmp_path / "nope.typ"
    with pytest.raises(ConfigurationError) as caught:
        render_pdf(missing, SAMPLE_DATA)
    assert caught.value.message_en == f"The document template {missing} does not exist."
    assert caught.value.message_th == f"ไม่พบแม่แบบเอกสาร {missing}"
    assert caught.value.details == {"template": str(missing)}


def test_typst_error_names_the_template(tmp_path: Path) -> None:
    """A template Typst cannot compile becomes a ConfigurationError with Typst's message."""
    template = tmp_path / "broken.typ"
    template.write_text("#let data = json(bytes(sys.inputs.data))\n#data.nope\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        render_pdf(template, {"title": "ก"})
    assert caught.value.message_en == (
        f"Typst could not compile the document template {template}: "
        'dictionary does not contain key "nope"'
    )
    assert caught.value.details["template"] == str(template)
    assert "broken.typ:2:6" in caught.value.details["diagnostic"]


def test_unknown_font_in_a_template_is_a_configuration_error(tmp_path: Path) -> None:
    """Typst only warns about a missing font and draws nothing; render_pdf refuses instead."""
    template = tmp_path / "font.typ"
    template.write_text('#set text(font: "Sarabun")\nก\n', encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        render_pdf(template, {})
    assert caught.value.message_en == (
        f"The document template {template} asks for a font that is not installed "
        "(unknown font family: sarabun). "
        "Install Debian's fonts-thai-tlwg (apt-get install fonts-thai-tlwg)."
    )


def test_missing_thai_fonts_say_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the tlwg fonts, rendering stops and says to install fonts-thai-tlwg."""
    monkeypatch.setattr(pdf, "THAI_FONT_DIRS", (tmp_path,))
    with pytest.raises(ConfigurationError) as caught:
        render_pdf(SAMPLE, SAMPLE_DATA)
    assert caught.value.message_en == (
        f"The Thai font Norasi is not in {tmp_path}. "
        "Install Debian's fonts-thai-tlwg (apt-get install fonts-thai-tlwg)."
    )
    assert caught.value.message_th == (
        f"ไม่พบแบบอักษรไทย Norasi ใน {tmp_path} "
        "ติดตั้งแพ็กเกจ fonts-thai-tlwg ของ Debian (apt-get install fonts-thai-tlwg)"
    )
