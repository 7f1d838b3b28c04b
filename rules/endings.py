"""How the game ends and how each role scores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules.tables import holds, holds_any, tables

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content
    from rules.schema import Ending


def ending_now(content: Content, state: GameState, final: bool) -> Ending | None:
    """The first ending (in file order) whose condition holds, as the game's scenario judges it;
    non-immediate ones only when ``final``."""
    for ending, immediate, condition, alternatives in tables(content).endings[state.scenario]:
        if not immediate and not final:
            continue
        if holds(state, condition) and holds_any(state, alternatives):
            return ending
    return None


def objectives_met(content: Content, state: GameState, role: str) -> dict[str, bool]:
    return {oid: holds(state, condition) for oid, _, _, condition in tables(content).objectives[state.scenario][role]}


def score(content: Content, state: GameState, role: str, include_secret: bool = True) -> int:
    """Points for objectives that hold now, plus the ending's points once the game has ended.

    ``include_secret=False`` gives the score other players may see during the game.
    """
    total = sum(points for _, points, secret, condition in tables(content).objectives[state.scenario][role]
                if (include_secret or not secret) and holds(state, condition))
    if state.ending is not None:
        total += content.endings[state.ending].points.get(role, 0)
    return total


def tally(content: Content, state: GameState, role: str) -> tuple[int, int, int]:
    """``(score(..., include_secret=False), score(...), number of objectives met)`` in one pass
    over the objectives: the review tells all three for every seat at every turn."""
    public = full = met = 0
    for _, points, secret, condition in tables(content).objectives[state.scenario][role]:
        if holds(state, condition):
            met += 1
            full += points
            if not secret:
                public += points
    if state.ending is not None:
        bonus = content.endings[state.ending].points.get(role, 0)
        public += bonus
        full += bonus
    return public, full, met


def scores(content: Content, state: GameState) -> dict[str, int]:
    return {role: score(content, state, role) for role in state.seats}
