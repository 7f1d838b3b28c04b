"""Drop the indexes on snapshots.session_id and seats.session_id: their unique keys serve them.

As revision 0004 did for the log: the unique keys (session_id, seq) of ``snapshots`` and
(session_id, role) of ``seats`` begin with session_id, so their own indexes serve every lookup
by session (loading the latest snapshot, listing the seats, the cascade when a session is
deleted); the second index only cost a write with every snapshot and every seat.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("snapshots", "seats")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_session_id", table_name=table)


def downgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_session_id", table, ["session_id"])
