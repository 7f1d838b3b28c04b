"""Reading a saved game from a SQLite file with the standard library alone.

A command that reads a session (``show``, ``legal``, ``log``, ``sessions``) or makes one move
(``act``) would spend most of its time importing SQLAlchemy (about 0.4 s on the development
machine, against a 0.25 s goal for the whole command). On SQLite, this module reads the same
tables with :mod:`sqlite3` instead, and :class:`LiteMove` appends one move exactly as
``game.store.Store.act`` does (the same three statements, the same values, byte for byte):

* SQLAlchemy and Alembic stay the persistence layer and the schema's owner. This module reads
  only a file whose schema is already at :data:`HEAD_REVISION` (the revision of the tables it
  reads), never creates or upgrades it, and reads everything in one transaction (one consistent
  state, while another process may write). A reader opens the file for reading only
  (``PRAGMA query_only``); a move takes the write lock first (``BEGIN IMMEDIATE``, with
  ``synchronous=FULL`` as the store sets it), so the game it reads is the one it extends.
* It answers only when everything is in order. A missing or damaged file, another schema
  revision, a session with its own scenario, a row it cannot read exactly as the store would:
  :class:`NotServed` is raised and the command runs through :class:`game.store.Store`, which
  reports the problem (or upgrades the file) as it always has.

tests/game/db/test_lite.py checks that what it reads equals what the store reads, on the same files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

from game.db.errors import BUSY, Busy
from game.table.seat import Seat

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "saves" / "keci.db"

#: The newest migration's revision id. Opening a database already at this revision reads one
#: row with plain SQL and never imports Alembic (about 0.3 s of a command's start-up). Whoever
#: adds a migration updates this; tests/game/db/test_connect.py checks it equals Alembic's head.
HEAD_REVISION = "0006"

#: How SQLAlchemy stores a date and time in SQLite (what it reads back; anything else is not served).
_STORED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?")


class NotServed(Exception):
    """This reader does not answer; the store must (it reports the problem, or there is none)."""


def sqlite_path(url: str | None) -> Path | None:
    """The SQLite file a command would use (``game.db.connect.resolve_url``'s rule: ``--db``,
    then ``$KECI_DB``, then ``saves/keci.db``), or None for any other database."""
    url = url or os.environ.get("KECI_DB")
    if not url:
        return DEFAULT_PATH
    if "://" not in url:
        return Path(url).expanduser().resolve()
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None


def stored_time(text: Any) -> str:
    """A stored date and time as the store gives it: ISO 8601 in UTC."""
    if not isinstance(text, str) or not _STORED_TIME.fullmatch(text):
        raise NotServed(f"a time stored as {text!r}")
    return datetime.fromisoformat(text).replace(tzinfo=UTC).isoformat()


@dataclass(frozen=True)
class SessionInfo:
    id: int
    name: str
    scenario: str
    seed: int
    turn: int
    phase: str
    status: str
    created: str
    updated: str
    last_seq: int
    seats: tuple[Seat, ...]
    #: How the session's texts are worded (rules/wording.py: "plain" or "neutral").
    wording: str = "plain"

    def to_json(self) -> dict[str, Any]:
        """What any player may read about a session: no seed, no AI temperaments."""
        return {"session": self.id, "name": self.name, "scenario": self.scenario, "turn": self.turn,
                "phase": self.phase, "status": self.status, "updated": self.updated,
                "seats": [s.to_json(private=False) for s in self.seats], "wording": self.wording}


@dataclass(frozen=True)
class Head:
    """What loading needs of a session's row."""

    id: int
    last_seq: int
    status: str
    scenario: str
    seed: int
    #: A scenario of the session's own (None for a shipped scenario).
    scenario_data: Any


_SESSION_COLUMNS = "id, name, scenario, seed, turn, phase, status, created_at, updated_at, last_seq, wording"


class LiteReader:
    """One read-only transaction on a KECI SQLite file at :data:`HEAD_REVISION`."""

    #: How the transaction starts, and the settings before it.
    BEGIN = "BEGIN"  # deferred: a reader takes no write lock (WAL)
    SETTINGS: tuple[str, ...] = ("PRAGMA query_only=ON", "PRAGMA busy_timeout=5000")

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise NotServed(f"{path} is not a file")  # the store creates it, or says why it cannot
        try:
            self.db = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise NotServed(str(exc)) from None
        try:
            for setting in self.SETTINGS:
                self.db.execute(setting)
            self.db.execute(self.BEGIN)
            versions = self.db.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.OperationalError as exc:
            self.close()
            if self.BEGIN != "BEGIN" and exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                # A writer waited busy_timeout for the lock in vain: the store would wait as long
                # again only to say the same, so this is the answer (not a fall-back to the store).
                raise Busy(BUSY) from None
            raise NotServed(str(exc)) from None
        except sqlite3.Error as exc:
            self.close()
            raise NotServed(str(exc)) from None
        if versions != [(HEAD_REVISION,)]:
            self.close()
            raise NotServed(f"schema {versions!r}, not {HEAD_REVISION}")

    def close(self) -> None:
        """End the connection; a transaction not committed is rolled back, and a failure here
        loses nothing (a committed move is already on disk), so it is not raised: a caller must
        never take a committed move for one that failed and make it again."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, params).fetchall()
        except (sqlite3.Error, OverflowError) as exc:  # OverflowError: a number no row can hold
            raise NotServed(str(exc)) from None

    def _info(self, row: tuple[Any, ...], seats: list[tuple[Any, ...]]) -> SessionInfo:
        sid, name, scenario, seed, turn, phase, status, created, updated, last_seq, wording = row
        return SessionInfo(sid, name, scenario, seed, turn, phase, status, stored_time(created),
                           stored_time(updated), last_seq, tuple(Seat(*seat) for seat in seats), wording)

    def sessions(self) -> list[SessionInfo]:
        """Every session, last updated first (the store's order)."""
        rows = self._rows(f"SELECT {_SESSION_COLUMNS} FROM game_sessions ORDER BY updated_at DESC, id DESC")
        seats: dict[int, list[tuple[Any, ...]]] = {}
        for sid, *seat in self._rows("SELECT session_id, role, controller, level, temperament, display_name "
                                     "FROM seats ORDER BY session_id, position"):
            seats.setdefault(sid, []).append(tuple(seat))
        return [self._info(row, seats.get(row[0], [])) for row in rows]

    def info(self, session_id: int) -> SessionInfo:
        rows = self._rows(f"SELECT {_SESSION_COLUMNS} FROM game_sessions WHERE id = ?", session_id)
        if not rows:
            raise NotServed(f"no session {session_id}")  # the store says so, in its words
        seats = self._rows("SELECT role, controller, level, temperament, display_name FROM seats "
                           "WHERE session_id = ? ORDER BY position", session_id)
        return self._info(rows[0], seats)

    def head(self, session_id: int) -> Head:
        rows = self._rows("SELECT id, last_seq, status, scenario, seed, scenario_data FROM game_sessions "
                          "WHERE id = ?", session_id)
        if not rows:
            raise NotServed(f"no session {session_id}")
        sid, last_seq, status, scenario, seed, data = rows[0]
        return Head(sid, last_seq, status, scenario, seed, None if data is None else _json(data))

    def snapshot(self, session_id: int) -> tuple[int, Any] | None:
        """The latest snapshot: (its log position, the state), or None."""
        rows = self._rows("SELECT seq, state FROM snapshots WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
                          session_id)
        return (rows[0][0], _json(rows[0][1])) if rows else None

    def log(self, session_id: int, after: int = -1) -> list[dict[str, Any]]:
        """The log entries after ``after`` as the store reads them (payload decoded, time in ISO)."""
        return [{"seq": seq, "kind": kind, "role": role, "payload": _json(payload), "created_at": stored_time(when)}
                for seq, kind, role, payload, when in self._rows(
                    "SELECT seq, kind, role, payload, created_at FROM log_entries WHERE session_id = ? AND seq > ? "
                    "ORDER BY seq", session_id, after)]


def stored_now() -> str:
    """Now, as SQLAlchemy stores a date and time in SQLite (UTC, no zone written)."""
    now = datetime.now(UTC)
    return (f"{now.year:04d}-{now.month:02d}-{now.day:02d} {now.hour:02d}:{now.minute:02d}:"
            f"{now.second:02d}.{now.microsecond:06d}")


class LiteMove(LiteReader):
    """One move on a KECI SQLite file: the write lock, the game as stored, one appended entry.

    The statements and values are those of ``game.store.Store._append`` (JSON as SQLAlchemy's
    JSON type writes it, times as its SQLite DATETIME does); tests/game/db/test_lite.py checks
    that the rows are identical to the store's for the same moves. Nothing is written unless
    :meth:`commit` is called; closing before it rolls everything back.
    """

    BEGIN = "BEGIN IMMEDIATE"  # writers queue for the lock, as the store's connections do
    SETTINGS = ("PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL")

    def append(self, session_id: int, seq: int, kind: str, role: str, payload: dict[str, Any], turn: int,
               phase: str, over: bool, state: dict[str, Any] | None) -> None:
        """The log entry ``seq``, the session's row moved on, and (given ``state``) a snapshot."""
        now = stored_now()
        try:
            self.db.execute("INSERT INTO log_entries (session_id, seq, kind, role, payload, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (session_id, seq, kind, role, json.dumps(payload), now))
            self.db.execute("UPDATE game_sessions SET last_seq=?, turn=?, phase=?, updated_at=?, status=? "
                            "WHERE game_sessions.id = ?", (seq, turn, phase, now, "ended" if over else "active",
                                                          session_id))
            if state is not None:
                self.db.execute("INSERT INTO snapshots (session_id, seq, turn, state) VALUES (?, ?, ?, ?)",
                                (session_id, seq, turn, json.dumps(state)))
        except sqlite3.Error as exc:
            raise NotServed(str(exc)) from None

    def commit(self) -> None:
        self.db.execute("COMMIT")


def _json(text: Any) -> Any:
    if not isinstance(text, str):
        raise NotServed(f"a stored value of type {type(text).__name__}")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise NotServed(f"a stored value is not JSON ({exc})") from None


# -- log entries an import would accept --------------------------------------------------------

#: The limits of game.session_file's EntryDoc and EventDoc (an import file's entries).
MAX_ENTRIES = 100_000
_EVENT_KEYS = {"kind", "text", "cause", "turn", "phase", "data", "visible_to"}
_ACTION_KEYS = {"action", "events", "turn", "phase", "after", "reason"}


def _text(value: Any, longest: int) -> bool:
    return isinstance(value, str) and len(value) <= longest


def _whole(value: Any) -> bool:
    return type(value) is int


def _event_ok(e: Any) -> bool:
    if not isinstance(e, dict) or set(e) - _EVENT_KEYS or not {"kind", "text"} <= set(e):
        return False
    visible = e.get("visible_to")
    return (_text(e["kind"], 40) and _text(e["text"], 2000) and _text(e.get("cause", ""), 2000)
            and _whole(e.get("turn", 0)) and 0 <= e.get("turn", 0) <= 1000 and _text(e.get("phase", ""), 20)
            and isinstance(e.get("data", {}), dict)
            and (not e.get("data") or len(json.dumps(e["data"], ensure_ascii=False)) <= 4000)
            and (visible is None or (isinstance(visible, list) and len(visible) <= 10
                                     and all(isinstance(v, str) for v in visible))))


def plainly_valid(entry: dict[str, Any]) -> bool:
    """True only for an entry that ``game.session_file.EntryDoc`` surely accepts (the store's
    check of every row of ``log``). Stricter where unsure (a number written as text, say): an
    entry refused here is read through the store, which decides."""
    from rules.core.actions import Action  # light: the rules' core, no pydantic

    p = entry["payload"]
    if not (_whole(entry["seq"]) and 0 <= entry["seq"] <= MAX_ENTRIES and entry["kind"] in ("start", "action", "undo")
            and _text(entry["role"], 40) and isinstance(p, dict)):
        return False
    if "events" in p and not (isinstance(p["events"], list) and len(p["events"]) <= 2000
                              and all(_event_ok(e) for e in p["events"])):
        return False
    if entry["kind"] == "action":
        if set(p) - _ACTION_KEYS or "action" not in p or not _text(p.get("reason", ""), 500):
            return False
        after = p.get("after")
        if not (_whole(p.get("turn", 0)) and isinstance(p.get("phase", ""), str)
                and (after is None or (isinstance(after, list) and len(after) == 2 and _whole(after[0])
                                       and isinstance(after[1], str)))):
            return False
        try:
            Action.from_json(p["action"])
        except Exception:  # noqa: BLE001 - any refusal: let the store decide
            return False
        return len(json.dumps(p["action"], ensure_ascii=False)) <= 2000
    if entry["kind"] == "undo":
        return not set(p) - {"undo", "events"} and _whole(p.get("undo"))
    return not set(p) - {"events"}
