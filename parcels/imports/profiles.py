"""Map a file's columns onto land-record fields: built-in profiles plus --map overrides (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from taxmap.core.errors import InvalidInput

# The land-record fields an import can fill (taxmap-conventions.md §2, §4).
TARGETS = (
    "source_id",
    "code",
    "document_type",
    "document_no",
    "sheet_50k",
    "sheet_quadrant",
    "sheet_4000",
    "sub_sheet",
    "map_scale",
    "land_no",
    "survey_page",
    "volume",
    "page",
    "village_no",
    "road",
    "alley",
    "legal_area_sq_wah",
    "legal_area_m2",
    "legal_rai",
    "legal_ngan",
    "legal_wah",
    "note",
)


@dataclass(frozen=True)
class Profile:
    """A named set of column names (upper-cased) that feed each target field."""

    name: str
    columns: Mapping[str, tuple[str, ...]]
    signature: tuple[str, ...]  # columns whose presence identifies the profile


# Land Department digital cadastre (DOL "UTMMAP" sheet fields and land numbers).
LAND_OFFICE = Profile(
    "land_office",
    {
        "source_id": ("PARCEL_ID", "OBJECTID", "FID"),
        "sheet_50k": ("UTMMAP1",),
        "sheet_quadrant": ("UTMMAP2",),
        "sheet_4000": ("UTMMAP3",),
        "sub_sheet": ("UTMMAP4",),
        "map_scale": ("UTMSCALE",),
        "land_no": ("LAND_NO", "LANDNO"),
        "document_no": ("CHANOD_NO", "PARCEL_NO", "DEED_NO"),
        "survey_page": ("SURVEY_NO", "SURVEY_PAGE"),
        "legal_rai": ("RAI", "NRAI"),
        "legal_ngan": ("NGAN", "NNGAN"),
        "legal_wah": ("WA", "WAH", "NWA"),
    },
    ("UTMMAP1", "LAND_NO"),
)

# LTAX 3000 / LTAX Online style exports.
LTAX = Profile(
    "ltax",
    {
        "source_id": ("PARCEL_ID", "ID"),
        "code": ("PARCEL_COD", "PARCEL_CODE", "TAXMAP_CODE", "LAND_CODE"),
        "document_type": ("DOC_TYPE", "DOCTYPE"),
        "document_no": ("DOC_NO", "DOCNO"),
        "land_no": ("LAND_NO",),
        "survey_page": ("SURVEY_NO", "SURVEY_PAGE"),
        "volume": ("VOLUME",),
        "page": ("PAGE",),
        "village_no": ("MOO", "VILLAGE_NO"),
        "road": ("ROAD",),
        "alley": ("SOI",),
        "legal_rai": ("RAI",),
        "legal_ngan": ("NGAN",),
        "legal_wah": ("WAH", "WA"),
    },
    ("PARCEL_COD",),
)

# Anything else: taxmap's own column names, and common generic ones.
GENERIC = Profile(
    "generic",
    {
        "source_id": ("ID", "FID", "OBJECTID", "SOURCE_ID"),
        **{t: (t.upper(),) for t in TARGETS if t != "source_id"},
        "code": ("CODE", "PARCEL_CODE"),
    },
    (),
)

PROFILES = (LAND_OFFICE, LTAX, GENERIC)


def choose_profile(columns: Sequence[str]) -> Profile:
    """Pick the first profile whose signature columns are all present (generic otherwise)."""
    present = {c.upper() for c in columns}
    for profile in PROFILES:
        if profile.signature and all(c in present for c in profile.signature):
            return profile
    return GENERIC


def parse_map_options(options: Sequence[str]) -> dict[str, str]:
    """Parse --map target=column options, naming the option that is malformed."""
    mapping: dict[str, str] = {}
    for option in options:
        target, sep, column = option.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise InvalidInput(
                "map",
                f"--map '{option}': write it as target=column, e.g. land_no=LANDNO.",
                f"--map '{option}': ใช้รูปแบบ ช่อง=คอลัมน์",
            )
        if target not in TARGETS:
            raise InvalidInput(
                "map",
                f"--map '{option}': '{target}' is not a field taxmap imports; use one of "
                + ", ".join(TARGETS)
                + ".",
                f"--map '{option}': ไม่รู้จักช่อง '{target}'",
            )
        mapping[target] = column
    return mapping


def resolve_columns(
    columns: Sequence[str], profile: Profile, overrides: Mapping[str, str]
) -> dict[str, str]:
    """Return target field -> actual column name for this file."""
    by_upper = {c.upper(): c for c in columns}
    resolved: dict[str, str] = {}
    for target, candidates in profile.columns.items():
        for candidate in candidates:
            if candidate in by_upper:
                resolved[target] = by_upper[candidate]
                break
    for target, column in overrides.items():
        if column not in columns and column.upper() not in by_upper:
            raise InvalidInput(
                "map",
                f"--map {target}={column}: the file has no column '{column}'; it has "
                + ", ".join(columns)
                + ".",
                f"--map {target}={column}: ไม่มีคอลัมน์ '{column}' ในไฟล์",
            )
        resolved[target] = column if column in columns else by_upper[column.upper()]
    return resolved
