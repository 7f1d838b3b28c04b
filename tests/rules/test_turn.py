"""rules.turn: the rules' random source draws what ``random.Random`` seeded with the same string draws."""

from __future__ import annotations

import random
import re

import pytest

from rules.core.actions import Action
from rules.core.engine import END_NEGOTIATION, END_ORDERS, Game
from rules.counting import points
from rules.loader import shipped_content
from rules.turn import Draws
from rules.values import Event


@pytest.mark.parametrize("seed", ["0:1:crisis", "123456789:16:resolution", "7:3:résolution", ""])
def test_draws_match_random_seeded_with_the_same_string(seed: str) -> None:
    # Replays of recorded games depend on these numbers: the same crisis card, the same backfire.
    reference = random.Random(seed)
    draws = Draws(seed)
    assert [draws.random() for _ in range(700)] == [reference.random() for _ in range(700)]


def test_a_step_that_draws_nothing_seeds_nothing() -> None:
    draws = Draws("1:1:resolution")
    assert draws._rng is None
    draws.random()
    assert draws._rng is not None


def _played_to_the_end(seed: int) -> list[Event]:
    """A whole classroom game, every seat picking a legal move at random but never dragging a phase
    out (its score lines are what the log shows at each turn's end and at the game's)."""
    game, events = Game.new(shipped_content(), "classroom", seed)
    draw = random.Random(seed)
    while not game.over:
        role = game.waiting_for()[0]
        legal = game.legal_actions(role)
        done = [t for t in legal if t.id in (END_NEGOTIATION, END_ORDERS)]
        pick = done[0] if done and draw.random() < 0.7 else draw.choice(legal)
        params = {k: draw.choice(v) for k, v in pick.params.items()}
        events += game.apply(Action(role, pick.id, tuple(sorted(params.items()))))
    return events


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_score_lines_count_points_and_objectives_in_words_a_player_expects(seed: int) -> None:
    # "Kosovo: 1 points" or "1 objective(s) met" in the game log reads like a bug.
    scores = [e for e in _played_to_the_end(seed) if e.kind == "score"]
    assert scores, "every turn's end and the game's end write score lines"
    for e in scores:
        value = e.data["score"]
        assert f": {points(value)}" in e.text, e.text
        assert "(s)" not in e.cause, e.cause
    final = scores[-len(shipped_content().scenarios["classroom"].seats):]
    assert all(re.fullmatch(r"\d+ objectives? met", e.cause) for e in final), [e.cause for e in final]
