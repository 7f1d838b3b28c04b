"""rules.turn: the rules' random source draws what ``random.Random`` seeded with the same string draws."""

from __future__ import annotations

import random

import pytest

from rules.turn import Draws


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
