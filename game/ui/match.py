"""One session being played in the window: a thin layer over the table (game.table).

Every move goes through the table (committed before the UI shows its result), so closing the
window loses nothing. What a role may read of the history comes from the table's one log filter
(:mod:`rules.core.secrets`); this module only shapes it for the board's panels and the charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.store import SessionInfo, Store
from game.table.seat import Seat
from game.table.table import Table
from rules.core.actions import Action
from rules.core.engine import Game
from rules.core.log import EntryKind, undone
from rules.core.secrets import Reader
from rules.loader import Content
from rules.values import Event

#: Tracks charted on the end-of-game screen.
CHART_TRACKS = ("north_tension", "alliance_cohesion", "kosovo_credibility", "dialogue_momentum",
                "malign_influence", "ksf_interoperability")


@dataclass(frozen=True)
class LogLine:
    """One line of the board's log: an event as a role may see it, with the AI's reason if any."""

    turn: int
    kind: str
    text: str
    role: str = ""
    reason: str = ""


class Match:
    #: A seat at a server's table (game/ui/remote.py) rather than a game in this window's store.
    remote = False

    def __init__(self, store: Store, session_id: int):
        self.store = store
        self.id = session_id
        self.version = 0
        #: Refusals and other seats' moves a server pushed, for the screen to tell (remote only).
        self.notices: list[str] = []
        self.news: list[str] = []
        self.reload()

    def reload(self) -> None:
        """Read everything afresh from the store (after a resume, an undo or a stale move)."""
        self.table = Table(self.store, self.id)
        self.version += 1

    def refresh(self) -> bool:
        """Pick up moves made elsewhere (another window, the command line, a server); True if any."""
        if self.table.refresh():
            self.version += 1
            return True
        return False

    @property
    def spectator(self) -> bool:
        """A server's spectator code: the projector view, public information only."""
        return False

    @property
    def info(self) -> SessionInfo:
        return self.table.info

    @property
    def seats(self) -> dict[str, Seat]:
        return self.table.seats

    @property
    def wording(self) -> str:
        """How the session's texts are worded (rules/wording.py), stored with it."""
        return self.table.wording

    @property
    def game(self) -> Game:
        return self.table.game

    @property
    def seq(self) -> int:
        return self.table.seq

    @property
    def content(self) -> Content:
        return self.game.content

    @property
    def humans(self) -> list[str]:
        return self.table.humans()

    def is_ai(self, role: str) -> bool:
        return self.seats[role].is_ai

    def actor(self) -> str | None:
        """Whose move it is (the first waiting role in seat order), or None when the game is over."""
        waiting = self.game.waiting_for()
        return waiting[0] if waiting else None

    def player_name(self, role: str) -> str:
        return self.table.player_name(role)

    def view(self, role: str | None) -> dict[str, Any]:
        return self.table.board(role)

    def act(self, action: Action, reason: str = "") -> list[Event]:
        """Commit one move; raises IllegalAction or StaleGame (the caller reloads and says why)."""
        entry = self.table.act(action, reason, expected_seq=self.seq)
        self.version += 1
        return list(entry.events)

    def undo(self, role: str) -> None:
        self.table.undo(role)
        self.version += 1

    def can_undo(self, role: str) -> bool:
        """Only the last move, only its author's, and only if the phase has not moved on."""
        return self.table.can_undo(role)

    @property
    def clock_skew(self) -> float:
        """Seconds the clock that set the deadlines is ahead of this machine's (0: this machine's)."""
        return 0.0

    def status(self) -> str:
        """A line about the connection to a server ("" for a local game)."""
        return ""

    def close(self) -> None:
        """Let go of the game (a server's table closes its connection)."""

    # -- history -----------------------------------------------------------------------------

    def events(self) -> list[Event]:
        """Every event of the log as this window may read it, undone moves' included as they were
        told (the turn's results read them)."""
        return [ev for e in self.table.entries for ev in e.events]

    def _events(self) -> list[Event]:
        """Every event of the moves still standing (for charts of public tracks and the ending)."""
        cancelled = undone(self.table.entries)
        return [ev for e in self.table.entries if e.kind != EntryKind.UNDO and e.seq not in cancelled
                for ev in e.events]

    def log_lines(self, role: Reader) -> list[LogLine]:
        """What ``role`` may read of the history (None: only public events), moves taken back
        left out. An AI's reason comes with a move only when the reader may know the move."""
        lines: list[LogLine] = []
        seen = self.table.log(role)
        cancelled = {e.undoes for e in seen if e.undoes is not None}
        for entry in seen:
            if entry.kind == EntryKind.UNDO or entry.seq in cancelled:
                continue
            reason = entry.reason
            for ev in entry.events:
                if ev.kind == "track" and ev.cause.startswith("capital refilled"):
                    continue  # one line per role every turn that says nothing new
                lines.append(LogLine(ev.turn, ev.kind, ev.line(), entry.role, reason))
                reason = ""
        return lines

    def move_seen_by(self, seq: int, role: Reader) -> tuple[str, str] | None:
        """(what the move at ``seq`` did, the AI's reason) if ``role`` may know that move; else None."""
        entry = next((e for e in reversed(self.table.entries) if e.seq == seq), None)
        if entry is None:
            return None
        seen = self.table.seen(entry, role)
        if seen.action is None or not seen.events:
            return None
        return seen.events[0].text, seen.reason

    def deltas_this_turn(self) -> dict[str, int]:
        """Change of each quantity since the turn began, from the 'track' events."""
        turn = self.game.state.turn
        out: dict[str, int] = {}
        for ev in self._events():
            if ev.kind == "track" and ev.turn == turn and "ref" in ev.data and ev.visible_to is None:
                ref = ev.data["ref"]
                out[ref] = out.get(ref, 0) + int(ev.data["new"]) - int(ev.data["old"])
        return out

    def track_history(self) -> dict[str, list[int]]:
        """Value of each charted track at the end of every turn (index 0: the start)."""
        start = dict(self.content.scenario(self.game.state.scenario).tracks)
        values = {t: start.get(t, 0) for t in CHART_TRACKS}
        history = {t: [values[t]] for t in CHART_TRACKS}
        turn = 1
        for ev in self._events():
            if ev.turn > turn:
                for t in CHART_TRACKS:
                    history[t].append(values[t])
                turn = ev.turn
            if ev.kind == "track" and ev.data.get("ref") in values:
                values[ev.data["ref"]] = int(ev.data["new"])
        for t in CHART_TRACKS:
            history[t].append(values[t])
        return history

    def ending_reason(self) -> list[str]:
        return [ev.line() for ev in self._events() if ev.kind == "ending"]
