"""Game sessions that are never lost: every action is committed before its result is shown.

A session is its scenario, seed, seats and an append-only log. Loading takes the latest
snapshot (the state at the start of a turn) and replays the log entries after it. Undo appends
an entry that cancels an earlier one; nothing is ever deleted from the log.

One ``Store`` per process; it is not shared between threads.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Self

from pydantic import ValidationError
from sqlalchemy import Connection, Dialect, Text, bindparam, delete, func, insert, select, text, type_coerce, update
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload

from game.db.connect import READ_ONLY, DamagedDatabase, StoreError, describe, open_engine
from game.db.errors import BUSY
from game.db.lite import SessionInfo
from game.db.models import (
    MAX_NAME,
    MAX_SESSION_ID,
    SEED_MAX,
    SEED_MIN,
    GameSession,
    LogEntry,
    Snapshot,
)
from game.db.models import Seat as SeatRow
from game.db.moves import CHANNEL, Move, MoveWriter
from game.db.prepared import Prepared
from game.session_file import EntryDoc, parse_export, seat_form
from game.table.seat import Seat
from rules.content_cache import cached_content
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game
from rules.core.log import LogEntry as Entry
from rules.core.log import undo_target
from rules.core.state import GameState
from rules.facilitator import FACILITATOR, HANDOVER
from rules.loader import Content, ContentError, shipped_content
from rules.schema import Scenario
from rules.values import Event
from rules.wording import parse as parse_wording

__all__ = ["CHANNEL", "Committed", "DamagedSession", "Seat", "SeatSpec", "SessionInfo", "StaleGame", "Store", "StoreError", "UnknownSession"]


#: The notice of a committed move (on :data:`game.db.moves.CHANNEL`) on the store's other paths.
NOTIFY_SQL = (f"SELECT pg_notify('{CHANNEL}', current_database() || '.' || current_schema() || ':' "
              "|| :session || ':' || :seq)")


class UnknownSession(StoreError):
    pass


class StaleGame(StoreError):
    """Another player or process acted first."""


class DamagedSession(StoreError):
    """One session's records cannot be replayed; the others are unaffected."""


#: The seat value (game.table.seat); the old name stays for the front-ends that use it.
SeatSpec = Seat


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:  # SQLite gives naive datetimes back
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


@lru_cache(maxsize=32)
def _content_for(scenario_json: str | None) -> Content:
    """The shipped content, plus a session's own scenario (validated like any scenario file)."""
    if scenario_json is None:
        return shipped_content()
    import yaml  # only for a session with its own scenario

    # Written back as YAML, not as the stored JSON: JSON escapes a character beyond U+FFFF as a
    # surrogate pair ("\ud800\udc00"), which YAML refuses, so a scenario whose text holds such
    # a character (an emoji, a historic script) passed `rules check` and then failed `new`.
    text = yaml.safe_dump(json.loads(scenario_json), allow_unicode=False, sort_keys=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        return cached_content(extra_scenarios=[path])  # validated once, then kept by its hash


@dataclass(frozen=True, slots=True)
class Committed:
    """A move just committed: its log entry, and a copy of the game after it (the caller's)."""

    entry: Entry
    game: Game


@dataclass(frozen=True)
class _Head:
    """What loading and acting need of a session's row, read as plain columns (no ORM object)."""

    id: int
    last_seq: int
    status: str
    scenario: str
    seed: int
    scenario_data: dict[str, Any] | None

    @classmethod
    def of(cls, row: GameSession) -> _Head:
        return cls(row.id, row.last_seq, row.status, row.scenario, row.seed, row.scenario_data)


_HEAD = select(GameSession.id, GameSession.last_seq, GameSession.status, GameSession.scenario, GameSession.seed,
               GameSession.scenario_data).where(GameSession.id == bindparam("sid"))
_ENTRY_KEYS = ("session_id", "seq", "kind", "role", "payload", "created_at")
_MOVE_KEYS = ("last_seq", "turn", "phase", "updated_at", "status")
_SNAPSHOT_KEYS = ("session_id", "seq", "turn", "state")


class _HotPath:
    """A session's row read, and a move's full path (and an undo) written, with statements
    compiled once for the store's database (see :mod:`game.db.prepared`)."""

    def __init__(self, dialect: Dialect):
        self.head = Prepared(_HEAD, dialect)
        # PostgreSQL locks the row; SQLite's BEGIN IMMEDIATE already holds the database's write lock.
        self.head_locked = Prepared(_HEAD.with_for_update(), dialect)
        self.insert_entry = Prepared(insert(LogEntry), dialect, _ENTRY_KEYS)
        self.insert_snapshot = Prepared(insert(Snapshot), dialect, _SNAPSHOT_KEYS)
        self.move_on = Prepared(update(GameSession).where(GameSession.id == bindparam("sid")), dialect, _MOVE_KEYS)
        self.notify = Prepared(text(NOTIFY_SQL).bindparams(bindparam("session"), bindparam("seq")), dialect) \
            if dialect.name == "postgresql" else None


def _action_payload(action: Action, events: list[Event], turn: int, phase: str, game: Game,
                    reason: str) -> dict[str, Any]:
    """The stored payload of an action entry: the move, its events, and the turn and phase
    before and after it (and an AI's reason)."""
    payload: dict[str, Any] = {"action": action.to_json(), "events": [e.to_json() for e in events],
                               "turn": turn, "phase": phase, "after": [game.state.turn, game.state.phase]}
    if reason:
        payload["reason"] = reason
    return payload


def _check_new(seed: int, name: str, seats: list[SeatSpec]) -> None:
    """Refuse at creation what the database or an export could not hold, in one clear line."""
    if not SEED_MIN <= seed <= SEED_MAX:
        raise StoreError(f"the seed must be a whole number from {SEED_MIN} to {SEED_MAX}")
    if len(name) > MAX_NAME:
        raise StoreError(f"a session name is at most {MAX_NAME} characters (this one has {len(name)})")
    for seat in seats:
        if len(seat.display_name) > MAX_NAME:
            raise StoreError(f"the name of seat {seat.role} is longer than {MAX_NAME} characters")
        if seat.controller not in ("human", "ai"):
            raise StoreError(f"seat {seat.role}: the controller must be 'human' or 'ai'")
        if seat.controller == "ai":
            from game.ai import LEVELS, TEMPERAMENTS  # the AI package is only needed for this check

            # An open temperament (None) is given "moderate" when the session is created.
            if seat.level not in LEVELS or seat.temperament not in (*TEMPERAMENTS, None):
                raise StoreError(f"seat {seat.role}: unknown AI level or temperament "
                                 f"{seat.level!r}/{seat.temperament!r}")


def _read_entry(seq: int, kind: str, role: str, payload_text: Any, created_text: Any) -> dict[str, Any]:
    """One log row as a dict, or a ``damaged`` entry naming what is wrong with it."""
    problem = ""
    payload: Any = {}
    created = ""
    try:
        payload = json.loads(payload_text) if isinstance(payload_text, str | bytes) else payload_text
    except ValueError as exc:
        problem = f"its payload is not valid JSON ({exc})"
    try:
        when = created_text if isinstance(created_text, datetime) else datetime.fromisoformat(str(created_text))
        created = _iso(when)
    except ValueError:
        problem = problem or f"its time {str(created_text)[:40]!r} is not a date"
    entry = {"seq": seq, "kind": kind, "role": role, "payload": payload, "created_at": created}
    if not problem:
        try:
            EntryDoc.model_validate(entry)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            problem = f"it is not a valid log entry ({where + ': ' if where else ''}{err['msg']})"
    if problem:
        return {"seq": seq, "kind": "damaged", "role": role, "payload": {}, "created_at": created,
                "problem": f"log entry #{seq}: {problem}"}
    return entry


class Store:
    """The sessions in one database (SQLite by default, or any SQLAlchemy URL)."""

    def __init__(self, url: str | None = None):
        self.engine, self.url = open_engine(url)
        self._reader = self.engine.execution_options(**{READ_ONLY: True})
        self.where = describe(self.url)
        self._sql = _HotPath(self.engine.dialect)
        self._cache: dict[int, tuple[int, Game]] = {}
        self._moves = MoveWriter(self.engine)

    def close(self) -> None:
        self._moves.close()
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ------------------------------------------------------------------------

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _read(self) -> Session:
        """A session for reading only: never waits for (or blocks) a writer."""
        return Session(self._reader, expire_on_commit=False)

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        """Turn database failures into one clear message."""
        try:
            yield
        except OperationalError as exc:
            if "locked" in str(exc).lower():
                raise StaleGame(BUSY) from None
            raise DamagedDatabase(f"{self.where}: cannot {what}: {str(exc.orig).splitlines()[0]}") from None
        except IntegrityError:
            raise
        except DatabaseError as exc:
            raise DamagedDatabase(f"{self.where}: cannot {what}: {str(exc.orig).splitlines()[0]}") from None
        except json.JSONDecodeError:
            raise DamagedSession(f"{self.where}: cannot {what}: a stored record is damaged (not valid JSON); "
                                 "the other sessions are not affected") from None

    def create(self, scenario: str | Scenario, seed: int, seats: list[Seat] | None = None,
               name: str = "", wording: str = "plain") -> int:
        """Start a session; seats not given are human; ``wording`` is how its texts are worded
        (rules/wording.py, a presentation setting). Returns the new session id."""
        _check_new(seed, name, seats or [])
        try:
            wording = parse_wording(wording).value
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        scenario_json = None
        if isinstance(scenario, Scenario):
            scenario_json = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
            scenario_id = scenario.id
        else:
            scenario_id = scenario
        content = _content_for(scenario_json)
        if scenario_id not in content.scenarios:
            known = ", ".join(sorted(content.scenarios))
            raise StoreError(f"unknown scenario {scenario_id!r} (known: {known})")
        game, events = Game.new(content, scenario_id, seed)
        by_role = {s.role: s for s in seats or []}
        unknown = sorted(set(by_role) - set(game.state.seats))
        if unknown:
            raise StoreError(f"no such seat in scenario {scenario_id}: {', '.join(unknown)} "
                             f"(seats: {', '.join(game.state.seats)})")
        now = _now()
        with self._guard("create a session"), self._session() as s, s.begin():
            # The default name never shows the seed: players read it, and the seed foretells the crises.
            row = GameSession(name=name or f"{content.scenarios[scenario_id].name}, {now:%d %b %Y %H:%M}",
                              scenario=scenario_id, scenario_data=json.loads(scenario_json) if scenario_json else None,
                              seed=seed, created_at=now, updated_at=now, status="active",
                              turn=game.state.turn, phase=game.state.phase, last_seq=0, wording=wording)
            for position, role in enumerate(game.state.seats):
                spec = by_role.get(role, Seat(role)).with_defaults(content.roles[role].name)
                row.seats.append(SeatRow(position=position, role=role, controller=spec.controller, level=spec.level,
                                      temperament=spec.temperament,
                                      display_name=spec.display_name or content.roles[role].name))
            s.add(row)
            s.flush()
            s.add(LogEntry(session_id=row.id, seq=0, kind="start", role="",
                           payload={"events": [e.to_json() for e in events]}, created_at=now))
            s.add(Snapshot(session_id=row.id, seq=0, turn=game.state.turn, state=game.state.to_json()))
            session_id = row.id
        self._cache[session_id] = (0, game)
        return session_id

    def sessions(self) -> list[SessionInfo]:
        with self._guard("list sessions"), self._read() as s:
            rows = s.scalars(select(GameSession).options(selectinload(GameSession.seats))
                             .order_by(GameSession.updated_at.desc(), GameSession.id.desc())).all()
            return [self._info(r) for r in rows]

    def info(self, session_id: int) -> SessionInfo:
        with self._guard("read the session"), self._read() as s:
            return self._info(self._row(s, session_id))

    @staticmethod
    def _info(row: GameSession) -> SessionInfo:
        seats = tuple(Seat(x.role, x.controller, x.level, x.temperament, x.display_name) for x in row.seats)
        return SessionInfo(row.id, row.name, row.scenario, row.seed, row.turn, row.phase, row.status,
                           _iso(row.created_at), _iso(row.updated_at), row.last_seq, seats, row.wording)

    @staticmethod
    def _row(s: Session, session_id: int, lock: bool = False) -> GameSession:
        if not 1 <= session_id <= MAX_SESSION_ID:  # no such row, and a bigger number overflows the column
            raise UnknownSession(f"no session {session_id} in {describe(str(s.get_bind().engine.url))}")
        stmt = select(GameSession).where(GameSession.id == session_id)
        if lock:
            stmt = stmt.with_for_update()  # PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the lock
        row = s.scalars(stmt).first()
        if row is None:
            raise UnknownSession(f"no session {session_id} in {describe(str(s.get_bind().engine.url))}")
        return row

    def delete(self, session_id: int) -> None:
        with self._guard("delete the session"), self._session() as s, s.begin():
            self._row(s, session_id, lock=True)
            s.execute(delete(GameSession).where(GameSession.id == session_id))
        self._cache.pop(session_id, None)

    # -- loading -------------------------------------------------------------------------

    def load(self, session_id: int) -> Game:
        """The game as it stands (a fresh copy the caller may keep)."""
        with self._guard("load the session"), self._read() as s:
            head = self._head(s.connection(), session_id)
            return self._game(s, head).clone()

    def _head(self, conn: Connection, session_id: int, lock: bool = False) -> _Head:
        return self._head_on(conn.connection.dbapi_connection, session_id, lock)

    def _head_on(self, raw: Any, session_id: int, lock: bool = False) -> _Head:
        """The session's row, read on a DB-API connection (locked for a move on PostgreSQL)."""
        if not 1 <= session_id <= MAX_SESSION_ID:  # no such row, and a bigger number overflows the column
            raise UnknownSession(f"no session {session_id} in {self.where}")
        rows = (self._sql.head_locked if lock else self._sql.head).run(raw, {"sid": session_id})
        if not rows:
            raise UnknownSession(f"no session {session_id} in {self.where}")
        return _Head(*rows[0])

    def _game(self, s: Session, row: _Head) -> Game:
        cached = self._cache.get(row.id)
        if cached is not None and cached[0] == row.last_seq:
            return cached[1]
        try:
            game = self._rebuild(s, row, from_scratch=False)
        except DamagedSession:  # a damaged snapshot only costs time: the log alone rebuilds the game
            game = self._rebuild(s, row, from_scratch=True)
        self._cache[row.id] = (row.last_seq, game)
        return game

    def _game_in(self, conn: Connection, row: _Head) -> Game:
        """:meth:`_game` inside a Core transaction: an ORM session (on the same connection and
        transaction) only when the game must be read from the database."""
        cached = self._cache.get(row.id)
        if cached is not None and cached[0] == row.last_seq:
            return cached[1]
        with Session(bind=conn) as s:
            return self._game(s, row)

    def _content(self, row: _Head) -> Content:
        data = json.dumps(row.scenario_data, sort_keys=True) if row.scenario_data else None
        try:
            return _content_for(data)
        except ContentError as exc:
            raise DamagedSession(f"session {row.id}: its scenario no longer loads: {exc.issues[0]}") from None

    def _rebuild(self, s: Session, row: _Head, from_scratch: bool, skip: frozenset[int] = frozenset()) -> Game:
        content = self._content(row)
        try:
            snap = None
            if not from_scratch:
                snap = s.scalars(select(Snapshot).where(Snapshot.session_id == row.id)
                                 .order_by(Snapshot.seq.desc()).limit(1)).first()
            if snap is None:
                game, _ = Game.new(content, row.scenario, row.seed)
                after = 0
            else:
                game, after = Game(content, GameState.from_json(snap.state)), snap.seq
            entries = s.scalars(select(LogEntry).where(LogEntry.session_id == row.id, LogEntry.seq > after)
                                .order_by(LogEntry.seq)).all()
            undone = set(skip) | {int(e.payload["undo"]) for e in entries if e.kind == "undo"}
            for e in entries:
                if e.kind == "action" and e.seq not in undone:
                    game.apply(Action.from_json(e.payload["action"]))
        except (IllegalAction, KeyError, TypeError, ValueError) as exc:
            raise DamagedSession(f"session {row.id} is damaged and cannot be replayed: {exc}; "
                                 "the other sessions are not affected") from None
        return game

    # -- acting --------------------------------------------------------------------------

    def act(self, session_id: int, action: Action, expected_seq: int | None = None,
            reason: str = "") -> list[Event]:
        """Apply and commit one action, then return its events.

        ``expected_seq`` is the log position the caller last saw; if someone acted since, this
        raises :class:`StaleGame` instead of acting on a game the player has not seen.
        """
        return list(self._commit(session_id, action, expected_seq, reason)[0].events)

    def commit(self, session_id: int, action: Action, expected_seq: int | None = None,
               reason: str = "") -> Committed:
        """:meth:`act`, returning the committed log entry and a copy of the game after it, so a
        table that holds the game need not read either back (the server's per-move path)."""
        entry, game = self._commit(session_id, action, expected_seq, reason)
        return Committed(entry, game.clone())

    def _commit(self, session_id: int, action: Action, expected_seq: int | None, reason: str) -> tuple[Entry, Game]:
        """The move committed; returns its entry and the store's own game after it (not a copy)."""
        done = self._commit_held(session_id, action, expected_seq, reason)
        if done is not None:
            return done
        try:
            # A Core transaction, not an ORM session: a move needs no unit of work, and setting one
            # up and committing through it was most of what a move cost besides the rules.
            with self._guard("save the move"), self.engine.begin() as conn:
                row = self._head(conn, session_id, lock=True)
                self._check_move(row, expected_seq)
                game = self._game_in(conn, row)
                turn, phase = game.state.turn, game.state.phase
                self._cache.pop(row.id, None)  # the cached game changes now; re-cached after the commit
                events = game.apply(action)
                seq = row.last_seq + 1
                entry = self._append(conn, row.id, game, seq, "action", action.role,
                                     _action_payload(action, events, turn, phase, game, reason),
                                     new_turn=game.state.turn != turn)
                if action.role == FACILITATOR and action.id == HANDOVER:
                    self._hand_over(conn, row.id, action.param("seat"), action.param("to"))
        except IntegrityError:
            self._cache.pop(session_id, None)
            raise StaleGame("the game moved on (another process saved a move first); reload it") from None
        self._cache[session_id] = (seq, game)
        return entry, game

    def _commit_held(self, session_id: int, action: Action, expected_seq: int | None,
                     reason: str) -> tuple[Entry, Game] | None:
        """A move on a game this store holds in memory: the rules applied to it, then its rows
        written by :class:`game.db.moves.MoveWriter` (one statement on PostgreSQL), which writes
        nothing if the session is no longer where the game held here is. None when the move
        must go the full way instead (nothing held, another process moved first, a handover,
        the caller saw another position): the full path reads the session and decides, with
        today's messages."""
        held = self._cache.get(session_id)
        if held is None or (action.role == FACILITATOR and action.id == HANDOVER):
            return None
        prev, game = held
        if (expected_seq is not None and expected_seq != prev) or game.over:
            return None
        turn, phase = game.state.turn, game.state.phase
        del self._cache[session_id]  # the held game changes now; held again once committed
        try:
            events = game.apply(action)  # checks legality first; an illegal move changes nothing
        except IllegalAction:
            with self._guard("save the move"):
                current = self._moves.head_seq(session_id)
            if current != prev:
                return None  # the game moved on elsewhere: whether the move is legal there is for the full path
            self._cache[session_id] = held
            raise
        seq = prev + 1
        payload = json.dumps(_action_payload(action, events, turn, phase, game, reason))  # encoded once
        st, now = game.state, _now()
        snapshot = json.dumps(st.to_json()) if st.turn != turn or game.over else None
        move = Move(session_id, prev, seq, "action", action.role, payload, now, st.turn, str(st.phase),
                    "ended" if game.over else "active", snapshot)
        try:
            with self._guard("save the move"):
                if not self._moves.write(move):
                    return None  # nothing written: another process moved first
        except IntegrityError:
            raise StaleGame("the game moved on (another process saved a move first); reload it") from None
        self._cache[session_id] = (seq, game)
        return Entry.from_record(seq, "action", action.role, json.loads(payload), _iso(now)), game

    @staticmethod
    def _check_move(row: _Head, expected_seq: int | None) -> None:
        """Refuse a move on a game that moved on since the caller saw it, or that is over."""
        if expected_seq is not None and row.last_seq != expected_seq:
            raise StaleGame(f"the game moved on (someone acted since move {expected_seq}); reload it")
        if row.status == "ended":
            raise IllegalAction("the game is over")

    def _append(self, conn: Connection, session_id: int, game: Game, seq: int, kind: str, role: str,
                payload: dict[str, Any], new_turn: bool) -> Entry:
        """Write one log entry and move the session's row on in the open transaction, whose
        session row is locked (a move the store does not hold in memory, an undo). A snapshot
        only at a new turn. Returns the entry as it will read back once committed."""
        raw = conn.connection.dbapi_connection
        now = _now()
        st = game.state
        self._sql.insert_entry.run(raw, {"session_id": session_id, "seq": seq, "kind": kind, "role": role,
                                         "payload": payload, "created_at": now})
        self._sql.move_on.run(raw, {"sid": session_id, "last_seq": seq, "turn": st.turn, "phase": str(st.phase),
                                    "updated_at": now, "status": "ended" if game.over else "active"})
        if new_turn or game.over:
            self._sql.insert_snapshot.run(raw, {"session_id": session_id, "seq": seq, "turn": st.turn,
                                                "state": st.to_json()})
        if self._sql.notify is not None:
            # In the same transaction: a notice never announces a move that is not committed.
            self._sql.notify.run(raw, {"session": str(session_id), "seq": str(seq)})
        return Entry.from_record(seq, kind, role, json.loads(json.dumps(payload)), _iso(now))  # as read back

    @staticmethod
    def _hand_over(conn: Connection, session_id: int, role: str, to: str) -> None:
        """The facilitator handed a seat over: who plays it is the seat row's to tell. A human
        seat keeps the level and temperament of the AI it replaced, for a later hand-back."""
        given = Seat.parse(f"{role}={to}")  # the one seat grammar
        where = (SeatRow.session_id == session_id, SeatRow.role == role)
        current = conn.execute(select(SeatRow.level, SeatRow.temperament).where(*where)).first()
        if current is None:
            return
        level, temperament = current
        if given.is_ai:
            level, temperament = given.level or "normal", given.temperament or temperament or "moderate"
        conn.execute(update(SeatRow).where(*where).values(controller=str(given.controller), level=level,
                                                          temperament=temperament))

    def undo(self, session_id: int, role: str) -> list[Event]:
        """Take back ``role``'s last move if :func:`rules.core.log.undo_target` allows it."""
        return list(self.commit_undo(session_id, role).entry.events)

    def commit_undo(self, session_id: int, role: str) -> Committed:
        """:meth:`undo`, returning the undo's log entry and a copy of the game after it."""
        with self._guard("undo"), self._session() as s, s.begin():
            conn = s.connection()
            row = self._head(conn, session_id, lock=True)
            rows = s.scalars(select(LogEntry).where(LogEntry.session_id == row.id, LogEntry.kind != "start")
                             .order_by(LogEntry.seq.desc()).limit(500)).all()
            last = undo_target([self._entry(e) for e in reversed(rows)], role)
            game = self._rebuild(s, row, from_scratch=False, skip=frozenset({last.seq}))
            seq = row.last_seq + 1
            self._cache.pop(session_id, None)
            # Those who saw the move see it taken back; nobody else learns of it.
            shown_to = last.events[0].visible_to if last.events else (role,)
            event = Event("undo", f"{role} takes back: {last.action}", "undo", game.state.turn, game.state.phase,
                          {"undone": last.seq}, shown_to)
            entry = self._append(conn, row.id, game, seq, "undo", role,
                                 {"undo": last.seq, "events": [event.to_json()]}, new_turn=False)
        self._cache[session_id] = (seq, game)
        return Committed(entry, game.clone())

    # -- the log, replay, export -----------------------------------------------------------

    @staticmethod
    def _entry(e: Any) -> Entry:
        """A log row (an ORM object or a row of its columns) as a typed entry."""
        return Entry.from_record(e.seq, e.kind, e.role, e.payload, _iso(e.created_at))

    def entries(self, session_id: int, after: int = -1, seqs: list[int] | None = None) -> list[Entry]:
        """The log entries after ``after`` (or those numbered ``seqs``), as typed values.

        Plain columns, no ORM objects: a server table asks this after every notice of a move."""
        with self._guard("read the log"), self._reader.begin() as conn:
            self._head(conn, session_id)
            stmt = select(LogEntry.seq, LogEntry.kind, LogEntry.role, LogEntry.payload, LogEntry.created_at) \
                .where(LogEntry.session_id == session_id)
            stmt = stmt.where(LogEntry.seq.in_(seqs)) if seqs is not None else stmt.where(LogEntry.seq > after)
            try:
                return [self._entry(e) for e in conn.execute(stmt.order_by(LogEntry.seq))]
            except (KeyError, TypeError, ValueError) as exc:
                raise DamagedSession(f"session {session_id}'s log is damaged: {exc}") from None

    def last_seqs(self, session_ids: list[int]) -> dict[int, int]:
        """Each session's last sequence number, in one query (a server polling its open tables)."""
        if not session_ids:
            return {}
        with self._guard("read the sessions"), self._reader.begin() as conn:
            rows = conn.execute(select(GameSession.id, GameSession.last_seq).where(GameSession.id.in_(session_ids)))
            return {int(i): int(seq) for i, seq in rows}

    def log(self, session_id: int) -> list[dict[str, Any]]:
        """Every log entry, oldest first, in its stored form (the facilitator's; players read it
        through the table). An entry that cannot be read (damaged on disk, or not in the shape an
        import would accept) comes back with kind ``"damaged"``, an empty payload and a
        ``problem`` saying why, so one bad row never hides the others."""
        with self._guard("read the log"), self._read() as s:
            self._row(s, session_id)
            rows = s.execute(select(LogEntry.seq, LogEntry.kind, LogEntry.role, type_coerce(LogEntry.payload, Text),
                                    type_coerce(LogEntry.created_at, Text))
                             .where(LogEntry.session_id == session_id).order_by(LogEntry.seq)).all()
        return [_read_entry(*row) for row in rows]

    def verify(self, session_id: int) -> dict[str, Any]:
        """Rebuild from scratch and compare with the stored snapshots and the resumed state."""
        with self._guard("verify the session"), self._read() as s:
            row = self._row(s, session_id)
            resumed = self._rebuild(s, _Head.of(row), from_scratch=False)
            scratch = self._rebuild(s, _Head.of(row), from_scratch=True)
            snapshots = s.scalar(select(func.count()).select_from(Snapshot).where(Snapshot.session_id == row.id))
            same = resumed.state.to_json() == scratch.state.to_json()
            stored = (row.turn, row.phase, row.status) == (scratch.state.turn, scratch.state.phase,
                                                          "ended" if scratch.over else "active")
            return {"session": row.id, "ok": same and stored, "log_entries": row.last_seq,
                    "snapshots": snapshots, "turn": scratch.state.turn, "phase": scratch.state.phase,
                    "matches_snapshot_resume": same, "matches_session_row": stored}

    def export(self, session_id: int) -> dict[str, Any]:
        """The session as an import file. If an entry of the log is damaged, the file holds the game
        up to it (which imports and replays) and ``omitted`` lists each entry left out and why."""
        info = self.info(session_id)
        with self._guard("export"), self._read() as s:
            row = self._row(s, session_id)
            scenario_data = row.scenario_data
        log = self.log(session_id)
        first_bad = next((i for i, e in enumerate(log) if e["kind"] == "damaged"), len(log))
        data = {"format": "keci-session", "version": 1, "name": info.name, "scenario": info.scenario,
                "scenario_data": scenario_data, "seed": info.seed, "created_at": info.created,
                "updated_at": info.updated, "seats": [seat_form(x) for x in info.seats], "wording": info.wording,
                "log": log[:first_bad]}
        if first_bad < len(log):
            data["omitted"] = [{"seq": e["seq"], "problem": e.get("problem") or f"comes after damaged entry "
                                f"#{log[first_bad]['seq']}"} for e in log[first_bad:]]
        return data

    def import_session(self, data: Any) -> int:
        """Validate an export, replay it through the rules, and store it as a new session."""
        doc = parse_export(data)
        scenario_json = json.dumps(doc.scenario_data, sort_keys=True) if doc.scenario_data else None
        try:
            content = _content_for(scenario_json)
        except ContentError as exc:
            raise StoreError(f"the file's scenario is invalid: {exc.issues[0]}") from None
        if doc.scenario not in content.scenarios:
            raise StoreError(f"unknown scenario {doc.scenario!r}")
        game, start_events = Game.new(content, doc.scenario, doc.seed)
        if [x.role for x in doc.seats] != list(game.state.seats):
            raise StoreError(f"the seats {[x.role for x in doc.seats]} do not match scenario {doc.scenario}")
        with self._guard("import"), self._session() as s, s.begin():
            row = GameSession(name=doc.name, scenario=doc.scenario, scenario_data=doc.scenario_data, seed=doc.seed,
                              created_at=doc.created_at, updated_at=doc.updated_at, status="active",
                              turn=game.state.turn, phase=game.state.phase, last_seq=0, wording=doc.wording)
            for position, seat in enumerate(doc.seats):
                row.seats.append(SeatRow(position=position, role=seat.role, controller=seat.controller,
                                      level=seat.level, temperament=seat.temperament, display_name=seat.display_name))
            s.add(row)
            s.flush()
            s.add(Snapshot(session_id=row.id, seq=0, turn=game.state.turn, state=game.state.to_json()))
            undone = {e.undo for e in doc.log if e.kind == "undo"}
            for entry in doc.log:
                if entry.kind == "start":
                    s.add(LogEntry(session_id=row.id, seq=0, kind="start", role="",
                                   payload={"events": [e.to_json() for e in start_events]}, created_at=entry.created_at))
                    continue
                if entry.kind == "undo":
                    s.add(LogEntry(session_id=row.id, seq=entry.seq, kind="undo", role=entry.role,
                                   payload=entry.payload, created_at=entry.created_at))
                    row.last_seq = entry.seq
                    continue
                action = entry.action
                if action.role != entry.role:
                    raise StoreError(f"log entry {entry.seq}: role {entry.role!r} does not match its action")
                if entry.seq in undone:
                    payload = dict(entry.payload)
                    s.add(LogEntry(session_id=row.id, seq=entry.seq, kind="action", role=entry.role,
                                   payload=payload, created_at=entry.created_at))
                    row.last_seq = entry.seq
                    continue
                turn, phase = game.state.turn, game.state.phase
                try:
                    events = game.apply(action)
                except IllegalAction as exc:
                    raise StoreError(f"log entry {entry.seq} ({action}) is not a legal move: {exc}") from None
                payload = {"action": action.to_json(), "events": [e.to_json() for e in events], "turn": turn,
                           "phase": phase, "after": [game.state.turn, game.state.phase]}
                if entry.reason:
                    payload["reason"] = entry.reason
                s.add(LogEntry(session_id=row.id, seq=entry.seq, kind="action", role=entry.role, payload=payload,
                               created_at=entry.created_at))
                row.last_seq, row.turn, row.phase = entry.seq, game.state.turn, game.state.phase
                if game.state.turn != turn or game.over:
                    s.add(Snapshot(session_id=row.id, seq=entry.seq, turn=game.state.turn, state=game.state.to_json()))
            row.status = "ended" if game.over else "active"
            row.turn, row.phase, row.updated_at = game.state.turn, game.state.phase, doc.updated_at
            session_id = row.id
        return session_id
