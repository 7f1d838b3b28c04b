"""The first schema: sessions, seats, log, snapshots, commitments.

Revision ID: 0001
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Payload = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "game_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("scenario", sa.String(100), nullable=False),
        sa.Column("scenario_data", Payload, nullable=True),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
    )

    def child(name: str, *columns: sa.Column[Any], unique: str) -> None:
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("session_id", sa.Integer(),
                      sa.ForeignKey("game_sessions.id", ondelete="CASCADE",
                                    name=f"fk_{name}_session_id_game_sessions"), nullable=False),
            *columns,
            sa.UniqueConstraint("session_id", unique, name=f"uq_{name}_session_id"),
        )
        op.create_index(f"ix_{name}_session_id", name, ["session_id"])

    child("seats",
          sa.Column("position", sa.Integer(), nullable=False),
          sa.Column("role", sa.String(40), nullable=False),
          sa.Column("controller", sa.String(10), nullable=False),
          sa.Column("level", sa.String(20), nullable=True),
          sa.Column("temperament", sa.String(20), nullable=True),
          sa.Column("display_name", sa.String(200), nullable=False),
          unique="role")
    child("log_entries",
          sa.Column("seq", sa.Integer(), nullable=False),
          sa.Column("kind", sa.String(20), nullable=False),
          sa.Column("role", sa.String(40), nullable=False),
          sa.Column("payload", Payload, nullable=False),
          sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
          unique="seq")
    child("snapshots",
          sa.Column("seq", sa.Integer(), nullable=False),
          sa.Column("turn", sa.Integer(), nullable=False),
          sa.Column("state", Payload, nullable=False),
          unique="seq")
    child("commitments",
          sa.Column("deal_id", sa.Integer(), nullable=False),
          sa.Column("proposal", sa.Integer(), nullable=False),
          sa.Column("giver", sa.String(40), nullable=False),
          sa.Column("receiver", sa.String(40), nullable=False),
          sa.Column("item", sa.String(100), nullable=False),
          sa.Column("due_turn", sa.Integer(), nullable=False),
          sa.Column("status", sa.String(20), nullable=False),
          unique="deal_id")


def downgrade() -> None:
    for name in ("commitments", "snapshots", "log_entries", "seats", "game_sessions"):
        op.drop_table(name)
