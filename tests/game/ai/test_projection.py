"""The role's game built straight from the state equals the one rebuilt from its view."""

from __future__ import annotations

import random

import pytest

from game.ai import choose
from game.ai.determinize import determinize
from game.ai.projection import offers_made, project
from rules.core.engine import Game
from rules.core.view import observe
from rules.loader import Content


@pytest.mark.parametrize("scenario", ["standard", "classroom", "keci_now"])
def test_projection_equals_determinized_view_for_every_role_all_game(content: Content, scenario: str) -> None:
    checked = 0
    for seed in range(3):
        game, _ = Game.new(content, scenario, seed)
        rngs = {r: random.Random(r) for r in game.state.seats}
        levels = {r: ("easy" if i % 2 else "normal") for i, r in enumerate(game.state.seats)}
        while not game.over:
            for role in game.state.seats:
                fast = project(game, role, random.Random(seed))
                slow = determinize(content, observe(game, role), role, random.Random(seed))
                assert fast.state == slow.state, (game.state.turn, game.state.phase, role)
                # What a decision that skips the copy counts as the offers it has made.
                assert offers_made(game, role) == fast.state.proposals_made.get(role, 0)
                checked += 1
            role = game.waiting_for()[0]
            game.apply(choose(game, role, levels[role], "moderate", rngs[role]).action)
    assert checked > 300


def test_projection_refuses_a_role_without_a_seat(content: Content) -> None:
    game, _ = Game.new(content, "standard", 1)
    with pytest.raises(KeyError):
        project(game, "atlantis", 1)
