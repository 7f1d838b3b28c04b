"""A game rebuilt from what one role sees plays on like the real one, for that role."""

from __future__ import annotations

import random

from game.ai import choose
from game.ai.determinize import determinize
from game.players import random_player
from rules.core.engine import Game
from rules.core.view import observe, view
from rules.loader import Content


def _subset(small: object, big: object, path: str = "") -> None:
    if isinstance(small, dict):
        assert isinstance(big, dict), path
        for key, value in small.items():
            assert key in big, f"{path}/{key}"
            _subset(value, big[key], f"{path}/{key}")
    else:
        assert small == big, (path, small, big)


def test_observe_holds_the_facts_of_the_view(content: Content) -> None:
    rng = random.Random(2)
    game, _ = Game.new(content, "standard", 2)
    while not game.over:
        for role in (None, *game.state.seats):
            _subset(observe(game, role), view(game, role))
        game.apply(random_player(game, game.waiting_for()[0], rng))


def test_rebuilt_game_offers_the_role_the_same_moves(content: Content) -> None:
    for seed in range(4):
        game, _ = Game.new(content, "standard", seed)
        rngs = {r: random.Random(r) for r in game.state.seats}
        while not game.over:
            role = game.waiting_for()[0]
            copy = determinize(content, observe(game, role), role, random.Random(seed))
            assert copy.legal_actions(role) == game.legal_actions(role), (seed, game.state.phase, role)
            assert role in copy.waiting_for()
            assert copy.state.tracks == game.state.tracks
            assert len(copy.state.deals) == len(game.state.deals)
            assert [d for d in copy.state.deals if d.status == "open"] == [
                d for d in game.state.deals if d.status == "open"]
            game.apply(choose(game, role, "normal", "moderate", rngs[role]).action)


def test_rebuilt_game_samples_the_seed(content: Content) -> None:
    game, _ = Game.new(content, "standard", 3)
    role = game.waiting_for()[0]
    seen = observe(game, role)
    seeds = {determinize(content, seen, role, random.Random(i)).state.seed for i in range(5)}
    assert len(seeds) == 5 and game.state.seed not in seeds
    assert "seed" not in seen


def test_rebuilt_game_can_be_played_to_the_end(content: Content) -> None:
    game, _ = Game.new(content, "standard", 8)
    role = game.waiting_for()[0]
    copy = determinize(content, observe(game, role), role, random.Random(1))
    rng = random.Random(1)
    while not copy.over:
        copy.apply(random_player(copy, copy.waiting_for()[0], rng))
    assert copy.state.ending in content.endings
