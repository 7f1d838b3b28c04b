"""The database tables: sessions, seats, the append-only log and snapshots.

The log is the truth: a session's state is its scenario and seed plus the actions in its log.
Snapshots (the state at the start of each turn) only make loading fast. (Revision 0002 dropped a
``commitments`` table that mirrored the deals after every action and that nothing read.)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Named constraints, so that migrations (batch mode on SQLite) can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Payload = JSON().with_variant(JSONB(), "postgresql")

#: The limits of the columns below, checked before anything is stored so that every database
#: refuses the same values in the same words (SQLite would store a 300-character name that
#: PostgreSQL refuses, and neither stores a seed beyond 64 bits).
MAX_SESSION_ID = 2**31 - 1
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
MAX_NAME = 200


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class GameSession(Base):
    __tablename__ = "game_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    scenario: Mapped[str] = mapped_column(String(100))
    #: A scenario loaded from a facilitator's own file is kept here, so the save is self-contained.
    scenario_data: Mapped[dict[str, Any] | None] = mapped_column(Payload, nullable=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    turn: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(20))
    #: The sequence number of the last log entry (0 for a new game).
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: How its texts are worded: "plain" (the paper's words) or "neutral" (rules/wording.py). A
    #: presentation setting: it never reaches the rules (revision 0005).
    wording: Mapped[str] = mapped_column(String(20), default="plain", server_default="plain")

    seats: Mapped[list[Seat]] = relationship(back_populates="session", cascade="all, delete-orphan",
                                             passive_deletes=True, order_by="Seat.position")


class Seat(Base):
    __tablename__ = "seats"
    #: The unique key's index also serves every lookup by session (revision 0006 dropped a second one).
    __table_args__ = (UniqueConstraint("session_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(40))
    controller: Mapped[str] = mapped_column(String(10))
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    temperament: Mapped[str | None] = mapped_column(String(20), nullable=True)
    display_name: Mapped[str] = mapped_column(String(MAX_NAME))

    session: Mapped[GameSession] = relationship(back_populates="seats")


class LogEntry(Base):
    """One entry of a session's append-only log: an action (with its events) or an undo."""

    __tablename__ = "log_entries"
    #: The unique key's index also serves every lookup by session (revision 0004 dropped a second one).
    __table_args__ = (UniqueConstraint("session_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(Payload)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Snapshot(Base):
    """The state after the log entry ``seq``, taken at the start of each turn."""

    __tablename__ = "snapshots"
    #: The unique key's index also serves every lookup by session (revision 0006 dropped a second one).
    __table_args__ = (UniqueConstraint("session_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    turn: Mapped[int] = mapped_column(Integer)
    state: Mapped[dict[str, Any]] = mapped_column(Payload)


class TableCode(Base):
    """A join code of a table: it plays one seat, or reads as the facilitator or a spectator.

    Only a hash of the code is kept: a copy of the database does not let anyone join a table.
    """

    __tablename__ = "table_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    #: A seat's role, "facilitator" or "spectator".
    role: Mapped[str] = mapped_column(String(40))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
