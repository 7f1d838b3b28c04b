"""Moves for setting up rules cases through the public engine API."""

from __future__ import annotations

from rules.core.actions import Action
from rules.core.engine import END_NEGOTIATION, END_ORDERS, RESPOND, Game


def calm(game: Game) -> None:
    """Answer any crisis with each role's cheapest response (rules cases want a quiet board)."""
    while game.state.phase == "crisis":
        role = game.waiting_for()[0]
        cheapest = min(game.legal_actions(role), key=lambda t: t.cost)
        game.apply(Action.make(role, RESPOND, response=cheapest.params["response"][0]))


def to_actions(game: Game) -> None:
    """From wherever the turn is, move to its actions phase with nobody having ordered yet."""
    calm(game)
    while game.state.phase == "negotiation":
        role = game.waiting_for()[0]
        game.apply(Action.make(role, END_NEGOTIATION))


def order(game: Game, role: str, action_id: str, **params) -> None:
    game.apply(Action.make(role, action_id, **params))


def finish_orders(game: Game) -> list:
    """Everyone still giving orders submits; the resolution and review run. Returns their events."""
    events = []
    while game.state.phase == "actions":
        role = game.waiting_for()[0]
        events += game.apply(Action.make(role, END_ORDERS))
    return events


def op_action(game: Game, op: str) -> str:
    return next(a.id for a in game.content.actions.values() if a.op == op)
