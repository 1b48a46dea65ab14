"""Read a PDF's text back the way ISO 32000-1 §14.9.4 says, for tests of printed documents.

pypdf's own extract_text() ignores /ActualText and prints garbage for Typst's Thai clusters
('ทะเบี\\x05ยน...', 'บาที่'); pdfminer.six does the same, and PyMuPDF and pypdfium2 double some
marks ('ฤดูู'). `extract_lines` reads the PDF on top of pypdf: inside an /ActualText span the
span's text replaces its glyphs; elsewhere each glyph reads through its font's /ToUnicode CMap.
Text inside placed forms (a notice's fixed fragments are PDF pages drawn with Do) is read too.
"""

from __future__ import annotations

import io
import re
from itertools import pairwise
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _matrix(operands: list[Any]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)
    return (a, b, c, d, e, f)


def _utf16(hex_digits: str) -> str:
    return bytes.fromhex(hex_digits).decode("utf-16-be")


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """Read a Type0 font's /ToUnicode CMap (bfchar and bfrange) into {code: text}."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<(\w+)>\s*<(\w*)>", block):
            found[int(code, 16)] = _utf16(text)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, text in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w*)>", block):
            first = _utf16(text)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                found[int(low, 16) + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return found


def _widths(font: DictionaryObject) -> tuple[dict[int, float], float]:
    """Return a CID font's glyph widths (/W) and default width (/DW), in 1/1000 em."""
    cid_font = font["/DescendantFonts"][0].get_object()
    widths: dict[int, float] = {}
    spec = list(cid_font.get("/W", []))
    i = 0
    while i < len(spec):
        first = int(spec[i])
        if isinstance(spec[i + 1], list):
            widths.update((first + k, float(w)) for k, w in enumerate(spec[i + 1]))
            i += 2
        else:
            widths.update((c, float(spec[i + 2])) for c in range(first, int(spec[i + 1]) + 1))
            i += 3
    return widths, float(cid_font.get("/DW", 1000))


def _runs(reader: PdfReader, page: Any) -> list[tuple[float, float, float, float, str]]:
    """Return each BT..ET text object of a page as (baseline y, start x, end x, size, text)."""
    runs: list[tuple[float, float, float, float, str]] = []
    _draw(reader, page.get_contents(), page["/Resources"], IDENTITY, runs)
    return runs


def _draw(
    reader: PdfReader,
    contents: Any,
    resources: Any,
    ctm: Matrix,
    runs: list[tuple[float, float, float, float, str]],
) -> None:
    """Read one content stream's text into `runs`, and that of the forms it draws (Do)."""
    fonts = {name: ref.get_object() for name, ref in resources.get("/Font", {}).items()}
    maps = {name: (_to_unicode(f), *_widths(f)) for name, f in fonts.items()}
    forms = {name: ref.get_object() for name, ref in resources.get("/XObject", {}).items()}
    tm = IDENTITY
    saved: list[Matrix] = []
    spans: list[str | None] = []  # the /ActualText of each open marked-content sequence
    text, start, end, size = "", None, 0.0, 0.0
    to_unicode: dict[int, str] = {}
    widths: dict[int, float] = {}
    default_width = 1000.0
    for operands, op in ContentStream(contents, reader).operations:
        if op == b"q":
            saved.append(ctm)
        elif op == b"Q":
            ctm = saved.pop()
        elif op == b"cm":
            ctm = _mul(_matrix(operands), ctm)
        elif op == b"Do":
            form = forms[operands[0]]
            if form.get("/Subtype") == "/Form":  # a placed PDF page, e.g. a notice's fragment
                matrix = _matrix(form.get("/Matrix", list(IDENTITY)))
                _draw(reader, form, form.get("/Resources", {}), _mul(matrix, ctm), runs)
        elif op == b"BT":
            text, start, tm = "", None, IDENTITY
        elif op == b"ET":
            if start is not None:
                runs.append((start[1], start[0], end, size, text))
        elif op == b"Tf":
            to_unicode, widths, default_width = maps[operands[0]]
            size = float(operands[1])
        elif op == b"Tm":
            tm = _matrix(operands)
        elif op in (b"BDC", b"BMC"):
            props = operands[1] if op == b"BDC" else None
            actual = props.get("/ActualText") if isinstance(props, DictionaryObject) else None
            if actual is not None and not any(s is not None for s in spans):
                text += str(actual)
            spans.append(None if actual is None else str(actual))
        elif op == b"EMC":
            spans.pop()
        elif op in (b"Tj", b"TJ"):
            at = _mul(tm, ctm)
            start = start or (at[4], at[5])
            advance = 0.0
            for item in operands[0] if op == b"TJ" else operands:
                if isinstance(item, int | float):
                    advance -= float(item) / 1000 * size
                    continue
                raw = item if isinstance(item, bytes) else item.original_bytes
                for k in range(0, len(raw), 2):
                    code = int.from_bytes(raw[k : k + 2], "big")
                    advance += widths.get(code, default_width) / 1000 * size
                    if not any(s is not None for s in spans):
                        text += to_unicode.get(code, "\ufffd")
            end = _mul((1.0, 0.0, 0.0, 1.0, advance, 0.0), _mul(tm, ctm))[4]
        elif op in (b"'", b'"', b"Td", b"TD", b"T*"):
            raise AssertionError(f"the helper does not handle {op!r}, which Typst never writes")


def extract_lines(pdf_bytes: bytes) -> list[str]:
    """Return the PDF's text lines, top to bottom; runs on a line are joined by any gap as ' '."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    lines: list[str] = []
    for page in reader.pages:
        on_page: list[tuple[float, list[tuple[float, float, float, str]]]] = []
        for y, x0, x1, size, text in sorted(_runs(reader, page), key=lambda r: (-r[0], r[1])):
            if on_page and abs(on_page[-1][0] - y) < 0.5:
                on_page[-1][1].append((x0, x1, size, text))
            else:
                on_page.append((y, [(x0, x1, size, text)]))
        for _, runs in on_page:
            runs.sort()
            line = runs[0][3]
            for (_, prev_end, _, _), (x0, _, size, text) in pairwise(runs):
                line += (" " if x0 - prev_end > 0.15 * size else "") + text
            lines.append(line)
    return lines
