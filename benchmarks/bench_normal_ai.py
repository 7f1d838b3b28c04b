"""The normal AI's cost in play: CPU per decision and per game, with normal in every seat.

Run: ``python benchmarks/bench_normal_ai.py [--games N] [--scenario NAME] [--json]``. Prints
numbers only (``--json``: one JSON object); the goal (issue 11: ``simulate --games 1000`` with
normal everywhere on 2 workers in at most 10 s) is in the README.

The games are those ``simulate --seed 1`` plays (the same seeds, temperaments and decision
random sources, through :func:`game.table.ai_turns.decide` with one memory per seat), in one
process. Each decision is timed in CPU time of this thread, so a busy machine changes the
figures less than wall time would (it still inflates them: caches are shared); the game's
total CPU time includes the engine's ``apply`` and the loop. ``ai_share`` is the decisions'
part of it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai import TEMPERAMENTS
from game.ai.memory import SeatMemory
from game.simulate import game_seed
from game.table.ai_turns import decide
from game.table.seat import Controller, Seat
from rules.core.engine import Game
from rules.loader import load_content


def measure(games: int, scenario: str) -> dict[str, Any]:
    content = load_content()
    times: list[int] = []
    start = time.process_time()
    for index in range(games):
        seed = game_seed(1, index)
        game, _ = Game.new(content, scenario, seed)
        draw = random.Random(f"temperaments:{seed}")  # as simulate draws them
        seats = {r: Seat(r, Controller.AI, "normal", draw.choice(TEMPERAMENTS)) for r in game.state.seats}
        memories = {r: SeatMemory() for r in game.state.seats}
        while not game.over:
            role = game.waiting_for()[0]
            before = time.thread_time_ns()
            decision = decide(game, seats[role], game.state.moves, memories[role])
            times.append(time.thread_time_ns() - before)
            game.apply(decision.action)
    cpu = time.process_time() - start
    times.sort()

    def quantile(share: float) -> float:
        return round(times[min(len(times) - 1, int(share * len(times)))] / 1e6, 3)

    return {"games": games, "scenario": scenario, "decisions": len(times),
            "decision_ms_p50": quantile(0.5), "decision_ms_p95": quantile(0.95),
            "decision_ms_max": round(times[-1] / 1e6, 2),
            "ai_cpu_ms_per_game": round(sum(times) / 1e6 / games, 1),
            "cpu_ms_per_game": round(1000 * cpu / games, 1),
            "ai_share": round(sum(times) / 1e9 / cpu, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--scenario", default="standard")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.games, args.scenario)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:22s} {value}")


if __name__ == "__main__":
    main()
