"""The pilot's generated planning layers: every planted mismatch is found."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy.engine import Engine

from landuse.planning import mismatch_report
from taxmap.core.settings import Settings
from taxmap.demo.layer_gen import PLANTED


@pytest.fixture(scope="module")
def pilot(
    test_settings: Settings, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, Any]]:
    """Load the pilot with its layers (rasters under a temporary var folder)."""
    from taxmap.demo import layers
    from taxmap.demo.load import load_pilot

    settings = test_settings.model_copy(update={"var_dir": tmp_path_factory.mktemp("var")})
    captured: dict[str, Any] = {}
    original = layers.load_demo_layers

    def keep(*args: Any, **kwargs: Any) -> dict[str, Any]:
        captured.update(original(*args, **kwargs))
        return captured

    layers.load_demo_layers = keep  # type: ignore[assignment]
    try:
        load_pilot(settings, engine, seed=2569, progress=Console(quiet=True))
    finally:
        layers.load_demo_layers = original  # type: ignore[assignment]
    yield settings, captured


def test_the_mismatch_report_finds_every_planted_mismatch(
    pilot: tuple[Settings, Any], engine: Engine
) -> None:
    _, captured = pilot
    planted = captured["planted"]
    report = mismatch_report("BUALAI", engine)
    found: dict[str, list[str]] = {}
    for row in report["parcels"]:
        found.setdefault(row["rule"], []).append(row["parcel"])
    for rule, count in PLANTED.items():
        assert len(planted[rule]) == count
        assert sorted(found[rule]) == planted[rule], (rule, {k: len(v) for k, v in found.items()})
    assert (
        sorted(b["parcel"] for b in report["unregistered_buildings"])
        == planted["unregistered_buildings"]
    )
    assert (
        sorted(s["parcel"] for s in report["unregistered_signs"]) == planted["unregistered_signs"]
    )
