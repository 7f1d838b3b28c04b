"""What an AI returns: an action and the one sentence a player reads about it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rules.core.actions import Action


class Level(StrEnum):
    RANDOM = "random"
    EASY = "easy"
    NORMAL = "normal"
    HARD = "hard"
    #: The normal AI that never proposes and rejects every proposal: the yardstick that shows
    #: whether negotiating changes the outcome (benchmarks/bench_balance.py).
    SILENT = "silent"


@dataclass(frozen=True, slots=True)
class Decision:
    """A legal action for the role that was asked, with a reason a player can read."""

    action: Action
    reason: str
