"""Domain errors map to one HTTP status each."""

from __future__ import annotations

import pytest

from taxmap.core import errors as e
from web.errors import status_for


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (e.ParcelNotFound("x"), 404),
        (e.LaoNotFound("x"), 404),
        (e.StaleVersion("x"), 409),
        (e.AlreadyExists("x"), 409),
        (e.InvalidInput("area", "x"), 422),
        (e.TopologyConflict("x"), 422),
        (e.DatabaseUnavailable("x"), 503),
        (e.TaxmapError("x"), 400),
    ],
)
def test_status_for(exc: e.TaxmapError, status: int) -> None:
    assert status_for(exc) == status


def test_invalid_input_body_names_the_field() -> None:
    body = e.InvalidInput("national_id", "bad", "ผิด").to_dict()
    assert body == {
        "code": "invalid_input",
        "message": "bad",
        "message_th": "ผิด",
        "details": {"field": "national_id"},
    }
