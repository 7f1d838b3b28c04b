"""The turn's results: built from the log's events, filtered like the view, typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.results import TurnResults, log_events, stakes, turn_results
from game.store import SeatSpec, Store
from rules.core.actions import Action
from rules.core.engine import Game
from rules.core.view import view
from rules.facilitator import FACILITATOR
from rules.loader import Content
from tests.helpers import finish_orders, to_actions


@pytest.fixture
def played(content: Content) -> tuple[Game, list]:
    """A standard game through its first resolution, with Kosovo's secret order and a ruling."""
    game, events = Game.new(content, "standard", 7)
    events = list(events)
    events += game.apply(Action.make(FACILITATOR, "adjust", track="north_tension", delta=1, reason="a riot"))
    to_actions(game)
    kos = next(t for t in game.legal_actions("kosovo") if t.id != "end_orders" and not t.params)
    events += game.apply(Action.make("kosovo", kos.id))
    events += finish_orders(game)
    return game, events


def test_results_name_what_each_role_did_and_why_the_board_moved(played: tuple[Game, list]) -> None:
    game, events = played
    res = turn_results(game.content, events, "serbia")
    assert isinstance(res, TurnResults) and res.turn == 1 and res.date == "2025 H1"
    assert any("a riot" in str(line) for line in res.facilitator)
    assert "Kosovo" in res.did  # Kosovo's order is public once resolved
    tension = next(c for c in res.changes if c.ref == "track:north_tension:")
    assert any("white cell ruling: a riot" == cause for cause in tension.causes)
    assert set(res.scores) == {"Kosovo", "Serbia", "NATO Allies", "European Union"}


def test_results_keep_other_roles_secrets(played: tuple[Game, list]) -> None:
    game, events = played
    serbia = "\n".join(turn_results(game.content, events, "serbia").lines())
    kosovo = turn_results(game.content, events, "kosovo")
    public = turn_results(game.content, events, None)
    assert "confidential" not in serbia and "Order given (secret)" not in serbia
    full = game.scores()
    assert kosovo.scores["Kosovo"] == full["kosovo"]  # its own score with its secret objectives
    assert public.scores["Kosovo"] == view(game, None)["scores"]["kosovo"]


def test_at_stake_reads_the_role_view(played: tuple[Game, list]) -> None:
    game, _ = played
    lines = stakes(view(game, "kosovo"), game.content)
    assert lines[0].startswith("15 turn(s) left, from 2025 H2")
    assert any(line.startswith("KECI") for line in lines)


def test_results_from_the_store_log_match_the_engine_events(tmp_path: Path, content: Content) -> None:
    with Store(str(tmp_path / "r.db")) as store:
        sid = store.create("classroom", 4, [SeatSpec(r, "ai", "easy") for r in ("kosovo", "serbia", "nato", "eu")])
        from game.table.table import Table

        table = Table(store, sid)
        while table.game.state.turn == 1:
            table.play_ai()
        res = turn_results(content, log_events(store.log(sid)), "nato")
    assert res.turn == 1 and res.scores and res.changes


def test_no_results_before_a_resolution(content: Content) -> None:
    _, events = Game.new(content, "standard", 7)
    with pytest.raises(ValueError, match="no turn has been resolved"):
        turn_results(content, events, None)

