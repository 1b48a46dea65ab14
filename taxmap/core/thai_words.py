"""Thai word boundaries, marked with ZERO WIDTH SPACE so a layout may break lines there.

Thai is written without spaces between words; a line may break only between words, and
finding them takes a dictionary. Typst's own finder (an LSTM model) costs a third of a
notice's layout, run again on every paragraph; pythainlp's dictionary segmenter (newmm) finds
them once per distinct text, and most texts repeat (land uses, kinds of property).
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import pairwise

# pythainlp makes a data folder in the home directory on import unless told it is read-only.
# A server's home may be read-only, and the segmenter's dictionary ships inside the wheel.
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.tokenize.newmm import segment  # after the setting above

WORD_BREAK = "\u200b"  # ZERO WIDTH SPACE: Unicode's mark for a word boundary in Thai


def mark_word_breaks(text: str) -> str:
    """Return `text` with WORD_BREAK between each two Thai words that touch."""
    if not any(_is_thai(c) for c in text):
        return text
    return _marked(text)


@lru_cache(maxsize=8192)
def _marked(text: str) -> str:
    words = segment(text)
    out = words[:1]
    for before, word in pairwise(words):
        # Spaces, digits and Latin already break (or must not); only Thai meeting Thai needs it.
        if _is_thai(before[-1]) and _is_thai(word[0]):
            out.append(WORD_BREAK)
        out.append(word)
    return "".join(out)


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"
