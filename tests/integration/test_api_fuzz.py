"""Schemathesis against the app's own OpenAPI, in-process: no 5xx, responses match the schema.

Every `{lao}` is FUZZ, a throwaway LAO this module creates and drops (never the pilot), with a
block of three parcels and two owners, so `{code}` and `{owner_no}` often name real records
and request bodies get past "not found" into the checks behind it. The run is bounded and
derandomized: CI sends the same cases every time.

No operation is excluded. Checks: `not_a_server_error` and `response_schema_conformance`
(responses of statuses the document does not describe, such as 404, have no schema to check).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from fresh_laos import drop_lao
from schemathesis import Case
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.config import SchemathesisConfig
from shapely.geometry import box
from sqlalchemy.engine import Engine

from parcels.fabric import bulk
from parcels.register.editing import create_owner, set_land_use
from parcels.register.model import NewOwner, UsePieceInput
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.settings import load_settings
from web.app import create_app

LAO = "FUZZ"
CODES = ["01A001", "01A002", "01A003"]
EXAMPLES = 25  # per operation; about 40 s for the 75 operations on 2 cores
X, Y = 230_000.0, 1_730_000.0

# The document is read from an app that never connects; the cases run against the test app.
_DOCUMENT = create_app(load_settings(database_url="postgresql://u:p@127.0.0.1:9/unused")).openapi()
schema = schemathesis.openapi.from_dict(
    _DOCUMENT,
    config=SchemathesisConfig.from_dict(
        {
            "seed": 20261124,
            "dictionaries": {"codes": {"values": CODES}, "owners": {"values": [1, 2]}},
            "parameters": {
                "path.lao": LAO,
                "path.code": {"dictionary": "codes", "probability": 0.7},
                "path.owner_no": {"dictionary": "owners", "probability": 0.7},
            },
            "generation": {"max-examples": EXAMPLES, "deterministic": True},
            # The coverage phase sends hundreds of boundary cases per operation: too long here.
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    ),
)


def _seed(engine: Engine) -> None:
    """FUZZ with block 01A of three 40 x 40 m parcels, each owned by owner 1 or 2."""
    with engine.begin() as conn:
        lao_id = create_lao(CreateLao(LAO, "ทดสอบฟัซ", "Fuzz", 32648), conn)
        whole = box(X, Y, X + 120, Y + 40)
        zone = bulk.insert_zones(conn, lao_id, 32648, [{"code": "01", "geom": whole}])
        block = bulk.insert_blocks(
            conn,
            lao_id,
            32648,
            [{"zone_id": zone["01"], "code": "01A", "geom": whole, "next_lot": 4}],
        )
        parcels = [
            {
                "code": code,
                "block_id": block["01A"],
                "lot": i + 1,
                "geom": box(X + 40 * i, Y, X + 40 * i + 40, Y + 40),
                "valid_from": "2020-01-01",
                "document_no": f"100{i}",
            }
            for i, code in enumerate(CODES)
        ]
        bulk.insert_parcels(conn, lao_id, 32648, parcels)
        for n in (1, 2):
            create_owner(LAO, NewOwner("juristic", f"บริษัท ฟัซ {n} จำกัด"), conn, actor="fuzz")
        for code, owner in zip(CODES, (1, 1, 2), strict=True):
            set_land_use(
                LAO,
                code,
                (UsePieceInput("agri", Decimal("400")),),
                date(2020, 1, 1),
                conn,
                actor="fuzz",
            )
            conn.execute(
                sa.text(
                    "INSERT INTO rights (lao_id, party_id, kind, parcel_id, valid_from)"
                    " SELECT :l, p.id, 'owner', c.id, '2020-01-01' FROM parties p, parcels c"
                    " WHERE p.lao_id = :l AND p.owner_no = :o AND c.lao_id = :l AND c.code = :code"
                ),
                {"l": lao_id, "o": owner, "code": code},
            )


@pytest.fixture(scope="module")
def fuzz_app(engine: Engine, make_client: Callable[..., TestClient]) -> Iterator[TestClient]:
    """A system administrator's client; FUZZ is seeded before and dropped after."""
    drop_lao(engine, LAO)
    _seed(engine)
    with make_client() as client:
        yield client
    drop_lao(engine, LAO)


@schema.parametrize()
def test_no_operation_answers_5xx_or_breaks_its_schema(case: Case, fuzz_app: TestClient) -> None:
    app: FastAPI = fuzz_app.app  # type: ignore[assignment]
    case.call_and_validate(
        app=app,
        headers={"Authorization": fuzz_app.headers["Authorization"]},
        checks=[not_a_server_error, response_schema_conformance],
    )


# ---- what the fuzzing found, pinned (each was a 500) -----------------------------------------


def test_a_nul_character_is_refused_naming_the_field(fuzz_app: TestClient) -> None:
    query = fuzz_app.get(f"/api/v1/laos/{LAO}/review-items", params={"status": "\x00"})
    body = fuzz_app.post(f"/api/v1/laos/{LAO}/owners", json={"kind": "other", "name_th": "\x00"})
    assert (query.status_code, query.json()["details"]) == (422, {"field": "query.status"})
    assert (body.status_code, body.json()["details"]) == (422, {"field": "body.name_th"})
    assert body.json()["message"] == (
        "body.name_th contains a NUL character (\\u0000): remove it and send the text again."
    )


def test_numbers_past_their_columns_are_refused_not_500(fuzz_app: TestClient) -> None:
    api = f"/api/v1/laos/{LAO}"
    owner = fuzz_app.get(f"{api}/owners/2147483648")
    offset = fuzz_app.get(f"{api}/owners", params={"q": "0", "offset": 2**63})
    retire = fuzz_app.post(f"{api}/parcels/01A001/retire", json={"reason": "x", "version": 2**31})
    year = fuzz_app.get(f"{api}/rolls/33311")
    assert [r.status_code for r in (owner, offset, retire, year)] == [422, 422, 422, 422]
    assert year.json()["message"] == (
        "33311 is not a year: give it in B.E. (2400-2942, e.g. 2569) or C.E. (e.g. 2026)."
    )


def test_an_empty_land_record_is_refused(fuzz_app: TestClient) -> None:
    answer = fuzz_app.put(f"/api/v1/laos/{LAO}/parcels/01A002/land-record", json={})
    long = fuzz_app.put(f"/api/v1/laos/{LAO}/parcels/01A002/land-record", json={"page": "9" * 17})
    assert (answer.status_code, answer.json()["details"]) == (422, {"field": "body"})
    assert (long.status_code, long.json()["message"]) == (
        422,
        "page has 17 characters; at most 16 fit: shorten it.",
    )
