"""Write one change of owners: its case, the ended and new rights, new owners, the audit log.

Called by the services inside their unit of work; never commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, NamedTuple

from sqlalchemy.engine import Connection

from parcels.register import transfer_repository as repo
from parcels.register.ownership import Holding
from parcels.register.record_repository import next_owner_no
from parcels.register.rules import check_party
from parcels.register.search import party_search_key
from taxmap.admin.repository import audit_row


class Owner(NamedTuple):
    """A party of the LAO as a change of owners needs it."""

    party_id: int
    owner_no: int
    name_th: str
    ident: str | None


class NewOwner(NamedTuple):
    """A new owner: a party on record, or an ID and name to register, with the share."""

    owner: Owner | None
    ident: str | None
    name_th: str | None
    share: Fraction


class OwnerBook:
    """The LAO's owners by ID and owner number while changes are written; adds new owners."""

    def __init__(self, conn: Connection, lao_id: int, found: Mapping[str | int, Any]) -> None:
        self.conn, self.lao_id = conn, lao_id
        self.known = {
            key: Owner(r.id, r.owner_no, r.name_th, r.national_id or r.juristic_id)
            for key, r in found.items()
        }

    def get(self, reference: str | int) -> Owner | None:
        """Return the owner with this national/juristic ID or owner number, if on record."""
        return self.known.get(reference)

    def add(
        self, ident: str, name_th: str, case_id: int, actor: str
    ) -> tuple[Owner, dict[str, Any]]:
        """Register a new owner under the next ผ.ท.4 number; return it with its audit entry."""
        # Simple rule of the Land Office files: a registration number of a juristic person
        # starts with 0, a personal ID never does.
        kind = "juristic" if ident.startswith("0") else "individual"
        national_id = None if kind == "juristic" else ident
        juristic_id = ident if kind == "juristic" else None
        check_party(kind, national_id, juristic_id)
        owner_no = next_owner_no(self.conn, self.lao_id)
        values = {
            "owner_no": owner_no,
            "kind": kind,
            "name_th": name_th,
            "national_id": national_id,
            "juristic_id": juristic_id,
        }
        party_id = repo.insert_party(
            self.conn,
            {
                **values,
                "lao_id": self.lao_id,
                "case_id": case_id,
                "search_key": party_search_key(name_th),
            },
        )
        owner = Owner(party_id, owner_no, name_th, ident)
        self.known[ident] = self.known[owner_no] = owner
        return owner, _entry(self.lao_id, actor, case_id, "create", "party", party_id, None, values)


def record_change(
    conn: Connection,
    lao_id: int,
    book: OwnerBook,
    parcel: tuple[int, str],
    holdings: Sequence[Holding],
    ending: Sequence[Holding],
    owners: Sequence[NewOwner],
    effective: date,
    why: tuple[str, str | None],
    actor: str,
) -> tuple[int, list[Holding]]:
    """Record a change of owners on a date; return its case and the parcel's rights after it."""
    (parcel_id, code), (reason, document_ref) = parcel, why
    case_id = repo.insert_case(
        conn, {"lao_id": lao_id, "kind": "transfer", "reason": reason, "document_ref": document_ref}
    )
    audit: list[dict[str, Any]] = []
    resolved: list[tuple[Owner, Fraction]] = []
    for new in owners:
        owner = new.owner or (book.get(new.ident) if new.ident else None)
        if owner is None:
            assert new.ident is not None and new.name_th is not None
            owner, entry = book.add(new.ident, new.name_th, case_id, actor)
            audit.append(entry)
        resolved.append((owner, new.share))
    repo.end_rights(conn, lao_id, [h.right_id for h in ending], effective)
    for h in ending:
        before = _right_json(code, h.owner_no, h.kind, h.share, h.valid_from, None)
        after = {**before, "valid_to": effective.isoformat()}
        audit.append(_entry(lao_id, actor, case_id, "end", "right", h.right_id, before, after))
    # The new owners hold the same kind of right as the old (ownership, possession ...).
    kinds = {h.kind for h in ending}
    kind = kinds.pop() if len(kinds) == 1 else "owner"
    new_ids = repo.insert_rights(
        conn,
        [
            {
                "lao_id": lao_id,
                "party_id": owner.party_id,
                "kind": kind,
                "parcel_id": parcel_id,
                "share_num": share.numerator,
                "share_den": share.denominator,
                "valid_from": effective,
                "case_id": case_id,
            }
            for owner, share in resolved
        ],
    )
    created = [
        Holding(right_id, o.party_id, o.owner_no, o.name_th, o.ident, kind, share, effective, None)
        for right_id, (o, share) in zip(new_ids, resolved, strict=True)
    ]
    for h in created:
        after = _right_json(code, h.owner_no, kind, h.share, effective, None)
        audit.append(_entry(lao_id, actor, case_id, "create", "right", h.right_id, None, after))
    repo.insert_audit(conn, audit)
    ended = {h.right_id for h in ending}
    kept = [h._replace(valid_to=effective) if h.right_id in ended else h for h in holdings]
    return case_id, kept + created


def _right_json(
    parcel: str, owner_no: int, kind: str, share: Fraction, start: date, end: date | None
) -> dict[str, Any]:
    return {
        "parcel": parcel,
        "owner_no": owner_no,
        "kind": kind,
        "share": str(share),
        "valid_from": start.isoformat(),
        "valid_to": end.isoformat() if end else None,
    }


def _entry(
    lao_id: int,
    actor: str,
    case_id: int,
    action: str,
    entity: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return audit_row(lao_id, actor, action, entity, entity_id, case_id, before, after)
