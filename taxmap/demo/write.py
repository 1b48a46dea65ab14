"""Write a generated fabric to a GeoPackage and read its parcels back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from taxmap.demo.fabric import Fabric

# Layer names in the GeoPackage; a loader reads them by these names.
PARCELS, BLOCKS, ZONES, ROADS, VILLAGES = "parcels", "blocks", "zones", "roads", "villages"


def _frame(records: list[dict[str, Any]], crs: str, drop: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    """Turn a list of feature dicts with a shapely "geometry" into a GeoDataFrame."""
    if not records:
        return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    df = pd.DataFrame(records).drop(columns=list(drop), errors="ignore")
    geoms = np.array(df.pop("geometry").to_list(), dtype=object)
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)


def write_gpkg(fabric: Fabric, path: str | Path, epsg: int | None = None) -> Path:
    """Write parcels, blocks, zones, roads and villages as layers of a new GeoPackage."""
    path = Path(path)
    crs = f"EPSG:{epsg if epsg is not None else fabric.epsg}"
    # Start from an empty file: writing a layer into an old GeoPackage would keep stale layers.
    path.unlink(missing_ok=True)
    parcels = fabric.parcels
    layers = {
        PARCELS: gpd.GeoDataFrame(
            parcels.drop(columns="geometry"),
            geometry=gpd.GeoSeries(parcels["geometry"].to_numpy(), crs=crs),
            crs=crs,
        ),
        BLOCKS: _frame(fabric.blocks, crs),
        ZONES: _frame(fabric.zones, crs),
        # A GeoPackage layer holds one geometry column: roads keep the surface, not the line.
        ROADS: _frame(fabric.roads, crs, drop=("centreline",)),
        VILLAGES: _frame(fabric.villages, crs),
    }
    for name, frame in layers.items():
        if len(frame):
            # Mixed Polygon/MultiPolygon layers are stored as MultiPolygon.
            frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio", promote_to_multi=None)
    return path


def read_parcels_gpkg(path: str | Path) -> gpd.GeoDataFrame:
    """Read the parcels layer of a fabric GeoPackage with its column types restored."""
    gdf = gpd.read_file(Path(path), layer=PARCELS, engine="pyogrio")
    gdf["lot"] = gdf["lot"].astype(np.int64)
    gdf["in_village"] = gdf["in_village"].astype(bool)
    return gdf
