"""Engine speed: full random games per second, microseconds per action and per state copy.

Run: ``python benchmarks/bench_engine.py [--games N] [--scenario NAME]``. Prints numbers only;
the goals (>= 200 full 16-turn games per second on one core) are in the README.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.players import random_player
from rules.core.engine import Game
from rules.loader import load_content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=500)
    parser.add_argument("--scenario", default="standard")
    args = parser.parse_args()
    t0 = time.perf_counter()
    content = load_content()
    print(f"content load: {(time.perf_counter() - t0) * 1000:.1f} ms")

    actions = 0
    apply_time = 0.0
    turns = []
    start = time.perf_counter()
    states = []
    for seed in range(args.games):
        rng = random.Random(seed)
        game, _ = Game.new(content, args.scenario, seed)
        while not game.over:
            role = game.waiting_for()[0]
            action = random_player(game, role, rng)
            t = time.perf_counter()
            game.apply(action)
            apply_time += time.perf_counter() - t
            actions += 1
            if seed < 20 and actions % 7 == 0:
                states.append(game.state)
        turns.append(game.state.turn)
    elapsed = time.perf_counter() - start
    print(f"games: {args.games} ({args.scenario}), mean turns {statistics.mean(turns):.1f}, "
          f"mean actions {actions / args.games:.0f}")
    print(f"full random games per second (one core): {args.games / elapsed:.1f}")
    print(f"microseconds per applied action (legality check + rules + automatic phases): "
          f"{apply_time / actions * 1e6:.1f}")
    print(f"microseconds per action including the random player's choice: {elapsed / actions * 1e6:.1f}")

    # Random play escalates within a few turns, so also time games that run their course:
    # 90% effect-greedy, 10% random moves. The per-turn cost gives a 16-turn-game rate.
    from game.players import greedy_player

    turns_total, start = 0, time.perf_counter()
    full = 0
    for seed in range(args.games // 2):
        rng = random.Random(seed)
        game, _ = Game.new(content, args.scenario, seed)
        while not game.over:
            role = game.waiting_for()[0]
            player = greedy_player if rng.random() < 0.9 else random_player
            game.apply(player(game, role, rng))
        turns_total += game.state.turn
        full += game.state.turn == game.state.last_turn
    per_turn = (time.perf_counter() - start) / turns_total
    print(f"mixed greedy/random games: {args.games // 2}, mean turns {turns_total / (args.games // 2):.1f}, "
          f"{full} ran all turns; ms per turn {per_turn * 1000:.3f}; "
          f"16-turn games per second (one core): {1 / (16 * per_turn):.1f}")

    reps = 20000
    t = time.perf_counter()
    for i in range(reps):
        states[i % len(states)].clone()
    print(f"microseconds per state copy: {(time.perf_counter() - t) / reps * 1e6:.2f}")


if __name__ == "__main__":
    main()
