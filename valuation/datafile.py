"""Read a rule-data file and say exactly where a bad value is: file, line and field.

tomllib parses and checks syntax but forgets positions, so a small scanner walks the same
text and records the line of every key, table and array element. Validation errors then
name the line a person has to fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from taxmap.core.errors import InvalidInput

Key = tuple[str | int, ...]
_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class DataFile:
    """A parsed TOML rule-data file that can point at the line of any of its values."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        try:
            self.text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise self._error(None, "file", f"cannot be read ({exc.strerror})", "อ่านไม่ได้") from None
        try:
            self.data: dict[str, Any] = tomllib.loads(self.text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
            raise self._error(
                line, "syntax", f"is not valid TOML ({exc})", "ไม่ใช่ TOML ที่ถูกต้อง"
            ) from None
        self.lines = _KeyLines(self.text).scan()

    def line_of(self, key: Key) -> int | None:
        """Return the line of a key, or of its nearest enclosing table or array."""
        for size in range(len(key), 0, -1):
            line = self.lines.get(key[:size])
            if line is not None:
                return line
        return None

    def error(self, key: Key, message_en: str, message_th: str) -> InvalidInput:
        """Return the error for a bad value at `key`, naming file, line and field."""
        field = next((part for part in reversed(key) if isinstance(part, str)), "file")
        return self._error(self.line_of(key), field, message_en, message_th)

    def _error(
        self, line: int | None, field: str, message_en: str, message_th: str
    ) -> InvalidInput:
        where_en = f"{self.display} line {line}" if line else self.display
        where_th = f"{self.display} บรรทัด {line}" if line else self.display
        return InvalidInput(
            field,
            f"{where_en}, field '{field}': {message_en}",
            f"{where_th} ช่อง '{field}': {message_th}",
            details={"file": self.display, "line": line},
        )

    # Typed getters: each checks one value and raises with its position.

    def get(self, key: Key, *, required: bool = True) -> Any:
        """Return the value at `key` (None when absent and not required)."""
        node: Any = self.data
        for part in key:
            if isinstance(part, int):
                node = node[part] if isinstance(node, list) and part < len(node) else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                if required:
                    raise self.error(key, "is missing", "ไม่มีค่า")
                return None
        return node

    def table(self, key: Key, *, required: bool = True) -> Mapping[str, Any]:
        """Return the table at `key` (empty when absent and not required)."""
        value = self.get(key, required=required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(key, "must be a table", "ต้องเป็นตาราง")
        return value

    def array(self, key: Key, *, required: bool = True) -> Sequence[Any]:
        """Return the array at `key` (empty when absent and not required)."""
        value = self.get(key, required=required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, "must be a list", "ต้องเป็นรายการ")
        return value

    def text_value(self, key: Key, *, required: bool = True) -> str:
        """Return a non-empty string."""
        value = self.get(key, required=required)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"{value!r} must be non-empty text", "ต้องเป็นข้อความ")
        return value

    def decimal(
        self, key: Key, *, minimum: Decimal | None = None, maximum: Decimal | None = None
    ) -> Decimal:
        """Return a number (TOML number or decimal string) within bounds."""
        value = self.get(key)
        number = _as_decimal(value)
        if number is None:
            raise self.error(key, f"'{value}' is not a number", f"'{value}' ไม่ใช่ตัวเลข")
        if minimum is not None and number < minimum:
            raise self.error(key, f"{number} is below {minimum}", f"{number} น้อยกว่า {minimum}")
        if maximum is not None and number > maximum:
            raise self.error(key, f"{number} is above {maximum}", f"{number} มากกว่า {maximum}")
        return number

    def integer(self, key: Key, *, minimum: int | None = None, maximum: int | None = None) -> int:
        """Return a whole number within bounds."""
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"'{value}' is not a whole number", f"'{value}' ไม่ใช่จำนวนเต็ม")
        if minimum is not None and value < minimum:
            raise self.error(key, f"{value} is below {minimum}", f"{value} น้อยกว่า {minimum}")
        if maximum is not None and value > maximum:
            raise self.error(key, f"{value} is above {maximum}", f"{value} มากกว่า {maximum}")
        return value

    def choice(self, key: Key, options: Sequence[str]) -> str:
        """Return one of the allowed words."""
        value = self.get(key)
        if value not in options:
            listed = ", ".join(options)
            raise self.error(
                key, f"'{value}' is not one of: {listed}", f"'{value}' ต้องเป็นหนึ่งใน {listed}"
            )
        return str(value)

    def boolean(self, key: Key) -> bool:
        """Return true or false."""
        value = self.get(key)
        if not isinstance(value, bool):
            raise self.error(key, f"'{value}' is not true or false", f"'{value}' ต้องเป็น true/false")
        return value

    def words(
        self, key: Key, options: Sequence[str], *, all_word: str | None = None
    ) -> frozenset[str]:
        """Return a set of allowed words from a list (or every option for `all_word`)."""
        value = self.get(key)
        if all_word is not None and value == all_word:
            return frozenset(options)
        if not isinstance(value, list) or not value:
            raise self.error(key, "must be a non-empty list", "ต้องเป็นรายการที่ไม่ว่าง")
        for index, word in enumerate(value):
            if word not in options:
                raise self.error(
                    (*key, index),
                    f"'{word}' is not one of: {', '.join(options)}",
                    f"'{word}' ต้องเป็นหนึ่งใน {', '.join(options)}",
                )
        return frozenset(value)

    def header(self) -> tuple[str, str]:
        """Return the file's (version, source); every rule-data file must state both."""
        return self.text_value(("version",)), self.text_value(("source",))

    def each(self, key: Key, check: Callable[[Key], Any]) -> list[Any]:
        """Apply a check to each element of the array at `key`."""
        return [check((*key, index)) for index in range(len(self.array(key, required=False)))]


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.replace("_", "").strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _line_from_message(message: str) -> int | None:
    # Older tomllib says "... (at line 12, column 5)".
    marker = "at line "
    if marker not in message:
        return None
    digits = message.split(marker, 1)[1].split(",", 1)[0].split(")", 1)[0]
    return int(digits) if digits.isdigit() else None


class _KeyLines:
    """Walk TOML text and record the line of each key, table header and array element."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.found: dict[Key, int] = {}
        self.array_tables: dict[Key, int] = {}

    def scan(self) -> dict[Key, int]:
        """Return {key path: line}; array-of-table entries are keyed by their index."""
        table: Key = ()
        while self._skip_blank():
            if self._peek(2) == "[[":
                self.pos += 2
                key = self._resolve(self._key())
                index = self.array_tables.get(key, -1) + 1
                self.array_tables[key] = index
                table = (*key, index)
                self.found.setdefault(key, self.line)
                self.found[table] = self.line
                self._to_line_end()
            elif self._peek(1) == "[":
                self.pos += 1
                table = self._resolve(self._key())
                self.found.setdefault(table, self.line)
                self._to_line_end()
            else:
                key = (*table, *self._key())
                self.found.setdefault(key, self.line)
                self._expect("=")
                self._value(key)
                self._to_line_end()
        return self.found

    def _resolve(self, key: Key) -> Key:
        # [a.b] inside the latest [[a]] entry belongs to that entry.
        out: Key = ()
        for part in key:
            out = (*out, part)
            if out in self.array_tables and out != key:
                out = (*out, self.array_tables[out])
        return out

    def _peek(self, size: int) -> str:
        return self.text[self.pos : self.pos + size]

    def _advance(self, size: int = 1) -> None:
        self.line += self.text.count("\n", self.pos, self.pos + size)
        self.pos += size

    def _skip_blank(self, *, newlines: bool = True) -> bool:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            elif char in " \t\r" or (newlines and char == "\n"):
                self._advance()
            else:
                return True
        return False

    def _to_line_end(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def _expect(self, char: str) -> None:
        self._skip_blank(newlines=False)
        if self._peek(1) == char:
            self._advance()

    def _key(self) -> Key:
        parts: list[str | int] = []
        while True:
            self._skip_blank(newlines=False)
            char = self._peek(1)
            if char in "\"'":
                parts.append(self._string())
            else:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] in _BARE:
                    self.pos += 1
                parts.append(self.text[start : self.pos])
            self._skip_blank(newlines=False)
            if self._peek(1) != ".":
                break
            self.pos += 1
        self._skip_blank(newlines=False)
        while self._peek(1) == "]":
            self.pos += 1
        return tuple(parts)

    def _string(self) -> str:
        quote = self._peek(1)
        if self._peek(3) == quote * 3:
            end = self.text.find(quote * 3, self.pos + 3)
            end = len(self.text) if end < 0 else end
            value = self.text[self.pos + 3 : end]
            self._advance(end + 3 - self.pos)
            return value
        self.pos += 1
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in (quote, "\n"):
            self.pos += 2 if quote == '"' and self.text[self.pos] == "\\" else 1
        value = self.text[start : self.pos]
        self.pos += 1
        return value

    def _value(self, key: Key) -> None:
        self._skip_blank(newlines=False)
        char = self._peek(1)
        if char in "\"'":
            self._string()
        elif char == "[":
            self._advance()
            index = 0
            while self._skip_blank() and self._peek(1) != "]":
                self.found.setdefault((*key, index), self.line)
                self._value((*key, index))
                index += 1
                self._skip_blank()
                if self._peek(1) == ",":
                    self._advance()
            self._advance()
        elif char == "{":
            self._advance()
            while self._skip_blank(newlines=False) and self._peek(1) != "}":
                inner = (*key, *self._key())
                self.found.setdefault(inner, self.line)
                self._expect("=")
                self._value(inner)
                self._skip_blank(newlines=False)
                if self._peek(1) == ",":
                    self._advance()
            self._advance()
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.pos += 1
