"""Actions from each role's catalogue: when they are legal, and how orders resolve.

Orders are given secretly in the actions phase and resolved together at the resolution, role by
role in the scenario's ``resolution_order`` and, within a role, in the order given. An order
whose requirements no longer hold when its turn comes (another role's order changed the board)
fails and costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rules import chance, keci, negotiation, special_rep
from rules import quantities as q
from rules.effects import apply_effects, bounded, event, floors_now
from rules.hot import HotAction, hot
from rules.tables import holds, tables
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState, Order
    from rules.loader import Content
    from rules.schema import Action

DELIVER: Final = "deliver"


def committed_capital(state: GameState, role: str) -> int:
    total = 0  # a loop, not sum() of a generator: the AI asks it at every order decision
    for o in state.orders.get(role, ()):
        total += o.cost
    return total


def available_capital(state: GameState, role: str) -> int:
    return state.role_tracks[role]["political_capital"] - committed_capital(state, role)


def can_order(content: Content, state: GameState, action: Action, capital: int) -> bool:
    """Fast yes/no form of :func:`why_not`, for listing a whole catalogue."""
    if action.cost > capital or not holds(state, tables(content).requires[action.id]):
        return False
    if not action.repeatable:
        for o in state.orders.get(action.role, ()):
            if o.action == action.id:
                return False
    return action.op is None or op_allows(content, state, action.op)


def op_allows(content: Content, state: GameState, op: str) -> bool:
    """Whether an action's named rule allows it now: the last test of :func:`why_not`, as a
    yes/no for listing a catalogue (its reasons are written only for a refused order)."""
    if op == "keci_sign":
        return state.keci_mou_approved
    if op == "keci_propose":
        return keci.next_phase_open(content, state)
    if op == "keci_lift_suspension":
        return state.keci_suspended
    if op == "special_rep_propose":
        return not state.special_rep
    return True


def why_not(content: Content, state: GameState, action: Action, capital: int | None = None) -> str | None:
    """The reason an action cannot be ordered now, or None when it can.

    ``capital`` (the role's uncommitted capital) may be passed in when checking a whole catalogue.
    """
    role = action.role
    if capital is None:
        capital = available_capital(state, role)
    if action.cost > capital:
        return f"costs {action.cost} political capital, {capital} left"
    if not action.repeatable and any(o.action == action.id for o in state.orders.get(role, ())):
        return "already ordered this turn"
    if not q.holds(state, action.requires):
        return "; ".join(q.unmet(state, action.requires))
    if action.op == "keci_sign" and not state.keci_mou_approved:
        return "the North Atlantic Council has not approved a KECI memorandum"
    if action.op == "keci_propose":
        blockers = keci.next_phase_blockers(content, state)
        if blockers:
            return "; ".join(blockers)
    if action.op == "keci_lift_suspension" and not state.keci_suspended:
        return "KECI is not suspended"
    if action.op == "special_rep_propose" and state.special_rep:
        return "a Special Representative is already in office"
    return None


def action_params(content: Content, action: Action) -> dict[str, list[str]]:
    """Parameters an action takes, with their allowed values."""
    if action.op == "special_rep_propose":
        return {"candidate": sorted(content.candidates)}
    return {}


def resolve_orders(content: Content, state: GameState, rng: chance.Source) -> list[Event]:
    events = []
    floors = floors_now(content, state)
    # The scenario read from the dict (the state's scenario was checked when the game began):
    # Content.scenario() is an interpreted call, asked several times a turn.
    for role in content.scenarios[state.scenario].resolution_order:
        given: dict[str, int] = {}
        for order in state.orders.get(role, ()):
            given[order.action] = nth = given.get(order.action, 0) + 1
            events += _resolve(content, state, role, order, rng, floors, nth)
        state.orders[role] = ()
    state.orders_done = ()
    return events


def _resolve(content: Content, state: GameState, role: str, order: Order, rng: chance.Source,
             floors: dict[str, int], nth: int = 1) -> list[Event]:
    """One order at the resolution; ``nth`` counts the role's orders of that action this turn
    (it names the order's risk roll, see :func:`rules.chance.risk_roll`)."""
    h = hot(content)
    who = h.role_name[role]
    if order.action == DELIVER:
        deal = state.deals[order.param("deal") - 1]
        if deal.status != "open":
            return []
        if state.role_tracks[role]["political_capital"] < order.cost:
            return [event(state, "order", f"{who} cannot deliver deal #{deal.proposal}", "not enough political capital")]
        return negotiation.deliver(content, state, deal, floors)
    # The action's fields read from the compiled copies (rules.hot); its model only on the rare
    # paths (a failed order's reasons, a risk's roll).
    action = h.actions[order.action]
    affordable = state.role_tracks[role]["political_capital"] >= action.cost
    if not affordable or not holds(state, tables(content).requires[action.id]):
        reasons = q.unmet(state, content.actions[action.id].requires)
        if not affordable:
            reasons.append("not enough political capital left")
        return [event(state, "order", f"{who}'s order '{action.name}' fails", "; ".join(reasons), role=role,
                      action=action.id)]
    text = action.resolved if role == action.role else f"{who}: {action.name}"  # written once (rules.hot)
    events = [Event("order", text, "order resolved", state.turn, state.phase, {"role": role, "action": action.id})]
    events += apply_effects(content, state, {h.capital_ref[role]: -action.cost}, action.name)
    effects, bound = bounded(content, state, action.effects, floors)
    events += bound
    events += apply_effects(content, state, effects, action.name)
    events += _op(content, state, action, order)
    if not action.risky:
        return events
    model = content.actions[action.id]
    roll = chance.risk_roll(state, role, model, nth)
    if roll is not None and model.risk is not None and roll.sample(rng):
        events.append(event(state, "risk", f"Backfire: {model.risk.text}", f"the risk of '{action.name}'"))
        events += apply_effects(content, state, model.risk.effects, f"backfire of '{action.name}'")
    return events


def _op(content: Content, state: GameState, action: HotAction, order: Order) -> list[Event]:
    if action.op is None:
        return []
    cause = f"{hot(content).role_name[action.role]}: {action.name}"
    if action.op == "keci_propose":
        return keci.propose_next_phase(content, state, cause)
    if action.op == "keci_sign":
        return keci.sign(content, state, cause)
    if action.op == "keci_lift_suspension":
        return keci.lift_suspension(content, state, cause)
    if action.op == "special_rep_propose":
        return special_rep.propose(content, state, order.param("candidate"), cause)
    if action.op == "unilateral_north":
        return keci.on_unilateral(content, state, cause)
    if action.op == "convene_dialogue":
        return special_rep.dialogue_bonus(content, state)
    return []
