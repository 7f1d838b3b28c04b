"""How the game ends and how each role scores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules import quantities as q
from rules.tables import holds, tables

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content
    from rules.schema import Ending


def ending_now(content: Content, state: GameState, final: bool) -> Ending | None:
    """The first ending (in file order) whose condition holds; non-immediate ones only when ``final``."""
    for ending in content.endings.values():
        if not ending.immediate and not final:
            continue
        if q.holds(state, ending.condition) and q.holds_any(state, ending.condition_any):
            return ending
    return None


def objectives_met(content: Content, state: GameState, role: str) -> dict[str, bool]:
    return {oid: holds(state, condition) for oid, _, _, condition in tables(content).objectives[role]}


def score(content: Content, state: GameState, role: str, include_secret: bool = True) -> int:
    """Points for objectives that hold now, plus the ending's points once the game has ended.

    ``include_secret=False`` gives the score other players may see during the game.
    """
    total = sum(points for _, points, secret, condition in tables(content).objectives[role]
                if (include_secret or not secret) and holds(state, condition))
    if state.ending is not None:
        total += content.endings[state.ending].points.get(role, 0)
    return total


def scores(content: Content, state: GameState) -> dict[str, int]:
    return {role: score(content, state, role) for role in state.seats}
