"""Balance and "decisions matter", measured with the AI on paired seeds.

Run: ``nice -n 10 python benchmarks/bench_balance.py [--games N] [--paired N] [--policy-games N]
[--workers K] [--scenarios a,b] [--only balance,silent,random,policies] [--roles eu,nato]``
(``--roles``: test only these roles' seats in the paired comparisons, to save time).

Prints numbers only (issue 10's targets in brackets):

* **balance**, per shipped scenario, normal AI in every seat (temperaments drawn per game):
  each ending's share [10-60%], each role's objectives-met share [20-60%], each Ally's
  recognition share (a few percent at most), the share of turns in which tension moved by more
  than 3, all with 95% Wilson intervals;
* **silent**: per role, normal seat minus silent seat (normal that never proposes and rejects
  every proposal) on the same seeds, other seats normal [>= 1 point, CI above zero];
* **random**: per role, normal minus random [>= 2 points];
* **policies**: per role, normal minus each simple scripted policy (the same action every turn;
  greedy on the score; accept everything) [> 0 for every role and policy].

Pairing: game *i* of a run uses the simulator's seed for *i*, the same temperaments and the same
AI random sources for every seat whatever plays the tested one, so only the tested seat differs.
The all-normal games are played once and shared by every comparison in the run (400 paired games
per role for silent and random cost 400 + 8 x 400 games, not twice that). Each figure is the mean
of the per-game differences with a normal-approximation 95% interval. The load average is printed
at the start and the end, with the run's wall and CPU time: on a 2-core machine shared by several
people, run it ``nice -n 10`` and report the load with the figures.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import players as simple
from game import simulate
from game.ai import TEMPERAMENTS, choose
from game.ai.memory import SeatMemory
from rules.core.actions import Action
from rules.core.engine import ACCEPT, END_NEGOTIATION, END_ORDERS, RESPOND, Game
from rules.loader import Content, shipped_content

ROLES = ("kosovo", "serbia", "nato", "eu")
SEED = 1

#: The action a "same action every turn" seat orders each turn: the one most tied to its objectives.
FAVOURITE = {"kosovo": "kos_open_defence_budget", "serbia": "srb_eu_reforms",
             "nato": "nato_reassure_non_recognizers", "eu": "eu_convene_dialogue"}


def _same_action(game: Game, role: str, rng: random.Random) -> Action:
    legal = game.legal_actions(role)
    ids = {t.id for t in legal}
    if RESPOND in ids:
        cheapest = min((t for t in legal if t.id == RESPOND), key=lambda t: t.cost)
        return Action.make(role, RESPOND, response=cheapest.params["response"][0])
    if END_NEGOTIATION in ids or "reject" in ids:
        pending = [t for t in legal if t.id == "reject"]
        if pending:
            return Action.make(role, "reject", proposal=pending[0].params["proposal"][0])
        return Action.make(role, END_NEGOTIATION)
    if FAVOURITE[role] in ids:
        return Action.make(role, FAVOURITE[role])
    return Action.make(role, END_ORDERS)


def _accept_all(game: Game, role: str, rng: random.Random, temperament: str, memory: SeatMemory) -> Action:
    """The normal AI that accepts every proposal it receives."""
    for t in game.legal_actions(role):
        if t.id == ACCEPT:
            return Action.make(role, ACCEPT, proposal=t.params["proposal"][0])
    return choose(game, role, "normal", temperament, rng, memory).action


POLICIES = ("same_action", "greedy", "accept_all")


def play(content: Content, scenario: str, index: int, role: str | None, seat: str) -> dict[str, Any]:
    """One game, seeded as the simulator seeds game ``index``; ``role`` played by ``seat`` (an AI
    level or a policy), every other role by the normal AI. Returns scores and the ending."""
    gseed = simulate.game_seed(SEED, index)
    game, _ = Game.new(content, scenario, gseed)
    draw = random.Random(f"temperaments:{gseed}")
    temperaments = {r: draw.choice(TEMPERAMENTS) for r in game.state.seats}
    rngs = {r: random.Random(f"ai:{gseed}:{r}") for r in game.state.seats}
    memories = {r: SeatMemory() for r in game.state.seats}
    while not game.over:
        who = game.waiting_for()[0]
        kind = seat if who == role else "normal"
        if kind == "same_action":
            action = _same_action(game, who, rngs[who])
        elif kind == "greedy":
            action = simple.greedy_player(game, who, rngs[who])
        elif kind == "accept_all":
            action = _accept_all(game, who, rngs[who], temperaments[who], memories[who])
        else:
            action = choose(game, who, kind, temperaments[who], rngs[who], memories[who]).action
        game.apply(action)
    return {"scores": game.scores(), "ending": game.state.ending}


_CONTENT: dict[str, Content] = {}


def _job(args: tuple[str, int, str | None, str]) -> tuple[tuple[str, int, str | None, str], dict[str, Any]]:
    if "c" not in _CONTENT:
        _CONTENT["c"] = shipped_content()
    return args, play(_CONTENT["c"], *args)


def run_jobs(jobs: list[tuple[str, int, str | None, str]], workers: int) -> dict[tuple[str, int, str | None, str], dict[str, Any]]:
    if workers <= 1:
        return dict(_job(j) for j in jobs)
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers) as pool:
        return dict(pool.imap_unordered(_job, jobs, chunksize=4))


def wilson(k: int, n: int) -> tuple[float, float]:
    if n == 0:
        return (0.0, 0.0)
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_ci(diffs: list[float]) -> tuple[float, float, float]:
    m = statistics.fmean(diffs)
    half = 1.96 * statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else float("nan")
    return m, m - half, m + half


def share(k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{k / n:6.1%} [{lo:5.1%}, {hi:5.1%}]"


def balance(content: Content, scenarios: list[str], games: int, workers: int) -> None:
    print(f"balance: normal AI in every seat, temperaments drawn per game, {games} games per scenario, seed {SEED}")
    for scenario in scenarios:
        results, seconds = simulate.run(games, SEED, scenario, {}, workers, progress=False)
        n = len(results)
        print(f"  {scenario} ({n} games, {seconds:.0f} s)", flush=True)
        for ending in content.endings:
            k = sum(r.ending == ending for r in results)
            print(f"    ending {ending:<13} {share(k, n)}   [10-60%]")
        for role in content.scenario(scenario).seats:
            k = sum(r.met[role] for r in results)
            print(f"    met    {role:<13} {share(k, n)}   [20-60%]")
        for ally in content.allies:
            k = sum(ally in r.recognized_by for r in results)
            print(f"    recognized by {ally:<8} {share(k, n)}")
        deltas = [d for r in results for d in r.tension_deltas]
        k = sum(abs(d) > simulate.SWING for d in deltas)
        print(f"    turns with |Δ tension| > {simulate.SWING}: {share(k, len(deltas))} of {len(deltas)} turns")


def paired(content: Content, scenario: str, label: str, seats: list[str], games: int, workers: int,
           target: str, baseline: dict[int, dict[str, Any]], roles: tuple[str, ...] = ROLES) -> None:
    """Normal seat minus ``seats`` for each of ``roles``, on the seeds of ``baseline`` (the all-normal
    games, played once and shared by every comparison: only the tested seat's games are new)."""
    missing = [i for i in range(games) if i not in baseline]
    jobs = [(scenario, i, None, "normal") for i in missing]
    jobs += [(scenario, i, role, seat) for seat in seats for role in roles for i in range(games)]
    out = run_jobs(jobs, workers)
    baseline.update({i: out[(scenario, i, None, "normal")] for i in missing})
    print(f"{label}: normal seat minus {', '.join(seats)} seat, same seeds, others normal, "
          f"{games} paired games per role, '{scenario}' [{target}]")
    for seat in seats:
        for role in roles:
            normal = [baseline[i]["scores"][role] for i in range(games)]
            other = [out[(scenario, i, role, seat)]["scores"][role] for i in range(games)]
            m, lo, hi = mean_ci([a - b for a, b in zip(normal, other)])
            print(f"  {seat:<12} {role:<8} {statistics.fmean(normal):6.2f} vs {statistics.fmean(other):6.2f}"
                  f"  difference {m:+6.2f}  95% CI [{lo:+6.2f}, {hi:+6.2f}]", flush=True)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--games", type=int, default=150, help="games per scenario for balance (default 150)")
    ap.add_argument("--paired", type=int, default=400, help="paired games per role for silent (default 400)")
    ap.add_argument("--random-games", type=int, default=400, help="paired games per role for random (default 400)")
    ap.add_argument("--policy-games", type=int, default=100, help="paired games per role and policy (default 100)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--scenarios", default="", help="comma-separated scenario ids (default: all shipped)")
    ap.add_argument("--only", default="balance,silent,random,policies")
    ap.add_argument("--roles", default=",".join(ROLES),
                    help="comma-separated roles whose seat the paired comparisons test (default: all four)")
    args = ap.parse_args()
    roles = tuple(args.roles.split(","))
    unknown = set(roles) - set(ROLES)
    if unknown:
        ap.error(f"unknown roles: {', '.join(sorted(unknown))}")
    content = shipped_content()
    only = set(args.only.split(","))
    scenarios = args.scenarios.split(",") if args.scenarios else sorted(content.scenarios)
    wall, cpu = time.perf_counter(), time.process_time()
    print(f"start: {load()}", flush=True)
    if "balance" in only:
        balance(content, scenarios, args.games, args.workers)
    baseline: dict[int, dict[str, Any]] = {}
    if "silent" in only:
        paired(content, "standard", "silent", ["silent"], args.paired, args.workers, ">= +1, CI above 0", baseline, roles)
    if "random" in only:
        paired(content, "standard", "random", ["random"], args.random_games, args.workers, ">= +2", baseline, roles)
    if "policies" in only:
        paired(content, "standard", "policies", list(POLICIES), args.policy_games, args.workers, "> 0", baseline, roles)
    children = os.times()
    print(f"end: {load()}; {time.perf_counter() - wall:.0f} s wall, "
          f"{time.process_time() - cpu + children.children_user + children.children_system:.0f} s CPU (with workers)")

if __name__ == "__main__":
    main()
