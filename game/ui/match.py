"""One session being played in the window: the store's game, its seats, and its history.

Every move goes through ``Store.act`` (committed before the UI shows its result), so closing the
window loses nothing. The history (log lines, track changes, AI reasons, track values per turn)
is rebuilt from the store's log, the same record a resumed game reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.store import SeatSpec, SessionInfo, Store
from rules.core.actions import Action
from rules.core.engine import Game
from rules.core.view import view
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
    def __init__(self, store: Store, session_id: int):
        self.store = store
        self.id = session_id
        self.reload()

    def reload(self) -> None:
        """Read everything afresh from the store (after a resume, an undo or a stale move)."""
        self.info: SessionInfo = self.store.info(self.id)
        self.seats: dict[str, SeatSpec] = {s.role: s for s in self.info.seats}
        self.game: Game = self.store.load(self.id)
        self.seq = self.info.last_seq
        self.entries: list[dict[str, Any]] = self.store.log(self.id)
        self.version = getattr(self, "version", 0) + 1

    @property
    def content(self):  # type: ignore[no-untyped-def]
        return self.game.content

    @property
    def humans(self) -> list[str]:
        return [r for r in self.game.state.seats if self.seats[r].controller == "human"]

    def is_ai(self, role: str) -> bool:
        return self.seats[role].controller == "ai"

    def actor(self) -> str | None:
        """Whose move it is (the first waiting role in seat order), or None when the game is over."""
        waiting = self.game.waiting_for()
        return waiting[0] if waiting else None

    def player_name(self, role: str) -> str:
        seat = self.seats[role]
        role_name: str = self.content.roles[role].name
        if seat.display_name and seat.display_name != role_name:
            return f"{seat.display_name} ({role_name})"
        return role_name

    def view(self, role: str | None) -> dict[str, Any]:
        return view(self.game, role)

    def act(self, action: Action, reason: str = "") -> list[Event]:
        """Commit one move; raises IllegalAction or StaleGame (the caller reloads and says why)."""
        turn, phase = self.game.state.turn, self.game.state.phase
        events = self.store.act(self.id, action, expected_seq=self.seq, reason=reason)
        self.seq += 1
        self.game = self.store.load(self.id)
        payload: dict[str, Any] = {"action": action.to_json(), "events": [e.to_json() for e in events],
                                   "turn": turn, "phase": phase}
        if reason:
            payload["reason"] = reason
        self.entries.append({"seq": self.seq, "kind": "action", "role": action.role, "payload": payload})
        self.version += 1
        return events

    def undo(self, role: str) -> None:
        self.store.undo(self.id, role)
        self.reload()

    def can_undo(self, role: str) -> bool:
        """Only the last move, only its author's, and only if the phase has not moved on."""
        undone = {int(e["payload"]["undo"]) for e in self.entries if e["kind"] == "undo"}
        for e in reversed(self.entries):
            if e["kind"] != "action" or e["seq"] in undone:
                continue
            p = e["payload"]
            return bool(e["role"] == role and p.get("turn") == self.game.state.turn
                        and p.get("phase") == self.game.state.phase)
        return False

    # -- history -----------------------------------------------------------------------------

    def _events(self) -> list[tuple[Event, dict[str, Any]]]:
        undone = {int(e["payload"]["undo"]) for e in self.entries if e["kind"] == "undo"}
        out = []
        for e in self.entries:
            if e["kind"] in ("start", "action") and e["seq"] not in undone:
                for raw in e["payload"].get("events", []):
                    out.append((Event.from_json(raw), e))
        return out

    def log_lines(self, role: str | None) -> list[LogLine]:
        """What ``role`` may read of the history (None: only public events).

        An AI's reason is shown only with a move the reader may see: the reason for a secret
        order would reveal the order.
        """
        lines: list[LogLine] = []
        undone = {int(e["payload"]["undo"]) for e in self.entries if e["kind"] == "undo"}
        for entry in self.entries:
            if entry["kind"] not in ("start", "action") or entry["seq"] in undone:
                continue
            events = [Event.from_json(raw) for raw in entry["payload"].get("events", [])]
            reason = entry["payload"].get("reason", "") if events and _sees(events[0], role) else ""
            for ev in events:
                if not _sees(ev, role):
                    continue
                if ev.kind == "track" and ev.cause.startswith("capital refilled"):
                    continue  # one line per role every turn that says nothing new
                lines.append(LogLine(ev.turn, ev.kind, ev.line(), entry.get("role", ""), reason))
                reason = ""
        return lines

    def move_seen_by(self, seq: int, role: str | None) -> tuple[str, str] | None:
        """(what the move at ``seq`` did, the AI's reason) if ``role`` may see it; else None."""
        for entry in reversed(self.entries):
            if entry["seq"] == seq:
                raw = entry["payload"].get("events", [])
                if raw and _sees(Event.from_json(raw[0]), role):
                    return Event.from_json(raw[0]).text, entry["payload"].get("reason", "")
                return None
        return None

    def deltas_this_turn(self) -> dict[str, int]:
        """Change of each quantity since the turn began, from the 'track' events."""
        turn = self.game.state.turn
        out: dict[str, int] = {}
        for ev, _ in self._events():
            if ev.kind == "track" and ev.turn == turn and "ref" in ev.data:
                ref = ev.data["ref"]
                out[ref] = out.get(ref, 0) + int(ev.data["new"]) - int(ev.data["old"])
        return out

    def track_history(self) -> dict[str, list[int]]:
        """Value of each charted track at the end of every turn (index 0: the start)."""
        start = dict(self.content.scenario(self.game.state.scenario).tracks)
        values = {t: start.get(t, 0) for t in CHART_TRACKS}
        history = {t: [values[t]] for t in CHART_TRACKS}
        turn = 1
        for ev, _ in self._events():
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
        return [ev.line() for ev, _ in self._events() if ev.kind == "ending"]


def _sees(event: Event, role: str | None) -> bool:
    return event.visible_to is None or (role is not None and role in event.visible_to)
