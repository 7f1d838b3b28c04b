"""A session's wording mode: the paper's words, or the status-neutral forms (Kosovo*, Pristina/Prishtinë).

A presentation setting chosen when the session is opened (rules/wording.py); it never reaches the
rules, so it is a column of the session's row, not a move in its log. Existing sessions read
"plain", the words they were played in.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("game_sessions") as batch:
        batch.add_column(sa.Column("wording", sa.String(20), nullable=False, server_default="plain"))


def downgrade() -> None:
    with op.batch_alter_table("game_sessions") as batch:
        batch.drop_column("wording")
