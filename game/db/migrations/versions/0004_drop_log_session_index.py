"""Drop the index on log_entries.session_id: the unique key (session_id, seq) already serves it.

Every lookup by session (loading, the log, the cascade when a session is deleted) can use the
unique key's own index, whose first column is session_id; the second index only cost a write on
every committed move.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_log_entries_session_id", table_name="log_entries")


def downgrade() -> None:
    op.create_index("ix_log_entries_session_id", "log_entries", ["session_id"])
