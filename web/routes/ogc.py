"""OGC API Features (Core, GeoJSON, CRS by reference) for parcels, buildings and layers.

Under /ogc/{lao}: landing page, /conformance, /collections, /collections/{id},
/collections/{id}/items, /collections/{id}/items/{featureId}; every one needs `read` in the LAO
(QGIS: an authentication configuration with the header Authorization: Bearer <token>). The API
definition /ogc/api is public: it describes the routes, not any LAO's data.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from landuse import ogc, ogc_openapi, ogc_services
from taxmap import __version__
from web.access import Allow
from web.deps import EngineDep

router = APIRouter(tags=["ogc"])


def _server(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _root(request: Request, lao: str) -> str:
    return f"{_server(request)}/ogc/{lao}"


def _params(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


@router.get("/ogc/api", dependencies=[Allow.public])
def definition(request: Request) -> JSONResponse:
    """Return the OGC API definition (OpenAPI 3.0, self-contained)."""
    return JSONResponse(ogc_openapi.document(_server(request), __version__), media_type=ogc.OAS30)


@router.get("/ogc/{lao}", dependencies=[Allow.read])
@router.get("/ogc/{lao}/", dependencies=[Allow.read], include_in_schema=False)
def landing(lao: str, request: Request, engine: EngineDep) -> dict[str, Any]:
    """Return the LAO's landing page: links to the definition, conformance and collections."""
    return ogc_services.landing(lao, _root(request, lao), _server(request), engine)


@router.get("/ogc/{lao}/conformance", dependencies=[Allow.read])
def conformance(lao: str) -> dict[str, Any]:
    """Return the conformance classes (Core, GeoJSON, OAS 3.0, CRS by reference)."""
    return ogc.conformance()


@router.get("/ogc/{lao}/collections", dependencies=[Allow.read])
def collections(lao: str, request: Request, engine: EngineDep) -> dict[str, Any]:
    """List the collections: parcels, buildings and the newest vector layer of each code."""
    return ogc_services.collections(lao, _root(request, lao), engine)


@router.get("/ogc/{lao}/collections/{collection_id}", dependencies=[Allow.read])
def collection(lao: str, collection_id: str, request: Request, engine: EngineDep) -> dict[str, Any]:
    """Describe one collection (extent in CRS84, the CRSs offered, the storage CRS)."""
    return ogc_services.collection(lao, collection_id, _root(request, lao), engine)


@router.get("/ogc/{lao}/collections/{collection_id}/items", dependencies=[Allow.read])
def items(lao: str, collection_id: str, request: Request, engine: EngineDep) -> JSONResponse:
    """Return a page of features (limit, offset, bbox, bbox-crs, crs) as GeoJSON."""
    doc, crs = ogc_services.items(lao, collection_id, _params(request), _root(request, lao), engine)
    return JSONResponse(doc, media_type=ogc.GEOJSON, headers={"Content-Crs": f"<{crs}>"})


@router.get("/ogc/{lao}/collections/{collection_id}/items/{feature_id}", dependencies=[Allow.read])
def feature(
    lao: str, collection_id: str, feature_id: str, request: Request, engine: EngineDep
) -> JSONResponse:
    """Return one feature as GeoJSON (crs)."""
    doc, crs = ogc_services.feature(
        lao, collection_id, feature_id, _params(request), _root(request, lao), engine
    )
    return JSONResponse(doc, media_type=ogc.GEOJSON, headers={"Content-Crs": f"<{crs}>"})
