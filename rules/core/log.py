"""A session's log as typed values, and the one rule for taking a move back.

The log is append-only: ``start`` (the first briefing), one ``action`` entry per move (with the
events it caused and, for an AI, its reason) and ``undo`` entries that cancel an earlier move.
The store keeps each entry as a JSON payload; :meth:`LogEntry.from_record` and
:meth:`LogEntry.payload` are the only translation between the two, so every front-end, the
export file and the server read the same type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rules.core.actions import Action, IllegalAction
from rules.values import Event


class EntryKind(StrEnum):
    START = "start"
    ACTION = "action"
    UNDO = "undo"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One entry of a session's log (see the module docstring)."""

    seq: int
    kind: EntryKind
    role: str
    events: tuple[Event, ...] = ()
    action: Action | None = None
    #: An AI's one-sentence reason for its move ("" for a human's move).
    reason: str = ""
    #: For an undo entry: the seq of the move it takes back.
    undoes: int | None = None
    #: Turn and phase in which the move was made, and after it was applied.
    turn: int = 0
    phase: str = ""
    after: tuple[int, str] | None = None
    created_at: str = ""

    @property
    def closed_phase(self) -> bool:
        """The move ended its phase (or turn): it can no longer be taken back."""
        return self.after is None or self.after != (self.turn, self.phase)

    def payload(self) -> dict[str, Any]:
        """The stored form of the entry's content (the store's ``payload`` column)."""
        out: dict[str, Any] = {"events": [e.to_json() for e in self.events]}
        if self.kind == EntryKind.ACTION:
            assert self.action is not None
            out.update(action=self.action.to_json(), turn=self.turn, phase=self.phase)
            if self.after is not None:
                out["after"] = [self.after[0], self.after[1]]
            if self.reason:
                out["reason"] = self.reason
        elif self.kind == EntryKind.UNDO:
            out["undo"] = self.undoes
        return out

    def to_json(self) -> dict[str, Any]:
        """The full record as the export file and ``log --json`` for the facilitator write it."""
        return {"seq": self.seq, "kind": self.kind.value, "role": self.role, "payload": self.payload(),
                "created_at": self.created_at}

    @classmethod
    def from_record(cls, seq: int, kind: str, role: str, payload: dict[str, Any],
                    created_at: str = "") -> LogEntry:
        """Read a stored entry; raises ValueError/KeyError on a malformed one."""
        entry_kind = EntryKind(kind)
        events = tuple(Event.from_json(e) for e in payload.get("events", []))
        if entry_kind == EntryKind.ACTION:
            after = payload.get("after")
            return cls(seq, entry_kind, role, events, Action.from_json(payload["action"]),
                       str(payload.get("reason", "")), None, int(payload.get("turn", 0)),
                       str(payload.get("phase", "")),
                       (int(after[0]), str(after[1])) if after else None, created_at)
        if entry_kind == EntryKind.UNDO:
            return cls(seq, entry_kind, role, events, undoes=int(payload["undo"]), created_at=created_at)
        return cls(seq, entry_kind, role, events, created_at=created_at)


def undone(entries: Iterable[LogEntry]) -> set[int]:
    """The seqs of the moves taken back by the undo entries among ``entries``."""
    return {e.undoes for e in entries if e.kind == EntryKind.UNDO and e.undoes is not None}


def undo_target(entries: Sequence[LogEntry], role: str) -> LogEntry:
    """The move ``role`` may take back now, or IllegalAction saying why none.

    The rule, in one place: only the last move still standing, only by its own author, and only
    while its phase has not moved on (a move that closed its phase triggered things, such as a
    resolution, that other players have already seen).
    """
    cancelled = undone(entries)
    last = next((e for e in reversed(entries) if e.kind == EntryKind.ACTION and e.seq not in cancelled), None)
    if last is None or last.action is None:
        raise IllegalAction("there is nothing to take back")
    if last.role != role:
        raise IllegalAction(f"only the last action can be taken back, and it was {last.role}'s")
    if last.closed_phase:
        raise IllegalAction("that action closed its phase; the game has moved on")
    return last


def can_undo(entries: Sequence[LogEntry], role: str) -> bool:
    try:
        undo_target(entries, role)
    except IllegalAction:
        return False
    return True
