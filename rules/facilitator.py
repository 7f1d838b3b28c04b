"""The facilitator's acts (the "white cell" of a matrix game): rulings applied like moves.

A facilitator act is an :class:`~rules.core.actions.Action` whose role is ``"facilitator"``. It goes
through the engine and the store's log like a player's move, so ``replay --verify`` rebuilds it
and every seat reads it in the log as the facilitator's public act. This module checks an act
(:func:`why_not`) and applies the ones that are plain state changes (:func:`apply`); finishing a
seat at a deadline reuses the players' own moves and lives in the engine.

The facilitator is never a seat: it has no objectives, no capital and no score.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from rules import quantities as q
from rules.effects import apply_effects, event, label
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.actions import Action
    from rules.core.state import GameState
    from rules.loader import Content

FACILITATOR: Final = "facilitator"

PAUSE: Final = "pause"
RESUME: Final = "resume"
INJECT: Final = "inject"
HANDOVER: Final = "handover"
ADJUST: Final = "adjust"
DEADLINE: Final = "deadline"
TIMEOUT: Final = "timeout"
SCRIPT: Final = "script"
#: The outcomes of a scripted roll (``script``'s ``outcome``).
HAPPENS, FAILS = "happens", "fails"

#: Every facilitator act and its parameters (``inject``'s ``turn`` 0 means "now").
ACTS: dict[str, tuple[str, ...]] = {
    PAUSE: ("reason",),
    RESUME: (),
    INJECT: ("card", "turn"),
    HANDOVER: ("seat", "to"),
    ADJUST: ("track", "delta", "reason"),
    DEADLINE: ("phase", "minutes", "on_timeout"),
    TIMEOUT: ("seat",),
    SCRIPT: ("roll", "outcome", "turn"),
}

#: Phases a deadline can be set for: the ones in which players act.
TIMED_PHASES = ("crisis", "negotiation", "actions")
ON_TIMEOUT = ("finish", "ai")
_CONTROLLER = re.compile(r"^(human|ai(:[a-z]+){0,2})$")
#: Longest deadline a facilitator can set (a whole class session).
MAX_MINUTES = 240
#: Longest text a facilitator may give (a reason players read); an exported game must import again.
MAX_TEXT = 500


def why_not(content: Content, state: GameState, action: Action) -> str | None:
    """A facilitator-facing reason the act cannot be applied now, or None when it can."""
    params = ACTS.get(action.id)
    if params is None:
        return f"{action.id!r} is not a facilitator act (acts: {', '.join(ACTS)})"
    given = [k for k, _ in action.params]
    if sorted(given) != sorted(params):
        return f"{action.id} takes parameter(s) {', '.join(params) or 'none'} (got {', '.join(given) or 'none'})"
    long = [k for k, v in action.params if isinstance(v, str) and len(v) > MAX_TEXT]
    if long:  # a save file holds it, so it must fit what an import accepts
        return f"the {long[0]} is at most {MAX_TEXT} characters"
    if state.ending is not None and action.id != RESUME:
        return "the game is over"
    check = _CHECKS[action.id]
    return check(content, state, action)


def _text(action: Action, name: str) -> str:
    value = action.param(name)
    return value.strip() if isinstance(value, str) else ""


def public_form(action: Action) -> Action:
    """A facilitator act as players may read it: an act that fixes the future (a roll scripted,
    a crisis card scripted for a later turn) is shown without what it fixed."""
    from rules.core.actions import Action as Act

    if action.id == SCRIPT or (action.id == INJECT and action.param("turn") not in (0, None)):
        return Act(action.role, action.id)
    return action


def _check_pause(content: Content, state: GameState, action: Action) -> str | None:
    if state.paused is not None:
        return f"the table is already paused ({state.paused})"
    return None if _text(action, "reason") else "a pause needs a reason the players can read"


def _check_resume(content: Content, state: GameState, action: Action) -> str | None:
    return None if state.paused is not None else "the table is not paused"


def _check_inject(content: Content, state: GameState, action: Action) -> str | None:
    card, turn = action.param("card"), action.param("turn")
    if card not in content.crises:
        return f"unknown crisis card {card!r} (cards: {', '.join(sorted(content.crises))})"
    if not isinstance(turn, int) or isinstance(turn, bool):
        return "turn must be a whole number (0 for now)"
    if turn == 0:
        if state.phase == "crisis":
            return "a crisis is being answered now; inject this card for a later turn"
        if state.phase not in ("negotiation", "actions"):
            return f"a card can be injected now only in the negotiation or actions phase (now: {state.phase})"
        return None
    if not state.turn < turn <= state.last_turn:
        return f"turn must be 0 (now) or a later turn of this game ({state.turn + 1}..{state.last_turn})"
    return None


def _check_handover(content: Content, state: GameState, action: Action) -> str | None:
    seat, to = action.param("seat"), action.param("to")
    if seat not in state.seats:
        return f"{seat!r} has no seat in this game (seats: {', '.join(state.seats)})"
    if not isinstance(to, str) or not _CONTROLLER.match(to):
        return "a seat goes to 'human' or to 'ai:LEVEL' (for example ai:normal)"
    return None


def _check_adjust(content: Content, state: GameState, action: Action) -> str | None:
    track, delta = action.param("track"), action.param("delta")
    if not isinstance(track, str) or not _known_quantity(content, state, track):
        known = ", ".join(list(content.tracks) + [f"ROLE.{t}" for t in content.role_tracks])
        return f"unknown track {track!r} (tracks: {known})"
    if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0:
        return "the change must be a non-zero whole number"
    if not _text(action, "reason"):
        return "a ruling needs a reason the players can read"
    return None


def _known_quantity(content: Content, state: GameState, ref: str) -> bool:
    kind, key, sub = q.parse(ref)
    if kind == "track":
        return key in content.tracks
    if kind == "role":
        return key in state.role_tracks and sub in content.role_tracks
    if kind == "commitment":
        return key in content.commitments
    if kind == "trust":
        return key in state.trust
    return False


def _check_deadline(content: Content, state: GameState, action: Action) -> str | None:
    phase, minutes, policy = action.param("phase"), action.param("minutes"), action.param("on_timeout")
    if phase not in TIMED_PHASES:
        return f"deadlines are set for the phases players act in ({', '.join(TIMED_PHASES)}), not {phase!r}"
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= MAX_MINUTES:
        return f"minutes must be a whole number from 0 (no deadline) to {MAX_MINUTES}"
    if policy not in ON_TIMEOUT:
        return "when time runs out, unfinished seats are either 'finish'ed for them or handed to the 'ai'"
    return None


def _check_timeout(content: Content, state: GameState, action: Action) -> str | None:
    seat = action.param("seat")
    if seat not in state.seats:
        return f"{seat!r} has no seat in this game (seats: {', '.join(state.seats)})"
    if state.phase not in TIMED_PHASES:
        return f"nobody is acting in the {state.phase} phase"
    return None


def _check_script(content: Content, state: GameState, action: Action) -> str | None:
    from rules.chance import why_not_script

    roll, outcome, turn = action.param("roll"), action.param("outcome"), action.param("turn")
    reason = why_not_script(content, roll) if isinstance(roll, str) else "roll must be text"
    if reason is not None:
        return reason
    if outcome not in (HAPPENS, FAILS):
        return f"outcome must be '{HAPPENS}' or '{FAILS}'"
    if not isinstance(turn, int) or isinstance(turn, bool) or not (turn == 0 or state.turn <= turn <= state.last_turn):
        return f"turn must be 0 (this turn) or a turn of this game still to come ({state.turn}..{state.last_turn})"
    return None


_CHECKS = {PAUSE: _check_pause, RESUME: _check_resume, INJECT: _check_inject, HANDOVER: _check_handover,
           ADJUST: _check_adjust, DEADLINE: _check_deadline, TIMEOUT: _check_timeout, SCRIPT: _check_script}

_CAUSE = "the facilitator's act"


def controller_label(to: str) -> str:
    """'ai:normal' -> 'the computer (normal)', for players to read."""
    if to == "human":
        return "a human player"
    level = to.split(":")[1] if ":" in to else "normal"
    return f"the computer ({level})"


def apply(content: Content, state: GameState, action: Action) -> list[Event]:
    """Apply a checked facilitator act (all but ``timeout``, which the engine runs) and tell it."""
    if action.id == PAUSE:
        state.paused = _text(action, "reason")
        return [event(state, "facilitator", f"The facilitator pauses the game: {state.paused}", _CAUSE, act=PAUSE)]
    if action.id == RESUME:
        state.paused = None
        return [event(state, "facilitator", "The facilitator resumes the game", _CAUSE, act=RESUME)]
    if action.id == INJECT:
        return _inject(content, state, action.param("card"), action.param("turn"))
    if action.id == HANDOVER:
        seat, to = action.param("seat"), action.param("to")
        state.controllers = {**state.controllers, seat: to}
        return [event(state, "facilitator", f"The facilitator hands {content.roles[seat].name} to "
                      f"{controller_label(to)}", _CAUSE, act=HANDOVER, seat=seat, to=to)]
    if action.id == ADJUST:
        ref, reason = action.param("track"), _text(action, "reason")
        events = [event(state, "facilitator", f"White cell ruling on {label(content, ref)}: {reason}", _CAUSE,
                        act=ADJUST, ref=ref, delta=action.param("delta"))]
        moved = apply_effects(content, state, {ref: action.param("delta")}, f"white cell ruling: {reason}")
        if not moved:
            events.append(event(state, "facilitator", f"{label(content, ref)} is already at its limit", _CAUSE))
        return events + moved
    if action.id == DEADLINE:
        phase, minutes = action.param("phase"), action.param("minutes")
        state.deadlines = {**state.deadlines, phase: minutes}
        if minutes == 0:
            del state.deadlines[phase]
        state.on_timeout = action.param("on_timeout")
        then = "finished for them" if state.on_timeout == "finish" else "handed to the computer"
        text = (f"The facilitator sets a deadline of {minutes} minutes for the {phase} phase; "
                f"seats not finished by then are {then}") if minutes else \
            f"The facilitator lifts the deadline for the {phase} phase"
        return [event(state, "facilitator", text, _CAUSE, act=DEADLINE, phase=phase, minutes=minutes)]
    if action.id == SCRIPT:
        return _script(state, action.param("roll"), action.param("outcome") == HAPPENS, action.param("turn"))
    raise ValueError(f"{action.id} is applied by the engine")


def _script(state: GameState, roll: str, happens: bool, turn: int) -> list[Event]:
    """Fix a roll of this turn's (0) or a later resolution: an outcome with probability 1."""
    turn = turn or state.turn
    state.scripted_rolls = {**state.scripted_rolls, turn: {**state.scripted_rolls.get(turn, {}), roll: happens}}
    # As with a scripted crisis, players learn that chance was fixed, not how (control staff only).
    return [event(state, "facilitator", "The facilitator scripts a roll of chance", _CAUSE, act=SCRIPT),
            event(state, "facilitator", f"Scripted for turn {turn}: {roll} {HAPPENS if happens else FAILS}",
                  _CAUSE, visible_to=(FACILITATOR,), act=SCRIPT, roll=roll, turn=turn, happens=happens)]


def _inject(content: Content, state: GameState, card_id: str, turn: int) -> list[Event]:
    from rules.crises import reveal  # crises imports effects; keep this module light to import

    if turn == 0:
        name = content.crises[card_id].name
        return [event(state, "facilitator", f"The facilitator injects a crisis: {name}", _CAUSE,
                      act=INJECT, card=card_id)] + reveal(content, state, card_id)
    state.scripted_crises = {**state.scripted_crises, turn: card_id}
    # Players learn that the deck was changed, not which card is coming (control staff only).
    return [event(state, "facilitator", "The facilitator scripts the crisis deck for a later turn", _CAUSE,
                  act=INJECT),
            event(state, "facilitator", f"Scripted for turn {turn}: {content.crises[card_id].name}", _CAUSE,
                  visible_to=(FACILITATOR,), act=INJECT, card=card_id, turn=turn)]
