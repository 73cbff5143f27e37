"""The index: raw events, blocks, checkpoint and the read model

Revision ID: 0001
Revises:
Create Date: 2026-12-03 17:51:46.198921
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from lashou.indexer.types import Uint256

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "blocks",
        sa.Column("number", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("patient", sa.String(length=42), nullable=False),
        sa.Column("membership_id", sa.BigInteger(), nullable=False),
        sa.Column("province", sa.Integer(), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("condition_class", sa.Integer(), nullable=False),
        sa.Column("benefit", Uint256(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rejected_stage", sa.Integer(), nullable=True),
        sa.Column("approvals", sa.Integer(), nullable=False),
        sa.Column("rejections", sa.Integer(), nullable=False),
        sa.Column("replacements", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.BigInteger(), nullable=True),
        sa.Column("cum_before", Uint256(), nullable=True),
        sa.Column("filed_at", sa.BigInteger(), nullable=False),
        sa.Column("filed_tx", sa.String(length=66), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", sa.BigInteger(), nullable=True),
        sa.Column("paid_tx", sa.String(length=66), nullable=True),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_index(op.f("ix_claims_patient"), "claims", ["patient"], unique=False)
    op.create_index(op.f("ix_claims_status"), "claims", ["status"], unique=False)
    op.create_table(
        "crossings",
        sa.Column("bucket", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("weight", Uint256(), nullable=False),
        sa.Column("index", Uint256(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("bucket"),
    )
    op.create_table(
        "disputes",
        sa.Column("claim_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("round", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("deadline", sa.BigInteger(), nullable=False),
        sa.Column("supervisors", sa.Integer(), nullable=False),
        sa.Column("stakes", Uint256(), nullable=False),
        sa.Column("slashed", Uint256(), nullable=False),
        sa.Column("reward", Uint256(), nullable=False),
        sa.Column("to_reserve", Uint256(), nullable=False),
        sa.Column("fee", Uint256(), nullable=False),
        sa.Column("recovered", Uint256(), nullable=False),
        sa.Column("reason_hash", sa.String(length=66), nullable=True),
        sa.Column("opened_at", sa.BigInteger(), nullable=False),
        sa.Column("opened_tx", sa.String(length=66), nullable=False),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.Column("closed_tx", sa.String(length=66), nullable=True),
        sa.PrimaryKeyConstraint("claim_id", "round"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=False),
        sa.Column("block_time", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("contract", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=True),
        sa.Column("args", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("block_number", "log_index", name="uq_events_position"),
    )
    op.create_index(op.f("ix_events_block_number"), "events", ["block_number"], unique=False)
    op.create_index(
        "ix_events_claim", "events", ["claim_id", "block_number", "log_index"], unique=False
    )
    op.create_index(op.f("ix_events_name"), "events", ["name"], unique=False)
    op.create_table(
        "memberships",
        sa.Column("membership_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("province", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("balance", Uint256(), nullable=False),
        sa.Column("checkpoint", Uint256(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("deposited", Uint256(), nullable=False),
        sa.Column("withdrawn", Uint256(), nullable=False),
        sa.Column("joined_at", sa.BigInteger(), nullable=False),
        sa.Column("waiting_ends", sa.BigInteger(), nullable=False),
        sa.Column("valid_until", sa.BigInteger(), nullable=False),
        sa.Column("joined_tx", sa.String(length=66), nullable=False),
        sa.Column("left_at", sa.BigInteger(), nullable=True),
        sa.Column("left_tx", sa.String(length=66), nullable=True),
        sa.PrimaryKeyConstraint("membership_id"),
    )
    op.create_index(op.f("ix_memberships_address"), "memberships", ["address"], unique=False)
    op.create_index(op.f("ix_memberships_bucket"), "memberships", ["bucket"], unique=False)
    op.create_table(
        "parameters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", Uint256(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "periods",
        sa.Column("period", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("share", Uint256(), nullable=False),
        sa.Column("active_weight", Uint256(), nullable=False),
        sa.Column("collected", Uint256(), nullable=False),
        sa.Column("from_reserve", Uint256(), nullable=False),
        sa.Column("fees_funded", Uint256(), nullable=False),
        sa.Column("claims_funded", Uint256(), nullable=False),
        sa.Column("reserve", Uint256(), nullable=False),
        sa.Column("index", Uint256(), nullable=False),
        sa.Column("lapsed_weight", Uint256(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("block_time", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.PrimaryKeyConstraint("period"),
    )
    op.create_table(
        "pool_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("index", Uint256(), nullable=False),
        sa.Column("frontier", sa.BigInteger(), nullable=False),
        sa.Column("active_weight", Uint256(), nullable=False),
        sa.Column("reserve", Uint256(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("memberships", sa.Integer(), nullable=False),
        sa.Column("deposited", Uint256(), nullable=False),
        sa.Column("withdrawn", Uint256(), nullable=False),
        sa.Column("contributed", Uint256(), nullable=False),
        sa.Column("collected", Uint256(), nullable=False),
        sa.Column("benefits_queued", Uint256(), nullable=False),
        sa.Column("benefits_funded", Uint256(), nullable=False),
        sa.Column("benefits_paid", Uint256(), nullable=False),
        sa.Column("fees_accrued", Uint256(), nullable=False),
        sa.Column("fees_paid", Uint256(), nullable=False),
        sa.Column("claims_filed", sa.Integer(), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.Column("updated_time", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("deployment_block", sa.BigInteger(), nullable=False),
        sa.Column("deployment_hash", sa.String(length=66), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=True),
        sa.Column("seed", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "tiers",
        sa.Column("tier", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("benefit", Uint256(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tier"),
    )
    op.create_table(
        "witnesses",
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("province", sa.Integer(), nullable=False),
        sa.Column("stake", Uint256(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("assignments", sa.Integer(), nullable=False),
        sa.Column("approvals", sa.Integer(), nullable=False),
        sa.Column("rejections", sa.Integer(), nullable=False),
        sa.Column("silent", sa.Integer(), nullable=False),
        sa.Column("forfeited", Uint256(), nullable=False),
        sa.Column("slashed", Uint256(), nullable=False),
        sa.Column("fees_accrued", Uint256(), nullable=False),
        sa.Column("fees_pulled", Uint256(), nullable=False),
        sa.Column("liable_until", sa.BigInteger(), nullable=False),
        sa.Column("registered_at", sa.BigInteger(), nullable=False),
        sa.Column("registered_tx", sa.String(length=66), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    op.create_table(
        "assignments",
        sa.Column("claim_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("witness", sa.String(length=42), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.BigInteger(), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("report_hash", sa.String(length=66), nullable=True),
        sa.Column("assigned_tx", sa.String(length=66), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.claim_id"],
        ),
        sa.PrimaryKeyConstraint("claim_id", "witness"),
    )
    op.create_index(op.f("ix_assignments_witness"), "assignments", ["witness"], unique=False)


def downgrade() -> None:

    op.drop_index(op.f("ix_assignments_witness"), table_name="assignments")
    op.drop_table("assignments")
    op.drop_table("witnesses")
    op.drop_table("tiers")
    op.drop_table("sync_state")
    op.drop_table("pool_state")
    op.drop_table("periods")
    op.drop_table("parameters")
    op.drop_index(op.f("ix_memberships_bucket"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_address"), table_name="memberships")
    op.drop_table("memberships")
    op.drop_index(op.f("ix_events_name"), table_name="events")
    op.drop_index("ix_events_claim", table_name="events")
    op.drop_index(op.f("ix_events_block_number"), table_name="events")
    op.drop_table("events")
    op.drop_table("disputes")
    op.drop_table("crossings")
    op.drop_index(op.f("ix_claims_status"), table_name="claims")
    op.drop_index(op.f("ix_claims_patient"), table_name="claims")
    op.drop_table("claims")
    op.drop_table("blocks")
