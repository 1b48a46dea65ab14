"""Land Department map sheet names (ระวาง) from Indian 1975 coordinates (conventions §4).

Every coordinate here is on the Indian 1975 datum: geographic EPSG:4240 or UTM EPSG:24047/24048.
Callers shift datums (taxmap.core.crs) before calling; pyproj is used here only to project
within Indian 1975, which involves no datum operation.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyproj import Transformer

from taxmap.core.errors import InvalidInput

INDIAN_1975_GEOGRAPHIC = 4240
EPSG_BY_ZONE = {47: 24047, 48: 24048}
ZONE_48_FROM_LON = 102.0
SQUARE_M = 2000
QUADRANTS = ("I", "II", "III", "IV")
# Index into QUADRANTS by [east][north] half: I north-east, II south-east, III south-west, IV NW.
_QUARTER_INDEX = ((2, 3), (1, 0))
# Sheet numbers have four digits, which bounds where the 1:50,000 formula applies.
LON_RANGE = (75.0, 125.0)
LAT_RANGE = (-4.5, 45.5)

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NAME = re.compile(
    r"(\d{4})(?:\s*(IV|III|II|I|[1-4])(?:\s*(\d{4})(?:\s*-\s*(\S.*))?)?)?", re.IGNORECASE
)
_EXPECTED_EN = "write a sheet as 5540, 5540 III, 5540 III 3432 or 554033432"
_EXPECTED_TH = "ให้เขียนระวางแบบ 5540, 5540 III, 5540 III 3432 หรือ 554033432"
_LOCAL = threading.local()
_TOUCH_DEG = 1e-8  # about 1 mm


@dataclass(frozen=True)
class Sheet50k:
    """A 15′ quarter of a 1:50,000 sheet, e.g. number "5540", quadrant "III"."""

    number: str
    quadrant: str

    @property
    def name(self) -> str:
        """Return the name as written, e.g. "5540 III"."""
        return f"{self.number} {self.quadrant}"


@dataclass(frozen=True)
class Sheet4000:
    """A 2 km 1:4000 square with its zone and south-west corner on Indian 1975 / UTM."""

    number: str
    quadrant: str
    grid: str
    zone: int
    epsg: int
    sw_easting: int
    sw_northing: int

    @property
    def name(self) -> str:
        """Return the full name, e.g. "5540 III 3432"."""
        return f"{self.number} {self.quadrant} {self.grid}"

    @property
    def internal_id(self) -> str:
        """Return the Land Department's 9-digit id, e.g. "554033432"."""
        return _internal_id(self.number, self.quadrant, self.grid)


@dataclass(frozen=True)
class SheetName:
    """A parsed sheet reference; parts below the one given are None."""

    number: str
    quadrant: str | None = None
    grid: str | None = None
    # Larger-scale sub-sheet suffix ("10" in "5236 IV 1422-10"), kept as written.
    sub_sheet: str | None = None

    @property
    def name(self) -> str:
        """Return the canonical name, e.g. "5236 IV 1422-10"."""
        text = " ".join(part for part in (self.number, self.quadrant, self.grid) if part)
        return f"{text}-{self.sub_sheet}" if self.sub_sheet else text

    @property
    def internal_id(self) -> str | None:
        """Return the 9-digit id when the name reaches a 1:4000 sheet."""
        if self.quadrant is None or self.grid is None:
            return None
        return _internal_id(self.number, self.quadrant, self.grid)


def utm_zone(lon: float) -> int:
    """Return the UTM zone the Land Department uses at a longitude (47 west of 102°E, else 48)."""
    return 48 if lon >= ZONE_48_FROM_LON else 47


def sheet_50k(lon: float, lat: float) -> Sheet50k:
    """Name the 1:50,000 sheet quarter holding an Indian 1975 lon/lat."""
    _check_points(np.asarray([lon], dtype=np.float64), np.asarray([lat], dtype=np.float64))
    # Quarter-degree indices: halving gives the sheet, the parity gives the quarter. Scaling by
    # 2 and 4 is exact in binary, so the sheet and its quarter never disagree at an edge.
    qx, qy = math.floor((lon - 75.0) * 4), math.floor((lat + 4.5) * 4)
    return Sheet50k(f"{qx // 2:02d}{qy // 2:02d}", QUADRANTS[_QUARTER_INDEX[qx % 2][qy % 2]])


def extent_50k(name: str) -> tuple[float, float, float, float]:
    """Return (min_lon, min_lat, max_lon, max_lat) on Indian 1975 of the sheet or quarter named."""
    parsed = parse_sheet_name(name)
    min_lon = 75.0 + int(parsed.number[:2]) / 2
    min_lat = int(parsed.number[2:]) / 2 - 4.5
    if parsed.quadrant is None:
        return (min_lon, min_lat, min_lon + 0.5, min_lat + 0.5)
    east = parsed.quadrant in ("I", "II")
    north = parsed.quadrant in ("I", "IV")
    west, south = min_lon + 0.25 * east, min_lat + 0.25 * north
    return (west, south, west + 0.25, south + 0.25)


def sheet_4000(lon: float, lat: float) -> Sheet4000:
    """Name the 1:4000 sheet holding an Indian 1975 lon/lat."""
    quarter = sheet_50k(lon, lat)
    zone = utm_zone(lon)
    easting, northing = _transformer(INDIAN_1975_GEOGRAPHIC, EPSG_BY_ZONE[zone]).transform(lon, lat)
    sw_e = math.floor(easting / SQUARE_M) * SQUARE_M
    sw_n = math.floor(northing / SQUARE_M) * SQUARE_M
    grid = f"{sw_e // 1000 % 100:02d}{sw_n // 1000 % 100:02d}"
    return Sheet4000(quarter.number, quarter.quadrant, grid, zone, EPSG_BY_ZONE[zone], sw_e, sw_n)


def extent_4000(name: str) -> tuple[int, int, int, int, int]:
    """Return (epsg, min_e, min_n, max_e, max_n) on Indian 1975 / UTM of a 1:4000 sheet."""
    parsed = parse_sheet_name(name)
    if parsed.quadrant is None or parsed.grid is None:
        raise _sheet_error(
            name,
            "a 1:4000 sheet needs a quarter and four grid digits",
            "ระวาง 1:4000 ต้องมีเลขส่วน (I-IV) และเลขตาราง 4 หลัก",
        )
    west, south, east, north = extent_50k(name)
    epsg = EPSG_BY_ZONE[utm_zone(west)]
    # The name gives km mod 100 only. Of the squares so named, only the one nearest the
    # quarter's centre can meet a quarter some 27 km across; it must meet it (an edge will do).
    centre = _transformer(INDIAN_1975_GEOGRAPHIC, epsg).transform(
        (west + east) / 2, (south + north) / 2
    )
    codes = (int(parsed.grid[:2]), int(parsed.grid[2:]))
    min_e, min_n = (
        (code + 100 * round((metres / 1000 - code) / 100)) * 1000
        for metres, code in zip(centre, codes, strict=True)
    )
    if not _square_meets(epsg, min_e, min_n, (west, south, east, north)):
        quarter = f"{parsed.number} {parsed.quadrant}"
        raise _sheet_error(
            name,
            f"no 2 km square {parsed.grid} lies in the 1:50,000 quarter {quarter}",
            f"ไม่มีตาราง 2 กม. เลข {parsed.grid} ในระวาง 1:50,000 {quarter}",
        )
    return (epsg, min_e, min_n, min_e + SQUARE_M, min_n + SQUARE_M)


def parse_sheet_name(text: str) -> SheetName:
    """Parse "5540", "5540 III", "5540 3 3432", "554033432" or "5236 IV 1422-10"."""
    clean = re.sub(r"\s+", " ", text.translate(_THAI_DIGITS)).strip()
    match = _NAME.fullmatch(clean)
    if match is None:
        raise _sheet_error(text, "not a sheet name", "อ่านชื่อระวางไม่ได้")
    number, quadrant, grid, sub_sheet = match.groups()
    if quadrant is not None:
        quadrant = QUADRANTS[int(quadrant) - 1] if quadrant.isdigit() else quadrant.upper()
    if grid is not None and (int(grid[:2]) % 2 or int(grid[2:]) % 2):
        raise _sheet_error(
            text,
            f"grid digits {grid} must be two even pairs (2 km squares)",
            f"เลขตาราง {grid} ต้องเป็นเลขคู่ทั้งสองคู่ (ตาราง 2 กม.)",
        )
    return SheetName(number, quadrant, grid, sub_sheet.strip() if sub_sheet else None)


def sheet_4000_names(lon: npt.ArrayLike, lat: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """Name the 1:4000 sheets of many Indian 1975 lon/lat points at once."""
    lons = np.asarray(lon, dtype=np.float64)
    lats = np.asarray(lat, dtype=np.float64)
    if lons.shape != lats.shape:
        raise InvalidInput("coordinates", "lon and lat differ in shape", "จำนวนพิกัดไม่ตรงกัน")
    flat_lon, flat_lat = lons.ravel(), lats.ravel()
    _check_points(flat_lon, flat_lat)
    # Same arithmetic as sheet_50k/sheet_4000, so both always give the same name.
    qx = np.floor((flat_lon - 75.0) * 4).astype(np.int64)
    qy = np.floor((flat_lat + 4.5) * 4).astype(np.int64)
    quadrant = np.asarray(_QUARTER_INDEX)[qx % 2, qy % 2]
    grid = np.zeros(flat_lon.shape, dtype=np.int64)
    for zone, epsg in EPSG_BY_ZONE.items():
        mask = (flat_lon >= ZONE_48_FROM_LON) == (zone == 48)
        easting, northing = _transformer(INDIAN_1975_GEOGRAPHIC, epsg).transform(
            flat_lon[mask], flat_lat[mask]
        )
        km = np.floor(np.asarray([easting, northing]) / SQUARE_M).astype(np.int64) * 2 % 100
        grid[mask] = km[0] * 100 + km[1]
    # Many points share a sheet: format each distinct internal id once, then index.
    codes = (((qx // 2) * 100 + qy // 2) * 10 + quadrant) * 10_000 + grid
    unique, inverse = np.unique(codes, return_inverse=True)
    labels = [f"{c // 100_000:04d} {QUADRANTS[c // 10_000 % 10]} {c % 10_000:04d}" for c in unique]
    return np.asarray(labels, dtype=np.str_)[inverse].reshape(lons.shape)


def _internal_id(number: str, quadrant: str, grid: str) -> str:
    # The quarter's roman numeral becomes one digit: 5540 III 3432 -> 554033432.
    return f"{number}{QUADRANTS.index(quadrant) + 1}{grid}"


def _check_points(lons: npt.NDArray[np.float64], lats: npt.NDArray[np.float64]) -> None:
    inside_lon = (lons >= LON_RANGE[0]) & (lons < LON_RANGE[1])
    inside = inside_lon & (lats >= LAT_RANGE[0]) & (lats < LAT_RANGE[1])  # False for NaN too
    if not inside.all():
        first = int(np.argmin(inside))
        lon, lat = float(lons[first]), float(lats[first])
        raise InvalidInput(
            "coordinates",
            f"({lon}, {lat}) is outside the 1:50,000 index (lon 75-125, lat -4.5-45.5); "
            "give Indian 1975 longitude and latitude in degrees",
            f"พิกัด ({lon}, {lat}) อยู่นอกระวาง 1:50,000 ให้ระบุลองจิจูดและละติจูดเป็นองศา",
        )


def _transformer(source: int, target: int) -> Transformer:
    # pyproj transformers must not be shared between threads, so each thread keeps its own.
    key = f"epsg_{source}_to_{target}"
    if not hasattr(_LOCAL, key):
        setattr(_LOCAL, key, Transformer.from_crs(source, target, always_xy=True))
    transformer: Transformer = getattr(_LOCAL, key)
    return transformer


def _square_meets(epsg: int, min_e: int, min_n: int, quarter: tuple[float, ...]) -> bool:
    west, south, east, north = quarter
    # Walk the edges in 100 m steps: straight grid lines bend by up to ~3 cm in degrees.
    size, along = SQUARE_M, range(0, SQUARE_M, 100)
    ring = [(d, 0) for d in along] + [(size, d) for d in along]
    ring += [(size - d, size) for d in along] + [(0, size - d) for d in along]
    xs, ys = [min_e + dx for dx, _ in ring], [min_n + dy for _, dy in ring]
    lons, lats = _transformer(epsg, INDIAN_1975_GEOGRAPHIC).transform(xs, ys)
    # Clip the square to the quarter (Sutherland-Hodgman) relative to the quarter's corner.
    # Closed sets, as in shapely's intersects, widened by _TOUCH_DEG: on the central meridians
    # (99°E, 105°E) a grid line is a quarter's edge, and float noise must not split a point
    # lying there from the square sheet_4000 gives it.
    polygon = [(x - west, y - south) for x, y in zip(lons, lats, strict=True)]
    low, high_x, high_y = -_TOUCH_DEG, east - west + _TOUCH_DEG, north - south + _TOUCH_DEG
    for axis, bound, sign in ((0, low, 1), (0, high_x, -1), (1, low, 1), (1, high_y, -1)):
        clipped: list[tuple[float, float]] = []
        for previous, current in zip(polygon[-1:] + polygon[:-1], polygon, strict=True):
            was_in = sign * (previous[axis] - bound) >= 0
            is_in = sign * (current[axis] - bound) >= 0
            if was_in != is_in:
                t = (bound - previous[axis]) / (current[axis] - previous[axis])
                x = previous[0] + t * (current[0] - previous[0])
                clipped.append((x, previous[1] + t * (current[1] - previous[1])))
            if is_in:
                clipped.append(current)
        polygon = clipped
    return bool(polygon)


def _sheet_error(text: str, reason_en: str, reason_th: str) -> InvalidInput:
    return InvalidInput(
        "sheet",
        f"'{text}': {reason_en}; {_EXPECTED_EN}",
        f"'{text}': {reason_th} {_EXPECTED_TH}",
    )
