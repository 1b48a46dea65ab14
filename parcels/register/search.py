"""Keys for tolerant search of owners by Thai or English name, and IDs typed with separators.

What matches (both the stored name and the query go through `search_key`):
- Spaces, zero-width characters and punctuation are ignored: "สมชาย  ใจดี" = "สมชายใจดี".
- Leading titles (นาย, นาง, นางสาว, น.ส., ด.ช., ด.ญ., บริษัท, ห้างหุ้นส่วนจำกัด, หจก., Mr, Mrs,
  Ms, Miss) and trailing company words (จำกัด, จำกัด (มหาชน), Co., Ltd.) are ignored, attached or
  not: "นายสมชาย ใจดี" = "สมชาย ใจดี". A title is kept when nothing would remain without it.
- Tone marks (่ ้ ๊ ๋), the thanthakhat (์), mai taikhu (็), phinthu, yamakkan and a stray
  nikhahit are ignored, as are Latin accents; "เเ" typed as two sara e equals "แ", and "ํา"
  typed as nikhahit + sara aa equals "ำ". Latin letters are case-folded; Thai digits become 0-9.
- Vowels and consonants are never changed: "สมชาย ไจ้ดี" (sara ai maimalai) does NOT equal
  "สมชาย ใจดี" (sara ai maimuan); only the tone mark of that slip is forgiven.
- An unfinished name is not equal but is a prefix: `matches("สมชาย ใจด", "นายสมชาย ใจดี")` is
  true because `matches` looks for the query's key inside the name's key.
"""

from __future__ import annotations

import re
import unicodedata

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Tone marks, thanthakhat, mai taikhu, phinthu, yamakkan, lone nikhahit: easy to slip or omit.
_SLIPPABLE = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e3a\u0e4e\u0e4d")
_NIKHAHIT = "\u0e4d"
_THAI_BLOCK = range(0x0E00, 0x0E80)
_NID_SEPARATORS = str.maketrans("", "", " -\u00a0\t.")

_TITLE_TH = (
    "นางสาว|น\\.\\s*ส\\.|นาง|นาย|เด็กชาย|เด็กหญิง|ด\\.\\s*ช\\.|ด\\.\\s*ญ\\.|"
    "ห้างหุ้นส่วนจำกัด|ห้างหุ้นส่วนสามัญ|หจก\\.?|หสน\\.?|บริษัท|บจก\\.?|บมจ\\.?"
)
_TITLE_EN = r"(?:mrs|mr|ms|miss)(?:\.|\b)"
_LEADING = re.compile(rf"^\s*(?:(?:{_TITLE_TH}|{_TITLE_EN})\s*)+", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:\s*(?:จำกัด\s*\(\s*มหาชน\s*\)|จำกัด|public\s+company\s+limited|company\s+limited|"
    r"\bco\b\.?\s*,?|\bltd\b\.?|\blimited\b|\bplc\b\.?)\s*)+$",
    re.IGNORECASE,
)


def search_key(text: str) -> str:
    """Return the key under which a Thai or English name is stored and looked up."""
    clean = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width
    clean = _strip_titles(re.sub(r"\s+", " ", clean).replace("\u0e40\u0e40", "\u0e41"))
    kept: list[str] = []
    for ch in clean:
        if ord(ch) in _THAI_BLOCK:
            if ch not in _SLIPPABLE or ch == _NIKHAHIT:
                kept.append(ch)
            continue
        for part in unicodedata.normalize("NFKD", ch):
            if part.isalnum():
                kept.append(part)
    # Nikhahit + sara aa (typed around a tone mark) is sara am; a lone nikhahit is a slip.
    key = "".join(kept).replace(_NIKHAHIT + "\u0e32", "\u0e33").replace(_NIKHAHIT, "")
    return key.casefold().translate(_THAI_DIGITS)


def _strip_titles(text: str) -> str:
    stripped = _TRAILING.sub("", _LEADING.sub("", text))
    # A name that is only a title ("นาง" as a query) is searched for as written.
    return stripped if stripped.strip() else text


def matches(query: str, name: str) -> bool:
    """Return whether a typed query finds a name: its key appears within the name's key."""
    key = search_key(query)
    return bool(key) and key in search_key(name)


def party_search_key(name_th: str, name_en: str | None = None) -> str:
    """Return the stored key of a party: the keys of its Thai and English names, space-joined."""
    # A key never holds a space, so a query key found inside this never spans both names.
    keys = [search_key(name) for name in (name_th, name_en) if name]
    return " ".join(key for key in keys if key)


def national_id_query(text: str) -> str | None:
    """Return the 13 digits if the text is a 13-digit ID typed with spaces or dashes, else None."""
    # The checksum is not required: a legacy record with a mistyped ID must still be findable.
    digits = text.translate(_NID_SEPARATORS).translate(_THAI_DIGITS)
    if len(digits) == 13 and digits.isascii() and digits.isdigit():
        return digits
    return None
