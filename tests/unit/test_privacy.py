"""PDPA masking: national IDs keep first and last three digits, phones their last four."""

from __future__ import annotations

from taxmap.admin.privacy import mask_personal, mask_value


def test_identifiers_are_masked_to_what_a_clerk_needs_to_tell_people_apart() -> None:
    assert mask_value("national_id", "3-1017-00123-45-6") == "3XXXXXXXXX456"
    assert mask_value("phone", "081-234-5678") == "XXXXXX5678"
    assert mask_value("phone", "12") == "XX"


def test_masking_reaches_nested_records_and_leaves_the_rest() -> None:
    record = {
        "owner_no": 7,
        "name_th": "นายสมชาย ใจดี",
        "national_id": "3101700123456",
        "juristic_id": "0105561234567",
        "contacts": [{"phone": "0812345678", "kind": "mobile"}],
        "national_id_missing": None,
    }
    assert mask_personal(record) == {
        "owner_no": 7,
        "name_th": "นายสมชาย ใจดี",
        "national_id": "3XXXXXXXXX456",
        "juristic_id": "0105561234567",
        "contacts": [{"phone": "XXXXXX5678", "kind": "mobile"}],
        "national_id_missing": None,
    }
