"""The tax rules stay pure (architecture rule 1) and small (under 300 lines a module)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "valuation" / "rules"
ALLOWED_THIRD_PARTY = {"numpy", "pandas"}
ALLOWED_FIRST_PARTY = ("valuation.rules", "taxmap.core.thai", "taxmap.core.errors")


def imported(path: Path) -> set[str]:
    """Return the modules a file imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_rule_modules_import_only_stdlib_numpy_pandas_and_pure_modules(path: Path) -> None:
    bad = sorted(
        name
        for name in imported(path)
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in ALLOWED_THIRD_PARTY
        and name != "__future__"
        and not name.startswith(ALLOWED_FIRST_PARTY)
    )
    assert bad == []


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_rule_modules_stay_under_300_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < 300
