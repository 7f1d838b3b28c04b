"""Small immutable values the rules produce: events, proposals and the deals they become.

They are frozen so a cloned game state can share them with its original; a change of status
makes a new value (``dataclasses.replace``) instead of editing one in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def value_class(cls: type[_T]) -> type[_T]:
    """A value class: frozen to the type checker (mypy refuses any assignment to a field), a
    plain slotted dataclass at run time, hashed and compared by its fields as a frozen one is.

    A frozen dataclass sets each field through ``object.__setattr__`` when it is made, which cost
    4–5 times a plain constructor (a deal: 2.7 against 0.5 µs); the engine makes a deal, a
    proposal, an order or a chance node on most moves. :func:`is_value` tells them apart from
    the state's mutable parts (a clone shares them with its original)."""
    made = dataclass(slots=True, unsafe_hash=True)(cls)
    setattr(made, "__frozen_value__", True)  # noqa: B010 - a marker the type checker need not know
    return made


def is_value(obj: object) -> bool:
    """Whether ``obj`` is an instance of a :func:`value_class` class (immutable by contract)."""
    return getattr(type(obj), "__frozen_value__", False) is True

#: "hidden" is only ever seen by an AI: a proposal between two other roles, whose terms it cannot see.
ProposalStatus = Literal["pending", "accepted", "rejected", "countered", "expired", "hidden"]
DealStatus = Literal["open", "kept", "defaulted"]


@dataclass(slots=True, eq=True)
class Event:
    """Something that happened, told to players; ``cause`` names why it happened.

    ``visible_to`` limits an event to some roles (a secret order is seen only by its author);
    ``None`` means everyone sees it.

    Treated as a value and never changed once made (clones and logs share them), but not a
    frozen dataclass: it is the object the engine makes most (several per move), and a frozen
    dataclass's constructor cost six times a plain one's (benchmarks/bench_engine.py).
    """

    kind: str
    text: str
    cause: str = ""
    turn: int = 0
    phase: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    visible_to: tuple[str, ...] | None = None

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
