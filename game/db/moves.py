"""A move's rows written in the fewest statements, on a connection kept for moves.

Committing a move is every table's hot path (the server commits every move of every table).
What the database must do for it is fixed: append the log entry, move the session's row on (its
last sequence number, turn, phase, status and time), a snapshot at each new turn, and commit.
What the program added on top of that was most of the cost, so this module does only that:

* The row of the session is read and locked by the very ``UPDATE`` that moves it on: its
  ``WHERE`` names the sequence number the caller's game is at (``last_seq = prev``), so the
  update matches no row if anyone else moved since, and then nothing is written (the caller
  reads the session again). A concurrent writer waits for the row (PostgreSQL) or the file's
  write lock (SQLite) and then finds ``last_seq`` changed: sequence numbers stay unique, and the
  unique key (session_id, seq) of the log still refuses a duplicate as a last resort.
* On PostgreSQL the whole move is one statement (data-modifying CTEs: the update, the log
  entry, the snapshot, the notice to the other server workers) sent in autocommit mode, so it is
  its own transaction: one round trip, prepared once per connection. The notice is sent only if
  the statement commits.
* On SQLite the move is ``BEGIN IMMEDIATE`` (writers queue for the lock, as everywhere in the
  store), the ``UPDATE``, the ``INSERT`` (and a snapshot) and ``COMMIT``.
* The connection is checked out of the engine's pool once and kept (the pool's check-out,
  ping and reset cost more than a SQLite insert); after :data:`IDLE_SECONDS` without a move it
  goes back to the pool and the next move checks one out again (pinged on PostgreSQL), so a
  server restarted in between costs nothing but that ping.
* A PostgreSQL connection that breaks during a move (the server restarted, a network cut) leaves
  the caller not knowing whether the move committed. :meth:`MoveWriter.write` finds out on a
  fresh connection: if the session's log holds this very entry (same role, payload and time),
  the move committed and is reported so; if the log has no entry at its sequence number, the
  move is sent once more (its ``last_seq = prev`` guard makes that safe). A player never sees
  "cannot save the move" for a move that was saved, and a move is never made twice.

The values are converted as SQLAlchemy converts them for the ORM (times through the dialect's
own ``DateTime`` processor, JSON as ``json.dumps`` writes it), so the rows are the rows the
store's other paths write; tests/game/db/test_moves.py compares them.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Engine
from sqlalchemy.exc import OperationalError

from game.db.prepared import wrapped

#: A held connection unused for this long goes back to the pool (and is pinged when taken again).
IDLE_SECONDS = 20.0

#: PostgreSQL channel on which every committed move is announced to every server worker, as
#: "<database>.<schema>:<session>:<seq>" (so tables in other databases or schemas are told apart).
CHANNEL = "keci_table_events"
NOTIFY_EXPR = f"pg_notify('{CHANNEL}', current_database() || '.' || current_schema() || ':' || %(sid_text)s || ':' || %(seq_text)s)"

_PG_MOVED = ("moved AS (UPDATE game_sessions SET last_seq = %(seq)s, turn = %(turn)s, phase = %(phase)s, "
             "updated_at = %(now)s, status = %(status)s WHERE id = %(sid)s AND last_seq = %(prev)s RETURNING id)")
_PG_ENTRY = ("entry AS (INSERT INTO log_entries (session_id, seq, kind, role, payload, created_at) "
             "SELECT id, %(seq)s, %(kind)s, %(role)s, %(payload)s::jsonb, %(now)s FROM moved RETURNING session_id)")
_PG_SNAPSHOT = ("snap AS (INSERT INTO snapshots (session_id, seq, turn, state) "
                "SELECT id, %(seq)s, %(turn)s, %(state)s::jsonb FROM moved)")
PG_MOVE = f"WITH {_PG_MOVED}, {_PG_ENTRY} SELECT {NOTIFY_EXPR} FROM entry"
PG_MOVE_SNAPSHOT = f"WITH {_PG_MOVED}, {_PG_ENTRY}, {_PG_SNAPSHOT} SELECT {NOTIFY_EXPR} FROM entry"

LITE_MOVED = ("UPDATE game_sessions SET last_seq=?, turn=?, phase=?, updated_at=?, status=? "
              "WHERE game_sessions.id = ? AND game_sessions.last_seq = ?")
LITE_ENTRY = "INSERT INTO log_entries (session_id, seq, kind, role, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)"
LITE_SNAPSHOT = "INSERT INTO snapshots (session_id, seq, turn, state) VALUES (?, ?, ?, ?)"
PG_ENTRY_AT = "SELECT role, payload, created_at FROM log_entries WHERE session_id = %s AND seq = %s"
HEAD_SEQ = {"sqlite": "SELECT last_seq FROM game_sessions WHERE id = ?",
            "postgresql": "SELECT last_seq FROM game_sessions WHERE id = %s"}


@dataclass(frozen=True, slots=True)
class Move:
    """The rows of one move: log entry ``seq`` of the session whose log ends at ``prev``."""

    session_id: int
    prev: int
    seq: int
    kind: str
    role: str
    #: The log entry's payload, already JSON (encoded once: stored, and read back by the caller).
    payload: str
    created_at: datetime
    turn: int
    phase: str
    status: str
    #: The state after the move as JSON, for a snapshot (at a new turn and at the end), or None.
    state: str | None = None


class MoveWriter:
    """Writes moves on one connection of ``engine``'s pool, held between moves (see the module)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect
        self.sqlite = self.dialect.name == "sqlite"
        self._time = DateTime(timezone=True).dialect_impl(self.dialect).bind_processor(self.dialect)
        self._pooled: Any = None
        self._raw: Any = None
        self._pid = 0
        self._used = 0.0

    def _connection(self) -> Any:
        now = time.monotonic()
        if self._raw is not None and (now - self._used > IDLE_SECONDS or self._pid != os.getpid()):
            self.close()
        if self._raw is None:
            self._pooled = self.engine.raw_connection()  # the pool's settings, ping and connect hooks
            self._raw = self._pooled.driver_connection
            self._pid = os.getpid()
            if not self.sqlite:
                self._raw.autocommit = True  # each move is one statement, committed on its own
        self._used = now
        return self._raw

    def close(self) -> None:
        """Give the connection back to the pool (or drop it, in a process forked since)."""
        pooled, raw, self._pooled, self._raw = self._pooled, self._raw, None, None
        if pooled is None:
            return
        if self._pid != os.getpid():
            pooled.detach()  # the parent's connection: never used or closed from this process
            return
        try:
            if not self.sqlite and not raw.closed:
                raw.autocommit = False
            pooled.close()
        except self.dialect.loaded_dbapi.Error:
            pooled.invalidate()

    def _failed(self, sql: str, params: Any, exc: Exception) -> Exception:
        """The driver's error as SQLAlchemy's; a connection left unusable is not used again."""
        raw = self._raw
        broken = raw is not None and (getattr(raw, "closed", False) or getattr(raw, "broken", False))
        if self.sqlite and raw is not None and raw.in_transaction:
            try:
                raw.execute("ROLLBACK")
            except self.dialect.loaded_dbapi.Error:
                broken = True
        if broken and self._pooled is not None:
            self._pooled.invalidate()
            self._pooled = self._raw = None
        return wrapped(self.dialect, sql, params, exc)

    def write(self, move: Move) -> bool:
        """Commit the move; False (nothing written) if the session is no longer at ``move.prev``.

        Raises SQLAlchemy's ``IntegrityError`` for a duplicate sequence number and its
        ``OperationalError`` for a locked database or a lost connection, as the store expects."""
        raw = self._connection()
        if self.sqlite:
            return self._write_sqlite(raw, move)
        try:
            return self._write_postgres(raw, move)
        except OperationalError:
            if self._raw is not None:
                raise  # the connection still works: the database refused the move
            return self._settle(move)

    def _settle(self, move: Move) -> bool:
        """After the connection broke during ``move``: whether it committed, found out on a fresh
        connection, and the move sent once more if it did not (see the module)."""
        raw = self._connection()
        params = (move.session_id, move.seq)
        try:
            row = raw.execute(PG_ENTRY_AT, params).fetchone()
        except self.dialect.loaded_dbapi.Error as exc:
            raise self._failed(PG_ENTRY_AT, params, exc) from exc
        if row is None:
            return self._write_postgres(raw, move)
        role, payload, created_at = row
        return bool(role == move.role and payload == json.loads(move.payload) and created_at == move.created_at)

    def _write_sqlite(self, raw: Any, move: Move) -> bool:
        assert self._time is not None
        when = self._time(move.created_at)
        sql = "BEGIN IMMEDIATE"
        params: tuple[Any, ...] = ()
        try:
            raw.execute(sql)
            sql, params = LITE_MOVED, (move.seq, move.turn, move.phase, when, move.status, move.session_id, move.prev)
            if raw.execute(sql, params).rowcount != 1:
                raw.execute("ROLLBACK")
                return False
            sql, params = LITE_ENTRY, (move.session_id, move.seq, move.kind, move.role, move.payload, when)
            raw.execute(sql, params)
            if move.state is not None:
                sql, params = LITE_SNAPSHOT, (move.session_id, move.seq, move.turn, move.state)
                raw.execute(sql, params)
            sql, params = "COMMIT", ()
            raw.execute(sql)
        except self.dialect.loaded_dbapi.Error as exc:
            raise self._failed(sql, params, exc) from exc
        return True

    def _write_postgres(self, raw: Any, move: Move) -> bool:
        sql = PG_MOVE if move.state is None else PG_MOVE_SNAPSHOT
        params = {"sid": move.session_id, "prev": move.prev, "seq": move.seq, "kind": move.kind, "role": move.role,
                  "payload": move.payload, "now": move.created_at, "turn": move.turn, "phase": move.phase,
                  "status": move.status, "sid_text": str(move.session_id), "seq_text": str(move.seq)}
        if move.state is not None:
            params["state"] = move.state
        try:
            rows = raw.execute(sql, params, prepare=True).fetchall()
        except self.dialect.loaded_dbapi.Error as exc:
            raise self._failed(sql, params, exc) from exc
        return len(rows) == 1

    def head_seq(self, session_id: int) -> int | None:
        """The session's last sequence number as committed now (None if there is no such session)."""
        raw = self._connection()
        sql = HEAD_SEQ[self.dialect.name]
        try:
            row = raw.execute(sql, (session_id,)).fetchone()
        except self.dialect.loaded_dbapi.Error as exc:
            raise self._failed(sql, (session_id,), exc) from exc
        return None if row is None else int(row[0])
