"""A seat at a server's table, shaped like a local game so the same board screens play it.

:class:`RemoteMatch` is a :class:`~game.ui.match.Match` whose table is a :class:`RemoteTable`:
instead of a store it has what the server pushes to this code (:mod:`game.ui.net`) — the log
entries as the code's role may see them and the role's board. The board screens need a game
they can ask for legal moves; it is rebuilt from the role's own view with
:func:`game.ai.determinize.determinize` (what the role cannot see is left empty, so the rebuilt
game offers this role exactly the moves the server's game does, and holds no one else's secret).

Every move is the server's to commit: :meth:`RemoteMatch.act` checks it on the rebuilt game,
sends it with the sequence number the player saw, and the board changes only when the server's
push arrives. A move made while the line is down waits; after the reconnection's catch-up it is
sent again only if it did not land (the catch-up is read first) and only against the newest
sequence number, so the server refuses it rather than apply it twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from game.table.seat import Seat
from game.ui.match import Match
from game.ui.net import Link
from game.ui.net import Seat as Code
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game
from rules.core.log import EntryKind, LogEntry, can_undo
from rules.core.secrets import Reader, SeenEntry, seen_entry
from rules.facilitator import FACILITATOR
from rules.loader import Content
from rules.values import Event

SPECTATOR = "spectator"


def entry_from_json(data: dict[str, Any]) -> LogEntry:
    """A pushed entry (:meth:`SeenEntry.to_json`) as a log entry; its events are already only
    those this reader may see."""
    action = Action.from_json(data["action"]) if data.get("action") else None
    return LogEntry(int(data["seq"]), EntryKind(data["kind"]), str(data.get("role", "")),
                    tuple(Event.from_json(e) for e in data.get("events", [])), action,
                    str(data.get("reason", "")), data.get("undoes"), int(data.get("turn", 0)),
                    str(data.get("phase", "")))


@dataclass
class Pending:
    """A move sent (or waiting to be sent) whose entry has not come back yet."""

    action: Action
    base: int
    sent: bool = False


class RemoteTable:
    """What the server told this code: entries, board, and a game rebuilt from the board."""

    def __init__(self, content: Content, code: Code) -> None:
        self.content = content
        self.code = code
        self.role = code.role
        self.reader: Reader = None if code.role == SPECTATOR else code.role
        self.id = code.session
        self.entries: list[LogEntry] = []
        self.data: dict[str, Any] = {}
        self.game: Game | None = None
        #: The table's wording (rules/wording.py), as the server's welcome says.
        self.wording = "plain"

    @property
    def seq(self) -> int:
        return int(self.data.get("seq", self.entries[-1].seq if self.entries else 0))

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.data.get("roles", ()))

    @property
    def seats(self) -> dict[str, Seat]:
        return {r: Seat(r) for r in self.roles}

    def humans(self) -> list[str]:
        return [self.role] if self.role in self.roles else []

    def player_name(self, role: str) -> str:
        return self.content.roles[role].name

    def add(self, data: dict[str, Any]) -> LogEntry | None:
        """One pushed entry; None if it was already here (a reconnection's catch-up overlaps)."""
        entry = entry_from_json(data)
        if self.entries and entry.seq <= self.entries[-1].seq:
            return None
        self.entries.append(entry)
        return entry

    def set_board(self, board: dict[str, Any]) -> None:
        from game.ai.determinize import determinize

        roles = list(board["roles"])
        seat: str = self.reader if self.reader is not None and self.reader in roles else roles[0]
        game = determinize(self.content, board, seat, random.Random(0))
        table = board.get("table") or {}
        st = game.state
        st.paused = table.get("paused")
        st.deadlines = dict(table.get("deadlines") or {})
        st.on_timeout = table.get("on_timeout", st.on_timeout)
        st.controllers = dict(table.get("controllers") or {})
        self.data, self.game = board, game  # only once the board could be read whole

    # -- the part of Table the window reads ------------------------------------------------------

    def board(self, reader: Reader) -> dict[str, Any]:
        return self.data

    def log(self, reader: Reader) -> list[SeenEntry]:
        by_seq = {e.seq: e for e in self.entries}
        return [seen_entry(e, self.reader, by_seq.get(e.undoes) if e.undoes is not None else None)
                for e in self.entries]

    def seen(self, entry: LogEntry, reader: Reader) -> SeenEntry:
        target = next((e for e in self.entries if e.seq == entry.undoes), None) if entry.undoes is not None else None
        return seen_entry(entry, self.reader, target)

    def can_undo(self, role: str) -> bool:
        """The undo rule (:func:`rules.core.log.can_undo`) on what this seat saw: a move closed its
        phase when the next entry (or the board, for the last one) is in another turn or phase."""
        if not self.entries or not self.data:
            return False
        out = []
        for i, e in enumerate(self.entries):
            nxt = (self.entries[i + 1].turn, self.entries[i + 1].phase) if i + 1 < len(self.entries) \
                else (int(self.data["turn"]), str(self.data["phase"]))
            out.append(LogEntry(e.seq, e.kind, e.role, e.events, e.action, e.reason, e.undoes, e.turn, e.phase,
                                nxt if e.kind == EntryKind.ACTION else None))
        return can_undo(out, role)


class RemoteMatch(Match):
    """A seat, the projector or the facilitator of a server's table (module docstring)."""

    remote = True

    def __init__(self, content: Content, code: Code, link: Link | None = None) -> None:
        self.store = None  # type: ignore[assignment]
        self.id = code.session
        self.version = 0
        self.code = code
        self.remote_table = RemoteTable(content, code)
        self.table = self.remote_table  # type: ignore[assignment]
        self.link = link if link is not None else Link(code)
        #: "connecting", "online", "offline" (trying again) or "refused" (the code no longer works).
        self.state = "connecting"
        self.problem = ""
        self.welcomed = False
        self.pending: Pending | None = None
        #: Messages for the player (refusals, a move that could not be made), drained by the screen.
        self.notices: list[str] = []
        #: Moves by others that arrived since the screen last looked (for a short notice).
        self.news: list[str] = []

    # -- what the screens read -------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.remote_table.game is not None

    @property
    def game(self) -> Game:
        game = self.remote_table.game
        assert game is not None, "no board from the server yet"
        return game

    @property
    def content(self) -> Content:
        return self.remote_table.content

    @property
    def seq(self) -> int:
        return self.remote_table.seq

    @property
    def role(self) -> str:
        return self.code.role

    @property
    def spectator(self) -> bool:
        return self.code.role == SPECTATOR

    @property
    def humans(self) -> list[str]:
        return self.remote_table.humans()

    @property
    def seats(self) -> dict[str, Seat]:
        return self.remote_table.seats

    @property
    def wording(self) -> str:
        return self.remote_table.wording

    def actor(self) -> str | None:
        """This seat when the game waits for it (seats of a server's table move at the same time),
        else the first role waited for; None once the game is over."""
        waiting = self.game.waiting_for()
        if self.role in waiting:
            return self.role
        return waiting[0] if waiting else None

    def is_ai(self, role: str) -> bool:
        return False  # the server plays its AI seats; this window never moves for them

    def player_name(self, role: str) -> str:
        return self.remote_table.player_name(role)

    def view(self, role: str | None) -> dict[str, Any]:
        return self.remote_table.data

    def can_undo(self, role: str) -> bool:
        return self.pending is None and self.remote_table.can_undo(role)

    def events(self) -> list[Event]:
        """Every event this code has seen (for the turn's results)."""
        return [ev for e in self.remote_table.entries for ev in e.events]

    @property
    def clock_skew(self) -> float:
        return self.code.skew

    def status(self) -> str:
        """One line about the connection and a move on its way ("" when all is well)."""
        if self.state == "refused":
            return f"The server no longer accepts this code: {self.problem}"
        if self.state == "offline":
            tries = self.link.attempts
            why = f" ({self.problem})" if self.problem else ""
            return (f"Connection to the server lost{why} — trying again (attempt {tries})…"
                    + (" Your move will be sent when it is back." if self.pending and not self.pending.sent else ""))
        if self.state == "connecting":
            return "Connecting to the server…"
        if self.pending is not None:
            return "Sending your move…"
        return ""

    # -- moves -----------------------------------------------------------------------------------

    def act(self, action: Action, reason: str = "") -> list[Event]:
        """Check the move here, then send it; the board changes when the server pushes it back."""
        if self.pending is not None:
            raise IllegalAction("your last move is still on its way to the server")
        if action.role != FACILITATOR:
            why = self.game.why_illegal(action)
            if why is not None:
                raise IllegalAction(why)
        self.pending = Pending(action, self.seq)
        self._send_pending()
        self.version += 1
        return []

    def _send_pending(self) -> None:
        p = self.pending
        if p is None or self.state != "online" or not self.welcomed:
            return
        params = dict(p.action.params)
        self.link.send({"type": "act", "id": p.action.id, "params": params, "seq": self.seq})
        p.sent = True

    def undo(self, role: str) -> None:
        if self.pending is not None:
            raise IllegalAction("your last move is still on its way to the server")
        if self.state != "online":
            raise IllegalAction("not connected to the server: try again when the connection is back")
        self.link.send({"type": "undo"})
        self.version += 1

    def reload(self) -> None:
        self.version += 1

    def close(self) -> None:
        self.link.close()

    # -- what arrived ----------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take what the network thread received (never waits); True if the board changed."""
        changed = False
        for message in self.link.messages():
            kind = message.get("type")
            if kind == "link":
                self._link_state(message)
                changed = True
            elif kind == "welcome":
                self.welcomed = True
                if message.get("wording") in ("plain", "neutral"):
                    self.remote_table.wording = str(message["wording"])
                    self.version += 1  # the board redraws in the table's words
                    changed = True
            elif kind == "entry":
                entry = self.remote_table.add(message["entry"])
                if entry is not None:
                    self._landed(entry)
            elif kind == "board":
                first = not self.ready
                try:
                    self.remote_table.set_board(message["board"])
                except (LookupError, ValueError, TypeError, AttributeError, IllegalAction) as exc:
                    # A table this window cannot rebuild (a scenario file it does not have, a
                    # newer server): said in one line; the window and the other screens go on.
                    self.state = "refused"
                    self.problem = f"this window cannot show this table ({exc.__class__.__name__}: {exc})"
                    changed = True
                    continue
                if first:
                    self.news.clear()  # the history caught up on joining is not news
                if self.pending is not None and not self.pending.sent:
                    self._after_catch_up()
                changed = True
            elif kind == "error":
                self._error(str(message.get("message", "")))
                changed = True
        if changed:
            self.version += 1
        return changed

    def _link_state(self, message: dict[str, Any]) -> None:
        state = str(message.get("state"))
        if state == "online":
            self.state, self.problem = "online", ""
        elif self.state != "refused":
            self.state, self.problem = "offline", str(message.get("message", ""))
            self.welcomed = False
            if self.pending is not None:
                self.pending.sent = False  # we do not know whether it arrived: the catch-up will tell

    def _landed(self, entry: LogEntry) -> None:
        p = self.pending
        if p is not None and entry.seq > p.base and entry.role == p.action.role and entry.action == p.action:
            self.pending = None
        elif entry.role and entry.role not in (self.role, "") and entry.events:
            self.news.append(entry.events[0].text)

    def _after_catch_up(self) -> None:
        """Back online with the newest board: send the waiting move again if it is still legal."""
        p = self.pending
        assert p is not None
        if p.action.role != FACILITATOR and self.game.why_illegal(p.action) is not None:
            self.pending = None
            self.notices.append("Your last move was not made: the game moved on while the connection was down. "
                                "Please check the board.")
            return
        self._send_pending()

    def _error(self, message: str) -> None:
        if not self.welcomed:
            self.state, self.problem = "refused", message
            return
        if self.pending is not None:
            self.pending = None
            if "moved on" in message:
                message = "another player moved first: the board was refreshed, please check it"
        self.notices.append(message)
