"""Imports point down the picture (architecture.md §1 rule 1), with no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("taxmap", "parcels", "valuation", "web", "landuse", "migrations")

# Modules holding pure rules: standard library, shapely, pyproj, numpy/pandas and each other.
PURE_MODULES = {
    "taxmap.core.errors",
    "taxmap.core.units",
    "taxmap.core.ids",
    "taxmap.core.thai",
    "taxmap.core.sheets",
    "taxmap.demo.fabric",
    "taxmap.demo.numbering",
    "taxmap.demo.records",
    "taxmap.demo.roads",
    "taxmap.demo.rng",
    "taxmap.demo.split",
    "taxmap.demo.zoning",
    "parcels.imports.validation",
    "parcels.imports.geojson_check",
    "parcels.imports.profiles",
    "parcels.imports.records",
    "parcels.fabric.topology",
    "parcels.fabric.contiguity",
    "parcels.fabric.edit_geometry",
    "parcels.register.rules",
    "parcels.register.search",
    "parcels.register.transfers",
    "parcels.register.ownership",
    "parcels.register.document_labels",
    "parcels.register.document_rows",
    "parcels.register.document_map",
    "taxmap.demo.register_gen",
    "taxmap.billing.payment_codes",
    "taxmap.billing.allocation",
    "taxmap.billing.payment_file",
}
# Every module of valuation/rules is pure: the tax law without I/O.
PURE_MODULES |= {
    f"valuation.rules.{p.stem}"
    for p in (ROOT / "valuation" / "rules").glob("*.py")
    if p.stem != "__init__"
}
PURE_ALLOWED_THIRD_PARTY = {"shapely", "pyproj", "numpy", "pandas"}

# Higher number = higher in the picture; a module may import only its level or below.
LEVELS = {
    "taxmap.core": 0,
    "parcels": 1,
    "valuation": 1,
    "landuse": 1,
    "taxmap.billing": 1,
    "taxmap.admin": 1,
    "taxmap.demo": 2,
    "migrations": 3,
    "web": 3,
    "taxmap.cli": 3,
}
WEB_FORBIDDEN = {"sqlalchemy", "geoalchemy2", "psycopg"}  # rule 3: no SQL in routes


def level_of(module: str) -> int | None:
    """Return the layer of a taxmap module, or None for third-party modules."""
    for prefix, level in sorted(LEVELS.items(), key=lambda kv: -len(kv[0])):
        if module == prefix or module.startswith(prefix + "."):
            return level
    return None


def module_files() -> dict[str, Path]:
    """Map every first-party module name to its file."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(path: Path) -> set[str]:
    """Return the absolute module names a file imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = module_files()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    """A module imports nothing from a layer above its own."""
    mine = level_of(module)
    if mine is None:
        return
    bad = sorted(
        name
        for name in imports_of(MODULES[module])
        if (theirs := level_of(name)) is not None and theirs > mine
    )
    assert bad == [], f"{module} imports from a higher layer: {bad}"


@pytest.mark.parametrize("module", sorted(PURE_MODULES))
def test_pure_modules_import_no_frameworks(module: str) -> None:
    """Pure rule modules import only the standard library, shapely, pyproj, numpy and pandas."""
    import sys

    bad = sorted(
        name
        for name in imports_of(MODULES[module])
        if level_of(name) is None
        and name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in PURE_ALLOWED_THIRD_PARTY
        and name.split(".")[0] != "__future__"
    )
    pure_first_party = {*PURE_MODULES, "valuation.rules", "taxmap.core.thai"}
    bad += sorted(
        name
        for name in imports_of(MODULES[module])
        if level_of(name) is not None
        and name not in pure_first_party
        and name.rsplit(".", 1)[0] not in pure_first_party
    )
    assert bad == [], f"{module} is pure but imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("web")))
def test_web_has_no_sql(module: str) -> None:
    """Routes call services; SQL stays in repositories (rule 3)."""
    bad = sorted(
        name
        for name in imports_of(MODULES[module])
        if name.split(".")[0] in WEB_FORBIDDEN and not name.startswith("sqlalchemy.engine")
    )
    assert bad == [], f"{module} imports database code: {bad}"


def test_no_import_cycles() -> None:
    """No two first-party modules import each other, directly or through others."""
    graph = {
        module: {name if name in MODULES else name.rsplit(".", 1)[0] for name in imports_of(path)}
        & MODULES.keys() - {module}
        for module, path in MODULES.items()
    }
    # Packages' __init__ modules are namespaces here, not participants.
    visiting: set[str] = set()
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        if node in done:
            return
        if node in visiting:
            cycles.append([*trail[trail.index(node) :], node])
            return
        visiting.add(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for module in sorted(graph):
        visit(module, [])
    assert cycles == []


def test_nothing_connects_at_import() -> None:
    """No module creates an engine or opens a connection at import time (rule 5)."""
    offenders = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.Expr) and "create_engine(" in ast.unparse(node):
                offenders.append(module)
    assert offenders == []


def test_test_module_names_are_unique_across_tiers() -> None:
    """pytest imports test modules by basename: two tiers may not share one."""
    from collections import Counter

    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
