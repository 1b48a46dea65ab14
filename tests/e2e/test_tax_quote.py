"""The quote contract through its public doors: `taxmap tax quote` and POST /api/v1/tax/quote."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from taxmap.core.settings import load_settings
from web.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def land(id_: str, sq_wah: float, price: float, category: str) -> dict[str, Any]:
    return {
        "id": id_,
        "area_sq_wah": sq_wah,
        "price_per_sq_wah": price,
        "uses": [{"category": category, "area_sq_wah": sq_wah}],
    }


def building(on: str, price: float, area: float, cls: str, age: int, cat: str) -> dict[str, Any]:
    return {
        "id": f"B-{on}",
        "on_land": on,
        "price_per_sqm": price,
        "floor_area_sqm": area,
        "class": cls,
        "age_years": age,
        "uses": [{"category": cat, "floor_area_sqm": area}],
    }


# tax-rules.md §5, tax year 2024.
EXAMPLES = {
    "A": (
        {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "land": [land("L1", 80, 30000, "res_other")],
            "buildings": [building("L1", 7500, 80, "wood", 10, "res_other")],
        },
        "552.00",
    ),
    "B": (
        {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "land": [land("F1", 400, 5000, "agri")],
            "buildings": [building("F1", 3550, 700, "wood", 4, "agri")],
        },
        "0.00",
    ),
    "C": (
        {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "land": [land("R1", 1000, "100000", "res_main")],
        },
        "20000.00",
    ),
    "D": (
        {
            "tax_year": 2024,
            "owner": {"kind": "juristic"},
            "land": [land("C1", 200, 200000, "other")],
            "buildings": [building("C1", 20000, 1000, "concrete", 0, "other")],
        },
        "190000.00",
    ),
    "E": (
        {
            "tax_year": 2024,
            "owner": {"kind": "juristic"},
            "signs": [
                {
                    "id": "S1",
                    "type": 2,
                    "moving": False,
                    "width_cm": 150,
                    "height_cm": 300,
                    "faces": 1,
                    "first_shown": "2024-07-10",
                }
            ],
        },
        "1170.00",
    ),
}


def run_cli(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taxmap.cli", "tax", "quote"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("case", sorted(EXAMPLES))
def test_worked_examples_through_the_cli(case: str) -> None:
    document, total = EXAMPLES[case]
    done = run_cli(json.dumps(document))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["total"] == total
    assert set(result) == {"land_building_tax", "signboard_tax", "total"}


def test_invalid_request_exits_2_with_the_path_of_each_bad_field() -> None:
    document = {
        "tax_year": 2024,
        "owner": {"kind": "individual"},
        "land": [{"id": "L1", "area_sq_wah": -5, "price_per_sq_wah": "abc", "uses": []}],
    }
    done = run_cli(json.dumps(document))
    assert done.returncode == 2
    body = json.loads(done.stdout)
    paths = {e["path"] for e in body["details"]["errors"]}
    assert {"land[0].area_sq_wah", "land[0].price_per_sq_wah"} <= paths


def test_not_json_exits_2() -> None:
    done = run_cli("{not json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["message"].startswith("stdin is not JSON")


def test_the_api_takes_and_returns_the_same_documents() -> None:
    app = create_app(load_settings(database_url="postgresql://u:p@127.0.0.1:9/unused"))
    with TestClient(app) as client:
        for document, total in EXAMPLES.values():
            response = client.post("/api/v1/tax/quote", json=document)
            assert response.status_code == 200
            assert response.json()["total"] == total
        bad = client.post("/api/v1/tax/quote", json={"tax_year": 2024, "owner": {"kind": "x"}})
    assert bad.status_code == 422
    assert any(e["path"].startswith("owner") for e in bad.json()["details"]["errors"])
