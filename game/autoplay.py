"""Let AI seats play: the one place that maps a seat's level to a player and records its reason."""

from __future__ import annotations

import random
from collections.abc import Callable

from game.actions import Action
from game.engine import Game
from game.players import PLAYERS

LEVELS = ("random", "easy", "normal", "hard")


def decide(game: Game, role: str, level: str | None, temperament: str | None,
           rng: random.Random) -> tuple[Action, str]:
    """The AI's move for ``role`` and a one-sentence reason for players to read."""
    try:
        from game.ai import choose  # the AI package (issue 4)
    except ImportError:
        choose = None
    if choose is not None:
        decision = choose(game, role, level or "normal", temperament or "moderate", rng)
        return decision.action, decision.reason
    player = PLAYERS["random" if level == "random" else "greedy"]
    return player(game, role, rng), ""


def ai_rng(seed: int, seq: int, role: str) -> random.Random:
    """A decision's randomness depends only on the game's seed, the log position and the role."""
    return random.Random(f"{seed}:{seq}:{role}:ai")


Stepper = Callable[[Action, str], None]
