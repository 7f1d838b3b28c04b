"""Apply content-defined effects to the board and say, in words, what changed and why."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rules import quantities as q
from rules.hot import hot
from rules.tables import tables
from rules.values import Event, moved

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content


def event(state: GameState, kind: str, text: str, cause: str = "",
          visible_to: tuple[str, ...] | None = None, **data: Any) -> Event:
    """An event stamped with the current turn and phase.

    The events made most (a move's own, an order's or a delivery's result, a review's scores)
    are made with ``Event(...)`` directly: this call's keyword arguments cost about a third of
    making the event itself."""
    return Event(kind, text, cause, state.turn, state.phase, data, visible_to)


@lru_cache(maxsize=4096)
def label(content: Content, ref: str) -> str:
    """The player-facing name of a quantity (a pure function of the content: cached, as every
    effect of every move names the quantity it moved)."""
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


def bounded(content: Content, state: GameState, effects: dict[str, int], floors: dict[str, int] | None
            ) -> tuple[dict[str, int], list[Event]]:
    """Effects with falls cut so that no track goes below its floor for this resolution.

    A track with ``max_fall_per_turn`` (tension in the north) may fall by at most that much from
    orders and deliveries in one resolution; the event says what was cut and why.
    """
    if not floors:
        return effects, []
    out = effects  # copied only when an effect is cut
    events = []
    for ref, floor in floors.items():
        delta = out.get(ref, 0)
        if delta >= 0:
            continue
        allowed = max(delta, min(0, floor - q.get(state, ref)))
        if allowed != delta:
            if out is effects:
                out = dict(effects)
            out[ref] = allowed
            track = content.tracks[ref]
            events.append(event(state, "bound", f"{track.name} can fall by at most {track.max_fall_per_turn} "
                                "in one half-year: the rest of this effect is lost",
                                "calm is built over time, not bought in one turn", ref=ref, wanted=delta,
                                allowed=allowed))
    return out, events


def floors_now(content: Content, state: GameState) -> dict[str, int]:
    """The lowest each bounded track may reach by orders and deliveries in this resolution."""
    tracks = state.tracks
    return {track: tracks[track] - fall for track, fall in hot(content).max_fall}


def apply_effects(content: Content, state: GameState, effects: dict[str, int], cause: str,
                  giver: str | None = None) -> list[Event]:
    """Add each delta (clamped) and return one event per quantity that really moved.

    ``{giver}`` in a reference stands for the role that owes or delivers a deal. Each quantity's
    kind, bounds and name come from the tables compiled at content load (:mod:`rules.tables`);
    this runs for every effect of every move.
    """
    events = []
    quantities = tables(content).quantities
    turn, phase = state.turn, state.phase
    for ref, delta in effects.items():
        if delta == 0:
            continue
        if giver is not None and "{giver}" in ref:
            ref = ref.replace("{giver}", giver)
        known = quantities.get(ref)
        if known is None:
            kind, key, _ = q.parse(ref)
            if kind == "role" and key not in state.role_tracks:
                continue  # a role that is not seated in this scenario
            old, new = q.add(content, state, ref, delta)
            name = label(content, ref)
        else:
            kind, key, sub, lo, hi, name = known
            if kind == "track":
                values = state.tracks
            elif kind == "role":
                values = state.role_tracks.get(key)  # type: ignore[assignment]
                if values is None:
                    continue  # a role that is not seated in this scenario
                key = sub
            elif kind == "commitment":
                values = state.normalization
            else:
                values = state.trust
            old = values[key]
            # min(hi, max(lo, old + delta)) without two builtin calls: this runs for every effect
            new = old + delta
            new = lo if new < lo else new  # noqa: FURB136 - see above
            new = hi if new > hi else new  # noqa: FURB136 - see above
            values[key] = new
        if old != new:
            events.append(moved(name, ref, old, new, cause, turn, phase))
    return events

