"""Persistence speed: ms per committed action (p50, p95), ms to resume a finished game, bytes per game.

Run: ``python benchmarks/bench_store.py [--games N] [--db URL]`` (default: a temporary SQLite file).
Goals (README): p95 <= 5 ms per action, resume <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.players import greedy_player
from game.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=6)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    path = Path(tmp) / "bench.db"
    url = args.db or str(path)
    times: list[float] = []
    resumes: list[float] = []
    actions = 0
    with Store(url) as store:
        ids = []
        for seed in range(args.games):
            sid = store.create("standard", seed)
            ids.append(sid)
            rng = random.Random(seed)
            game = store.load(sid)
            while not game.over:
                action = greedy_player(game, game.waiting_for()[0], rng)
                t = time.perf_counter()
                store.act(sid, action)
                times.append(time.perf_counter() - t)
                game.apply(action)
                actions += 1
    turns = []
    for sid in ids:
        with Store(url) as fresh:  # a new program: nothing cached
            t = time.perf_counter()
            turns.append(fresh.load(sid).state.turn)
            resumes.append(time.perf_counter() - t)
    times.sort()
    print(f"store: {'SQLite file (WAL, synchronous=FULL)' if not args.db else args.db}")
    print(f"games: {args.games} (greedy players), turns played: {turns}, committed actions: {actions}")
    print(f"ms per committed action: p50 {statistics.median(times) * 1000:.2f}, "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.2f}, max {times[-1] * 1000:.2f}")
    print(f"ms to resume a finished game (new process state, snapshot + replay): "
          f"median {statistics.median(resumes) * 1000:.1f}, max {max(resumes) * 1000:.1f}")
    if not args.db:
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        print(f"database bytes per game (incl. WAL): {size / args.games:,.0f}")
        os.system(f"rm -rf {tmp}")


if __name__ == "__main__":
    main()
