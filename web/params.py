"""Input every route shares: record numbers that fit their columns, and text without NUL."""

from __future__ import annotations

import json
from typing import Annotated, Any

from annotated_types import Interval
from fastapi import Request

from taxmap.core.errors import InvalidInput

INT4_MAX = 2_147_483_647  # PostgreSQL `integer`: owner, taxpayer and record numbers, offsets

# A number beyond the column's range names no record: 422 naming the field, not a 500.
RecordNo = Annotated[int, Interval(ge=1, le=INT4_MAX)]
INT8_MAX = 9_223_372_036_854_775_807  # PostgreSQL `bigint`: row ids (review items, payments)
RowId = Annotated[int, Interval(ge=1, le=INT8_MAX)]
RowOffset = Annotated[int, Interval(ge=0, le=INT4_MAX)]


async def refuse_nul(request: Request) -> None:
    """Refuse a NUL character in the path, query or body: PostgreSQL text cannot hold one."""
    for name, value in request.path_params.items():
        _check(f"path.{name}", value)
    for name, value in request.query_params.multi_items():
        _check(f"query.{name}", value)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        # FastAPI has parsed (and consumed) a form already; request.form() returns that.
        for name, value in (await request.form()).multi_items():
            _check(f"body.{name}", value)
    elif kind == "application/json":
        raw = await request.body()
        if b"\\u0000" in raw or b"\x00" in raw:
            try:
                _check("body", json.loads(raw))
            except ValueError:
                return  # not JSON: FastAPI answers 422 for the body itself
    # Multipart uploads are checked by taxmap.core.uploads and the import readers.


def _check(path: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _check(f"{path}.{key}", key)
            _check(f"{path}.{key}", item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check(f"{path}.{i}", item)
    elif isinstance(value, str) and "\x00" in value:
        raise InvalidInput(
            path,
            f"{path} contains a NUL character (\\u0000): remove it and send the text again.",
            f"{path} มีอักขระ NUL (\\u0000) ซึ่งบันทึกไม่ได้ โปรดลบออกแล้วส่งใหม่",
        )
