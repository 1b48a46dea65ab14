"""Review items: store findings, keep staff decisions across re-runs. Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import shapely
import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from parcels.fabric.orm import review_items
from taxmap.core.errors import InvalidInput, NotFound

BATCH = 5_000


def upsert_review_items(
    conn: Connection, lao_id: int, srid: int, items: list[dict[str, Any]]
) -> None:
    """Insert review items; one seen before keeps its status and decision, and is re-dated."""
    for start in range(0, len(items), BATCH):
        rows = [
            {
                "parcel_id": None,
                "other_parcel_id": None,
                "import_batch_id": None,
                "area_m2": None,
                **{k: v for k, v in item.items() if k != "location"},
                "lao_id": lao_id,
                # clock_timestamp, not now(): several runs may share one transaction.
                "last_seen": sa.func.clock_timestamp(),
                "location": None
                if item.get("location") is None
                else from_shape(shapely.Point(item["location"]), srid=srid),
            }
            for item in items[start : start + BATCH]
        ]
        statement = insert(review_items).values(rows)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["lao_id", "source", "key"],
                set_={
                    "message": statement.excluded.message,
                    "area_m2": statement.excluded.area_m2,
                    "location": statement.excluded.location,
                    "parcel_id": statement.excluded.parcel_id,
                    "other_parcel_id": statement.excluded.other_parcel_id,
                    "last_seen": sa.func.clock_timestamp(),
                    # A fault that had been fixed and came back is open again.
                    "status": sa.case(
                        (review_items.c.status == "resolved", "open"),
                        else_=review_items.c.status,
                    ),
                },
            )
        )


def resolve_unseen(conn: Connection, lao_id: int, source: str, since: datetime) -> int:
    """Mark open items of a source that the latest run did not find again as resolved."""
    result = conn.execute(
        sa.update(review_items)
        .where(
            review_items.c.lao_id == lao_id,
            review_items.c.source == source,
            review_items.c.status == "open",
            review_items.c.last_seen < since,
        )
        .values(status="resolved")
    )
    return int(result.rowcount or 0)


def list_items(conn: Connection, lao_id: int, *, status: str | None = None) -> list[sa.Row[Any]]:
    """Return an LAO's review items, open first, then by kind and key."""
    query = sa.select(
        review_items.c.id,
        review_items.c.source,
        review_items.c.kind,
        review_items.c.key,
        review_items.c.status,
        review_items.c.area_m2,
        review_items.c.message,
        review_items.c.decision_reason,
        review_items.c.reviewer,
    ).where(review_items.c.lao_id == lao_id)
    if status:
        query = query.where(review_items.c.status == status)
    return list(
        conn.execute(query.order_by(review_items.c.status, review_items.c.kind, review_items.c.key))
    )


def decide(conn: Connection, lao_id: int, item_id: int, reason: str, reviewer: str) -> None:
    """Record an accepted exception with its reason and reviewer."""
    if not reason.strip() or not reviewer.strip():
        raise InvalidInput(
            "reason",
            "An accepted exception needs a reason and the reviewer's name.",
            "การยอมรับข้อยกเว้นต้องมีเหตุผลและชื่อผู้ตรวจ",
        )
    done = conn.execute(
        sa.update(review_items)
        .where(review_items.c.lao_id == lao_id, review_items.c.id == item_id)
        .values(
            status="accepted", decision_reason=reason, reviewer=reviewer, decided_at=sa.func.now()
        )
    )
    if not done.rowcount:
        raise NotFound(f"No review item {item_id} in this LAO.", f"ไม่พบรายการตรวจ {item_id}")
