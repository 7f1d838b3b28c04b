"""Every AI level plays whole games through the public API: legal moves, readable reasons."""

from __future__ import annotations

import random

import pytest

from game.ai import LEVELS, TEMPERAMENTS, Decision, choose
from rules.core.engine import Game
from rules.loader import Content


def _play(content: Content, scenario: str, seed: int, levels: dict[str, str]) -> tuple[Game, list[tuple[str, Decision]]]:
    game, _ = Game.new(content, scenario, seed)
    rngs = {r: random.Random(f"{seed}:{r}") for r in game.state.seats}
    temperaments = {r: TEMPERAMENTS[(seed + i) % len(TEMPERAMENTS)] for i, r in enumerate(game.state.seats)}
    decisions = []
    while not game.over:
        role = game.waiting_for()[0]
        decision = choose(game, role, levels[role], temperaments[role], rngs[role])
        assert decision.action.role == role
        assert game.why_illegal(decision.action) is None, (decision.action, decision.reason)
        decisions.append((role, decision))
        game.apply(decision.action)
    return game, decisions


@pytest.mark.parametrize("level", ["random", "easy", "normal"])
def test_level_plays_whole_games_with_legal_moves(content: Content, level: str) -> None:
    for seed in range(3):
        game, decisions = _play(content, "standard", seed, {r: level for r in content.roles})
        assert game.state.ending in content.endings
        for role, d in decisions:
            assert d.reason.startswith(content.roles[role].name), d.reason
            assert d.reason.endswith((".", ")")), d.reason


def test_hard_plays_a_whole_game_with_legal_moves(content: Content) -> None:
    levels = {"kosovo": "normal", "serbia": "easy", "nato": "hard", "eu": "random"}
    game, decisions = _play(content, "classroom", 4, levels)
    assert game.over
    assert any(role == "nato" for role, _ in decisions)


def test_reasons_never_quote_a_secret_objective(content: Content) -> None:
    """Reasons are read by the other players: a secret objective stays in the briefing."""
    secrets = [o.text.split(")", 1)[-1].strip().lower()[:30] for r in content.roles.values()
               for o in r.objectives if o.secret]
    for seed in range(3):
        _, decisions = _play(content, "standard", seed, {r: "normal" for r in content.roles})
        for _, d in decisions:
            assert not any(s in d.reason.lower() for s in secrets), d.reason


def test_choose_names_the_problem(content: Content) -> None:
    game, _ = Game.new(content, "standard", 7)
    idle = next(r for r in game.state.seats if r not in game.waiting_for())
    with pytest.raises(ValueError, match="nothing to do"):
        choose(game, idle, "normal")
    busy = game.waiting_for()[0]
    with pytest.raises(ValueError):
        choose(game, busy, "expert")
    with pytest.raises(ValueError):
        choose(game, busy, "normal", "reckless")
    assert set(LEVELS) == {"random", "easy", "normal", "hard", "silent"}


def test_same_game_and_generator_give_the_same_decision(content: Content) -> None:
    game, _ = Game.new(content, "standard", 11)
    role = game.waiting_for()[0]
    first = choose(game.clone(), role, "easy", "hardliner", random.Random(3))
    second = choose(game.clone(), role, "easy", "hardliner", random.Random(3))
    assert first == second


def test_demo_accepts_the_ai_levels() -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, str(root / "main.py"), "demo", "--players", "normal", "--seed", "3",
                             "--scenario", "classroom", "--json"], capture_output=True, text=True, cwd=root, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ending"] in ("escalation", "breakthrough", "stalemate")


@pytest.mark.parametrize("level", ["random", "easy", "normal", "silent"])
def test_a_function_that_makes_the_generator_decides_as_the_generator_does(content: Content, level: str) -> None:
    """``choose`` may be handed a function that makes the decision's generator (the table layer
    does, so that a normal decision, which never draws, does not pay for seeding one): the moves
    are the same as with the generator itself, and only the levels that draw ever call it."""
    game, _ = Game.new(content, "standard", 3)
    made = 0
    moves = 0
    while not game.over and moves < 150:
        role = game.waiting_for()[0]

        def make(seq: int = game.state.moves, who: str = role) -> random.Random:
            nonlocal made
            made += 1
            return random.Random(f"{seq}:{who}")

        lazy = choose(game, role, level, "moderate", make)
        assert lazy == choose(game, role, level, "moderate", random.Random(f"{game.state.moves}:{role}"))
        game.apply(lazy.action)
        moves += 1
    if level in ("normal", "silent"):
        assert made == 0
    else:
        assert made == moves
