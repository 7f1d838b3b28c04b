"""Counted nouns in the texts players read: "1 point", "2 points", "-1 point".

A briefing that promises "1 points" reads as a bug to a player, and every front-end (the window,
the printed debrief, the score events of the game log) counts points, so the one rule lives here.
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and ``noun`` in the singular for one (or minus one), else ``plural`` (``noun + "s"``)."""
    return f"{n} {noun if abs(n) == 1 else (plural or noun + 's')}"


def points(n: int) -> str:
    """A score or an objective's worth: "1 point", "3 points", "-1 point", "0 points"."""
    return counted(n, "point")
