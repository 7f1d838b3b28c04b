"""The turn table's guards (:data:`rules.core.phases.TRANSITIONS`' ``conditions``): the
questions that decide which row of a trigger wins.

Apart from the table so that they compile (rules.native): :mod:`rules.core.phases` builds the
``transitions`` machine and stays interpreted, and each automatic step of a turn asks one of
these (an interpreted call cost more than the question). The machine, :func:`~rules.core.phases.fire`
and the engine's compiled ``_fire`` all call these same functions.
"""

from __future__ import annotations

from typing import Any

# The state is typed ``Any``, as the machine's model methods were: a guard reads two fields,
# and the table is also driven with plain stand-ins for the state (tests/rules/core/test_phases.py),
# which a compiled function typed ``GameState`` would refuse.


def crisis_needs_answers(game_state: Any) -> bool:
    """A crisis card is in play and some role must answer it."""
    return bool(game_state.crisis_pending)


def game_over(game_state: Any) -> bool:
    """An ending has been reached."""
    return game_state.ending is not None
