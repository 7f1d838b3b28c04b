"""AI players: decision time per level, simulator throughput, and strength between levels.

Run: ``python benchmarks/bench_ai.py [--quick] [--games N] [--workers K] [--skip-strength]``.
Prints numbers only; the goals (README, issue 4) are: a hard decision <= 250 ms at p95, a normal
decision <= 10 ms, simulate with normal in every seat >= 50 games/s on 2 workers, and
hard > normal > easy > random.

Strength is measured in pairs of games on the same seed: one seat (rotating over the roles)
played by one level, then by the other, every other seat played by the normal AI both times (the
opponents a player meets by default). The difference in that seat's score is the first level's
advantage; the report gives its mean and a 95% confidence interval (normal approximation).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import simulate
from game.ai import choose
from rules.core.engine import Game
from rules.loader import load_content

ROLES = ("kosovo", "serbia", "nato", "eu")
PAIRINGS = (("hard", "normal"), ("normal", "easy"), ("easy", "random"), ("hard", "random"))


def timed_decisions(content, level: str, games: int) -> list[float]:
    """Milliseconds per decision of ``level``, timed in play: standard games with ``level`` in one
    seat (rotating) and normal AIs elsewhere, every decision of that seat timed."""
    times = []
    for index in range(games):
        game, _ = Game.new(content, "standard", 1000 + index)
        seat = ROLES[index % len(ROLES)]
        rngs = {r: random.Random(f"{index}:{r}") for r in game.state.seats}
        while not game.over:
            role = game.waiting_for()[0]
            t = time.perf_counter()
            decision = choose(game, role, level if role == seat else "normal", "moderate", rngs[role])
            if role == seat:
                times.append((time.perf_counter() - t) * 1000)
            game.apply(decision.action)
    return sorted(times)


def decision_times(content, quick: bool) -> None:
    print("decision time per level, timed in play (one seat at the level, the others normal):")
    for level in ("random", "easy", "normal", "hard"):
        games = (2 if quick else 4) if level == "hard" else (4 if quick else 20)
        times = timed_decisions(content, level, games)
        p50 = times[len(times) // 2]
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"  {level:<7} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {times[-1]:7.2f} ms   "
              f"({len(times)} decisions in {games} games)")


def throughput(games: int, workers: int) -> None:
    results, seconds = simulate.run(games, seed=1, workers=workers, progress=False)
    turns = statistics.fmean(r.turns for r in results)
    print(f"simulate, normal in every seat: {games} games on {workers} worker(s) in {seconds:.1f} s = "
          f"{games / seconds:.1f} games/s (mean {turns:.1f} turns)")


_CONTENT = None


def _pair(job: tuple[str, str, int, int]) -> tuple[int, int, int]:
    """One paired game: (game index, the seat's score at the first level, at the second)."""
    global _CONTENT
    if _CONTENT is None:
        _CONTENT = load_content()
    first, second, seed, index = job
    role = ROLES[index % len(ROLES)]
    others = {r: simulate.Seat("normal") for r in ROLES}
    a = simulate.play_one(_CONTENT, "standard", {**others, role: simulate.Seat(first)}, seed, index)
    b = simulate.play_one(_CONTENT, "standard", {**others, role: simulate.Seat(second)}, seed, index)
    return index, a.scores[role], b.scores[role]


def strength(games: int, hard_games: int, workers: int) -> None:
    print("strength: one seat (rotating) at each level in turn, the other seats normal; paired by seed")
    print(f"  {'pairing':<18} {'games':>5} {'stronger':>9} {'weaker':>8} {'difference':>11}  95% CI")
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers) as pool:
        for strong, weak in PAIRINGS:
            n = hard_games if "hard" in (strong, weak) else games
            t = time.perf_counter()
            rows = sorted(pool.map(_pair, [(strong, weak, 7, i) for i in range(n)], chunksize=1))
            diffs = [a - b for _, a, b in rows]
            mean = statistics.fmean(diffs)
            half = 1.96 * statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else float("nan")
            print(f"  {strong + ' vs ' + weak:<18} {n:>5} {statistics.fmean(a for _, a, _ in rows):9.2f} "
                  f"{statistics.fmean(b for _, _, b in rows):8.2f} {mean:+11.2f}  [{mean - half:+.2f}, {mean + half:+.2f}]"
                  f"   ({time.perf_counter() - t:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small samples, for development")
    parser.add_argument("--games", type=int, help="games per pairing (default 200; quick 40)")
    parser.add_argument("--hard-games", type=int, help="games per pairing with hard (default 200; quick 12)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-strength", action="store_true")
    args = parser.parse_args()
    content = load_content()
    decision_times(content, args.quick)
    throughput(100 if args.quick else 1000, args.workers)
    if not args.skip_strength:
        games = args.games or (40 if args.quick else 200)
        hard_games = args.hard_games or (12 if args.quick else 200)
        strength(games, hard_games, args.workers)


if __name__ == "__main__":
    main()
