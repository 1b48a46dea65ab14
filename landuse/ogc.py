"""OGC API Features documents and query rules (pure: no I/O; the SQL is in ogc_repository)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from taxmap.core.errors import NotFound, TaxmapError

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
JSON = "application/json"
GEOJSON = "application/geo+json"
OAS30 = "application/vnd.oai.openapi+json;version=3.0"
OAS31 = "application/vnd.oai.openapi+json;version=3.1"
ITEM_PARAMS = frozenset({"limit", "offset", "bbox", "bbox-crs", "crs"})
FEATURE_PARAMS = frozenset({"crs"})
MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100


class BadQuery(TaxmapError):
    """A query parameter of an OGC request is unknown or malformed (HTTP 400, as OGC asks)."""

    code = "invalid_query"

    def __init__(self, name: str, problem: str, problem_th: str) -> None:
        super().__init__(
            f"Query parameter '{name}': {problem}",
            f"พารามิเตอร์ '{name}': {problem_th}",
            details={"parameter": name},
        )


class CollectionNotFound(NotFound):
    """No OGC collection has this id in the LAO."""

    code = "collection_not_found"


class FeatureNotFound(NotFound):
    """The collection has no feature with this id."""

    code = "feature_not_found"


@dataclass(frozen=True)
class Crs:
    """A CRS a collection offers: its URI, PostGIS SRID, and whether axes are latitude first."""

    uri: str
    srid: int
    lat_first: bool = False


@dataclass(frozen=True)
class ItemsQuery:
    """A parsed /items request."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: tuple[float, float, float, float] | None = None
    bbox_crs: Crs = Crs(CRS84, 4326)
    crs: Crs = Crs(CRS84, 4326)


def offered_crs(lao_srid: int) -> list[Crs]:
    """Return the CRSs every collection offers: CRS84 first, the LAO's own, 4326, 3857."""
    out = [Crs(CRS84, 4326), Crs(f"{EPSG}{lao_srid}", lao_srid)]
    for srid in (4326, 3857):
        if srid != lao_srid:
            out.append(Crs(f"{EPSG}{srid}", srid, lat_first=srid == 4326))
    return out


def _crs(name: str, value: str, lao_srid: int) -> Crs:
    for crs in offered_crs(lao_srid):
        if crs.uri == value.strip().strip("<>"):
            return crs
    uris = ", ".join(c.uri for c in offered_crs(lao_srid))
    raise BadQuery(name, f"'{value}' is not offered; use one of {uris}.", f"ไม่รองรับ ใช้ {uris}")


def _int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise BadQuery(
            name,
            f"'{value}' is not a whole number from {low} to {high}.",
            f"'{value}' ต้องเป็นจำนวนเต็ม {low} ถึง {high}",
        )
    return number


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) == 6:  # with heights: minx, miny, minz, maxx, maxy, maxz
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise BadQuery(
            "bbox",
            f"'{value}' must be four numbers minx,miny,maxx,maxy (min before max).",
            "ต้องเป็นตัวเลขสี่ค่า minx,miny,maxx,maxy",
        )
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _single(params: Sequence[tuple[str, str]], allowed: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in params:
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise BadQuery(name, f"unknown; this request takes {known}.", f"ไม่รู้จัก ใช้ {known}")
        if name in found:
            raise BadQuery(name, "given twice; give it once.", "ระบุซ้ำ ให้ระบุครั้งเดียว")
        found[name] = value
    return found


def parse_items(params: Sequence[tuple[str, str]], lao_srid: int) -> ItemsQuery:
    """Parse /items query parameters; refuse unknown or malformed ones (OGC wants 400)."""
    p = _single(params, ITEM_PARAMS)
    bbox_crs = _crs("bbox-crs", p["bbox-crs"], lao_srid) if "bbox-crs" in p else Crs(CRS84, 4326)
    bbox = _bbox(p["bbox"]) if "bbox" in p else None
    if bbox and bbox_crs.lat_first:
        bbox = (bbox[1], bbox[0], bbox[3], bbox[2])
    return ItemsQuery(
        limit=_int("limit", p["limit"], 1, MAX_LIMIT) if "limit" in p else DEFAULT_LIMIT,
        offset=_int("offset", p["offset"], 0, 2**31 - 1) if "offset" in p else 0,
        bbox=bbox,
        bbox_crs=bbox_crs,
        crs=_crs("crs", p["crs"], lao_srid) if "crs" in p else Crs(CRS84, 4326),
    )


def parse_feature(params: Sequence[tuple[str, str]], lao_srid: int) -> Crs:
    """Parse a single feature's query parameters: only `crs`."""
    p = _single(params, FEATURE_PARAMS)
    return _crs("crs", p["crs"], lao_srid) if "crs" in p else Crs(CRS84, 4326)


def _link(href: str, rel: str, kind: str, title: str | None = None) -> dict[str, str]:
    link = {"href": href, "rel": rel, "type": kind}
    if title:
        link["title"] = title
    return link


def landing(root: str, server: str, name: str) -> dict[str, Any]:
    """Return the landing page of one LAO's OGC API."""
    return {
        "title": f"taxmap {name}",
        "description": "แปลงที่ดิน อาคาร และชั้นข้อมูลผังเมือง / Parcels, buildings, layers",
        "links": [
            _link(root, "self", JSON, "This document"),
            _link(f"{server}/ogc/api", "service-desc", OAS30, "OGC API definition (OAS 3.0)"),
            _link(f"{server}/openapi.json", "service-desc", OAS31, "Full taxmap API (OAS 3.1)"),
            _link(f"{root}/conformance", "conformance", JSON, "Conformance classes"),
            _link(f"{root}/collections", "data", JSON, "Collections"),
        ],
    }


def conformance() -> dict[str, Any]:
    """Return the conformance declaration."""
    return {"conformsTo": list(CONFORMANCE)}


def collection(
    root: str,
    cid: str,
    title: str,
    description: str,
    extent: tuple[float, float, float, float] | None,
    lao_srid: int,
) -> dict[str, Any]:
    """Return one collection's description (extent in CRS84, the CRSs offered)."""
    href = f"{root}/collections/{cid}"
    doc: dict[str, Any] = {
        "id": cid,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": [c.uri for c in offered_crs(lao_srid)],
        "storageCrs": f"{EPSG}{lao_srid}",
        "links": [
            _link(href, "self", JSON, title),
            _link(f"{href}/items", "items", GEOJSON, "Features"),
        ],
    }
    if extent is not None:
        doc["extent"] = {"spatial": {"bbox": [list(extent)], "crs": CRS84}}
    return doc


def collections(root: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the collections document."""
    return {
        "links": [_link(f"{root}/collections", "self", JSON, "Collections")],
        "collections": items,
    }


def feature(root: str, cid: str, fid: str, geometry: Any, props: dict[str, Any]) -> dict[str, Any]:
    """Return one GeoJSON feature with its self and collection links."""
    href = f"{root}/collections/{cid}"
    return {
        "type": "Feature",
        "id": fid,
        "geometry": geometry,
        "properties": props,
        "links": [
            _link(f"{href}/items/{fid}", "self", GEOJSON, "This feature"),
            _link(href, "collection", JSON, "The collection"),
        ],
    }


def _query(params: Sequence[tuple[str, str]], offset: int) -> str:
    kept = [(k, v) for k, v in params if k != "offset"]
    return urlencode([*kept, ("offset", str(offset))] if offset else kept)


def feature_collection(
    root: str,
    cid: str,
    features: list[dict[str, Any]],
    matched: int,
    q: ItemsQuery,
    params: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """Return a page of features with numberMatched/numberReturned and next/prev links."""
    href = f"{root}/collections/{cid}/items"
    here = _query(params, q.offset)
    links = [_link(href + (f"?{here}" if here else ""), "self", GEOJSON, "This page")]
    if q.offset + len(features) < matched:
        links.append(_link(f"{href}?{_query(params, q.offset + q.limit)}", "next", GEOJSON))
    if q.offset > 0:
        prev = _query(params, max(q.offset - q.limit, 0))
        links.append(_link(href + (f"?{prev}" if prev else ""), "prev", GEOJSON))
    links.append(_link(f"{root}/collections/{cid}", "collection", JSON, "The collection"))
    return {
        "type": "FeatureCollection",
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "numberMatched": matched,
        "numberReturned": len(features),
        "features": features,
        "links": links,
    }
