"""The hard player: determinized rollouts over a short list of sensible moves.

For a decision that matters, the hard player

1. asks the normal heuristic for its choice and a few alternatives (the candidates). In the
   actions phase a candidate is a whole set of orders: the heuristic's plan for the turn, the
   same plan without one of its orders, or no further orders at all — comparing single first
   orders would be meaningless, since the heuristic would give the others right after;
2. imagines several *worlds* consistent with what it sees: each is rebuilt from its view with
   a fresh seed (so a different crisis deck and different luck), each other role pictured with
   a sampled temperament and posture, and orders that others have already given secretly
   sampled by letting those imagined roles choose them;
3. plays every candidate forward in every world with all roles following the normal heuristic
   until the end of the next turn (or the game), and scores the outcome with its own potential
   (objectives, ending points, escalation risk);
4. takes the candidate with the best average. Every candidate meets the same worlds and the same
   luck (common random numbers), so the comparison is fair with few samples. A chosen plan of
   orders is followed through the turn without searching again (see :mod:`game.ai.choose`).

The numbers of worlds and candidates are fixed, not timed, so a game is reproducible.
"""

from __future__ import annotations

import random
from typing import Any

from game.ai import heuristic
from game.ai.board import Board
from game.ai.decision import Decision
from game.ai.determinize import determinize
from game.ai.negotiator import Negotiator
from game.ai.persona import Persona, imagined
from game.ai.valuation import Valuer
from rules import endings
from rules.core.actions import Action, LegalAction
from rules.core.engine import ACCEPT, END_NEGOTIATION, END_ORDERS, Game
from rules.core.phases import Phase

#: Sampled worlds per decision, candidates compared, and turns looked ahead (beyond this one).
WORLDS, CANDIDATES, HORIZON = 8, 5, 1
#: Average advantage (in objective points) an alternative needs over the heuristic's own choice.
MARGIN = 0.75


def decide(board: Board, seen: dict[str, Any], legal: list[LegalAction], rng: random.Random
           ) -> tuple[Decision, list[Decision]]:
    """The hard decision, and in the actions phase the rest of the chosen plan of orders."""
    base = heuristic.decide(board, legal, rng)
    if board.state.phase == Phase.ACTIONS:
        plans = _plans(board, base, rng)
    else:
        plans = [[d] for d in _candidates(board, legal, base)]
    if len(plans) < 2:
        return plans[0][0], plans[0][1:]
    worlds = [_world(board, seen, rng) for _ in range(WORLDS)]
    totals = [0.0] * len(plans)
    for game, personas, seed in worlds:
        for i, plan in enumerate(plans):
            future = game.clone()
            _follow(future, board.role, plan)
            rollout(future, personas, board.state.turn + HORIZON, random.Random(seed))
            totals[i] += evaluate(future, board.persona)
    # The heuristic's plan keeps the benefit of the doubt: an alternative must do better on
    # average by a clear margin, not by the luck of a few sampled worlds.
    bonus = [MARGIN * len(worlds) if i == 0 else 0.0 for i in range(len(plans))]
    best = max(range(len(plans)), key=lambda i: (totals[i] + bonus[i], -i))
    chosen = plans[best]
    if best == 0:
        return chosen[0], chosen[1:]
    sentence = chosen[0].reason.rstrip(".")
    first = Decision(chosen[0].action, f"{sentence} (it played out best in {len(worlds)} imagined futures).")
    return first, chosen[1:]


def _follow(game: Game, role: str, plan: list[Decision]) -> None:
    """Play ``plan`` for ``role`` in an imagined world (skipping what is not possible there)."""
    for d in plan:
        if role not in game.waiting_for():
            return
        if game.why_illegal(d.action) is None:
            game.apply(d.action)
    if game.state.phase == Phase.ACTIONS and role in game.waiting_for():
        game.apply(Action.make(role, END_ORDERS))


def _plans(board: Board, base: Decision, rng: random.Random) -> list[list[Decision]]:
    """The heuristic's orders for the rest of the turn, that plan without one of its first orders,
    and no more orders at all."""
    plan = [base]
    game, role = board.game.clone(), board.role
    game.apply(base.action)
    while game.state.phase == Phase.ACTIONS and role in game.waiting_for():
        d = heuristic.decide(Board(game, board.persona), game.legal_actions(role), rng)
        plan.append(d)
        game.apply(d.action)
    plans = [plan]
    orders = [i for i, d in enumerate(plan) if d.action.id != END_ORDERS]
    for i in orders[:CANDIDATES - 2]:
        plans.append(plan[:i] + plan[i + 1:])
    if orders:
        plans.append([heuristic.end_orders(board, [])])
    return plans


def _candidates(board: Board, legal: list[LegalAction], base: Decision) -> list[Decision]:
    """Outside the actions phase: the heuristic's choice first, then a few alternatives (the other
    crisis responses; accepting, rejecting or countering an offer; making it or not)."""
    out = [base]
    seen = {base.action}

    def add(d: Decision | None) -> None:
        if d is not None and d.action not in seen and len(out) < CANDIDATES:
            seen.add(d.action)
            out.append(d)

    phase = board.state.phase
    if phase == Phase.CRISIS:
        for _, t in sorted(heuristic.response_values(board, legal), key=lambda vt: -vt[0]):
            add(heuristic.respond_decision(board, t))
    elif phase == Phase.NEGOTIATION:
        negotiator = Negotiator(board)
        answers = [t for t in legal if t.id == ACCEPT]
        if answers:
            proposal = board.state.proposals[min(t.params["proposal"][0] for t in answers) - 1]
            why = negotiator.objection(proposal) or "it prefers to keep its hands free"
            add(negotiator.accept(proposal))
            add(negotiator.reject(proposal, why))
            add(negotiator.counter(proposal, legal, why))
        elif any(t.id == END_NEGOTIATION for t in legal):
            add(heuristic.end_negotiation(board))
    return out


def _world(board: Board, seen: dict[str, Any], rng: random.Random) -> tuple[Game, dict[str, Persona], int]:
    """One imagined world: the view with a fresh seed, others pictured, their hidden orders sampled."""
    content, role = board.content, board.role
    game = determinize(content, seen, role, rng)
    personas = {r: imagined(content, r, rng) for r in game.state.seats if r != role}
    personas[role] = board.persona
    st = game.state
    if st.phase == Phase.ACTIONS:
        policy_rng = random.Random(rng.getrandbits(32))
        for other in [r for r in st.orders_done if r != role]:
            st.orders_done = tuple(r for r in st.orders_done if r != other)
            while other in game.waiting_for():
                b = Board(game, personas[other])
                game.apply(heuristic.decide(b, game.legal_actions(other), policy_rng).action)
    return game, personas, rng.getrandbits(32)


def rollout(game: Game, personas: dict[str, Persona], until_turn: int, rng: random.Random) -> None:
    """Play on with every role following the normal heuristic, until ``until_turn`` begins."""
    while not game.over and game.state.turn <= until_turn:
        waiting = game.waiting_for()
        if not waiting:
            break
        role = waiting[0]
        board = Board(game, personas[role])
        game.apply(heuristic.decide(board, game.legal_actions(role), rng).action)


def evaluate(game: Game, persona: Persona) -> float:
    """How good this future is for the persona: its potential, plus the ending's points if over."""
    st = game.state
    value = Valuer(game.content, st, persona).potential()
    if st.ending is not None:
        value += game.content.endings[st.ending].points.get(persona.role, 0)
        value += 0.5 * endings.score(game.content, st, persona.role)
    return value
