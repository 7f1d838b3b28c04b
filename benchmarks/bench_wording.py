"""What the status-neutral wording costs: ``python benchmarks/bench_wording.py [ROUNDS]``.

The wording is applied where texts leave for a reader, so its price is paid on every page built
for a web client, every window redraw and every command's output. This lays out the same seat's
page (game.web.present.page, a classroom game played to its fourth turn) in the plain and in the
neutral wording, interleaved round by round so that the machine's load falls on both alike, and
prints the median time of each and of ``rules.wording.render_tree`` alone on the page's JSON
(cold: a new text each time, as after a move; warm: the per-text cache hit, as for the other
readers of the same move). A full garbage collection runs before each timed call, so that
neither mode pays for the other's garbage.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.players import greedy_player
from game.web import present
from rules import wording
from rules.content_cache import cached_content
from rules.core.engine import Game
from rules.values import Event


def main(rounds: int = 200) -> int:
    import random

    game, events = Game.new(cached_content(), "classroom", 3)
    rng = random.Random(1)
    moves: list[present.Move] = [present.Move(0, "", tuple(events))]
    seq = 0
    while game.state.turn < 4 and not game.over:
        role = game.waiting_for()[0]
        new: list[Event] = game.apply(greedy_player(game, role, rng))
        seq += 1
        moves.append(present.Move(seq, "", tuple(new)))
    history = present.History(tuple(moves))
    names = {r: r for r in game.state.seats}
    times: dict[str, list[float]] = {"plain": [], "neutral": []}
    for _ in range(rounds):
        for mode in ("plain", "neutral"):
            gc.collect()  # each build starts with no garbage of the other's to collect
            t = time.perf_counter()
            present.page(game, "seat", "kosovo", history, seq, names, "bench", None, None, mode)
            times[mode].append(time.perf_counter() - t)
    page = present.page(game, "seat", "kosovo", history, seq, names, "bench", None, None, "plain")
    cold, warm = [], []
    for _ in range(rounds):
        wording._neutral.cache_clear()
        gc.collect()
        t = time.perf_counter()
        wording.render_tree(page, "neutral")
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        wording.render_tree(page, "neutral")
        warm.append(time.perf_counter() - t)
    ms = 1000
    print(f"seat page, turn {game.state.turn}, {rounds} rounds interleaved (median):")
    for mode in ("plain", "neutral"):
        print(f"  {mode:8}median {statistics.median(times[mode]) * ms:7.2f} ms, fastest {min(times[mode]) * ms:6.2f} ms")
    print(f"render_tree on that page (median / fastest): cold {statistics.median(cold) * ms:.2f} / {min(cold) * ms:.2f} ms, "
          f"warm {statistics.median(warm) * ms:.2f} / {min(warm) * ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
