"""AI players: ``choose(game, role, level, temperament, rng) -> Decision``.

Levels: ``random`` (any legal move), ``easy`` and ``normal`` (each role's priority flowchart
over a valuation of its objectives, bent by a temperament: hardliner, moderate, cooperative;
easy is noisier and shallower), and ``hard`` (determinized rollouts a turn or two ahead).

Every AI decides from its own role's view only; see :mod:`game.ai.choose` for the contract.

Modules, one job each: ``decision`` (the returned value and the levels), ``temperament``,
``persona`` (who a role is believed to be), ``determinize`` (a playable game from a view),
``valuation`` (what a change is worth), ``board`` (what a heuristic reads), ``priorities`` (the
flowcharts), ``negotiator`` (offers, answers, promises), ``heuristic`` (easy and normal),
``search`` (hard), ``choose`` (the entry point).
"""

from rules import native

# The compiled build of the AI's hot modules, when it matches the sources (see rules.native).
__path__ = native.extend_path(__name__, __path__)

from game.ai.choose import choose
from game.ai.decision import Decision, Level
from game.ai.temperament import Temperament

LEVELS: tuple[str, ...] = tuple(level.value for level in Level)
TEMPERAMENTS: tuple[str, ...] = tuple(t.value for t in Temperament)

__all__ = ["LEVELS", "TEMPERAMENTS", "Decision", "Level", "Temperament", "choose"]
