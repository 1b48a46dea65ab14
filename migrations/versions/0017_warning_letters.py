"""warning letters, re-assessed notice lines, change-of-use reports

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(precision=14, scale=2)


def _head() -> list[sa.Column[object]]:
    return [
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
    ]


def _keys(table: str, *refs: tuple[str, str]) -> list[sa.schema.SchemaItem]:
    """Primary key, the LAO's foreign key, and (lao_id, column) foreign keys to LAO tables."""
    return [
        *(
            sa.ForeignKeyConstraint(
                ["lao_id", column],
                [f"{target}.lao_id", f"{target}.id"],
                name=op.f(f"fk_{table}_lao_id_{column}_{target}"),
            )
            for column, target in refs
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f(f"fk_{table}_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f(f"pk_{table}")),
    ]


def _created_at() -> sa.Column[object]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "warning_letters",
        *_head(),
        sa.Column("notice_id", sa.BigInteger(), nullable=False),
        sa.Column("tax_year", sa.SmallInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("letter_no", sa.String(length=24), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("pay_by", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.Text(), nullable=False),
        _created_at(),
        sa.CheckConstraint(
            "pay_by >= issued_on", name=op.f("ck_warning_letters_pay_by_after_issue")
        ),
        *_keys("warning_letters", ("notice_id", "notices")),
        sa.UniqueConstraint(
            "lao_id", "letter_no", name=op.f("uq_warning_letters_lao_id_letter_no")
        ),
        sa.UniqueConstraint(
            "lao_id", "notice_id", name=op.f("uq_warning_letters_lao_id_notice_id")
        ),
        sa.UniqueConstraint(
            "lao_id", "tax_year", "seq", name=op.f("uq_warning_letters_lao_id_tax_year_seq")
        ),
    )
    op.create_table(
        "notice_lines",
        *_head(),
        sa.Column("notice_id", sa.BigInteger(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("tax", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("zone", sa.String(length=16), nullable=True),
        sa.Column("tambon", sa.Text(), nullable=True),
        sa.Column("value", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("allowance", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("rates", sa.Text(), nullable=True),
        sa.Column("surcharge_steps", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column(
            "reduction_percent",
            sa.Numeric(precision=9, scale=4),
            server_default="0",
            nullable=False,
        ),
        sa.Column("exemption", sa.Text(), nullable=True),
        sa.Column("before_rounding", sa.Numeric(precision=24, scale=6), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("relief", MONEY, server_default="0", nullable=False),
        *_keys("notice_lines", ("notice_id", "notices")),
        sa.UniqueConstraint(
            "lao_id", "notice_id", "line_no", name=op.f("uq_notice_lines_lao_id_notice_id_line_no")
        ),
    )
    op.create_table(
        "change_of_use_reports",
        *_head(),
        sa.Column("parcel_id", sa.BigInteger(), nullable=False),
        sa.Column("reported_use", sa.String(length=16), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("reporter", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        _created_at(),
        sa.CheckConstraint(
            "reported_use IN ('agri', 'res_main', 'res_bldg', 'res_other', 'other', 'vacant')",
            name=op.f("ck_change_of_use_reports_reported_use_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done')", name=op.f("ck_change_of_use_reports_status_known")
        ),
        sa.CheckConstraint(
            "reported_on >= changed_on",
            name=op.f("ck_change_of_use_reports_reported_after_change"),
        ),
        *_keys("change_of_use_reports", ("parcel_id", "parcels"), ("case_id", "cases")),
    )
    op.create_index(
        op.f("ix_change_of_use_reports_lao_id_parcel_id"),
        "change_of_use_reports",
        ["lao_id", "parcel_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_change_of_use_reports_lao_id_case_id"),
        "change_of_use_reports",
        ["lao_id", "case_id"],
        unique=False,
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(
        op.f("ix_change_of_use_reports_lao_id_case_id"), table_name="change_of_use_reports"
    )
    op.drop_index(
        op.f("ix_change_of_use_reports_lao_id_parcel_id"), table_name="change_of_use_reports"
    )
    op.drop_table("change_of_use_reports")
    op.drop_table("notice_lines")
    op.drop_table("warning_letters")
