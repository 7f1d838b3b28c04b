"""The hard player: it looks ahead in imagined worlds and plays better than chance."""

from __future__ import annotations

import random
import statistics

from game import simulate
from game.ai import search
from game.ai.board import Board
from game.ai.determinize import determinize
from game.ai.persona import own
from game.ai.search import CANDIDATES, WORLDS
from rules.core.actions import Action
from rules.core.engine import END_NEGOTIATION, END_ORDERS, Game
from rules.core.view import observe
from rules.loader import Content
from tests.helpers import calm


def test_hard_beats_random_on_average(content: Content) -> None:
    """Paired games on the same seeds: one seat hard, then the same seat random; the others normal."""
    hard, rand = [], []
    for index, role in enumerate(("kosovo", "nato", "eu")):
        others = {r: simulate.Seat(r, "ai", "normal", "moderate") for r in content.roles}
        a = simulate.play_one(content, "classroom", {**others, role: simulate.Seat(role, "ai", "hard", "moderate")}, 2, index)
        b = simulate.play_one(content, "classroom", {**others, role: simulate.Seat(role, "ai", "random", "moderate")}, 2, index)
        hard.append(a.scores[role])
        rand.append(b.scores[role])
    assert statistics.fmean(hard) > statistics.fmean(rand), (hard, rand)


def test_hard_chooses_a_whole_plan_of_orders(content: Content) -> None:
    """In the actions phase the hard player compares whole sets of orders; what it returns is the
    first order of a plan that runs, order by order, to 'submit orders'."""
    game, _ = Game.new(content, "standard", 6)
    calm(game)
    while game.state.phase == "negotiation":
        game.apply(Action.make(game.waiting_for()[0], END_NEGOTIATION))
    role = game.waiting_for()[0]
    seen = observe(game, role)
    board = Board(determinize(content, seen, role, random.Random(1)), own(content, role, "moderate"))
    first, rest = search.decide(board, seen, game.legal_actions(role), random.Random(1))
    plan = [first, *rest]
    assert plan[-1].action.id == END_ORDERS
    copy = game.clone()
    for d in plan:
        assert copy.why_illegal(d.action) is None, d.action
        copy.apply(d.action)
    assert role not in copy.waiting_for()
    assert WORLDS >= 4 and CANDIDATES >= 3
