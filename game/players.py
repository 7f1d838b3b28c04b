"""Simple legal-move players for demos, tests and benchmarks.

Both decide only from ``legal_actions`` and the content (what any player can read in the
rulebook); neither looks at hidden state. The search and heuristic AI players build on the
same interface.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from rules.core.actions import Action, LegalAction
from rules.core.engine import ACCEPT, DELIVER, END_NEGOTIATION, END_ORDERS, PROPOSE, REJECT, RESPOND, Game
from rules.loader import Content
from rules.values import Event

Player = Callable[[Game, str, random.Random], Action]


def random_player(game: Game, role: str, rng: random.Random) -> Action:
    """Any legal action, every template equally likely, then every parameter value."""
    options = game.legal_actions(role)
    template = options[rng.randrange(len(options))]
    params = {key: values[rng.randrange(len(values))] for key, values in template.params.items()}
    return Action(role, template.id, tuple(sorted(params.items())))


def effects_value(content: Content, role: str, effects: dict[str, int]) -> float:
    """How much ``role`` likes these effects, by the preferences in its role file."""
    prefs = content.roles[role].preferences
    total = 0.0
    for ref, delta in effects.items():
        ref = ref.replace("{giver}", role)
        total += prefs.get(ref, 0.0) * delta
        if ref.startswith("commitment."):
            total += prefs.get("normalization_total", 0.0) * delta
    return total


_OP_PREFERENCE = {"keci_propose": "keci_phase", "keci_sign": "keci_phase",
                  "keci_lift_suspension": "keci_phase", "special_rep_propose": "special_representative"}


def _template_value(content: Content, role: str, t: LegalAction) -> float:
    if t.id == RESPOND:
        return 0.0
    action = content.actions.get(t.id)
    if action is None:
        return 0.0
    value = effects_value(content, role, action.effects)
    if action.op in _OP_PREFERENCE:
        value += 2 * content.roles[role].preferences.get(_OP_PREFERENCE[action.op], 0.0)
    if action.risk is not None:
        value += action.risk.chance * effects_value(content, role, action.risk.effects)
    return value / max(1, t.cost)


def greedy_player(game: Game, role: str, rng: random.Random) -> Action:
    """Keeps its word, answers offers on their merits, and orders the best value per capital."""
    content = game.content
    options = game.legal_actions(role)
    by_id: dict[str, list[LegalAction]] = {}
    for t in options:
        by_id.setdefault(t.id, []).append(t)
    if RESPOND in by_id:
        assert game.state.crisis is not None  # answering is legal only while a card is in play
        crisis = content.crises[game.state.crisis]
        responses = {r.id: r for r in crisis.responses[role]}
        best = max(by_id[RESPOND], key=lambda t: effects_value(content, role, responses[t.params["response"][0]].effects)
                   - 0.5 * t.cost)
        return Action.make(role, RESPOND, response=best.params["response"][0])
    if ACCEPT in by_id:
        t = by_id[ACCEPT][0]
        pid = t.params["proposal"][0]
        p = game.state.proposals[pid - 1]
        gain = effects_value(content, role, content.items[p.give].effects)
        cost = content.items[p.ask].deliver_cost - effects_value(content, role, content.items[p.ask].effects)
        return Action.make(role, ACCEPT if gain >= cost else REJECT, proposal=pid)
    if DELIVER in by_id:
        return Action.make(role, DELIVER, deal=by_id[DELIVER][0].params["deal"][0])
    if PROPOSE in by_id and game.state.proposals_made.get(role, 0) == 0:
        t = by_id[PROPOSE][rng.randrange(len(by_id[PROPOSE]))]
        give = min(t.params["give"], key=lambda i: -effects_value(content, role, content.items[i].effects)
                   + content.items[i].deliver_cost)
        ask = max(t.params["ask"], key=lambda i: effects_value(content, role, content.items[i].effects))
        return Action.make(role, PROPOSE, to=t.params["to"][0], give=give, ask=ask, deadline=2)
    if END_NEGOTIATION in by_id:
        return Action.make(role, END_NEGOTIATION)
    scored = [(t, _template_value(content, role, t)) for t in options if t.id != END_ORDERS]
    scored = [(t, v) for t, v in scored if v > 0]
    if scored:
        best_t = max(scored, key=lambda tv: tv[1])[0]
        params = {k: v[rng.randrange(len(v))] for k, v in best_t.params.items()}
        return Action(role, best_t.id, tuple(sorted(params.items())))
    return Action.make(role, END_ORDERS) if END_ORDERS in by_id else random_player(game, role, rng)


def ai_player(level: str, temperament: str = "moderate") -> Player:
    """The AI of ``level`` (game/ai) as a player; it decides from its role's view only."""
    def play(game: Game, role: str, rng: random.Random) -> Action:
        from game.ai import choose  # imported on first use: keeps this module light for the engine tests
        return choose(game, role, level, temperament, rng).action
    return play


PLAYERS: dict[str, Player] = {"random": random_player, "greedy": greedy_player,
                              "easy": ai_player("easy"), "normal": ai_player("normal"), "hard": ai_player("hard")}


def play_out(game: Game, players: dict[str, Player], rng: random.Random,
             on_events: Callable[[list[Event]], object] | None = None) -> Game:
    """Play until the game ends, asking each waiting role's player in seat order."""
    while not game.over:
        role = game.waiting_for()[0]
        events = game.apply(players[role](game, role, rng))
        if on_events is not None:
            on_events(events)
    return game
