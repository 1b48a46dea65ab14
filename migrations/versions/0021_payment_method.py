"""how money was paid at the counter: cash, cheque or transfer

A counter payment now records its method (เงินสด, เช็ค, โอนเงิน) and, for a cheque or a transfer,
its reference (the cheque's number and bank, the transfer's reference), printed on the receipt.
Payments taken before this revision were cash (the counter form offered nothing else).
Bank and QR settlement rows, refunds and reversals carry no method.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add payments.method and payments.method_ref; counter payments so far were cash."""
    op.add_column("payments", sa.Column("method", sa.String(length=16), nullable=True))
    op.add_column("payments", sa.Column("method_ref", sa.Text(), nullable=True))
    op.execute("UPDATE payments SET method = 'cash' WHERE channel = 'counter' AND amount > 0")
    op.create_check_constraint(
        op.f("ck_payments_method_known"),
        "payments",
        "method IS NULL OR method IN ('cash', 'cheque', 'transfer')",
    )


def downgrade() -> None:
    """Drop the method columns."""
    op.drop_constraint(op.f("ck_payments_method_known"), "payments", type_="check")
    op.drop_column("payments", "method_ref")
    op.drop_column("payments", "method")
