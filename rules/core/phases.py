"""The turn loop, declared once as a table and run by one ``transitions`` machine.

The phase itself lives in the game state as a plain string. To move it, the engine points a
per-thread cursor at the state's phase, fires a trigger, and writes the new phase back. One
machine thus drives any number of games and cloned states (an AI's look-ahead copies
thousands), instead of building a machine per state, which costs milliseconds and megabytes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from transitions import Machine


class Phase(StrEnum):
    BRIEFING = "briefing"
    CRISIS = "crisis"
    NEGOTIATION = "negotiation"
    ACTIONS = "actions"
    RESOLUTION = "resolution"
    REVIEW = "review"
    ENDED = "ended"


#: Phases in which players act; the others run by themselves.
PLAYER_PHASES = frozenset({Phase.CRISIS, Phase.NEGOTIATION, Phase.ACTIONS})

#: The turn, as a table: the first row of a trigger whose conditions hold wins.
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "briefed", "source": Phase.BRIEFING, "dest": Phase.REVIEW, "conditions": "game_over"},
    {"trigger": "briefed", "source": Phase.BRIEFING, "dest": Phase.CRISIS, "conditions": "crisis_needs_answers"},
    {"trigger": "briefed", "source": Phase.BRIEFING, "dest": Phase.NEGOTIATION},
    {"trigger": "responses_in", "source": Phase.CRISIS, "dest": Phase.NEGOTIATION},
    # The facilitator injects a crisis card mid-turn: its concerned roles answer it first, then
    # play picks up where it was (those who had finished negotiating stay finished).
    {"trigger": "crisis_injected", "source": Phase.NEGOTIATION, "dest": Phase.CRISIS},
    {"trigger": "crisis_injected", "source": Phase.ACTIONS, "dest": Phase.CRISIS},
    {"trigger": "talks_over", "source": Phase.NEGOTIATION, "dest": Phase.ACTIONS},
    {"trigger": "orders_in", "source": Phase.ACTIONS, "dest": Phase.RESOLUTION},
    {"trigger": "resolved", "source": Phase.RESOLUTION, "dest": Phase.REVIEW},
    {"trigger": "reviewed", "source": Phase.REVIEW, "dest": Phase.ENDED, "conditions": "game_over"},
    {"trigger": "reviewed", "source": Phase.REVIEW, "dest": Phase.BRIEFING},
]


class _Cursor:
    """The machine's model: it holds a phase only while a transition runs."""

    state: str
    #: Added by the machine (``add_model``); declared here so the type checker knows it.
    trigger: Callable[..., bool]

    @staticmethod
    def crisis_needs_answers(game_state: Any) -> bool:
        return bool(game_state.crisis_pending)

    @staticmethod
    def game_over(game_state: Any) -> bool:
        return game_state.ending is not None


MACHINE = Machine(model=None, states=[p.value for p in Phase],
                  transitions=[{k: str(v) for k, v in row.items()} for row in TRANSITIONS],
                  initial=Phase.BRIEFING.value, auto_transitions=False)
_local = threading.local()


def _cursor() -> _Cursor:
    cursor = getattr(_local, "cursor", None)
    if cursor is None:
        cursor = _local.cursor = _Cursor()
        MACHINE.add_model(cursor)
    return cursor


def fire(game_state: Any, trigger: str) -> str:
    """Fire ``trigger`` from the state's phase; store and return the new phase."""
    cursor = _cursor()
    MACHINE.set_state(game_state.phase, model=cursor)
    cursor.trigger(trigger, game_state)
    game_state.phase = cursor.state
    return cursor.state


def mermaid() -> str:
    """The turn as a mermaid diagram, for the rules documentation."""
    lines = ["stateDiagram-v2", f"    [*] --> {Phase.BRIEFING}"]
    for row in TRANSITIONS:
        guard = f" [{row['conditions']}]" if "conditions" in row else ""
        lines.append(f"    {row['source']} --> {row['dest']}: {row['trigger']}{guard}")
    lines.append(f"    {Phase.ENDED} --> [*]")
    return "\n".join(lines)
