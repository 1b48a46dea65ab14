"""Tables of the revenue cycle: notices, instalments, payments, objections, warnings, reports."""

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
    # At the counter: cash, cheque or transfer, and the cheque's or transfer's reference.
    sa.Column("method", sa.String(16)),
    sa.Column("method_ref", sa.Text),
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
    sa.CheckConstraint(
        "method IS NULL OR method IN ('cash', 'cheque', 'transfer')", name="method_known"
    ),
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

# A warning letter (หนังสือแจ้งเตือน, LBT s.60) sent to a taxpayer still owing a notice after
# its due date (May, §1.11). The day it went out and the day it gives to pay decide the
# penalty rate of s.68 (10 % before a letter, 20 % within its period, 40 % after). Numbers are
# gap-free per LAO and tax year (lao_counters "warning:<year>"); one letter per notice.
warning_letters = lao_table(
    "warning_letters",
    sa.Column("notice_id", sa.BigInteger, nullable=False),
    sa.Column("tax_year", sa.SmallInteger, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("letter_no", sa.String(24), nullable=False),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("pay_by", sa.Date, nullable=False),
    sa.Column("issued_by", sa.Text, nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    lao_fk("notice_id", "notices"),
    sa.UniqueConstraint("lao_id", "letter_no"),
    sa.UniqueConstraint("lao_id", "notice_id"),
    sa.UniqueConstraint("lao_id", "tax_year", "seq"),
    sa.CheckConstraint("pay_by >= issued_on", name="pay_by_after_issue"),
)

# The bill lines of a notice re-assessed under s.53: the engine re-run on the register as of
# 1 January, kept with the notice (the frozen roll keeps the lines it was issued from). Same
# columns as valuation's assessment_lines, so the notice prints its ภ.ด.ส.7/ภ.ด.ส.8 from them.
notice_lines = lao_table(
    "notice_lines",
    sa.Column("notice_id", sa.BigInteger, nullable=False),
    sa.Column("line_no", sa.Integer, nullable=False),
    sa.Column("tax", sa.String(16), nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("item", sa.Text, nullable=False),
    sa.Column("category", sa.String(16)),
    sa.Column("zone", sa.String(16)),
    sa.Column("tambon", sa.Text),
    sa.Column("value", sa.Numeric(20, 4), nullable=False),
    sa.Column("allowance", sa.Numeric(20, 4), nullable=False),
    sa.Column("rates", sa.Text),
    sa.Column("surcharge_steps", sa.SmallInteger, nullable=False, server_default="0"),
    sa.Column("reduction_percent", sa.Numeric(9, 4), nullable=False, server_default="0"),
    sa.Column("exemption", sa.Text),
    sa.Column("before_rounding", sa.Numeric(24, 6), nullable=False),
    money("amount", nullable=False),
    money("relief", nullable=False, server_default="0"),  # s.97 relief, on line 1 only
    lao_fk("notice_id", "notices"),
    sa.UniqueConstraint("lao_id", "notice_id", "line_no"),
)

# A change of use reported by a taxpayer or found by staff (LBT s.33: within 60 days of the
# change). Recorded as a request that opens an edit case; survey staff change the land use
# under that case and mark the report done.
change_of_use_reports = lao_table(
    "change_of_use_reports",
    sa.Column("parcel_id", sa.BigInteger, nullable=False),
    sa.Column("reported_use", sa.String(16), nullable=False),
    sa.Column("changed_on", sa.Date, nullable=False),
    sa.Column("reported_on", sa.Date, nullable=False),
    sa.Column("reporter", sa.Text, nullable=False),
    sa.Column("details", sa.Text),
    sa.Column("case_id", sa.BigInteger, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    lao_fk("parcel_id", "parcels"),
    lao_fk("case_id", "cases"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.Index(None, "lao_id", "case_id"),
    sa.CheckConstraint(
        "reported_use IN ('agri', 'res_main', 'res_bldg', 'res_other', 'other', 'vacant')",
        name="reported_use_known",
    ),
    sa.CheckConstraint("status IN ('open', 'done')", name="status_known"),
    sa.CheckConstraint("reported_on >= changed_on", name="reported_after_change"),
)
