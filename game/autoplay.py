"""Let AI seats play: the one place that maps a seat's level to an AI decision and its reason."""

from __future__ import annotations

import random

from game.ai import LEVELS, TEMPERAMENTS, choose
from rules.core.actions import Action
from rules.core.engine import Game

__all__ = ["LEVELS", "TEMPERAMENTS", "ai_rng", "decide"]


def decide(game: Game, role: str, level: str | None, temperament: str | None,
           rng: random.Random) -> tuple[Action, str]:
    """The AI's move for ``role`` and a one-sentence reason for players to read."""
    decision = choose(game, role, level or "normal", temperament or "moderate", rng)
    return decision.action, decision.reason


def ai_rng(seed: int, seq: int, role: str) -> random.Random:
    """A decision's randomness depends only on the game's seed, the log position and the role,
    so a session replays and resumes to the same moves."""
    return random.Random(f"{seed}:{seq}:{role}:ai")
