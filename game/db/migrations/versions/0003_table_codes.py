"""Join codes of tables played through the server (stored hashed).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "table_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(),
                  sa.ForeignKey("game_sessions.id", ondelete="CASCADE", name="fk_table_codes_session_id_game_sessions"),
                  nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("code_hash", name="uq_table_codes_code_hash"),
    )
    op.create_index("ix_table_codes_session_id", "table_codes", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_table_codes_session_id", table_name="table_codes")
    op.drop_table("table_codes")
