"""An AI seat's move: the one random-source rule and the seat's memory.

A decision's randomness depends only on the game's seed, the log position and the role
(:func:`ai_rng`), and whatever the AI keeps between decisions lives in the seat's
:class:`~game.ai.memory.SeatMemory`, which only saves work. So a session gives the same AI moves
whatever front-end plays it, and a session resumed in another process plays on identically.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from game.table.seat import Seat

if TYPE_CHECKING:
    from game.ai import Decision
    from game.ai.memory import SeatMemory
    from rules.core.engine import Game


def ai_rng(seed: int, seq: int, role: str) -> random.Random:
    """The random source of ``role``'s decision at log position ``seq`` in a game seeded ``seed``."""
    return random.Random(f"{seed}:{seq}:{role}:ai")


#: ``game.ai.choose`` once an AI seat has played: the AI is loaded only then, and a ``from ... import``
#: on every decision cost ~1.7 us (a game of simulate makes about 320).
_CHOOSE: list[Callable[..., Decision]] = []


def _load_ai() -> Callable[..., Decision]:
    from game.ai import choose

    _CHOOSE.append(choose)
    return choose


def decide(game: Game, seat: Seat, seq: int, memory: SeatMemory | None = None) -> Decision:
    """The AI's move for ``seat`` at log position ``seq``, with its one-sentence reason.

    ``game`` is not changed (the AI thinks on its role's view); pass a clone to think in a
    thread while the game goes on being read elsewhere.
    """
    choose = _CHOOSE[0] if _CHOOSE else _load_ai()

    # The generator is made only if the decision draws (seeding one costs more than most normal
    # decisions); the moves are the same as with ai_rng(...) passed in.
    seed = game.state.seed
    return choose(game, seat.role, seat.level or "normal", seat.temperament or "moderate",
                  lambda: ai_rng(seed, seq, seat.role), memory)
