"""Tables of the revenue cycle: notices and their instalments, payments, allocations, objections."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from taxmap.core.db import lao_fk, lao_table, money

# An assessment notice (ภ.ด.ส.6 with its ภ.ด.ส.7 sheet, or ภ.ป.3 for signs) issued from a
# frozen roll. Never edited once issued: a correction cancels it and issues a new notice that
# `replaces` it (s.53). Numbers are gap-free per LAO, tax and year (lao_counters).
notices = lao_table(
    "notices",
    sa.Column("roll_id", sa.BigInteger, nullable=False),
    sa.Column("tax_year", sa.SmallInteger, nullable=False),
    sa.Column("tax", sa.String(16), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("notice_no", sa.String(24), nullable=False),
    sa.Column("taxpayer_no", sa.Integer, nullable=False),
    sa.Column("owner_name", sa.Text, nullable=False),
    sa.Column("owner_party_ids", ARRAY(sa.BigInteger), nullable=False),
    money("amount", nullable=False),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("ref1", sa.String(20), nullable=False),
    sa.Column("ref2", sa.String(20), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="issued"),
    sa.Column("replaces_id", sa.BigInteger),
    sa.Column("cancelled_on", sa.Date),
    sa.Column("cancel_reason", sa.Text),
    sa.Column("issued_by", sa.Text, nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    lao_fk("roll_id", "tax_rolls"),
    lao_fk("replaces_id", "notices"),
    sa.UniqueConstraint("lao_id", "notice_no"),
    sa.UniqueConstraint("lao_id", "ref1"),
    sa.UniqueConstraint("lao_id", "tax", "tax_year", "seq"),
    sa.Index(None, "lao_id", "roll_id", "taxpayer_no"),
    sa.Index(None, "lao_id", "replaces_id"),
    sa.CheckConstraint("tax IN ('lbt', 'signboard')", name="tax_known"),
    sa.CheckConstraint("status IN ('issued', 'cancelled')", name="status_known"),
    sa.CheckConstraint("amount >= 0", name="amount_non_negative"),
)

# The instalments a notice may be paid in (s.52, rule book §1.12, §3.3); one row when it is not.
notice_instalments = lao_table(
    "notice_instalments",
    sa.Column("notice_id", sa.BigInteger, nullable=False),
    sa.Column("no", sa.SmallInteger, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    money("amount", nullable=False),
    lao_fk("notice_id", "notices"),
    sa.UniqueConstraint("lao_id", "notice_id", "no"),
)

# Money received: at the counter, or from a bank or QR payment file (source_ref makes a
# second import of the same file record nothing twice). Receipts are numbered gap-free.
payments = lao_table(
    "payments",
    sa.Column("paid_on", sa.Date, nullable=False),
    money("amount", nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("ref1", sa.String(20)),
    sa.Column("ref2", sa.String(20)),
    sa.Column("source_ref", sa.Text),
    sa.Column("notice_id", sa.BigInteger),
    sa.Column("receipt_no", sa.String(24)),
    sa.Column("received_by", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="recorded"),
    sa.Column("note", sa.Text),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    lao_fk("notice_id", "notices"),
    sa.UniqueConstraint("lao_id", "source_ref"),
    sa.UniqueConstraint("lao_id", "receipt_no"),
    sa.Index(None, "lao_id", "notice_id"),
    sa.CheckConstraint("channel IN ('counter', 'bank', 'qr', 'refund')", name="channel_known"),
    sa.CheckConstraint("status IN ('recorded', 'unmatched', 'refunded')", name="status_known"),
)

# How a payment was applied: to which notice and instalment, as tax, penalty and surcharge.
payment_allocations = lao_table(
    "payment_allocations",
    sa.Column("payment_id", sa.BigInteger, nullable=False),
    sa.Column("notice_id", sa.BigInteger, nullable=False),
    sa.Column("instalment_no", sa.SmallInteger),
    money("tax", nullable=False),
    money("penalty", nullable=False, server_default="0"),
    money("surcharge", nullable=False, server_default="0"),
    lao_fk("payment_id", "payments"),
    lao_fk("notice_id", "notices"),
    sa.Index(None, "lao_id", "payment_id"),
    sa.Index(None, "lao_id", "notice_id"),
)

# An objection to a notice (s.73): flagged at day 45, deemed accepted at day 60 undecided.
objections = lao_table(
    "objections",
    sa.Column("notice_id", sa.BigInteger, nullable=False),
    sa.Column("filed_on", sa.Date, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_on", sa.Date),
    sa.Column("decision", sa.String(16)),
    sa.Column("decision_note", sa.Text),
    lao_fk("notice_id", "notices"),
    sa.Index(None, "lao_id", "notice_id"),
    sa.CheckConstraint(
        "decision IS NULL OR decision IN ('upheld', 'rejected', 'deemed_upheld')",
        name="decision_known",
    ),
)
