"""AI players: decision time per level, simulator throughput, and strength between levels.

Run: ``python benchmarks/bench_ai.py [--quick] [--games N] [--workers K] [--skip-strength]
[--rss-games N] [--json]``. Prints numbers only (``--json``: one JSON object at the end); the goals (README, issue 4) are: a hard decision <= 250 ms at p95, a normal
decision <= 10 ms, simulate with normal in every seat >= 50 games/s on 2 workers, and
hard > normal > easy > random.

Strength is measured in pairs of games on the same seed: one seat (rotating over the roles)
played by one level, then by the other, every other seat played by the normal AI both times (the
opponents a player meets by default). The difference in that seat's score is the first level's
advantage; the report gives its mean and a 95% confidence interval (normal approximation).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import simulate
from game.ai import choose
from game.ai.memory import SeatMemory
from game.table.ai_turns import ai_rng
from game.table.seat import Controller, Seat
from rules.core.engine import Game
from rules.loader import load_content

ROLES = ("kosovo", "serbia", "nato", "eu")
PAIRINGS = (("hard", "normal"), ("normal", "easy"), ("easy", "random"), ("hard", "random"))


def seats_with(role: str, level: str) -> dict[str, Seat]:
    """Normal AIs in every seat but ``role``'s, played at ``level`` (temperaments drawn per game).
    (A seat is ``Seat(role, controller, level)``: ``Seat("hard")`` would be a human seat for a
    role named "hard", which simulate plays as normal — the mistake that made earlier runs of
    this benchmark compare normal with normal.)"""
    seats = {r: Seat(r, Controller.AI, "normal") for r in ROLES}
    seats[role] = Seat(role, Controller.AI, level)
    return seats


def timed_decisions(content, level: str, games: int) -> list[float]:
    """Milliseconds per decision of ``level``, timed in play: standard games with ``level`` in one
    seat (rotating) and normal AIs elsewhere, every decision of that seat timed."""
    times = []
    for index in range(games):
        game, _ = Game.new(content, "standard", 1000 + index)
        seat = ROLES[index % len(ROLES)]
        memories = {r: SeatMemory() for r in game.state.seats}
        while not game.over:
            role = game.waiting_for()[0]
            rng = ai_rng(1000 + index, game.state.moves, role)
            t = time.perf_counter()
            decision = choose(game, role, level if role == seat else "normal", "moderate", rng, memories[role])
            if role == seat:
                times.append((time.perf_counter() - t) * 1000)
            game.apply(decision.action)
    return sorted(times)


def decision_times(content, quick: bool) -> dict[str, dict[str, float]]:
    print("decision time per level, timed in play (one seat at the level, the others normal):")
    out = {}
    for level in ("random", "easy", "normal", "hard"):
        games = (2 if quick else 4) if level == "hard" else (4 if quick else 20)
        times = timed_decisions(content, level, games)
        p50 = times[len(times) // 2]
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        out[level] = {"p50_ms": round(p50, 3), "p95_ms": round(p95, 3), "max_ms": round(times[-1], 3),
                      "decisions": len(times), "games": games}
        print(f"  {level:<7} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {times[-1]:7.2f} ms   "
              f"({len(times)} decisions in {games} games)")
    return out


def throughput(games: int, workers: int) -> dict[str, float]:
    results, seconds = simulate.run(games, seed=1, workers=workers, progress=False)
    turns = statistics.fmean(r.turns for r in results)
    print(f"simulate, normal in every seat: {games} games on {workers} worker(s) in {seconds:.1f} s = "
          f"{games / seconds:.1f} games/s (mean {turns:.1f} turns)")
    return {"games": games, "workers": workers, "seconds": round(seconds, 2), "games_per_s": round(games / seconds, 2),
            "mean_turns": round(turns, 2)}


def rss(games: int) -> dict[str, list[float]]:
    """Resident memory (MB) of this process while it plays ``games`` standard games with a hard
    seat (rotating) and normal AIs elsewhere, as a simulate worker does."""
    import resource

    def now_mb() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20

    content = load_content()
    marks = [round(now_mb(), 1)]
    for index in range(games):
        simulate.play_one(content, "standard", seats_with(ROLES[index % len(ROLES)], "hard"), 11, index)
        if (index + 1) % max(1, games // 5) == 0 or index + 1 == games:
            marks.append(round(now_mb(), 1))
            print(f"  after {index + 1} games: {marks[-1]} MB", flush=True)
    print(f"resident memory over {games} games with a hard seat (MB): {marks}")
    return {"games": games, "rss_mb": marks}


_CONTENT = None


def _pair(job: tuple[str, str, int, int]) -> tuple[int, int, int]:
    """One paired game: (game index, the seat's score at the first level, at the second)."""
    global _CONTENT
    if _CONTENT is None:
        _CONTENT = load_content()
    first, second, seed, index = job
    role = ROLES[index % len(ROLES)]
    a = simulate.play_one(_CONTENT, "standard", seats_with(role, first), seed, index)
    b = simulate.play_one(_CONTENT, "standard", seats_with(role, second), seed, index)
    return index, a.scores[role], b.scores[role]


def _ci(diffs: list[int]) -> tuple[float, float]:
    mean = statistics.fmean(diffs)
    half = 1.96 * statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else float("nan")
    return mean, half


def strength(games: int, hard_games: int, workers: int,
             pairings: tuple[tuple[str, str], ...] = PAIRINGS) -> list[dict[str, object]]:
    print("strength: one seat (rotating) at each level in turn, the other seats normal; paired by seed")
    print(f"  {'pairing':<18} {'games':>5} {'stronger':>9} {'weaker':>8} {'difference':>11}  95% CI")
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    table: list[dict[str, object]] = []
    with ctx.Pool(workers) as pool:
        for strong, weak in pairings:
            n = hard_games if "hard" in (strong, weak) else games
            t = time.perf_counter()
            rows = sorted(pool.map(_pair, [(strong, weak, 7, i) for i in range(n)], chunksize=1))
            diffs = [a - b for _, a, b in rows]
            mean = statistics.fmean(diffs)
            half = 1.96 * statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else float("nan")
            print(f"  {strong + ' vs ' + weak:<18} {n:>5} {statistics.fmean(a for _, a, _ in rows):9.2f} "
                  f"{statistics.fmean(b for _, _, b in rows):8.2f} {mean:+11.2f}  [{mean - half:+.2f}, {mean + half:+.2f}]"
                  f"   ({time.perf_counter() - t:.0f} s)")
            by_role = {}
            for k, role in enumerate(ROLES):
                mine = [(a, b) for i, a, b in rows if i % len(ROLES) == k]
                if not mine:
                    continue
                m, h = _ci([a - b for a, b in mine])
                by_role[role] = {"games": len(mine), "stronger": round(statistics.fmean(a for a, _ in mine), 2),
                                 "weaker": round(statistics.fmean(b for _, b in mine), 2),
                                 "difference": round(m, 2), "ci95": [round(m - h, 2), round(m + h, 2)]}
                print(f"      {role:<8} {len(mine):>5} {by_role[role]['stronger']:9.2f} {by_role[role]['weaker']:8.2f} "
                      f"{m:+11.2f}  [{m - h:+.2f}, {m + h:+.2f}]")
            table.append({"pairing": f"{strong} vs {weak}", "games": n, "difference": round(mean, 2),
                          "ci95": [round(mean - half, 2), round(mean + half, 2)], "by_role": by_role})
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small samples, for development")
    parser.add_argument("--games", type=int, help="games per pairing (default 200; quick 40)")
    parser.add_argument("--hard-games", type=int, help="games per pairing with hard (default 200; quick 12)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-strength", action="store_true")
    parser.add_argument("--skip-timing", action="store_true", help="skip decision times and throughput")
    parser.add_argument("--rss-games", type=int, default=0, help="also measure memory over N games with a hard seat")
    parser.add_argument("--json", action="store_true", help="also print one JSON object at the end")
    parser.add_argument("--pairings", help="comma-separated STRONG:WEAK pairs (default: all four)")
    args = parser.parse_args()
    content = load_content()
    report: dict[str, object] = {}
    if not args.skip_timing:
        report["decisions"] = decision_times(content, args.quick)
        report["simulate"] = throughput(100 if args.quick else 1000, args.workers)
    if args.rss_games:
        report["memory"] = rss(args.rss_games)
    if not args.skip_strength:
        games = args.games or (40 if args.quick else 200)
        hard_games = args.hard_games or (12 if args.quick else 200)
        pairings = (tuple(tuple(p.split(":")) for p in args.pairings.split(",")) if args.pairings  # type: ignore[misc]
                    else PAIRINGS)
        report["strength"] = strength(games, hard_games, args.workers, pairings)
    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
