"""Apply content-defined effects to the board and say, in words, what changed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rules import quantities as q
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content


def event(state: GameState, kind: str, text: str, cause: str = "",
          visible_to: tuple[str, ...] | None = None, **data: Any) -> Event:
    """An event stamped with the current turn and phase."""
    return Event(kind, text, cause, state.turn, state.phase, data, visible_to)


def label(content: Content, ref: str) -> str:
    """The player-facing name of a quantity."""
    kind, key, sub = q.parse(ref)
    if kind == "track":
        return content.tracks[key].name
    if kind == "role":
        return f"{content.roles[key].name}: {content.role_tracks[sub].name.lower()}"
    if kind == "commitment":
        return content.commitments[key].name
    if kind == "trust":
        a, b = key.split("|")
        return f"Trust between {content.roles[a].name} and {content.roles[b].name}"
    return ref


def apply_effects(content: Content, state: GameState, effects: dict[str, int], cause: str,
                  giver: str | None = None) -> list[Event]:
    """Add each delta (clamped) and return one event per quantity that really moved.

    ``{giver}`` in a reference stands for the role that owes or delivers a deal.
    """
    events = []
    for ref, delta in effects.items():
        if delta == 0:
            continue
        if giver is not None and "{giver}" in ref:
            ref = ref.replace("{giver}", giver)
        kind, key, _ = q.parse(ref)
        if kind == "role" and key not in state.role_tracks:
            continue  # a role that is not seated in this scenario
        old, new = q.add(content, state, ref, delta)
        if old != new:
            events.append(event(state, "track", f"{label(content, ref)} {old} → {new}", cause,
                                ref=ref, old=old, new=new))
    return events
