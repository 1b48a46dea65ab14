"""PDPA masking of national IDs and phone numbers for roles that do not need them (pure)."""

from __future__ import annotations

import re
from typing import Any

# Keys that hold a person's identifiers; a juristic person's registration number is public.
PERSONAL_KEYS = frozenset({"national_id", "phone", "mobile", "phone_no"})
MASK = "X"


def mask_value(key: str, value: str) -> str:
    """Mask one identifier: a national ID keeps its first and last 3 digits, a phone its last 4."""
    digits = re.sub(r"\D", "", value)
    if key == "national_id" and len(digits) == 13:
        return digits[0] + MASK * 9 + digits[-3:]
    if len(digits) >= 4:
        return MASK * (len(digits) - 4) + digits[-4:]
    return MASK * len(value)


def mask_personal(data: Any) -> Any:
    """Return a copy of JSON-like data with every personal identifier masked."""
    if isinstance(data, dict):
        return {
            k: mask_value(k, v)
            if k in PERSONAL_KEYS and isinstance(v, str) and v
            else mask_personal(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [mask_personal(v) for v in data]
    return data
