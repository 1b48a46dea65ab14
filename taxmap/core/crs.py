"""Coordinate transformations that choose the datum operation explicitly and say which one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.transformer import TransformerGroup

from taxmap.core.errors import ConfigurationError, InvalidInput

# EPSG:1304 "Indian 1975 to WGS 84 (2)" (+210 +814 +289 m) is the operation that makes Land
# Department parcels line up with imagery; PROJ's default for the pair lands 150-190 m away.
INDIAN_1975_TO_WGS84 = "EPSG:1304"
INDIAN_1975_DATUM = "Indian 1975"
WGS84 = "EPSG:4326"


@dataclass(frozen=True)
class Operation:
    """A transformation with the name and authority codes of the operation it performs."""

    transformer: Transformer
    source: str
    target: str
    name: str
    operation_codes: tuple[str, ...]
    proj_pipeline: str
    identity: bool = False  # source and target are the same CRS

    def transform(self, x: Any, y: Any) -> tuple[Any, Any]:
        """Transform x/y (lon/lat order for geographic CRSs) arrays or scalars."""
        return self.transformer.transform(x, y)

    def transform_geometries(self, geoms: Any) -> Any:
        """Transform every coordinate of a geometry or geometry array in one PROJ call."""
        if self.identity:
            return geoms  # PROJ would still walk every coordinate for nothing

        def apply(xy: Any) -> Any:
            x, y = self.transformer.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geoms, apply)

    def describe(self) -> str:
        """Return the one-line record stored with every import."""
        codes = ", ".join(self.operation_codes) or "no datum change"
        return f"{self.source} -> {self.target}: {self.name} [{codes}]"


def parse_crs(value: str | int | CRS, *, field: str = "crs") -> CRS:
    """Parse 'EPSG:32648', 32648 or a WKT/PROJ string, or name the field that is wrong."""
    if isinstance(value, CRS):
        return value
    text = f"EPSG:{value}" if isinstance(value, int) or str(value).isdigit() else str(value)
    try:
        return CRS.from_user_input(text)
    except Exception:  # pyproj raises its own CRSError with a long PROJ message
        raise InvalidInput(
            field,
            f"'{value}' is not a coordinate reference system PROJ knows; give an EPSG code "
            "such as EPSG:32648 (WGS 84 / UTM 48N) or EPSG:24048 (Indian 1975 / UTM 48N).",
            f"'{value}' ไม่ใช่ระบบพิกัดที่รู้จัก: ระบุรหัส EPSG เช่น EPSG:32648",
        ) from None


def crs_label(crs: CRS) -> str:
    """Return 'EPSG:nnnn' when the CRS has an EPSG code, else its name."""
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else crs.name


def is_projected_metres(crs: CRS) -> bool:
    """Tell whether a CRS is projected with metre units (what storage requires)."""
    if not crs.is_projected:
        return False
    return all(axis.unit_name in ("metre", "meter") for axis in crs.axis_info)


def _datum_name(crs: CRS) -> str:
    geodetic = crs.geodetic_crs
    return geodetic.datum.name if geodetic is not None and geodetic.datum is not None else ""


def _uses_indian_1975(crs: CRS) -> bool:
    return _datum_name(crs) == INDIAN_1975_DATUM


def _operation_codes(transformer: Transformer) -> tuple[str, ...]:
    """Collect the authority codes of the datum steps inside a transformer."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ident = node.get("id")
            if (
                isinstance(ident, dict)
                and node.get("type") == "Transformation"
                and "authority" in ident
            ):
                # An inverse step is reported as INVERSE(EPSG):1304; it is the same operation.
                authority = str(ident["authority"]).removeprefix("INVERSE(").removesuffix(")")
                found.append(f"{authority}:{ident['code']}")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(transformer.to_json_dict())
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=64)
def _operation(source_text: str, target_text: str) -> Operation:
    source, target = CRS.from_user_input(source_text), CRS.from_user_input(target_text)
    if _uses_indian_1975(source) != _uses_indian_1975(target):
        group = TransformerGroup(source, target, always_xy=True)
        chosen = [t for t in group.transformers if INDIAN_1975_TO_WGS84 in _operation_codes(t)]
        if not chosen:
            raise ConfigurationError(
                f"PROJ offers no path from {crs_label(source)} to {crs_label(target)} through "
                f"{INDIAN_1975_TO_WGS84}; taxmap will not fall back to PROJ's default for "
                "Indian 1975 because it lands 150-190 m away.",
            )
        transformer = chosen[0]
    else:
        transformer = Transformer.from_crs(source, target, always_xy=True)
    return Operation(
        transformer=transformer,
        source=crs_label(source),
        target=crs_label(target),
        name=transformer.description or transformer.name,
        operation_codes=_operation_codes(transformer),
        proj_pipeline=transformer.to_proj4() or "",
        identity=source.equals(target),
    )


def operation(source: str | int | CRS, target: str | int | CRS) -> Operation:
    """Return the transformation from source to target, EPSG:1304 wherever Indian 1975 meets
    another datum."""
    src, dst = parse_crs(source, field="source_crs"), parse_crs(target, field="target_crs")
    return _operation(src.to_wkt(), dst.to_wkt())


def utm_epsg_for_lon(lon: float, *, datum: str = "WGS84") -> int:
    """Return the UTM zone's EPSG code for a longitude in Thailand (zone 47 west of 102°E)."""
    zone = 47 if lon < 102.0 else 48
    return {"WGS84": 32600, "Indian1975": 24000}[datum] + zone
