"""The 1995 Study on NATO Enlargement's principles held against a game (for the debrief).

Each principle in ``context.yaml`` carries the question a debrief asks and, where the board can
measure it, a condition that says whether the game's end state kept to it. Principles the board
cannot measure come back with ``held=None``: a debrief shows them for discussion, not as a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rules import quantities as q

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content


@dataclass(frozen=True, slots=True)
class PrincipleCheck:
    """One principle as a debrief criterion: held (True/False), or None when not measurable."""

    id: str
    name: str
    criterion: str
    held: bool | None
    #: Why it is not held (the unmet parts of its condition); empty when held or not measurable.
    reasons: tuple[str, ...]
    source: str


def assess(content: Content, state: GameState) -> list[PrincipleCheck]:
    """Every principle, in file order, judged on ``state`` (usually the end of a game)."""
    out = []
    for p in content.principles.values():
        if not p.held_when:
            out.append(PrincipleCheck(p.id, p.name, p.criterion, None, (), p.source))
            continue
        reasons = tuple(q.unmet(state, p.held_when))
        out.append(PrincipleCheck(p.id, p.name, p.criterion, not reasons, reasons, p.source))
    return out
