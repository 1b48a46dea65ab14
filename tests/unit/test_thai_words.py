"""Thai word boundaries marked for line breaking (taxmap.core.thai_words)."""

from __future__ import annotations

import pytest

from taxmap.core.thai_words import WORD_BREAK, mark_word_breaks


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "ทิ้งไว้ว่างเปล่าหรือไม่ทำประโยชน์ตามควรแก่สภาพ",
            ["ทิ้ง", "ไว้", "ว่างเปล่า", "หรือไม่", "ทำประโยชน์", "ตามควร", "แก่", "สภาพ"],
        ),
        (
            "หนึ่งแสนสามหมื่นหนึ่งร้อยห้าสิบแปดบาทแปดสิบเอ็ดสตางค์",
            [
                *("หนึ่ง", "แสน", "สาม", "หมื่น", "หนึ่ง", "ร้อยห้าสิบ", "แปด", "บาท", "แปด"),
                *("สิบเอ็ด", "สตางค์"),
            ],
        ),
        ("ที่ดินแปลงติดกัน", ["ที่ดิน", "แปลง", "ติดกัน"]),
    ],
)
def test_thai_words_are_marked_where_a_line_may_break(text: str, words: list[str]) -> None:
    """Each boundary between two Thai words gets one mark; the text is otherwise unchanged."""
    assert mark_word_breaks(text) == WORD_BREAK.join(words)


def test_spaces_digits_and_latin_get_no_mark() -> None:
    """Only Thai meeting Thai is marked: a space already breaks, and digits or codes must not."""
    assert mark_word_breaks("223 หมู่ 10 ตำบลบัวลาย") == f"223 หมู่ 10 ตำบล{WORD_BREAK}บัว{WORD_BREAK}ลาย"
    assert mark_word_breaks("ที่ดิน 01B001") == "ที่ดิน 01B001"
    assert mark_word_breaks("L2569-000123, 1,234.50") == "L2569-000123, 1,234.50"
    assert mark_word_breaks("") == ""


def test_marks_leave_no_trace_once_removed() -> None:
    """Taking the marks out gives back the text exactly, combining vowels and tone marks too."""
    text = "นางสาวประเสริฐ ใจดี องค์การบริหารส่วนตำบลบัวลาย อื่น ๆ"
    assert mark_word_breaks(text).replace(WORD_BREAK, "") == text
