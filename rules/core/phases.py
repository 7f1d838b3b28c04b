"""The turn loop, declared once as a table and run by one ``transitions`` machine.

The phase itself lives in the game state as a plain string. The table is the single source of
the turn: the ``transitions`` machine is built from it (``machine_fire`` points a per-thread
cursor at the state's phase, fires a trigger, and writes the new phase back), and :func:`fire`
reads the same rows directly, because the machine's bookkeeping cost a tenth of the engine's
time (the engine's compiled ``_fire`` reads them too: :data:`ROUTES` and :data:`GUARDS`); tests
check that all three agree on every row and guard.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Final

from transitions import Machine, MachineError

from rules.core import guards


class Phase(StrEnum):
    BRIEFING = "briefing"
    CRISIS = "crisis"
    NEGOTIATION = "negotiation"
    ACTIONS = "actions"
    RESOLUTION = "resolution"
    REVIEW = "review"
    ENDED = "ended"


#: The phases as plain strings (the state holds them so), for the engine's hot paths: on this
#: Python reading ``Phase.CRISIS`` costs several times a module constant, and the engine
#: compares phases a dozen times per move.
#: ``Final`` literals, which compiled code inlines (a module name read is a dict lookup there);
#: a test checks that they are the members' values.
BRIEFING: Final = "briefing"
CRISIS: Final = "crisis"
NEGOTIATION: Final = "negotiation"
ACTIONS: Final = "actions"
RESOLUTION: Final = "resolution"
REVIEW: Final = "review"
ENDED: Final = "ended"

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

    # The guards the rows name (rules.core.guards: compiled), called by the machine on its model.
    crisis_needs_answers = staticmethod(guards.crisis_needs_answers)
    game_over = staticmethod(guards.game_over)


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


def _routes() -> dict[tuple[str, str], tuple[tuple[str, str | None], ...]]:
    """The table, indexed by (phase, trigger): each row's destination and guard, in table order."""
    out: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    for row in TRANSITIONS:
        out.setdefault((str(row["source"]), row["trigger"]), []).append((str(row["dest"]), row.get("conditions")))
    return {key: tuple(rows) for key, rows in out.items()}


#: The same table, read directly: the engine's automatic steps fire several triggers per move,
#: and consulting the ``transitions`` machine for each cost a tenth of the engine's time.
#: ``machine_fire`` runs the machine itself; tests/rules/core/test_phases.py checks that both
#: agree on every row and guard.
ROUTES = _routes()
#: The guards by the name a row gives (the machine calls the same functions on its cursor).
GUARDS: dict[str, Callable[[Any], bool]] = {"game_over": guards.game_over,
                                            "crisis_needs_answers": guards.crisis_needs_answers}


def fire(game_state: Any, trigger: str) -> str:
    """Fire ``trigger`` from the state's phase; store and return the new phase. Raises
    ``transitions.MachineError`` (as the machine does) when the table has no such move."""
    for dest, guard in ROUTES.get((game_state.phase, trigger), ()):
        if guard is None or GUARDS[guard](game_state):
            game_state.phase = dest
            return dest
    raise MachineError(f'"Can\'t trigger event {trigger} from state {game_state.phase}!"')


def machine_fire(game_state: Any, trigger: str) -> str:
    """:func:`fire` through the ``transitions`` machine built from the same table (the reference)."""
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
