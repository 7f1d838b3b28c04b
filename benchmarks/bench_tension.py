"""Where tension in the north comes from, and when the escalation ending strikes.

Run: ``nice -n 10 python benchmarks/bench_tension.py [--games N] [--scenarios a,b] [--top K]``.
Prints numbers only: per scenario, normal AI in every seat (temperaments drawn per game, the
simulator's seeds), the share of games that end in escalation, the turns on which they end, and
the causes that moved tension the most: each cause's net change of tension per game over all
games, and per game over the escalated ones only.

Why: issue 10 asks that escalation rest on what the paper names (the Banjska attack, the Zubin
Potok sabotage, boycotts of minorities who feel sidelined, unilateral police moves in the north),
not on one drift that nobody answers; balance figures alone do not say which. The turn histogram
shows whether a change makes the game end before anyone can act (a first-turn escalation).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import simulate
from rules.loader import Content, shipped_content
from rules.values import Event

SEED = 1
TRACK = "north_tension"


def causes(events: list[Event], into: Counter[str]) -> None:
    """Add each move of tension in ``events`` to its cause in ``into``."""
    for e in events:
        if e.kind == "track" and e.data.get("ref") == TRACK:
            into[e.cause] += e.data["new"] - e.data["old"]


def scenario_report(content: Content, scenario: str, games: int, top: int) -> None:
    every: Counter[str] = Counter()
    escalated: Counter[str] = Counter()
    turns: Counter[int] = Counter()
    for i in range(games):
        moved: Counter[str] = Counter()
        result = simulate.play_one(content, scenario, {}, SEED, i, partial(causes, into=moved))
        every.update(moved)
        if result.ending == "escalation":
            escalated.update(moved)
            turns[result.turns] += 1
    n = sum(turns.values())
    print(f"  {scenario}: escalation in {n} of {games} games ({100 * n / games:.1f}%), "
          f"on turns {dict(sorted(turns.items()))}")
    print(f"    {'per game':>9} {'escalated':>10}  cause")
    for cause, total in sorted(every.items(), key=lambda kv: -abs(kv[1]))[:top]:
        print(f"    {total / games:+9.2f} {escalated[cause] / max(n, 1):+10.2f}  {cause[:90]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--games", type=int, default=200, help="games per scenario (default 200)")
    ap.add_argument("--scenarios", default="", help="comma-separated scenario ids (default: all shipped)")
    ap.add_argument("--top", type=int, default=15, help="causes listed per scenario (default 15)")
    args = ap.parse_args()
    content = shipped_content()
    scenarios = args.scenarios.split(",") if args.scenarios else sorted(content.scenarios)
    print(f"tension in the north by cause: normal AI in every seat, {args.games} games per scenario, seed {SEED}")
    for scenario in scenarios:
        scenario_report(content, scenario, args.games, args.top)


if __name__ == "__main__":
    main()
