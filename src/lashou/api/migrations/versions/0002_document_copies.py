"""Documents: one copy per party, role and claim, each with a sealed file of its own

Two supervisors objecting with the same evidence, or two witnesses sending the same report,
store the same content under the same address; each keeps a copy of its own. A stored
document was keyed by its address alone, so the second upload was refused. Its key becomes
(address, kind, claim_id, owner), and `blob` names the copy's sealed file in the documents
folder: the copies stored before keep theirs, `<first two hex digits>/<address's 64 digits>`.

Revision ID: s0002
Revises: s0001
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None

# where s0001's store kept the one file of an address (0x, then 64 hex digits)
LEGACY_BLOB = "substr(address, 3, 2) || '/' || substr(address, 3)"
COLUMNS = "address, kind, owner, claim_id, size, created"


def _documents(name: str, key: list[str], *, primary: str, blob: bool) -> None:
    """The documents table under `name`, keyed by `key` (its constraint named `primary`)."""
    columns: list[sa.schema.SchemaItem] = [
        sa.Column("address", sa.String(length=66), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=42), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    ]
    if blob:
        columns.append(sa.Column("blob", sa.String(length=200), nullable=False))
        columns.append(sa.UniqueConstraint("blob", name="uq_documents_blob"))
    op.create_table(name, *columns, sa.PrimaryKeyConstraint(*key, name=primary))


def _replace(old: str, new: str) -> None:
    op.drop_index("ix_documents_owner", table_name=old)
    op.drop_index("ix_documents_claim_id", table_name=old)
    op.drop_table(old)
    op.rename_table(new, old)
    op.create_index("ix_documents_owner", old, ["owner"])
    op.create_index("ix_documents_claim_id", old, ["claim_id"])


def upgrade() -> None:
    _documents("document_copies", ["address", "kind", "claim_id", "owner"], primary="pk_documents",
               blob=True)  # fmt: skip
    op.execute(f"INSERT INTO document_copies ({COLUMNS}, blob)"
               f" SELECT {COLUMNS}, {LEGACY_BLOB} FROM documents")  # fmt: skip
    _replace("documents", "document_copies")


def downgrade() -> None:
    bind = op.get_bind()
    moved = bind.execute(sa.text(f"SELECT count(*) FROM documents WHERE blob <> {LEGACY_BLOB}"))
    if moved.scalar_one():
        raise RuntimeError(
            "Documents stored since revision s0002 have files that revision s0001 cannot"
            " find: keep this revision, or restore a backup taken before the upgrade."
        )
    # the name PostgreSQL gave s0001's key
    _documents("documents_s0001", ["address"], primary="documents_pkey", blob=False)
    op.execute(f"INSERT INTO documents_s0001 ({COLUMNS}) SELECT {COLUMNS} FROM documents")
    _replace("documents", "documents_s0001")
