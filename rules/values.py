"""Small immutable values the rules produce: events, proposals and the deals they become.

They are frozen so a cloned game state can share them with its original; a change of status
makes a new value (``dataclasses.replace``) instead of editing one in place.
"""

from __future__ import annotations

from typing import Any, Literal

from rules.value_class import is_value, value_class

__all__ = ["Deal", "DealStatus", "Event", "Proposal", "ProposalStatus", "is_value", "value_class"]

#: "hidden" is only ever seen by an AI: a proposal between two other roles, whose terms it cannot see.
ProposalStatus = Literal["pending", "accepted", "rejected", "countered", "expired", "hidden"]
DealStatus = Literal["open", "kept", "defaulted"]


class Event:
    """Something that happened, told to players; ``cause`` names why it happened.

    ``visible_to`` limits an event to some roles (a secret order is seen only by its author);
    ``None`` means everyone sees it.

    Treated as a value and never changed once made (clones and logs share them), but not a
    frozen dataclass: it is the object the engine makes most (four a move), and a frozen
    dataclass's constructor cost six times a plain one's. Nor a dataclass at all: this module is
    compiled (rules.native), and a plain class's ``__init__`` compiles to native code, where a
    compiled dataclass keeps the interpreted ``__init__`` that ``dataclasses`` writes (making an
    event cost 6 % more instructions per game than the uncompiled dataclass, against 11 % less
    for this class: callgrind, benchmarks/bench_engine.py's games). Compared and printed as the
    dataclass was, field by field.
    """

    __slots__ = ("cause", "data", "kind", "phase", "text", "turn", "visible_to")

    def __init__(self, kind: str, text: str, cause: str = "", turn: int = 0, phase: str = "",
                 data: dict[str, Any] | None = None, visible_to: tuple[str, ...] | None = None) -> None:
        self.kind = kind
        self.text = text
        self.cause = cause
        self.turn = turn
        self.phase = phase
        self.data: dict[str, Any] = {} if data is None else data
        self.visible_to = visible_to

    def _fields(self) -> tuple[str, str, str, int, str, dict[str, Any], tuple[str, ...] | None]:
        return self.kind, self.text, self.cause, self.turn, self.phase, self.data, self.visible_to

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self._fields() == other._fields()

    def __reduce__(self) -> tuple[type[Event], tuple[str, str, str, int, str, dict[str, Any], tuple[str, ...] | None]]:
        """Pickled and copied by its fields (a compiled class has no default way to be remade)."""
        return Event, self._fields()

    def __repr__(self) -> str:
        return (f"Event(kind={self.kind!r}, text={self.text!r}, cause={self.cause!r}, turn={self.turn!r}, "
                f"phase={self.phase!r}, data={self.data!r}, visible_to={self.visible_to!r})")

    def to_json(self) -> dict[str, Any]:
        out = {"kind": self.kind, "text": self.text, "cause": self.cause, "turn": self.turn,
               "phase": self.phase, "data": self.data}
        if self.visible_to is not None:
            out["visible_to"] = list(self.visible_to)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        vis = data.get("visible_to")
        return cls(kind=data["kind"], text=data["text"], cause=data.get("cause", ""),
                   turn=data.get("turn", 0), phase=data.get("phase", ""), data=data.get("data", {}),
                   visible_to=tuple(vis) if vis is not None else None)

    def line(self) -> str:
        """One log line: what happened, then why."""
        return f"{self.text} ({self.cause})" if self.cause else self.text


@value_class
class Proposal:
    """A structured offer: the sender gives one item and asks one item of the recipient."""

    id: int
    sender: str
    recipient: str
    give: str
    ask: str
    #: Turns the parties have to deliver after acceptance.
    deadline: int
    turn: int
    status: ProposalStatus = "pending"
    counter_of: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "sender": self.sender, "recipient": self.recipient, "give": self.give,
                "ask": self.ask, "deadline": self.deadline, "turn": self.turn, "status": self.status,
                "counter_of": self.counter_of}


@value_class
class Deal:
    """One side of an accepted proposal: ``giver`` owes ``item`` to ``receiver`` by ``due_turn``."""

    id: int
    proposal: int
    giver: str
    receiver: str
    item: str
    due_turn: int
    status: DealStatus = "open"
    #: The turn the deal was delivered (kept), if it was.
    kept_turn: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "proposal": self.proposal, "giver": self.giver, "receiver": self.receiver,
                "item": self.item, "due_turn": self.due_turn, "status": self.status, "kept_turn": self.kept_turn}
