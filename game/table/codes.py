"""Join codes: long random secrets that let a person play one seat of a table, run it as the
facilitator, or watch it as a spectator (the projector: public information only).

A code is shown once, when the table is opened; the database keeps only its SHA-256 hash (a code
has 192 random bits, so a fast hash is enough). A code acts for its own role only and reads its
own view only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.db.connect import StoreError
from game.db.models import TableCode
from game.store import Store
from rules.core.secrets import FACILITATOR, Reader

SPECTATOR = "spectator"
#: How long a code works, unless the server is told otherwise.
LIFETIME = timedelta(days=14)


class CodeError(StoreError):
    """A wrong or expired code; the message says which, in one line."""


@dataclass(frozen=True, slots=True)
class Holder:
    """Who a code belongs to: a table and a role (a seat's, ``facilitator`` or ``spectator``)."""

    session: int
    role: str

    @property
    def reader(self) -> Reader:
        return None if self.role == SPECTATOR else self.role

    @property
    def plays(self) -> str | None:
        """The role this code moves for (None for a spectator)."""
        return None if self.role == SPECTATOR else self.role


#: The letters of a code: no "-" or "_", so a code never reads as a command-line option
#: (``--code -Bf…`` was refused by the argument parser) and is easy to read out and type.
CODE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#: 32 letters of 62: about 190 bits, as many as the 24 random bytes codes had before.
CODE_LENGTH = 32


def new_code() -> str:
    """A fresh, unguessable table code."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def issue(store: Store, session_id: int, lifetime: timedelta = LIFETIME) -> dict[str, str]:
    """New codes for a table: one per human seat, one facilitator and one spectator code."""
    info = store.info(session_id)
    roles = [s.role for s in info.seats if not s.is_ai] + [FACILITATOR, SPECTATOR]
    now = datetime.now(UTC)
    codes = {role: new_code() for role in roles}
    with Session(store.engine) as s, s.begin():
        for role, code in codes.items():
            s.add(TableCode(session_id=session_id, role=role, code_hash=hash_code(code), created_at=now,
                            expires_at=now + lifetime))
    return codes


def holder(store: Store, code: str) -> Holder:
    """The table and role of ``code``; raises CodeError if it is wrong or has expired."""
    if not code or len(code) > 100:
        raise CodeError("that is not a table code")
    from game.db.connect import READ_ONLY

    with Session(store.engine.execution_options(**{READ_ONLY: True})) as s:
        row = s.scalars(select(TableCode).where(TableCode.code_hash == hash_code(code.strip()))).first()
        if row is None:
            raise CodeError("unknown code: check it with the person running the game")
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires < datetime.now(UTC):
            raise CodeError("this code has expired: ask the person running the game for a new one")
        return Holder(row.session_id, row.role)
