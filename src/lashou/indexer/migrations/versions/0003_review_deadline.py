"""Claims in review carry their review deadline

The projection left a claim's deadline empty until its witnesses were drawn; it now sets it at
filing to the filing's time plus the review period then in force, and clears it once the
claim is accepted (drawing has no deadline of its own). This fills the claims an index holds in
review with the review period in force now, which is the one they were filed under unless
governance changed it while they waited; re-index from zero for the exact figure then.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 10:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE claims SET deadline = filed_at"
        " + (SELECT value FROM parameters WHERE name = 'review_period')"
        " WHERE status = 'review' AND deadline IS NULL"
        " AND EXISTS (SELECT 1 FROM parameters WHERE name = 'review_period')"
    )


def downgrade() -> None:
    op.execute("UPDATE claims SET deadline = NULL WHERE status = 'review'")
