"""The flowcharts pursue what the rulebook's objectives ask for, not a copied number."""

from __future__ import annotations

from game.ai.board import Board
from game.ai.persona import own
from game.ai.priorities import SERBIA
from game.ai.temperament import Temperament
from rules.core.engine import Game
from rules.quantities import get


def _eu_path_fires(game: Game, track: int) -> bool:
    game.state.tracks["serbia_eu_track"] = track
    step = next(p for p in SERBIA if p.id == "eu_path")
    return step.when(Board(game, own(game.content, "serbia", Temperament.MODERATE)))


def test_serbia_presses_its_eu_track_up_to_its_own_objective(game: Game) -> None:
    # Serbia's objective asks for the EU track at the rulebook's threshold (9): the flowchart keeps
    # ordering reforms one step short of it (a copied 7 stopped it two points short) and stops there.
    goal = next(o for o in game.content.roles["serbia"].objectives if o.id == "eu_path")
    target = int(goal.condition["serbia_eu_track"].min or 0)
    assert target > 7
    assert _eu_path_fires(game, target - 1)
    assert not _eu_path_fires(game, target)
    assert get(game.state, "serbia_eu_track") == target
