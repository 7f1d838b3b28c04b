"""Chance as an explicit step (OpenSpiel's chance nodes): every random draw of the rules is a
:class:`ChanceNode` listing its outcomes and their probabilities, and is settled in one place,
:meth:`ChanceNode.sample`.

The draws of a turn are

* the **crisis draw** at the briefing (:func:`crisis_draw`): each card that may come up now,
  weighted by the tracks, and a quiet half-year (outcome ``None``);
* each **risk roll** of an order at the resolution (:func:`risk_roll`): the action's risk
  happens (``True``) or not;
* each **change of stance** of a non-recognizing Ally at the resolution (:func:`recognition_roll`).

A search enumerates ``node.outcomes`` (or samples them with its own generator) to play imagined
futures; the game itself samples them with the generator seeded from (seed, turn, step), so the
same seed still gives the same game on replay.

**Scripting.** A scripted outcome is simply a chance outcome with probability 1. A facilitator
(or a search, in its own copy of the game) fixes the crisis card of a turn by putting it in
``state.scripted_crises[turn]``, and the outcome of a roll by putting it in
``state.scripted_rolls[turn][key]``, where the key names the roll (:attr:`ChanceNode.key`:
``risk:ROLE.ACTION`` for the first order of that action by that role in the turn, ``#2`` added for
a second one; ``recognition:ALLY``). Scenario files may script both (``scripted_crises``,
``scripted_rolls``); :meth:`rules.core.engine.Game.script_chance` does it on a game. A scripted
crisis draw does not touch the generator, so the draws of the other turns stay as they were; a
scripted roll still takes its number from the generator, so the other rolls of the same
resolution come out as they would have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Generic, Protocol, TypeVar

from rules.tables import TRACK, holds, read, tables
from rules.value_class import value_class

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content
    from rules.schema import Action

T = TypeVar("T")

#: Weight of drawing no card at all: some half-years are quiet.
QUIET_WEIGHT: Final = 1.5


class Source(Protocol):
    """Where a draw takes its number: a ``random.Random``, or the rules' own seeded source
    (:class:`rules.turn.Draws`)."""

    def random(self) -> float: ...


@value_class
class ChanceNode(Generic[T]):
    """One random step: ``kind`` (crisis_draw, risk, recognition), what it is about, and each
    outcome with its weight. Weights need not sum to one; :attr:`probabilities` normalizes them."""

    kind: str
    subject: str
    outcomes: tuple[tuple[T, float], ...]

    @property
    def key(self) -> str:
        """The roll's name in ``state.scripted_rolls`` (a crisis draw is scripted by turn)."""
        return f"{self.kind}:{self.subject}"

    @property
    def probabilities(self) -> tuple[tuple[T, float], ...]:
        """Each outcome with its probability (summing to one)."""
        total = sum(w for _, w in self.outcomes)
        return tuple((value, w / total) for value, w in self.outcomes)

    @property
    def certain(self) -> bool:
        """A node with one outcome (a scripted draw) is settled without drawing."""
        return len(self.outcomes) == 1

    def sample(self, rng: Source) -> T:
        """An outcome drawn in proportion to its weight; a certain node consumes nothing.

        The arithmetic (one ``rng.random()`` scaled by the total weight, outcomes taken in order)
        is the one the rules always used, so games recorded before chance became explicit replay
        to the same results."""
        if self.kind != "crisis_draw":
            # Yes/no rolls: the first outcome (it happens) when the draw falls under its chance.
            # A scripted roll still takes its number, so the rolls after it are unchanged.
            draw = rng.random()
            if self.certain:
                return self.outcomes[0][0]
            return self.outcomes[0][0] if draw < self.outcomes[0][1] else self.outcomes[1][0]
        if self.certain:
            return self.outcomes[0][0]
        # The last outcome (a quiet half-year) is added first, as the rules always summed it.
        pick = rng.random() * (self.outcomes[-1][1] + sum(w for _, w in self.outcomes[:-1]))
        for value, w in self.outcomes[:-1]:
            pick -= w
            if pick < 0:
                return value
        return self.outcomes[-1][0]


def crisis_weights(content: Content, state: GameState) -> list[tuple[str, float]]:
    """Every card that may be drawn now with its weight (base + coefficient × track value), read
    from the deck compiled at content load (:mod:`rules.tables`) in the scenario's order."""
    deck = tables(content).decks.get(state.scenario)
    if deck is None:
        content.scenario(state.scenario)  # raises: this content has no such scenario
    out = []
    drawn, tracks = state.drawn, state.tracks
    for card_id, once, requires, base, per in deck or ():
        if (once and card_id in drawn) or (requires and not holds(state, requires)):
            continue
        # sum() of the terms, as a plain loop (the same additions in the same order: the same
        # float), since a generator per card cost more than the arithmetic
        total = 0.0
        for kind, key, sub, coef in per:
            total += coef * (tracks[key] if kind == TRACK else read(state, kind, key, sub))
        w = base + total
        if w > 0:
            out.append((card_id, w))
    return out


def crisis_draw(content: Content, state: GameState) -> ChanceNode[str | None]:
    """The crisis draw of this turn's briefing: a scripted card (``state.scripted_crises``) with
    probability 1, else every card that may come up by its weight, and a quiet half-year last."""
    fixed = state.scripted_crises.get(state.turn)
    if fixed is not None:
        return ChanceNode("crisis_draw", f"turn {state.turn}", ((fixed, 1.0),))
    options: list[tuple[str | None, float]] = list(crisis_weights(content, state))
    options.append((None, QUIET_WEIGHT))
    return ChanceNode("crisis_draw", f"turn {state.turn}", tuple(options))


def risk_roll(state: GameState, role: str, action: Action, nth: int = 1) -> ChanceNode[bool] | None:
    """Whether the risk of ``role``'s ``nth`` order of ``action`` this turn happens (``None`` for
    an action without risk); scripted in ``state.scripted_rolls`` or by the action's chance."""
    if action.risk is None:
        return None
    subject = f"{role}.{action.id}" if nth == 1 else f"{role}.{action.id}#{nth}"
    return _roll(state, "risk", subject, action.risk.chance)


def recognition_roll(state: GameState, ally_id: str, chance: float) -> ChanceNode[bool]:
    """Whether a non-recognizing Ally whose conditions hold changes its stance this turn."""
    return _roll(state, "recognition", ally_id, chance)


def _roll(state: GameState, kind: str, subject: str, chance: float) -> ChanceNode[bool]:
    fixed = state.scripted_rolls.get(state.turn, {}).get(f"{kind}:{subject}") if state.scripted_rolls else None
    if fixed is not None:
        return ChanceNode(kind, subject, ((fixed, 1.0),))
    return yes_no(kind, subject, chance)


def yes_no(kind: str, subject: str, chance: float) -> ChanceNode[bool]:
    """A roll that happens with probability ``chance`` (certain either way at 0 or 1 is still a
    roll: the generator is consulted, as the rules always did)."""
    return ChanceNode(kind, subject, ((True, chance), (False, 1.0 - chance)))


#: The kinds of roll a scenario or a facilitator may script, and what their subject names.
ROLL_KINDS = {"risk": "ROLE.ACTION or ROLE.ACTION#N", "recognition": "an Ally"}


def why_not_script(content: Content, key: str) -> str | None:
    """A reason ``key`` names no roll of these rules, or None when it does."""
    kind, _, subject = key.partition(":")
    if kind == "recognition":
        return None if subject in content.allies else f"unknown Ally {subject!r} (Allies: {', '.join(content.allies)})"
    if kind == "risk":
        role, _, rest = subject.partition(".")
        action_id, _, nth = rest.partition("#")
        action = content.actions.get(action_id)
        if action is None or action.role != role:
            return f"{subject!r} is not an action of a role (write ROLE.ACTION)"
        if action.risk is None:
            return f"'{action.name}' has no risk to roll"
        if nth and not (nth.isdigit() and int(nth) >= 2):
            return f"#{nth}: a repeated order is numbered from #2"
        return None
    return f"{key!r} names no roll (write risk:ROLE.ACTION or recognition:ALLY)"
