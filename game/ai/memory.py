"""What an AI seat keeps between its decisions: a cache that belongs to the seat, not the process.

A table (or a simulated game) owns one :class:`SeatMemory` per AI seat and passes it to every
:func:`game.ai.choose` call for that seat. Nothing here is keyed by the identity of a game object,
so a front-end that copies the game for each decision still benefits from it, and two games in
one process never share it. The memory only saves work: a decision must be the same with a fresh
memory as with a kept one, so a session resumed in another process plays the same moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.ai.decision import Decision


@dataclass(slots=True)
class SeatMemory:
    """One AI seat's memory between decisions (see the module docstring).

    ``plans`` holds a hard player's plans of orders for the current turn, keyed by the digest of
    the board they were worked out from (:mod:`game.ai.planning`), so they are dropped when the turn changes and the
    memory stays small however long a seat plays.
    """

    plans: dict[str, tuple[Decision, ...]] = field(default_factory=dict)
    plans_turn: int = 0

    def clear(self) -> None:
        self.plans.clear()
