"""The same session, seed and moves give the same AI decisions everywhere.

A CLI ``advance`` is a new process with an empty seat memory each time, the window thinks on a
copy of the game, ``simulate`` keeps one memory per seat for a whole game, and a process that has
already played other games carries warm caches. None of that may change a move.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from game import simulate
from game.ai import choose
from game.ai.memory import SeatMemory
from game.table.ai_turns import ai_rng
from rules.core.engine import Game
from rules.core.phases import Phase
from rules.loader import Content

ROOT = Path(__file__).resolve().parents[3]
LEVELS = {"kosovo": "hard", "serbia": "normal", "nato": "normal", "eu": "easy"}


def _moves(content: Content, seed: int, fresh: bool, limit: int) -> list[str]:
    """The first ``limit`` moves of a classroom game; with ``fresh``, every decision is taken on a
    copy of the game with an empty memory, as a new CLI process would."""
    game, _ = Game.new(content, "classroom", seed)
    memories = {r: SeatMemory() for r in game.state.seats}
    out: list[str] = []
    while not game.over and len(out) < limit:
        role = game.waiting_for()[0]
        rng = ai_rng(seed, game.state.moves, role)
        if fresh:
            decision = choose(game.clone(), role, LEVELS[role], "moderate", rng, SeatMemory())
        else:
            decision = choose(game, role, LEVELS[role], "moderate", rng, memories[role])
        out.append(f"{decision.action} | {decision.reason}")
        game.apply(decision.action)
    return out


def test_same_game_twice_in_one_process_same_moves(content: Content) -> None:
    """Warm caches from an earlier game (the first run) change nothing in the second."""
    first = _moves(content, 11, fresh=False, limit=50)
    _moves(content, 12, fresh=False, limit=40)  # another game in between
    assert _moves(content, 11, fresh=False, limit=50) == first


def test_fresh_memory_gives_the_same_decisions_as_a_kept_one(content: Content) -> None:
    """Hard players follow their plan of orders whether or not the seat remembers it."""
    kept = _moves(content, 4, fresh=False, limit=80)
    assert sum(1 for m in kept if "|" in m) == len(kept)
    assert _moves(content, 4, fresh=True, limit=80) == kept


def test_a_hard_plan_is_followed_with_an_empty_memory(content: Content) -> None:
    """Within one actions phase a hard seat gives the orders of one plan: asked afresh after each
    order, it continues that plan instead of searching anew (its later orders come from the plan)."""
    game, _ = Game.new(content, "standard", 8)
    seat = "nato"
    while not (game.state.phase == Phase.ACTIONS and game.waiting_for()[0] == seat):
        role = game.waiting_for()[0]
        game.apply(choose(game, role, "normal", "moderate", ai_rng(8, game.state.moves, role)).action)
    memory = SeatMemory()
    kept = []
    while seat in game.waiting_for() and game.state.phase == Phase.ACTIONS:
        rng = ai_rng(8, game.state.moves, seat)
        decision = choose(game, seat, "hard", "moderate", rng, memory)
        assert choose(game.clone(), seat, "hard", "moderate", ai_rng(8, game.state.moves, seat), SeatMemory()) == decision
        kept.append(decision)
        game.apply(decision.action)
    assert len(memory.plans) >= 1
    plan = next(iter(memory.plans.values()))
    assert [d.action for d in plan][:len(kept)] == [d.action for d in kept]


def test_simulate_with_a_hard_seat_same_report_on_one_and_two_workers(content: Content) -> None:
    seats = {"kosovo": simulate.Seat("kosovo", "ai", "hard", "moderate")}
    reports = []
    for workers in (1, 2):
        results, seconds = simulate.run(2, 3, "classroom", seats, workers, progress=False)
        data = simulate.report(results, seconds, content, seats, "classroom", 3, workers)
        data.pop("seconds")
        data.pop("workers")
        reports.append(data)
    assert reports[0] == reports[1]


def test_same_decisions_in_another_process(content: Content) -> None:
    """String hashing differs from one Python process to the next; no decision may depend on it."""
    script = ("import sys; from rules.loader import load_content; "
              "from tests.game.ai.test_determinism import _moves; "
              "print('\\n'.join(_moves(load_content(), 5, fresh=True, limit=50)))")
    here = _moves(content, 5, fresh=True, limit=50)
    for hashseed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                             env={"PYTHONHASHSEED": hashseed, "PATH": "/usr/bin:/bin"})
        assert out.stdout.splitlines() == here
