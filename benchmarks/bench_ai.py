"""AI players: decision time per level, simulator throughput, and strength between levels.

Run: ``python benchmarks/bench_ai.py [--quick] [--per-role N] [--roles R,R] [--workers K] [--pairs FILE]
[--against FILE] [--skip-strength] [--skip-timing] [--rss-games N] [--json]``. Prints numbers only (``--json``:
one JSON object at the end); the goals (README, issues 4 and 11) are: a hard decision <= 250 ms
at p95 in play, in ``simulate`` and through the table layer the front-ends use; a normal decision
<= 10 ms; simulate with normal in every seat >= 50 games/s on 2 workers; hard > normal + 2 for
every role separately (200 paired games per role), normal > easy > random; and a hard seat's
memory flat over a long run (``--rss-games 100``). A run of the full 200 per role that is
interrupted goes on where it stopped when given the same ``--pairs`` file.

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
from typing import Any

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


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": round(times[len(times) // 2], 3), "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 3),
            "max_ms": round(times[-1], 3), "decisions": len(times)}


def timed_decisions(content, level: str, games: int) -> tuple[list[float], list[float]]:
    """Milliseconds per decision of ``level`` (wall, CPU), timed in play: standard games with
    ``level`` in one seat (rotating) and normal AIs elsewhere, every decision of that seat timed.
    CPU time (of this thread) is what a decision costs; wall time also counts what other
    processes on a loaded machine took meanwhile."""
    wall, cpu = [], []
    for index in range(games):
        game, _ = Game.new(content, "standard", 1000 + index)
        seat = ROLES[index % len(ROLES)]
        memories = {r: SeatMemory() for r in game.state.seats}
        while not game.over:
            role = game.waiting_for()[0]
            rng = ai_rng(1000 + index, game.state.moves, role)
            t, c = time.perf_counter(), time.thread_time()
            decision = choose(game, role, level if role == seat else "normal", "moderate", rng, memories[role])
            if role == seat:
                wall.append((time.perf_counter() - t) * 1000)
                cpu.append((time.thread_time() - c) * 1000)
            game.apply(decision.action)
    return wall, cpu


def table_decisions(level: str, games: int) -> tuple[list[float], list[float]]:
    """The same, through the table layer every front-end uses (the CLI's ``advance``, the window,
    the server's AI seats): a stored session (SQLite) with ``level`` in one seat (rotating) and
    normal AIs elsewhere, each AI move asked of :meth:`Table.decide` — which thinks on a copy of
    the game with the seat's own memory, as the window and the server do — and committed with
    :meth:`Table.act`. Times the decisions of the ``level`` seat (wall, CPU)."""
    import tempfile

    from game.store import Store
    from game.table.table import Table

    wall, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "bench.db")) as store:
        for index in range(games):
            seat = ROLES[index % len(ROLES)]
            seats = [Seat(r, Controller.AI, level if r == seat else "normal", "moderate") for r in ROLES]
            table = Table.open(store, "standard", 2000 + index, seats)
            while not table.over:
                role = table.ai_due()
                if role is None:
                    break
                t, c = time.perf_counter(), time.thread_time()
                decision = table.decide(role)
                if role == seat:
                    wall.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.thread_time() - c) * 1000)
                table.act(decision.action, decision.reason, expected_seq=table.seq)
    return wall, cpu


def decision_times(content, quick: bool, hard_games: int | None = None) -> dict[str, dict[str, object]]:
    print("decision time per level, timed in play (one seat at the level, the others normal; CPU ms, wall ms):")
    out: dict[str, dict[str, object]] = {}
    for level in ("random", "easy", "normal", "hard"):
        games = (hard_games or (2 if quick else 8)) if level == "hard" else (4 if quick else 20)
        paths = {"simulate": timed_decisions(content, level, games)}
        if level in ("normal", "hard"):
            paths["table"] = table_decisions(level, games)
        out[level] = {"games": games}
        for path, (wall, cpu) in paths.items():
            w, c = _percentiles(wall), _percentiles(cpu)
            out[level][path] = {"cpu": c, "wall": w}
            print(f"  {level:<7} {path:<9} CPU p50 {c['p50_ms']:7.2f}  p95 {c['p95_ms']:7.2f}  max {c['max_ms']:7.2f} ms | "
                  f"wall p50 {w['p50_ms']:7.2f}  p95 {w['p95_ms']:7.2f}  max {w['max_ms']:7.2f} ms "
                  f"({c['decisions']} decisions in {games} games)", flush=True)
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


def _pair(job: tuple[str, str, int, int]) -> tuple[int, int, int, dict[str, list[Any]]]:
    """One paired game: (game index, the seat's score at the first level, at the second, and what
    made each score: the ending and the seat's objectives that held, as ``ends`` and ``objs``)."""
    global _CONTENT
    if _CONTENT is None:
        _CONTENT = load_content()
    first, second, seed, index = job
    role = ROLES[index % len(ROLES)]
    a = simulate.play_one(_CONTENT, "standard", seats_with(role, first), seed, index)
    b = simulate.play_one(_CONTENT, "standard", seats_with(role, second), seed, index)
    why = {"ends": [a.ending, b.ending], "objs": [sorted(a.objectives[role]), sorted(b.objectives[role])]}
    return index, a.scores[role], b.scores[role], why


def _breakdown(whys: list[dict[str, list[Any]]]) -> dict[str, dict[str, list[int]]]:
    """Where a role's difference comes from: in how many of the pairs each ending was reached and
    each objective held, at the stronger level and at the weaker one (pairs from an older
    ``--pairs`` file, which did not record them, are left out). A difference in score alone does
    not say whether a level plays the role's objectives better or only avoids an ending."""
    out: dict[str, dict[str, list[int]]] = {"endings": {}, "objectives": {}}
    for why in whys:
        for side, (ending, objs) in enumerate(zip(why["ends"], why["objs"])):
            out["endings"].setdefault(ending, [0, 0])[side] += 1
            for o in objs:
                out["objectives"].setdefault(o, [0, 0])[side] += 1
    return {k: dict(sorted(v.items())) for k, v in out.items()}


def _ci(diffs: list[int]) -> tuple[float, float]:
    mean = statistics.fmean(diffs)
    half = 1.96 * statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else float("nan")
    return mean, half


def _load_pairs(path: str | None, strong: str, weak: str) -> dict[int, tuple[int, int, dict[str, list[Any]] | None]]:
    """Paired games already played (a ``--pairs`` file from an earlier, interrupted run)."""
    done: dict[int, tuple[int, int, dict[str, list[Any]] | None]] = {}
    if path and Path(path).exists():
        for line in Path(path).read_text().splitlines():
            row = json.loads(line)
            if row["pairing"] == f"{strong}:{weak}":
                why = {"ends": row["ends"], "objs": row["objs"]} if "ends" in row else None
                done[row["index"]] = (row["a"], row["b"], why)
    return done


def against(mine: dict[int, int], before: dict[int, int]) -> dict[str, object] | None:
    """The stronger level's scores now (``mine``, by game index) against the same games in an
    earlier run (``before``, from its ``--pairs`` file): in how many the score changed, and the
    mean change with its 95% CI. For screening a variant of a level: both runs play the same
    seeds against the same normal opponents, and a variant changes few games (most of a hard
    seat's decisions are the heuristic's: the hard EU scored exactly the normal EU's score in 47
    of its first 60 pairs), so this difference is far tighter than comparing the two runs'
    differences with the weaker level (a hard EU with half the search's margin, 42 games: a
    change of -0.55 +/- 1.40, where each run's difference with normal is +/- 2.3)."""
    both = sorted(set(mine) & set(before))
    if not both:
        return None
    changes = [mine[i] - before[i] for i in both]
    m, h = _ci(changes)
    return {"games": len(both), "changed": sum(1 for c in changes if c), "change": round(m, 2),
            "ci95": [round(m - h, 2), round(m + h, 2)]}


def strength(games: int, hard_games: int, workers: int,
             pairings: tuple[tuple[str, str], ...] = PAIRINGS, pairs_file: str | None = None,
             roles: tuple[str, ...] = ROLES, against_file: str | None = None) -> list[dict[str, object]]:
    """``games`` (``hard_games`` for a pairing with hard) paired games per pairing, in all: game
    *i* puts the level in role ``i mod 4``, so each role gets a quarter. With ``pairs_file`` every
    finished pair is appended to it as it comes, and a later run with the same file plays only the
    pairs still missing (a 200-per-role run takes hours on a loaded machine). ``roles`` keeps only
    the games whose seat is one of them (the same games, on the same seeds, as in the full run).
    With ``against_file`` (an earlier run's ``--pairs`` file) each role's stronger-level scores
    are also compared with that run's on the same games (:func:`against`)."""
    print("strength: one seat (rotating) at each level in turn, the other seats normal; paired by seed")
    print(f"  {'pairing':<18} {'games':>5} {'stronger':>9} {'weaker':>8} {'difference':>11}  95% CI")
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    table: list[dict[str, object]] = []
    with ctx.Pool(workers) as pool:
        for strong, weak in pairings:
            n = hard_games if "hard" in (strong, weak) else games
            t = time.perf_counter()
            done = {i: ab for i, ab in _load_pairs(pairs_file, strong, weak).items() if i < n}
            done = {i: ab for i, ab in done.items() if ROLES[i % len(ROLES)] in roles}
            todo = [(strong, weak, 7, i) for i in range(n) if i not in done and ROLES[i % len(ROLES)] in roles]
            n = len(done) + len(todo)
            for index, a, b, why in pool.imap_unordered(_pair, todo, chunksize=1):
                done[index] = (a, b, why)
                if pairs_file:
                    with open(pairs_file, "a") as f:
                        f.write(json.dumps({"pairing": f"{strong}:{weak}", "index": index, "a": a, "b": b, **why}) + "\n")
                if len(done) % 20 == 0:
                    print(f"    ... {len(done)}/{n} pairs ({time.perf_counter() - t:.0f} s)", flush=True)
            rows = sorted((i, a, b) for i, (a, b, _) in done.items())
            diffs = [a - b for _, a, b in rows]
            mean, half = _ci(diffs)
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
                if against_file:
                    before = {i: a for i, (a, _, _) in _load_pairs(against_file, strong, weak).items()}
                    diff = against({i: a for i, a, _ in rows if i % len(ROLES) == k}, before)
                    if diff is not None:
                        by_role[role]["against"] = diff
                        lo, hi = diff["ci95"]  # type: ignore[misc]
                        print(f"        against {against_file}: {strong} changed its score in {diff['changed']} "
                              f"of {diff['games']} games, {diff['change']:+.2f} [{lo:+.2f}, {hi:+.2f}]")
                whys = [w for i, (_, _, w) in sorted(done.items()) if i % len(ROLES) == k and w is not None]
                if whys:
                    parts = _breakdown(whys)
                    by_role[role]["breakdown"] = {"pairs": len(whys), **parts}
                    for kind, counts in parts.items():
                        print(f"        {kind} (stronger/weaker, of {len(whys)}): "
                              + ", ".join(f"{name or 'none'} {s}/{w}" for name, (s, w) in counts.items()))
            table.append({"pairing": f"{strong} vs {weak}", "games": n, "difference": round(mean, 2),
                          "ci95": [round(mean - half, 2), round(mean + half, 2)], "by_role": by_role})
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small samples, for development")
    parser.add_argument("--per-role", type=int, help="paired games per role and pairing (default 200, as the goal "
                        "asks: 800 games per pairing; quick 10)")
    parser.add_argument("--games", type=int, help="paired games per pairing, all roles together (overrides --per-role)")
    parser.add_argument("--hard-games", type=int, help="the same for pairings with hard (overrides --per-role)")
    parser.add_argument("--pairs", help="append every finished pair to this JSONL file and skip pairs already in it")
    parser.add_argument("--timing-games", type=int, help="games with a hard seat for the decision times (default 8)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-strength", action="store_true")
    parser.add_argument("--skip-timing", action="store_true", help="skip decision times and throughput")
    parser.add_argument("--rss-games", type=int, default=0, help="also measure memory over N games with a hard seat")
    parser.add_argument("--json", action="store_true", help="also print one JSON object at the end")
    parser.add_argument("--roles", help="comma-separated roles whose games to play (default: all four)")
    parser.add_argument("--pairings", help="comma-separated STRONG:WEAK pairs (default: all four)")
    parser.add_argument("--against", help="an earlier run's --pairs file: also compare the stronger level's scores "
                        "with that run's on the same games (for screening a variant of a level)")
    args = parser.parse_args()
    content = load_content()
    report: dict[str, object] = {}
    if not args.skip_timing:
        report["decisions"] = decision_times(content, args.quick, args.timing_games)
        report["simulate"] = throughput(100 if args.quick else 1000, args.workers)
    if args.rss_games:
        report["memory"] = rss(args.rss_games)
    if not args.skip_strength:
        per_role = args.per_role or (10 if args.quick else 200)
        games = args.games or len(ROLES) * per_role
        hard_games = args.hard_games or len(ROLES) * per_role
        pairings = (tuple(tuple(p.split(":")) for p in args.pairings.split(",")) if args.pairings  # type: ignore[misc]
                    else PAIRINGS)
        roles = tuple(args.roles.split(",")) if args.roles else ROLES
        report["strength"] = strength(games, hard_games, args.workers, pairings, args.pairs, roles, args.against)
    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
