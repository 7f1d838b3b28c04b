"""What an AI seat keeps between its decisions: a cache that belongs to the seat, not the process.

A table (or a simulated game) owns one :class:`SeatMemory` per AI seat and passes it to every
:func:`game.ai.choose` call for that seat. Nothing here is keyed by the identity of a game object,
so a front-end that copies the game for each decision still benefits from it, and two games in
one process never share it. The memory only saves work: a decision must be the same with a fresh
memory as with a kept one, so a session resumed in another process plays the same moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.ai.decision import Decision
    from rules.core.actions import Action
    from rules.core.engine import Game


@dataclass(slots=True)
class Continuation:
    """The determinized copy a seat worked on for its last order in an actions phase."""

    turn: int
    copy: Game
    persona: Any
    last: Action
    plan: list[Decision] | None


@dataclass(slots=True)
class SeatMemory:
    """One AI seat's memory between decisions (see the module docstring)."""

    continuation: Continuation | None = None

    def clear(self) -> None:
        self.continuation = None
