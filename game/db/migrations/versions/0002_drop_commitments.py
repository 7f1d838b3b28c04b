"""Drop the commitments table: it mirrored the deals after every action and nothing read it.

The deals live in the game state (and so in snapshots and the log); a copy kept in step on every
move only cost a query per action and could drift from the truth.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_commitments_session_id", table_name="commitments")
    op.drop_table("commitments")


def downgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(),
                  sa.ForeignKey("game_sessions.id", ondelete="CASCADE", name="fk_commitments_session_id_game_sessions"),
                  nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.Integer(), nullable=False),
        sa.Column("giver", sa.String(40), nullable=False),
        sa.Column("receiver", sa.String(40), nullable=False),
        sa.Column("item", sa.String(100), nullable=False),
        sa.Column("due_turn", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.UniqueConstraint("session_id", "deal_id", name="uq_commitments_session_id"),
    )
    op.create_index("ix_commitments_session_id", "commitments", ["session_id"])
