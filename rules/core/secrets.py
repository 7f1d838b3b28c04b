"""What a reader may read of a game: its board and its log, decided in one place.

A *reader* is a seat's role (it sees what that role may know), :data:`FACILITATOR` (the person
running the game: everything) or ``None`` (the public: a projector, a spectator, a log printed
without ``--as``). Every channel — the command line, the window, the server's pushes and the
export file — goes through :func:`board` and :func:`seen_entry`; nothing else decides.

The rules mark what is secret where they make it: an event's ``visible_to`` names the roles that
may see it (a secret order its author; a proposal, its answer and a default the two parties; a
review's score with the secret objectives the role itself). A move is known to a reader exactly
when the reader may see the move's own event (its first one): a secret order, or a proposal
between two other roles, is shown to everybody else as "a move was made" — with its sequence
number, so a client can tell it has missed nothing, but without its author, its action, its
AI reason or its events. An undo is known to those who knew the move it takes back. A
facilitator's own acts (role ``facilitator``) are public, except what an act that fixes the future
fixed (a scripted roll, a card scripted for a later turn: :func:`rules.facilitator.public_form`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rules.core.actions import Action
from rules.core.engine import Game
from rules.core.log import EntryKind, LogEntry
from rules.core.view import view
from rules.facilitator import FACILITATOR, public_form  # the reader who may see everything; its acts are public

__all__ = ["FACILITATOR", "Reader", "SeenEntry", "board", "knows_move", "seen_entry", "seen_log", "sees"]
from rules.values import Event

#: A seat's role, FACILITATOR, or None for the public.
Reader = str | None


def sees(event: Event, reader: Reader) -> bool:
    """May ``reader`` see this event?"""
    if reader == FACILITATOR or event.visible_to is None:
        return True
    return reader is not None and reader in event.visible_to


def knows_move(entry: LogEntry, reader: Reader, target: LogEntry | None = None) -> bool:
    """May ``reader`` know what this entry's move was (its author, action and reason)?

    ``target`` is the move an undo entry takes back (needed for undo entries only).
    """
    if reader == FACILITATOR or entry.kind == EntryKind.START or entry.role == FACILITATOR:
        return True
    if entry.kind == EntryKind.UNDO:
        return target is not None and knows_move(target, reader)
    if reader is not None and entry.role == reader:
        return True
    return bool(entry.events) and sees(entry.events[0], reader)


@dataclass(frozen=True, slots=True)
class SeenEntry:
    """A log entry as one reader may see it. ``action`` is None and ``role`` is "" when the
    reader may not know the move; ``events`` holds only the events the reader may see."""

    seq: int
    kind: EntryKind
    role: str
    action: Action | None
    reason: str
    events: tuple[Event, ...]
    undoes: int | None
    turn: int
    phase: str

    @property
    def known(self) -> bool:
        return self.kind == EntryKind.START or self.role != ""

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind.value, "role": self.role,
                "action": self.action.to_json() if self.action is not None else None,
                "text": str(self.action) if self.action is not None else "",
                "reason": self.reason, "undoes": self.undoes, "turn": self.turn, "phase": self.phase,
                "events": [{k: v for k, v in e.to_json().items() if k != "visible_to"} for e in self.events]}


def seen_entry(entry: LogEntry, reader: Reader, target: LogEntry | None = None) -> SeenEntry:
    """``entry`` as ``reader`` may see it (``target``: the move an undo takes back)."""
    events = tuple(e for e in entry.events if sees(e, reader))
    turn = entry.turn or (entry.events[0].turn if entry.events else 0)
    phase = entry.phase or (entry.events[0].phase if entry.events else "")
    if not knows_move(entry, reader, target):
        return SeenEntry(entry.seq, entry.kind, "", None, "", (), None, turn, phase)
    action = entry.action
    if action is not None and entry.role == FACILITATOR and reader != FACILITATOR:
        action = public_form(action)
    return SeenEntry(entry.seq, entry.kind, entry.role, action, entry.reason, events, entry.undoes, turn, phase)


def seen_log(entries: list[LogEntry], reader: Reader,
             lookup: Callable[[int], LogEntry | None] | None = None) -> list[SeenEntry]:
    """Each entry as ``reader`` may see it, in order. Undo entries find the move they take back
    among ``entries`` or, for a partial log (a catch-up from some seq), through ``lookup``."""
    by_seq = {e.seq: e for e in entries}
    out = []
    for e in entries:
        target = None
        if e.kind == EntryKind.UNDO and e.undoes is not None:
            target = by_seq.get(e.undoes) or (lookup(e.undoes) if lookup is not None else None)
        out.append(seen_entry(e, reader, target))
    return out


def board(game: Game, reader: Reader) -> dict[str, Any]:
    """The board as ``reader`` may see it: a role's view, the public view, or (for the
    facilitator) the public view plus every role's pending orders, every proposal, every
    objective with whether it holds, and the full scores. The seed is never in it."""
    if reader != FACILITATOR:
        return view(game, reader)
    data = view(game, None)
    st, c = game.state, game.content
    from rules import endings  # the facilitator's extra facts only

    for r, info in data["roles"].items():
        held = endings.objectives_met(c, st, r)
        info["orders"] = [o.to_json() for o in st.orders.get(r, ())]
        info["objectives"] = [{"id": o.id, "text": o.text, "points": o.points, "secret": o.secret,
                               "met": held[o.id]} for o in c.objectives(r, st.scenario)]
    data["as"] = FACILITATOR
    data["proposals"] = [p.to_json() for p in st.proposals]
    data["scores"] = game.scores()
    return data
