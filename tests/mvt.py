"""A small Mapbox Vector Tile reader for tests: layers, features, ids and properties.

The MVT format is protobuf (vector_tile.proto 2.1): Tile{3: Layer}, Layer{15 version, 1 name,
2 Feature, 3 keys, 4 Value, 5 extent}, Feature{1 id, 2 packed tags, 3 type, 4 packed
geometry}, Value{1 string, 2 float, 3 double, 4 int64, 5 uint64, 6 sint64, 7 bool}.
"""

from __future__ import annotations

import struct
from typing import Any

GEOMETRY_TYPES = {0: "Unknown", 1: "Point", 2: "LineString", 3: "Polygon"}


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> list[tuple[int, Any]]:
    """Split a protobuf message into (field number, value) pairs in order."""
    out: list[tuple[int, Any]] = []
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 1:
            value, pos = data[pos : pos + 8], pos + 8
        elif wire == 2:
            size, pos = _varint(data, pos)
            value, pos = data[pos : pos + size], pos + size
        elif wire == 5:
            value, pos = data[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, value))
    return out


def _packed(data: bytes) -> list[int]:
    values, pos = [], 0
    while pos < len(data):
        value, pos = _varint(data, pos)
        values.append(value)
    return values


def _value(data: bytes) -> Any:
    [(number, raw)] = _fields(data)
    if number == 1:
        return raw.decode("utf-8")
    if number == 2:
        return struct.unpack("<f", raw)[0]
    if number == 3:
        return struct.unpack("<d", raw)[0]
    if number == 4:
        return raw - (1 << 64) if raw >= 1 << 63 else raw
    if number == 5:
        return raw
    if number == 6:
        return (raw >> 1) ^ -(raw & 1)
    return bool(raw)


def decode(tile: bytes) -> dict[str, dict[str, Any]]:
    """Return {layer name: {"extent", "version", "features": [{id, type, properties}]}}."""
    layers: dict[str, dict[str, Any]] = {}
    for number, raw in _fields(tile):
        if number != 3:
            continue
        name, keys, values, features = "", [], [], []
        extent, version = 4096, 1
        for field, value in _fields(raw):
            if field == 1:
                name = value.decode("utf-8")
            elif field == 2:
                features.append(value)
            elif field == 3:
                keys.append(value.decode("utf-8"))
            elif field == 4:
                values.append(_value(value))
            elif field == 5:
                extent = value
            elif field == 15:
                version = value
        decoded = []
        for raw_feature in features:
            feature: dict[str, Any] = {"id": None, "type": "Unknown", "properties": {}}
            for field, value in _fields(raw_feature):
                if field == 1:
                    feature["id"] = value
                elif field == 2:
                    tags = _packed(value)
                    feature["properties"] = {
                        keys[k]: values[v] for k, v in zip(tags[::2], tags[1::2], strict=True)
                    }
                elif field == 3:
                    feature["type"] = GEOMETRY_TYPES[value]
            decoded.append(feature)
        layers[name] = {"extent": extent, "version": version, "features": decoded}
    return layers
