"""The OGC API Features definition (OpenAPI 3.0, self-contained: no external references)."""

from __future__ import annotations

from typing import Any

from landuse.ogc import DEFAULT_LIMIT, GEOJSON, JSON, MAX_LIMIT


def _param(name: str, schema: dict[str, Any], where: str = "query", **kw: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        **({"style": "form", "explode": False} if where == "query" else {}),
        **kw,
    }


LAO = _param("lao", {"type": "string"}, "path", description="LAO code, e.g. BUALAI")
CID = _param("collectionId", {"type": "string"}, "path")
FID = _param("featureId", {"type": "string"}, "path")
CRS = _param(
    "crs",
    {"type": "string", "format": "uri"},
    description="Output CRS: one of the collection's crs list",
)
ITEMS = [
    LAO,
    CID,
    _param(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    _param("offset", {"type": "integer", "minimum": 0, "default": 0}),
    _param(
        "bbox",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
    ),
    _param("bbox-crs", {"type": "string", "format": "uri"}),
    CRS,
]
OBJECT = {"type": "object"}


def _get(summary: str, op: str, params: list[dict[str, Any]], media: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": op,
            "tags": ["OGC API Features"],
            "parameters": params,
            "responses": {
                "200": {"description": summary, "content": {media: {"schema": OBJECT}}},
                "400": {"description": "Unknown or malformed query parameter"},
                "401": {"description": "Not signed in (send Authorization: Bearer <token>)"},
                "404": {"description": "Unknown LAO, collection or feature"},
            },
        }
    }


def document(server: str, version: str) -> dict[str, Any]:
    """Return the OpenAPI 3.0 document of /ogc for a server's base URL."""
    base = "/{lao}"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "taxmap OGC API Features",
            "version": version,
            "description": "Parcels, buildings and planning layers of each LAO "
            "(Core, GeoJSON, CRS by reference).",
        },
        "servers": [{"url": f"{server}/ogc"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": {
            base: _get("Landing page", "landing", [LAO], JSON),
            f"{base}/conformance": _get("Conformance", "conformance", [LAO], JSON),
            f"{base}/collections": _get("Collections", "collections", [LAO], JSON),
            f"{base}/collections/{{collectionId}}": _get(
                "One collection", "collection", [LAO, CID], JSON
            ),
            f"{base}/collections/{{collectionId}}/items": _get("Features", "items", ITEMS, GEOJSON),
            f"{base}/collections/{{collectionId}}/items/{{featureId}}": _get(
                "One feature", "feature", [LAO, CID, FID, CRS], GEOJSON
            ),
        },
    }
