"""What a heuristic player reads while it decides: a board it may look at, and who it is.

The board is always a *determinized* game (rebuilt from the role's view, or a future imagined
by a search player), never the real one, so a heuristic cannot see what its role could not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.ai.persona import Persona
from game.ai.temperament import Profile, profile
from game.ai.valuation import Valuer, fingerprint, valuer_for
from rules import council, keci
from rules import quantities as q

# Imported at run time, not only for the type checker: compiled (rules.native), the Board's
# field types must be classes that exist when this module loads (the engine imports both
# modules already, so this adds no import).
from rules.core.engine import Game
from rules.core.state import GameState
from rules.loader import Content


@dataclass
class Board:
    game: Game
    persona: Persona
    #: Easy players are noisier and skip part of their flowchart.
    easy: bool = False
    #: The game is this board's own and nothing plays it on (a determinized copy made for one
    #: decision): its valuer may keep the state itself instead of a copy of it.
    owned: bool = False
    valuer: Valuer = field(init=False)
    prof: Profile = field(init=False)
    #: Values that depend only on the board's numbers (orders, Council objections), shared with
    #: later decisions on an identical board.
    memo: dict[Any, Any] = field(init=False)

    #: The board's :func:`~game.ai.valuation.fingerprint`, worked out once for every valuer of it.
    key: tuple[Any, ...] = field(init=False)
    #: The game's rulebook and state and the persona's role, read thousands of times a game:
    #: attributes rather than properties. A board is made for one decision on a game that does
    #: not move meanwhile (its valuer is of this state already).
    content: Content = field(init=False, repr=False)
    state: GameState = field(init=False, repr=False)
    role: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        game = self.game
        self.content, self.state, self.role = game.content, game.state, self.persona.role
        self.key = fingerprint(game.state)
        self.valuer = valuer_for(game.content, game.state, self.persona, self.key, self.owned)
        self.memo = self.valuer.memo
        self.prof = profile(self.persona.temperament)

    @property
    def me(self) -> str:
        return self.content.roles[self.role].name

    def get(self, ref: str) -> int:
        return q.get(self.state, ref)

    def name(self, role: str) -> str:
        return self.content.roles[role].name

    def next_motion(self) -> str | None:
        """The Council motion that would open the next KECI phase, if there is one."""
        if self.state.keci_phase >= 3:
            return None
        return self.content.keci.phases[self.state.keci_phase + 1].motion

    def keci_blockers(self) -> list[str]:
        key = ("keci_blockers",)
        if key not in self.memo:
            self.memo[key] = keci.next_phase_blockers(self.content, self.state)
        blockers: list[str] = self.memo[key]
        return blockers

    def objections(self, motion: str | None) -> dict[str, list[str]]:
        """Allies objecting to ``motion`` on this board (memoized: the board does not change)."""
        if motion is None:
            return {}
        key = ("objections", motion)
        if key not in self.memo:
            self.memo[key] = council.objections(self.content, self.state, motion)
        found: dict[str, list[str]] = self.memo[key]
        return found

    def keci_clear(self) -> bool:
        """The next KECI motion would pass now: nothing blocks it and no Ally objects."""
        return not self.keci_blockers() and not self.objections(self.next_motion())
