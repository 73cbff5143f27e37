"""Claims whose fraud was confirmed after they were queued or paid have the status `fraud`

The projection kept such a claim `paid` (or `disputed`, for a payout held by the report and
then cancelled) while its case said fraud; it now moves the claim to `fraud` when the ruling
is logged. This brings an index projected before up to date without a rebuild.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CONFIRMED = (
    "EXISTS (SELECT 1 FROM disputes WHERE disputes.claim_id = claims.claim_id"
    " AND disputes.status = 'fraud')"
)


def upgrade() -> None:
    op.execute(
        f"UPDATE claims SET status = 'fraud' WHERE status IN ('queued', 'paid', 'disputed')"
        f" AND {CONFIRMED}"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE claims SET status = CASE WHEN paid_at IS NULL THEN 'disputed' ELSE 'paid' END"
        " WHERE status = 'fraud'"
    )
