"""The game's state: plain data that the rules change and the engine clones.

The phase is a plain string here; the turn machine (:mod:`rules.core.phases`) decides how it moves.
Keeping the state free of machine objects is what makes :meth:`GameState.clone` cheap enough
for an AI that plays thousands of games ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from rules.bundle import Content
from rules.quantities import trust_key
from rules.values import Deal, Proposal, Value


class Order(Value):
    """A secret order in the actions phase: a catalogue action or the delivery of a deal (a
    value, see :class:`rules.values.Value`)."""

    __slots__ = ("action", "cost", "params")
    _names: ClassVar[tuple[str, ...]] = ("action", "params", "cost")

    def __init__(self, action: str, params: tuple[tuple[str, Any], ...] = (), cost: int = 0) -> None:
        self.action: Final = action
        self.params: Final = params
        self.cost: Final = cost

    def _fields(self) -> tuple[Any, ...]:
        return self.action, self.params, self.cost

    def param(self, name: str) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "params": dict(self.params), "cost": self.cost}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Order:
        return cls(data["action"], tuple(sorted(data["params"].items())), data["cost"])


@dataclass(slots=True)
class GameState:
    scenario: str
    seed: int
    seats: tuple[str, ...]
    last_turn: int
    turn: int = 1
    phase: str = "briefing"
    tracks: dict[str, int] = field(default_factory=dict)
    role_tracks: dict[str, dict[str, int]] = field(default_factory=dict)
    normalization: dict[str, int] = field(default_factory=dict)
    trust: dict[str, int] = field(default_factory=dict)
    keci_phase: int = 0
    keci_since: int = 1
    keci_suspended: bool = False
    keci_mou_approved: bool = False
    special_rep: str | None = None
    recognized_by: tuple[str, ...] = ()
    last_unilateral: int = -99
    crisis: str | None = None
    crisis_pending: tuple[str, ...] = ()
    crisis_choices: dict[str, str] = field(default_factory=dict)
    drawn: tuple[str, ...] = ()
    proposals: list[Proposal] = field(default_factory=list)
    proposals_made: dict[str, int] = field(default_factory=dict)
    negotiation_done: tuple[str, ...] = ()
    deals: list[Deal] = field(default_factory=list)
    orders: dict[str, tuple[Order, ...]] = field(default_factory=dict)
    orders_done: tuple[str, ...] = ()
    ending: str | None = None
    #: Number of player actions applied so far (the log's length).
    moves: int = 0
    # -- the facilitator's table (rules/facilitator.py) --
    #: Why the facilitator paused the table (players see it); None while play runs.
    paused: str | None = None
    #: Crisis cards fixed in advance, by turn: the draw takes them first (probability 1).
    scripted_crises: dict[int, str] = field(default_factory=dict)
    #: Minutes allowed per player phase; the table's runner enforces them (game/deadlines.py).
    deadlines: dict[str, int] = field(default_factory=dict)
    #: What happens to unfinished seats when a deadline passes: "finish" or "ai".
    on_timeout: str = "finish"
    #: Seats the facilitator handed over mid-game: role -> "human" or "ai:LEVEL".
    controllers: dict[str, str] = field(default_factory=dict)
    #: Rolls fixed in advance, by turn and roll (rules/chance.py): a probability-1 outcome.
    scripted_rolls: dict[int, dict[str, bool]] = field(default_factory=dict)

    @classmethod
    def new(cls, content: Content, scenario_id: str, seed: int) -> GameState:
        sc = content.scenario(scenario_id)
        seats = tuple(sc.seats)
        trust = {trust_key(a, b): content.negotiation.trust_start
                 for i, a in enumerate(seats) for b in seats[i + 1:]}
        role_tracks = {r: {t: 0 for t in content.role_tracks} for r in seats}
        for role, values in sc.role_tracks.items():
            if role in role_tracks:
                role_tracks[role].update(values)
        normalization = {c: 0 for c in content.commitments}
        normalization.update(sc.commitments)
        return cls(scenario=sc.id, seed=seed, seats=seats, last_turn=sc.turns, tracks=dict(sc.tracks),
                   role_tracks=role_tracks, normalization=normalization, trust=trust,
                   keci_phase=sc.keci_phase, keci_mou_approved=sc.keci_mou_approved,
                   special_rep=sc.special_rep, orders={r: () for r in seats},
                   scripted_crises=dict(sc.scripted_crises),
                   scripted_rolls={t: dict(r) for t, r in sc.scripted_rolls.items()})

    def clone(self) -> GameState:
        """A deep-enough copy: containers are copied, the frozen values in them are shared.

        Every field is set by name on a bare instance (not through the 35-argument constructor,
        which cost a third more: an AI's search copies the state at every step); a field added to
        the state must be added here too, and tests/rules/core/test_engine.py checks that a copy
        has every field and reads the same."""
        # The class's own __new__ (object's in pure Python): compiled (rules.native), object.__new__
        # refuses to make a native class's instance.
        new = GameState.__new__(GameState)
        new.scenario, new.seed, new.seats, new.last_turn = self.scenario, self.seed, self.seats, self.last_turn
        new.turn, new.phase = self.turn, self.phase
        new.tracks = self.tracks.copy()
        new.role_tracks = {r: v.copy() for r, v in self.role_tracks.items()}
        new.normalization, new.trust = self.normalization.copy(), self.trust.copy()
        new.keci_phase, new.keci_since = self.keci_phase, self.keci_since
        new.keci_suspended, new.keci_mou_approved = self.keci_suspended, self.keci_mou_approved
        new.special_rep, new.recognized_by, new.last_unilateral = self.special_rep, self.recognized_by, self.last_unilateral
        new.crisis, new.crisis_pending = self.crisis, self.crisis_pending
        new.crisis_choices, new.drawn = self.crisis_choices.copy(), self.drawn
        new.proposals, new.proposals_made = self.proposals.copy(), self.proposals_made.copy()
        new.negotiation_done, new.deals = self.negotiation_done, self.deals.copy()
        new.orders, new.orders_done = self.orders.copy(), self.orders_done
        new.ending, new.moves, new.paused = self.ending, self.moves, self.paused
        new.scripted_crises, new.deadlines = self.scripted_crises.copy(), self.deadlines.copy()
        new.on_timeout, new.controllers = self.on_timeout, self.controllers.copy()
        new.scripted_rolls = {t: r.copy() for t, r in self.scripted_rolls.items()} if self.scripted_rolls else {}
        return new

    @property
    def year_half(self) -> tuple[int, int]:
        """Turn 1 is the first half of the scenario's start year; each turn is half a year."""
        return (self.turn - 1) // 2, (self.turn - 1) % 2 + 1

    def to_json(self) -> dict[str, Any]:
        """Everything, in a stable JSON form: snapshots, replay checks and exports use it."""
        return {
            "scenario": self.scenario, "seed": self.seed, "seats": list(self.seats),
            "last_turn": self.last_turn, "turn": self.turn, "phase": self.phase,
            "tracks": dict(self.tracks), "role_tracks": {r: dict(v) for r, v in self.role_tracks.items()},
            "normalization": dict(self.normalization), "trust": dict(self.trust),
            "keci_phase": self.keci_phase, "keci_since": self.keci_since,
            "keci_suspended": self.keci_suspended, "keci_mou_approved": self.keci_mou_approved,
            "special_rep": self.special_rep, "recognized_by": list(self.recognized_by),
            "last_unilateral": self.last_unilateral, "crisis": self.crisis,
            "crisis_pending": list(self.crisis_pending), "crisis_choices": dict(self.crisis_choices),
            "drawn": list(self.drawn), "proposals": [p.to_json() for p in self.proposals],
            "proposals_made": dict(self.proposals_made),
            "negotiation_done": list(self.negotiation_done), "deals": [d.to_json() for d in self.deals],
            "orders": {r: [o.to_json() for o in v] for r, v in self.orders.items()},
            "orders_done": list(self.orders_done), "ending": self.ending, "moves": self.moves,
            "paused": self.paused, "scripted_crises": {str(t): c for t, c in sorted(self.scripted_crises.items())},
            "deadlines": dict(self.deadlines), "on_timeout": self.on_timeout,
            "controllers": dict(self.controllers),
            "scripted_rolls": {str(t): dict(sorted(r.items())) for t, r in sorted(self.scripted_rolls.items())},
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> GameState:
        return cls(
            scenario=d["scenario"], seed=d["seed"], seats=tuple(d["seats"]), last_turn=d["last_turn"],
            turn=d["turn"], phase=d["phase"], tracks=dict(d["tracks"]),
            role_tracks={r: dict(v) for r, v in d["role_tracks"].items()},
            normalization=dict(d["normalization"]), trust=dict(d["trust"]),
            keci_phase=d["keci_phase"], keci_since=d["keci_since"], keci_suspended=d["keci_suspended"],
            keci_mou_approved=d["keci_mou_approved"], special_rep=d["special_rep"],
            recognized_by=tuple(d["recognized_by"]), last_unilateral=d["last_unilateral"],
            crisis=d["crisis"], crisis_pending=tuple(d["crisis_pending"]),
            crisis_choices=dict(d["crisis_choices"]), drawn=tuple(d["drawn"]),
            proposals=[Proposal(**p) for p in d["proposals"]], proposals_made=dict(d["proposals_made"]),
            negotiation_done=tuple(d["negotiation_done"]), deals=[Deal(**x) for x in d["deals"]],
            orders={r: tuple(Order.from_json(o) for o in v) for r, v in d["orders"].items()},
            orders_done=tuple(d["orders_done"]), ending=d["ending"], moves=d["moves"],
            # Snapshots written before the facilitator's fields existed load with the defaults.
            paused=d.get("paused"),
            scripted_crises={int(t): c for t, c in d.get("scripted_crises", {}).items()},
            deadlines=dict(d.get("deadlines", {})), on_timeout=d.get("on_timeout", "finish"),
            controllers=dict(d.get("controllers", {})),
            scripted_rolls={int(t): {k: bool(v) for k, v in r.items()} for t, r in d.get("scripted_rolls", {}).items()},
        )
