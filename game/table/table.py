"""One session as every front-end drives it: seats, moves, AI turns, undo, what a reader sees.

A :class:`Table` wraps one stored session. Front-ends never reach the store or decide what a
role may see by themselves: they ask the table for a reader's board (:meth:`Table.board`) and
log (:meth:`Table.log`, :meth:`Table.since`), commit moves through it (:meth:`Table.act`,
:meth:`Table.undo`), let AI seats play through it (:meth:`Table.decide`, :meth:`Table.play_ai`,
:meth:`Table.advance`) and learn of new moves by sequence number (:meth:`Table.refresh` reads
moves committed elsewhere — another process, another server worker — and
:meth:`Table.subscribe` calls back for every new entry this table sees).

Every move is committed before anything about it is returned. A table is used by one thread at
a time; the AI may think on a clone in another thread (:meth:`Table.decider`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.store import Committed, SessionInfo, Store
from game.table.ai_turns import decide
from game.table.board import table_board
from game.table.seat import Seat
from rules.core.actions import Action, IllegalAction, LegalAction
from rules.core.engine import Game
from rules.core.log import EntryKind, LogEntry, can_undo
from rules.core.secrets import FACILITATOR, Reader, SeenEntry, seen_entry, seen_log
from rules.facilitator import HANDOVER
from rules.schema import Scenario

if TYPE_CHECKING:
    from game.ai import Decision
    from game.ai.memory import SeatMemory

Listener = Callable[[LogEntry], None]


def _changes_seats(entry: LogEntry) -> bool:
    """May this entry have changed who plays a seat (a facilitator's hand-over, or an undo)?"""
    return entry.kind == EntryKind.UNDO or (entry.action is not None and entry.action.id == HANDOVER)


class Table:
    """One stored session (see the module docstring)."""

    def __init__(self, store: Store, session_id: int) -> None:
        self.store = store
        self.id = session_id
        self._listeners: list[Listener] = []
        self._memories: dict[str, SeatMemory] = {}
        self._info: SessionInfo = store.info(session_id)
        self.seats: dict[str, Seat] = {s.role: s for s in self._info.seats}
        self.entries: list[LogEntry] = store.entries(session_id)
        self.game: Game = store.load(session_id)
        self._info_seq = self.seq

    @classmethod
    def open(cls, store: Store, scenario: str | Scenario, seed: int, seats: list[Seat] | None = None,
             name: str = "", wording: str = "plain") -> Table:
        """Start a new session and sit at it (``wording``: how its texts are worded, rules/wording.py)."""
        return cls(store, store.create(scenario, seed, seats, name, wording))

    # -- where the game stands -------------------------------------------------------------

    @property
    def seq(self) -> int:
        """The sequence number of the last log entry this table has seen."""
        return self.entries[-1].seq if self.entries else 0

    @property
    def over(self) -> bool:
        return self.game.over

    @property
    def roles(self) -> tuple[str, ...]:
        return self.game.state.seats

    def humans(self) -> list[str]:
        return [r for r in self.roles if not self.seats[r].is_ai]

    def check_reader(self, reader: Reader) -> Reader:
        """``reader`` if it may read this table (a seated role, the facilitator or None)."""
        if reader is not None and reader != FACILITATOR and reader not in self.seats:
            raise KeyError(f"unknown role {reader!r} (seats: {', '.join(self.roles)})")
        return reader

    @property
    def info(self) -> SessionInfo:
        """The session's row (name, turn, status, seats), read again only when asked after a move."""
        if self._info_seq != self.seq:
            self._info, self._info_seq = self.store.info(self.id), self.seq
        return self._info

    @property
    def wording(self) -> str:
        """How every text of this session is worded for its readers ("plain" or "neutral"): a
        presentation setting stored with the session, never a rule."""
        return self._info.wording

    def refresh(self) -> list[LogEntry]:
        """Read the moves committed since :attr:`seq` (by anyone, anywhere); returns them."""
        new = self.store.entries(self.id, after=self.seq)
        if new:
            self._took(new, self._played(new))
        return new

    def _played(self, new: list[LogEntry]) -> Game:
        """The game after ``new``: plain moves are applied to a copy of ours, exactly as loading
        would replay them after the turn's snapshot (another worker's move costs no reload);
        anything else (an undo) is loaded afresh."""
        if all(e.kind == EntryKind.ACTION and e.action is not None for e in new):
            game = self.game.clone()
            try:
                for e in new:
                    assert e.action is not None
                    game.apply(e.action)
                return game
            except IllegalAction:
                pass  # not the game the log was written on (it cannot be): read it properly
        return self.store.load(self.id)

    def _took(self, new: list[LogEntry], game: Game) -> None:
        """The log grew by ``new`` and the game is now ``game``."""
        self.entries.extend(new)
        self.game = game
        if any(_changes_seats(e) for e in new):  # a facilitator may hand a seat over (or take that back)
            self.seats = {s.role: s for s in self.info.seats}
        for entry in new:
            for listener in list(self._listeners):
                listener(entry)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every new log entry this table sees; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- what a reader may see -------------------------------------------------------------

    def board(self, reader: Reader) -> dict[str, Any]:
        """The board as ``reader`` may see it (:func:`rules.core.secrets.board`)."""
        return table_board(self.game, self.id, self.entries, self.check_reader(reader))

    def log(self, reader: Reader) -> list[SeenEntry]:
        """The whole log as ``reader`` may see it."""
        return seen_log(self.entries, self.check_reader(reader))

    def since(self, seq: int, reader: Reader) -> list[SeenEntry]:
        """The entries after ``seq`` as ``reader`` may see them (a client catching up)."""
        by_seq = {e.seq: e for e in self.entries}
        return [seen_entry(e, self.check_reader(reader),
                           by_seq.get(e.undoes) if e.undoes is not None else None)
                for e in self.entries if e.seq > seq]

    def seen(self, entry: LogEntry, reader: Reader) -> SeenEntry:
        """One entry as ``reader`` may see it."""
        target = next((e for e in self.entries if e.seq == entry.undoes), None) if entry.undoes is not None else None
        return seen_entry(entry, reader, target)

    def legal(self, role: str) -> list[LegalAction]:
        self.check_reader(role)
        return self.game.legal_actions(role)

    def player_name(self, role: str) -> str:
        seat = self.seats[role]
        role_name = self.game.content.roles[role].name
        if seat.display_name and seat.display_name != role_name:
            return f"{seat.display_name} ({role_name})"
        return role_name

    # -- moves -----------------------------------------------------------------------------

    def act(self, action: Action, reason: str = "", expected_seq: int | None = None) -> LogEntry:
        """Commit one move and return its log entry; raises IllegalAction, or StaleGame when
        ``expected_seq`` is given and someone moved since."""
        return self._committed(self.store.commit(self.id, action, expected_seq=expected_seq, reason=reason))

    def undo(self, role: str) -> LogEntry:
        """Take back ``role``'s last move (:func:`rules.core.log.undo_target`); returns the undo entry."""
        self.check_reader(role)
        return self._committed(self.store.commit_undo(self.id, role))

    def can_undo(self, role: str) -> bool:
        return can_undo(self.entries, role)

    def _committed(self, done: Committed) -> LogEntry:
        """Take a move this table just committed without reading it back — unless someone else
        (another process or worker) committed in between: then read what was missed."""
        if done.entry.seq == self.seq + 1:
            self._took([done.entry], done.game)
        else:
            self.refresh()
        return done.entry

    # -- AI seats ----------------------------------------------------------------------------

    def ai_due(self) -> str | None:
        """The first role waiting to move whose seat is an AI, or None (also while the
        facilitator has paused the game)."""
        if self.game.state.paused is not None:
            return None
        return next((r for r in self.game.waiting_for() if self.seats[r].is_ai), None)

    def memory(self, role: str) -> SeatMemory:
        """The AI seat's memory; the table owns one per AI seat."""
        if role not in self._memories:
            from game.ai.memory import SeatMemory

            self._memories[role] = SeatMemory()
        return self._memories[role]

    def decider(self, role: str) -> Callable[[], Decision]:
        """A function that decides ``role``'s move on a copy of the game as it stands now; it may
        run in another thread while the table goes on being read."""
        copy, seat, seq, memory = self.game.clone(), self.seats[role], self.seq, self.memory(role)
        return lambda: decide(copy, seat, seq, memory)

    def decide(self, role: str) -> Decision:
        return self.decider(role)()

    def play_ai(self) -> LogEntry | None:
        """Let the AI seat that is due play one move; None when no AI seat is due."""
        role = self.ai_due()
        if role is None:
            return None
        decision = self.decide(role)
        return self.act(decision.action, decision.reason, expected_seq=self.seq)

    def advance(self, on_move: Listener | None = None, limit: int | None = None) -> list[LogEntry]:
        """AI seats play until a human must act, the game ends or ``limit`` moves were made."""
        played: list[LogEntry] = []
        while not self.over and (limit is None or len(played) < limit):
            entry = self.play_ai()
            if entry is None:
                break
            played.append(entry)
            if on_move is not None:
                on_move(entry)
        return played
