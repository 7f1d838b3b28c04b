"""The balance simulator: its report, its determinism and its command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game import simulate
from game.table.seat import Controller, Seat
from rules.loader import Content
from rules.values import Event

ROOT = Path(__file__).resolve().parents[2]


def _report(content: Content, games: int, seed: int, workers: int, seats=None) -> dict:
    seats = seats or {}
    results, seconds = simulate.run(games, seed, "classroom", seats, workers, progress=False)
    return simulate.report(results, seconds, content, seats, "classroom", seed, workers)


def test_a_seat_that_is_not_an_ai_seat_of_its_role_is_refused(content: Content) -> None:
    """``Seat("hard")`` (a human seat for a role named "hard") must not be played as normal."""
    for seat in (Seat("hard"), Seat("kosovo"), Seat("serbia", Controller.AI, "hard")):
        with pytest.raises(ValueError, match="AI seats only"):
            simulate.play_one(content, "classroom", {"kosovo": seat}, 1, 0)


def test_report_has_the_documented_keys(content: Content) -> None:
    data = _report(content, 6, 3, 1)
    for key in ("games", "endings", "roles", "mean_turns", "keci_phase", "special_representative_rate", "seconds",
                "ending_rates", "actions_by_ending", "met_objectives_means"):
        assert key in data, key
    assert data["games"] == 6 and sum(data["endings"].values()) == 6
    assert set(data["endings"]) == set(content.endings)
    assert set(data["keci_phase"]) == {"0", "1", "2", "3"} and sum(data["keci_phase"].values()) == 6
    for role, r in data["roles"].items():
        assert role in content.roles
        assert 0 <= r["objectives_met_rate"] <= 1 and isinstance(r["mean_score"], float)
        assert set(r["objective_rates"]) == {o.id for o in content.objectives(role, data["scenario"])}
    assert 1 <= data["mean_turns"] <= 8
    json.dumps(data)  # JSON-ready


def test_same_seed_same_report_whatever_the_workers(content: Content) -> None:
    first = _report(content, 8, 5, 2)
    again = _report(content, 8, 5, 2)
    alone = _report(content, 8, 5, 1)
    for data in (first, again, alone):
        data.pop("seconds")
        data.pop("workers")
    assert first == again == alone
    other = _report(content, 8, 6, 1)
    other.pop("seconds")
    other.pop("workers")
    assert other["seed"] == 6 and other != alone  # and another seed plays other games
    assert {k: v for k, v in other.items() if k != "seed"} != {k: v for k, v in alone.items() if k != "seed"}


def test_met_objectives_means_half_the_points(content: Content) -> None:
    """A role meets its objectives when it holds at least half of its objective points."""
    from rules.core.engine import Game
    game, _ = Game.new(content, "standard", 7)
    st = game.state
    st.tracks.update(north_tension=3, alliance_cohesion=8, malign_influence=2)  # NATO: 3 + 3 + 2 = 8 of 13
    assert simulate.objectives_met(content, game, "nato")
    st.tracks.update(north_tension=7, alliance_cohesion=2)  # NATO: 2 of 13
    assert not simulate.objectives_met(content, game, "nato")


@pytest.mark.parametrize("text, message", [
    ("kosovo", "ROLE=LEVEL"), ("kosovo=expert", "unknown level"), ("kosovo=hard:angry", "unknown temperament"),
])
def test_seat_errors_are_readable(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate.parse_seat(text)
    assert simulate.parse_seat("nato=hard:cooperative") == ("nato", simulate.Seat("nato", "ai", "hard", "cooperative"))


def test_command_line_json_and_out_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "simulate", "--games", "3", "--seed", "2",
                             "--scenario", "classroom", "--seat", "serbia=easy:hardliner", "--workers", "1",
                             "--json", "--quiet", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["games"] == 3 and data["seats"]["serbia"] == "easy:hardliner"
    assert json.loads(out.read_text()) == data
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "simulate", "--seat", "mars=normal"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1 and "no seat" in bad.stderr


def test_report_counts_recognitions_and_tension_swings(content: Content) -> None:
    """Per Ally, the share of games in which it recognized Kosovo; the share of turns in which
    tension moved by more than 3 (one delta per turn played)."""
    results, seconds = simulate.run(4, 5, "classroom", {}, 1, progress=False)
    for r in results:
        assert len(r.tension_deltas) >= r.turns - 1
    data = simulate.report(results, seconds, content, {}, "classroom", 5, 1)
    assert set(data["recognitions"]) == set(content.allies)
    assert all(0 <= v <= 1 for v in data["recognitions"].values())
    deltas = [d for r in results for d in r.tension_deltas]
    assert data["tension_swings"] == round(sum(abs(d) > 3 for d in deltas) / len(deltas), 4)


def test_an_observer_sees_every_move_and_changes_nothing(content: Content) -> None:
    """``play_one(observe=...)`` (benchmarks/bench_tension.py reads where tension comes from with
    it) is handed the first briefing's events and every move's, the ending's included, so the
    tension it sees move adds up to where the game left it; and the game it watches is the game
    played without it."""
    seen: list[list[Event]] = []
    watched = simulate.play_one(content, "classroom", {}, 7, 2, observe=seen.append)
    assert watched == simulate.play_one(content, "classroom", {}, 7, 2)
    assert len(seen) == watched.decisions + 1  # the opening briefing, then one batch a move
    events = [e for batch in seen for e in batch]
    assert sum(e.kind == "ending" for e in events) == 1
    moved = sum(e.data["new"] - e.data["old"] for e in events
                if e.kind == "track" and e.data.get("ref") == "north_tension")
    assert content.scenarios["classroom"].tracks["north_tension"] + moved == watched.board["north_tension"]


@pytest.mark.parametrize("scenario", ["keci_now", "itpp_route", "a_la_carte", "special_rep_first",
                                      "future_breakthrough", "future_stalemate"])
def test_every_scenario_variant_simulates(scenario: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "simulate", "--games", "1", "--seed", "3",
                             "--scenario", scenario, "--workers", "1", "--quiet", "--json"],
                            check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenario"] == scenario
