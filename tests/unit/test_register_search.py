"""Tolerant name search keys and IDs typed with separators (see search.py for what matches)."""

from __future__ import annotations

import pytest

from parcels.register.search import matches, national_id_query, party_search_key, search_key

SOMCHAI = "สมชายใจดี"


@pytest.mark.parametrize(
    "typed",
    [
        "นาย สมชาย  ใจดี",  # title and double space
        "สมชาย ใจดี",
        "นายสมชาย ใจดี",  # title attached, as usually written
        "สมชาย\u200bใจดี",  # zero-width space pasted from a document
        " สมชาย\tใจดี ",
    ],
)
def test_spaces_titles_and_zero_width_are_ignored(typed: str) -> None:
    assert search_key(typed) == SOMCHAI


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("นางสาวสมศรี รักไทย", "สมศรีรักไทย"),
        ("น.ส. สมศรี รักไทย", "สมศรีรักไทย"),
        ("นางสมศรี รักไทย", "สมศรีรักไทย"),
        ("ด.ช.ก้อง ใจดี", "กองใจดี"),
        ("ด.ญ. ฝน ใจดี", "ฝนใจดี"),
        ("บริษัท บัวลายค้าข้าว จำกัด", "บัวลายคาขาว"),
        ("บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)", "ปูนซิเมนตไทย"),
        ("ห้างหุ้นส่วนจำกัด พะไลวัสดุ", "พะไลวัสดุ"),
        ("หจก.พะไลวัสดุ", "พะไลวัสดุ"),
        ("Mr. Somchai Jaidee", "somchaijaidee"),
        ("MRS SOMSRI RAKTHAI", "somsrirakthai"),
        ("Ms.Mali Srisuk", "malisrisuk"),
        ("Miss Café Noir", "cafenoir"),
        ("Bua Lai Rice Trading Co., Ltd.", "bualairicetrading"),
    ],
)
def test_titles_and_company_words_are_removed(typed: str, key: str) -> None:
    assert search_key(typed) == key


def test_names_that_only_look_like_titles_are_kept() -> None:
    assert search_key("Missy Elliott") == "missyelliott"
    assert search_key("Mrinal Sen") == "mrinalsen"
    assert search_key("นาง") == "นาง"  # nothing would remain without the title


def test_tone_marks_and_thanthakhat_are_forgiven() -> None:
    assert search_key("ศักดิ์สิทธิ์") == search_key("ศักดิสิทธิ") == "ศักดิสิทธิ"
    assert search_key("สมชาย ใจดี่") == SOMCHAI
    assert search_key("เก่ง") == search_key("เก๋ง") == search_key("เกง")
    # Sara am typed as nikhahit + sara aa, even around a tone mark, is sara am.
    assert search_key("น้ำใจ") == search_key("นํ้าใจ") == search_key("นําใจ") == "นำใจ"
    # Two sara e typed for sara ae.
    assert search_key("เเสงทอง") == search_key("แสงทอง")


def test_vowel_slips_are_not_forgiven() -> None:
    # ไ (sara ai maimalai) for ใ (sara ai maimuan): only the tone mark is forgiven.
    assert search_key("สมชาย ไจ้ดี") == "สมชายไจดี"
    assert search_key("สมชาย ไจ้ดี") != SOMCHAI
    assert not matches("สมชาย ไจ้ดี", "นายสมชาย ใจดี")


def test_unfinished_names_match_as_part_of_the_key() -> None:
    assert search_key("สมชาย ใจด") != SOMCHAI
    assert matches("สมชาย ใจด", "นายสมชาย ใจดี")
    assert matches("ใจดี", "นายสมชาย ใจดี")
    assert matches("somchai", "Mr. Somchai Jaidee")
    assert not matches("", "นายสมชาย ใจดี")
    assert not matches("นาย", "นายสมชาย ใจดี")


def test_thai_digits_and_latin_case() -> None:
    assert search_key("หมู่ ๓") == search_key("หมู 3") == "หมู3"
    assert search_key("ÉCOLE") == "ecole"


def test_party_key_holds_both_names() -> None:
    key = party_search_key("นายสมชาย ใจดี", "Mr. Somchai Jaidee")
    assert key == "สมชายใจดี somchaijaidee"
    assert search_key("Jaidee") in key and search_key("ใจดี") in key
    assert party_search_key("วัดโพธิ์ศรี", None) == "วัดโพธิศรี"


@pytest.mark.parametrize(
    "typed", ["1103702174629", "1-1037-02174-62-9", "1 1037 02174 62 9", "๑๑๐๓๗๐๒๑๗๔๖๒๙"]
)
def test_national_id_query_recognises_separators(typed: str) -> None:
    assert national_id_query(typed) == "1103702174629"


@pytest.mark.parametrize("typed", ["110370217462", "11037021746290", "สมชาย", "1-1037-0217a-62-9"])
def test_national_id_query_rejects_other_text(typed: str) -> None:
    assert national_id_query(typed) is None


def test_national_id_query_keeps_a_failing_checksum() -> None:
    # A legacy record with a mistyped ID must still be found by what was typed.
    assert national_id_query("1-1037-02174-62-8") == "1103702174628"
