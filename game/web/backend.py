"""What the web pages need of the server: codes, a table's game and log, and a way to act.

:class:`Tables` is the seam between the pages and the server's table layer: the pages' routes
(:mod:`game.web.api`) ask it who a code is, what the game and its log are at a sequence number,
and to commit a move. :class:`StoreTables` implements it over the store with join codes kept
hashed in memory; the server's own tables implement the same four methods.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from game.deadlines import PhaseClock, due_at, enforce, phase_clock
from game.store import SeatSpec, StaleGame, Store, StoreError
from game.web.present import History, Move
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game
from rules.facilitator import FACILITATOR

Kind = Literal["seat", "spectator", "facilitator"]

#: A code is valid this long after the table opens (a class, a workshop day, the next morning).
CODE_LIFETIME_S = 36 * 3600

#: A board's cache key: (table, sequence number, page kind, the seat's role or None).
PageKey = tuple[int, int, str, str | None]


class PageCache:
    """The readers' boards, built once per (table, sequence number, reader): a move pushed to two
    tabs of one seat, or to several projectors, is laid out once. Shared by both backends."""

    def __init__(self, limit: int = 512) -> None:
        self.limit = limit
        self._built: dict[PageKey, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: PageKey, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            cached = self._built.get(key)
        if cached is not None:
            return cached
        built = build()
        with self._lock:
            if len(self._built) > self.limit:
                self._built.clear()
            self._built[key] = built
        return built

class CodeError(Exception):
    """A code that opens nothing: the message is one line a player can act on."""


class MoveRefused(Exception):
    """A move that was not made (illegal, stale, not this code's role): one line saying why."""


@contextmanager
def refusals() -> Iterator[None]:
    """A move the rules or the store refuse, in the words a player reads (every backend)."""
    try:
        yield
    except StaleGame:
        raise MoveRefused("The game moved on before your move arrived; the board is up to date now — "
                          "look again and choose.") from None
    except IllegalAction as exc:
        raise MoveRefused(f"Not possible now: {exc}") from None
    except StoreError as exc:
        raise MoveRefused(f"The move was not saved: {exc}") from None


@dataclass(frozen=True, slots=True)
class Access:
    """What a code opens: a table and, for a seat, its role."""

    session: int
    kind: Kind
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A table at one sequence number: the game, its history, the seats' display names."""

    seq: int
    game: Game
    history: History
    names: dict[str, str]
    table_name: str
    #: The current phase's clock, when a countdown or a pause needs it (None: neither).
    clock: PhaseClock | None = None
    #: Who plays each seat now: "human" or "ai:LEVEL" (the facilitator's hand-over form shows it).
    controllers: dict[str, str] = field(default_factory=dict)


def controller_of(seat: SeatSpec) -> str:
    """A seat's controller in the words of the facilitator's hand-over act ("human", "ai:hard")."""
    return f"ai:{seat.level or 'normal'}" if seat.is_ai else "human"


def timed(game: Game) -> bool:
    """Whether the table's clock matters to its pages: a deadline is set or the game is paused."""
    return bool(game.state.deadlines) or game.state.paused is not None


class Tables(Protocol):
    """The four things the web pages ask of the server."""

    def resolve(self, code: str) -> Access:
        """Who the code is; raises :class:`CodeError` (wrong, expired, table deleted)."""

    def snapshot(self, session: int, seq: int | None = None) -> Snapshot:
        """The table as it stands now (``seq``: the caller knows it is at least that far)."""

    def last_seq(self, session: int) -> int:
        """The sequence number of the table's last committed move (cheap)."""

    def act(self, access: Access, action: Action, expected_seq: int | None) -> int:
        """Commit a move for the code's role; returns the new sequence number or raises
        :class:`MoveRefused`."""


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode("utf-8", "replace")).hexdigest()


def new_code() -> str:
    """A long random secret a person can still type: 4 groups of 5 letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i:i + 5] for i in range(0, 20, 5))


@dataclass
class _Code:
    access: Access
    expires: float


@dataclass
class StoreTables:
    """Tables over one :class:`Store`, with hashed join codes held in memory.

    The store is not thread-safe, so every call holds one lock; the pages' routes call these
    methods from worker threads. Snapshots are cached by sequence number, so one move pushed to
    five pages reads the database once.
    """

    store: Store
    lifetime_s: float = CODE_LIFETIME_S
    _codes: dict[str, _Code] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: dict[int, Snapshot] = field(default_factory=dict)

    def open_table(self, scenario: str, seed: int, seats: list[SeatSpec] | None = None,
                   name: str = "") -> tuple[int, dict[str, str]]:
        """Start a table; returns its session and one code per human seat, the facilitator's
        and the spectator's (the only time the codes are seen: only their hashes are kept)."""
        with self._lock:
            session = self.store.create(scenario, seed, seats, name=name)
            info = self.store.info(session)
        codes: dict[str, str] = {}
        grants: list[tuple[str, Access]] = [(s.role, Access(session, "seat", s.role))
                                            for s in info.seats if s.controller == "human"]
        grants += [("facilitator", Access(session, "facilitator")), ("spectator", Access(session, "spectator"))]
        expires = time.time() + self.lifetime_s
        for label, access in grants:
            code = new_code()
            self._codes[hash_code(code)] = _Code(access, expires)
            codes[label] = code
        return session, codes

    def resolve(self, code: str) -> Access:
        if not isinstance(code, str) or not code.strip() or len(code) > 200:
            raise CodeError("Please type the join code you were given.")
        digest = hash_code(code)
        found = next((c for h, c in self._codes.items() if hmac.compare_digest(h, digest)), None)
        if found is None:
            raise CodeError("This code opens no table. Check it with the person running the game.")
        if time.time() > found.expires:
            raise CodeError("This code has expired. Ask the person running the game for a new one.")
        try:
            if found.access.session not in self._cache:  # a table being played is known to exist
                with self._lock:
                    self.store.info(found.access.session)
        except StoreError:
            raise CodeError("This table no longer exists. Ask the person running the game for a new code.") from None
        return found.access

    def expire(self, code: str) -> None:
        """End a code now (a facilitator withdrawing a seat; tests)."""
        entry = self._codes.get(hash_code(code))
        if entry is not None:
            entry.expires = 0.0

    def last_seq(self, session: int) -> int:
        with self._lock:
            return self.store.info(session).last_seq

    def snapshot(self, session: int, seq: int | None = None) -> Snapshot:
        cached = self._cache.get(session)
        if cached is not None and seq is not None and cached.seq >= seq:
            return cached
        with self._lock:
            info = self.store.info(session)
            cached = self._cache.get(session)
            if cached is not None and cached.seq == info.last_seq:
                return cached
            game = self.store.load(session)
            entries = self.store.log(session)
        names = {s.role: s.display_name for s in info.seats}
        clock = phase_clock(entries) if timed(game) else None
        snap = Snapshot(info.last_seq, game, History.parse(entries), names, info.name, clock,
                        {s.role: controller_of(s) for s in info.seats})
        self._cache[session] = snap
        return snap

    def keep_time(self, session: int, now: datetime | None = None) -> int | None:
        """Keep the facilitator's deadline (the served version's is game/server/timekeeper.py):
        an overdue phase is finished or handed over as chosen; the new sequence number, or None
        when nothing was due. Cheap when nothing is: the cached board says when the phase is due."""
        snap = self._cache.get(session)
        if snap is None or snap.clock is None:
            return None
        due = due_at(snap.game.state, snap.clock)
        at = now or datetime.now(UTC)
        if due is None or snap.game.state.paused is not None or at < due:
            return None
        with self._lock:
            if not enforce(self.store, session, lambda: at):
                return None
            return self.store.info(session).last_seq

    def act(self, access: Access, action: Action, expected_seq: int | None) -> int:
        if access.kind == "facilitator":  # the facilitator's acts (rules/facilitator.py), logged like moves
            if action.role != FACILITATOR:
                raise MoveRefused("The facilitator's code makes the facilitator's acts, not a seat's moves.")
        elif access.kind != "seat" or access.role is None:
            raise MoveRefused("This code can watch the table but not play a seat.")
        elif action.role != access.role:
            raise MoveRefused("This code plays its own seat only.")
        before = self._cache.get(access.session)
        with self._lock:
            with refusals():
                events = self.store.act(access.session, action, expected_seq=expected_seq)
            if before is not None and expected_seq is not None and before.seq == expected_seq:
                # The move is the one after the cached board: extend it instead of rereading the log
                # (unless the clock matters: it is read from the log's times).
                seq = expected_seq + 1
                game = self.store.load(access.session)
                if not timed(game) and not timed(before.game) and action.role != FACILITATOR:
                    history = History(before.history.moves + (Move(seq, "", tuple(events)),))
                    self._cache[access.session] = Snapshot(seq, game, history, before.names, before.table_name,
                                                           None, before.controllers)
                    return seq
            seq = self.store.info(access.session).last_seq
        self.snapshot(access.session)  # read once, for every page the move is pushed to
        return seq
