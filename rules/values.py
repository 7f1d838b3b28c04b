"""Small immutable values the rules produce: events, proposals and the deals they become.

They are frozen so a cloned game state can share them with its original; a change of status
makes a new value instead of editing one in place.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final, Literal

from rules.value_class import is_value

__all__ = ["Deal", "DealStatus", "Event", "Proposal", "ProposalStatus", "Value", "is_value", "moved"]

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

    __slots__ = ("_data", "_name", "_new", "_old", "_ref", "_text", "cause", "kind", "phase", "turn",
                 "visible_to")

    def __init__(self, kind: str, text: str, cause: str = "", turn: int = 0, phase: str = "",
                 data: dict[str, Any] | None = None, visible_to: tuple[str, ...] | None = None) -> None:
        self.kind = kind
        self._text: str | None = text
        self.cause = cause
        self.turn = turn
        self.phase = phase
        self._data = data
        self.visible_to = visible_to
        # A moved quantity's parts (:func:`moved`), from which its text and data are made when
        # first read; ``_ref`` None for every other event.
        self._name = ""
        self._ref: str | None = None
        self._old = 0
        self._new = 0

    @property
    def text(self) -> str:
        """What happened, in words. A moved quantity's "NAME OLD → NEW" is written when first
        read (see :func:`moved`)."""
        text = self._text
        if text is None:
            text = self._text = f"{self._name} {self._old} → {self._new}"
        return text

    @property
    def data(self) -> dict[str, Any]:
        """The event's facts as a dict (the same dict at every read: it may be added to). Made
        when first read: most events of a search's or a benchmark's game are never read."""
        data = self._data
        if data is None:
            ref = self._ref
            data = self._data = {} if ref is None else {"ref": ref, "old": self._old, "new": self._new}
        return data

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


def moved(name: str, ref: str, old: int, new: int, cause: str, turn: int, phase: str) -> Event:
    """The event of a quantity that moved (``kind`` "track", text "NAME OLD → NEW", data
    ``{"ref", "old", "new"}``): the event made most, about half of a game's. Its parts are kept
    as native fields and its text and data made only when read (:attr:`Event.text`,
    :attr:`Event.data`): an AI's search, and a replay that is not shown, read none of them, and
    formatting the text and building the dict cost more than the rest of the event (callgrind,
    benchmarks/bench_engine.py's games). Equal, printed, pickled and exported as the event made
    with its text and data would be."""
    event = Event("track", "", cause, turn, phase)
    event._text = None
    event._name = name
    event._ref = ref
    event._old = old
    event._new = new
    return event


class Value:
    """The base of the small values a move makes most (proposals, deals, orders): each field is
    ``Final`` (the type checker refuses any assignment, and so does the compiled class at run
    time), and a value compares, hashes, prints, pickles and copies by its fields, as the frozen
    dataclass it was. Not a dataclass: this module and rules.core.state are compiled
    (rules.native), where a plain class is a native one, made by a native constructor and read
    field by field without a generic attribute lookup (a compiled dataclass keeps the interpreted
    ``__init__`` that ``dataclasses`` writes). :func:`is_value` tells values apart from the
    state's mutable parts (a clone shares them with its original)."""

    __slots__ = ()
    __frozen_value__: Final = True
    #: The fields' names, in the constructor's order (what ``_fields`` returns).
    _names: ClassVar[tuple[str, ...]] = ()

    def _fields(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, Value):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._names, self._fields(), strict=True))
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied by its fields (a compiled class has no default way to be remade)."""
        return type(self), self._fields()


class Proposal(Value):
    """A structured offer: the sender gives one item and asks one item of the recipient."""

    __slots__ = ("ask", "counter_of", "deadline", "give", "id", "recipient", "sender", "status", "turn")
    _names: ClassVar[tuple[str, ...]] = ("id", "sender", "recipient", "give", "ask", "deadline", "turn", "status",
                                         "counter_of")

    def __init__(self, id: int, sender: str, recipient: str, give: str, ask: str, deadline: int, turn: int,
                 status: ProposalStatus = "pending", counter_of: int | None = None) -> None:
        self.id: Final = id
        self.sender: Final = sender
        self.recipient: Final = recipient
        self.give: Final = give
        self.ask: Final = ask
        #: Turns the parties have to deliver after acceptance.
        self.deadline: Final = deadline
        self.turn: Final = turn
        self.status: Final[ProposalStatus] = status
        self.counter_of: Final = counter_of

    def _fields(self) -> tuple[Any, ...]:
        return (self.id, self.sender, self.recipient, self.give, self.ask, self.deadline, self.turn, self.status,
                self.counter_of)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "sender": self.sender, "recipient": self.recipient, "give": self.give,
                "ask": self.ask, "deadline": self.deadline, "turn": self.turn, "status": self.status,
                "counter_of": self.counter_of}


class Deal(Value):
    """One side of an accepted proposal: ``giver`` owes ``item`` to ``receiver`` by ``due_turn``."""

    __slots__ = ("due_turn", "giver", "id", "item", "kept_turn", "proposal", "receiver", "status")
    _names: ClassVar[tuple[str, ...]] = ("id", "proposal", "giver", "receiver", "item", "due_turn", "status",
                                         "kept_turn")

    def __init__(self, id: int, proposal: int, giver: str, receiver: str, item: str, due_turn: int,
                 status: DealStatus = "open", kept_turn: int | None = None) -> None:
        self.id: Final = id
        self.proposal: Final = proposal
        self.giver: Final = giver
        self.receiver: Final = receiver
        self.item: Final = item
        self.due_turn: Final = due_turn
        self.status: Final[DealStatus] = status
        #: The turn the deal was delivered (kept), if it was.
        self.kept_turn: Final = kept_turn

    def _fields(self) -> tuple[Any, ...]:
        return (self.id, self.proposal, self.giver, self.receiver, self.item, self.due_turn, self.status,
                self.kept_turn)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "proposal": self.proposal, "giver": self.giver, "receiver": self.receiver,
                "item": self.item, "due_turn": self.due_turn, "status": self.status, "kept_turn": self.kept_turn}
