"""The crisis deck: weighted draws, immediate effects and each concerned role's response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rules import chance, special_rep
from rules.effects import apply_effects, event
from rules.hot import hot
from rules.keci import on_unilateral
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content
    from rules.schema import CrisisCard, CrisisResponse

#: Weight of drawing no card at all: some half-years are quiet.
QUIET_WEIGHT: Final = chance.QUIET_WEIGHT


def weights(content: Content, state: GameState) -> list[tuple[str, float]]:
    """Every card that may be drawn now with its weight (see :func:`rules.chance.crisis_weights`)."""
    return chance.crisis_weights(content, state)


def scripted(state: GameState) -> str | None:
    """The card the facilitator fixed for this turn, if any: a chance outcome with probability 1."""
    return state.scripted_crises.get(state.turn)


def draw(content: Content, state: GameState, rng: chance.Source) -> str | None:
    """The crisis card for this turn: the scripted one if the facilitator fixed it, else a weighted draw.

    The random source is consulted only for unscripted turns, so scripting one turn leaves the
    draws of the others as they would have been.
    """
    return chance.crisis_draw(content, state).sample(rng)


def concerned(card: CrisisCard, seats: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r for r in seats if r in card.responses)


def reveal(content: Content, state: GameState, card_id: str | None) -> list[Event]:
    """Put the drawn card in play: apply its effects (damped by a Representative) and ask for responses."""
    if card_id is None:
        state.crisis, state.crisis_pending = None, ()
        return [event(state, "crisis", "A quiet half-year: no crisis card is drawn", "the crisis draw")]
    card = content.crises[card_id]
    state.crisis = card_id
    state.drawn = state.drawn + (card_id,)
    state.crisis_choices = {}
    state.crisis_pending = concerned(card, state.seats)
    cause = "the facilitator's scripted deck" if scripted(state) == card_id else "the crisis draw"
    events = [event(state, "crisis", f"Crisis: {card.name}", cause, card=card_id)]
    effects = special_rep.dampen(content, state, card.effects) if card.escalation and not card.attack else card.effects
    if effects is not card.effects:
        events.append(event(state, "special_rep", "The Special Representative defuses part of the escalation",
                            "a Representative is in office", card=card_id, dampened=True))
    warned = special_rep.forewarn(content, state, effects) if card.disinformation else effects
    if warned is not effects:
        events.append(event(state, "special_rep", "The Special Representative's early warning blunts the disinformation campaign",
                            "a Representative who tracks disinformation from its early stages is in office", card=card_id,
                            forewarned=True))
        effects = warned
    events += apply_effects(content, state, effects, card.name)
    return events


def response_options(content: Content, state: GameState, role: str) -> list[CrisisResponse]:
    """The responses a role can afford now (a free one is always among them)."""
    if state.crisis is None or role not in state.crisis_pending:
        return []
    capital = state.role_tracks[role]["political_capital"]
    return [r for r in content.crises[state.crisis].responses[role] if r.cost <= capital]


def respond(content: Content, state: GameState, role: str, response_id: str) -> list[Event]:
    """``role`` answers the card in play with its response ``response_id``."""
    card_id = state.crisis
    assert card_id is not None
    # The response's fields from the compiled copies (rules.hot), found by its id.
    h = hot(content)
    answer = h.responses[card_id, role, response_id]
    state.crisis_pending = tuple(r for r in state.crisis_pending if r != role)
    state.crisis_choices = {**state.crisis_choices, role: answer.id}
    # The texts are the response's own, written once (rules.hot).
    events = [Event("response", answer.said, answer.cause, state.turn, state.phase,
                    {"role": role, "response": answer.id})]
    if answer.cost:
        events += apply_effects(content, state, {h.capital_ref[role]: -answer.cost}, answer.label)
    events += apply_effects(content, state, answer.effects, answer.said)
    if answer.unilateral:
        events += on_unilateral(content, state, answer.label)
    return events
