"""Import parcels: read, transform, validate, and load every accepted feature or nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy.engine import Connection, Engine

from parcels.fabric.review import upsert_review_items
from parcels.imports import repository
from parcels.imports.model import ImportParcels, ImportReport
from parcels.imports.profiles import choose_profile, parse_map_options, resolve_columns
from parcels.imports.reader import read_source
from parcels.imports.records import land_records, sq_wah
from parcels.imports.validation import Finding, Thresholds, validate_features
from taxmap.admin.repository import get_lao
from taxmap.core.crs import Operation, crs_label, operation
from taxmap.core.db import UnitOfWork
from taxmap.core.progress import Progress, silent
from taxmap.core.uploads import UploadLimits

REVIEW_KINDS = ("sliver", "area_mismatch")


def _finding_json(f: Finding, to_wgs84: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": f.kind,
        "index": f.index,
        "source_id": f.source_id,
        "message": f.message,
        "severity": f.severity,
        "location": None,
    }
    if f.location is not None:
        lon, lat = to_wgs84.transform(f.location[0], f.location[1])
        out["location"] = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
    if f.pair is not None:
        out["pair"] = list(f.pair)
    if f.area_m2 is not None:
        out["area_m2"] = round(f.area_m2, 4)
    return out


def import_parcels(
    cmd: ImportParcels,
    bind: Engine | Connection,
    progress: Progress = silent,
    limits: UploadLimits | None = None,
) -> ImportReport:
    """Import a parcel file into an LAO: all accepted features in one transaction, or none."""
    overrides = parse_map_options(cmd.mapping)
    progress("read", 0, 1)
    source = read_source(
        cmd.path,
        layer=cmd.layer,
        crs=cmd.crs,
        strict_geojson=cmd.strict_geojson,
        limits=limits,
    )
    progress("read", 1, 1)
    profile = choose_profile(list(source.attributes.columns))
    columns = resolve_columns(list(source.attributes.columns), profile, overrides)
    records, problems = land_records(source.attributes, columns)
    n = len(source.geometries)

    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, cmd.lao_code)
        op = operation(source.crs, lao.srid)
        to_wgs84 = operation(lao.srid, "EPSG:4326")
        progress("transform", 0, n)
        geoms = op.transform_geometries(source.geometries)
        progress("transform", n, n)

        source_ids = (
            records["source_id"]
            .where(records["source_id"].notna(), records.index.astype(str))
            .tolist()
        )
        keys = _keys(records)
        progress("validate", 0, n)
        checked = validate_features(
            geoms,
            source_ids=source_ids,
            keys=keys,
            legal_area_m2=records["legal_area_m2"].tolist(),
            boundary=repository.lao_boundary(uow.conn, lao.id),
            thresholds=Thresholds(overlap_tolerance_m2=cmd.overlap_tolerance_m2),
            repair=cmd.repair,
        )
        progress("validate", n, n)
        findings = list(checked.findings)
        accepted = checked.accepted.copy()
        findings += _attribute_findings(problems, source_ids, accepted)
        findings += _existing_code_findings(uow.conn, lao.id, records, source_ids, accepted)
        findings.sort(key=lambda f: (f.index, f.kind))

        report = ImportReport(
            accepted=int(accepted.sum()),
            rejected=int(n - accepted.sum()),
            findings=[_finding_json(f, to_wgs84) for f in findings],
            repairs=[vars(r) for r in checked.repairs],
            source_crs=crs_label(source.crs),
            operation=op.describe(),
            profile=profile.name,
            format=source.format,
            dry_run=cmd.dry_run,
        )
        if cmd.dry_run or report.accepted == 0:
            return report

        batch_id = repository.insert_batch(
            uow.conn,
            {
                "lao_id": lao.id,
                "file_name": cmd.file_name or cmd.path.name,
                "file_format": source.format,
                "layer": source.layer,
                "source_crs": crs_label(source.crs),
                "crs_from": source.crs_from,
                "operation": op.describe(),
                "profile": profile.name,
                "options": {
                    "map": list(cmd.mapping),
                    "overlap_tolerance_m2": cmd.overlap_tolerance_m2,
                    "repair": cmd.repair,
                },
                "features": n,
                "accepted": report.accepted,
                "rejected": report.rejected,
                "repaired": len(checked.repairs),
                "actor": cmd.actor,
            },
        )
        frame = _rows(uow.conn, lao.id, batch_id, records, checked.geometries, accepted)
        progress("load", 0, len(frame))
        if len(frame) >= cmd.own_partition_from and repository.can_load_partition(uow.conn, lao.id):
            repository.load_partition(uow.conn, lao.id, frame, lao.srid)
        else:
            repository.copy_parcels(uow.conn, frame, lao.srid)
        progress("load", len(frame), len(frame))
        review = [f for f in findings if f.severity == "review" and accepted[f.index]]
        # Parcel ids are read back only when review items must point at them.
        ids = repository.parcel_ids(uow.conn, lao.id, batch_id) if review else {}
        code_of = dict(zip(frame["index"], frame["code"], strict=True)) if review else {}
        upsert_review_items(
            uow.conn,
            lao.id,
            lao.srid,
            [
                {
                    "source": "import",
                    "kind": f.kind,
                    "key": f"{f.kind}:{code_of[f.index]}",
                    "parcel_id": ids[code_of[f.index]],
                    "import_batch_id": batch_id,
                    "message": f.message,
                    "area_m2": f.area_m2,
                    "location": f.location,
                }
                for f in review
            ],
        )
        uow.commit()
    report.batch_id, report.loaded = batch_id, len(frame)
    return report


def _keys(records: pd.DataFrame) -> list[str | None]:
    """Return the key no two parcels may share: the code, else the sheet and land number."""
    if records["code"].notna().all():
        codes: list[str | None] = records["code"].astype(str).tolist()
        return codes

    def text(column: str) -> pd.Series:
        return records[column].fillna("").astype(str)

    # Column-wise string concatenation: a row-wise join would cost a minute per million rows.
    by_sheet = (
        text("sheet_50k")
        + " "
        + text("sheet_quadrant")
        + " "
        + text("sheet_4000")
        + " "
        + text("sub_sheet")
        + " #"
        + text("land_no")
    ).where(records["land_no"].notna() & records["sheet_50k"].notna())
    keys = records["code"].astype(object).where(records["code"].notna(), by_sheet)
    return [None if k is None or k != k else str(k) for k in keys]


def _attribute_findings(
    problems: list[Any], source_ids: list[str], accepted: np.ndarray
) -> list[Finding]:
    out = []
    for p in problems:
        accepted[p.index] = False
        out.append(
            Finding(
                kind="bad_attribute",
                index=p.index,
                source_id=source_ids[p.index],
                message=f"feature {p.index} (id '{source_ids[p.index]}'): column {p.column} "
                f"({p.field}) = '{p.value}': {p.message}; correct the value in the file",
                location=None,
            )
        )
    return out


def _existing_code_findings(
    conn: Connection,
    lao_id: int,
    records: pd.DataFrame,
    source_ids: list[str],
    accepted: np.ndarray,
) -> list[Finding]:
    codes = records["code"].dropna().tolist()
    if not codes or not repository.has_parcels(conn, lao_id):
        return []  # a first import into an empty LAO cannot clash with stored codes
    taken = repository.existing_codes(conn, lao_id, codes)
    out = []
    clashes = np.flatnonzero(records["code"].isin(list(taken)).to_numpy() & accepted)
    for i in map(int, clashes):
        code = records["code"].iloc[i]
        if accepted[i]:
            accepted[i] = False
            out.append(
                Finding(
                    kind="duplicate_key",
                    index=i,
                    source_id=source_ids[i],
                    message=f"feature {i} (id '{source_ids[i]}'): parcel code {code} "
                    "already exists in this LAO (codes are never reused); edit that parcel "
                    "instead, or give this one a new code",
                    location=None,
                )
            )
    return out


def _rows(
    conn: Connection,
    lao_id: int,
    batch_id: int,
    records: pd.DataFrame,
    geoms: np.ndarray,
    accepted: np.ndarray,
) -> pd.DataFrame:
    """Build the COPY frame of accepted features, allocating codes where the file has none."""
    index = np.flatnonzero(accepted)
    frame = records.iloc[index].reset_index(drop=True)
    frame["index"] = index
    kept = geoms[index]
    frame["geom"] = shapely.to_wkb(kept)  # the SRID is added as the rows are copied
    frame["lao_id"], frame["import_batch_id"] = lao_id, batch_id
    frame["status"], frame["version"], frame["valid_from"] = "active", 1, date.today()
    legal = frame["legal_area_m2"]
    frame["legal_area_sq_wah"] = None
    given = legal.notna()
    frame.loc[given, "legal_area_sq_wah"] = [sq_wah(a) for a in legal[given]]
    for column in repository.COPY_COLUMNS:
        if column not in frame:
            frame[column] = None
    _allocate_codes(conn, lao_id, frame, kept)
    for column in ("document_type", "map_scale", "village_no", "block_id", "lot"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _allocate_codes(conn: Connection, lao_id: int, frame: pd.DataFrame, geoms: np.ndarray) -> None:
    """Give code-less parcels the next lot of the block they fall in (or an X-number)."""
    missing = frame["code"].isna() if "code" in frame else pd.Series(True, index=frame.index)
    if not missing.any():
        return
    points = shapely.point_on_surface(geoms[missing.to_numpy()])
    found = repository.block_lots(conn, lao_id, points)
    next_lot: dict[int, int] = {}
    next_x = repository.next_unblocked_number(conn, lao_id)
    codes: list[str] = []
    block_ids: list[int | None] = []
    lots: list[int | None] = []
    for row in found.itertuples():
        if pd.isna(row.block_id):
            codes.append(f"X{next_x:06d}")
            block_ids.append(None)
            lots.append(None)
            next_x += 1
            continue
        block_id = int(row.block_id)
        lot = next_lot.get(block_id, int(row.next_lot))
        next_lot[block_id] = lot + 1
        codes.append(f"{row.code}{lot:03d}")
        block_ids.append(block_id)
        lots.append(lot)
    frame.loc[missing, "code"] = codes
    frame.loc[missing, "block_id"] = block_ids
    frame.loc[missing, "lot"] = lots
    repository.set_next_lots(conn, lao_id, next_lot)
