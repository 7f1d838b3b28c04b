"""The balance simulator: many AI games in parallel processes, then a balance report.

``python main.py simulate --games N [--seed S] [--scenario NAME] [--seat ROLE=LEVEL[:TEMPERAMENT]]...
[--workers K] [--json] [--out FILE]``

Game *i* is seeded from (S, i) alone and every AI draws from its own generator seeded the same
way, so a game's result does not depend on which process plays it: the same seed gives the same
report whatever the number of workers (only ``seconds`` differs). Results are sorted by game
index before they are summed up.

A role **meets its objectives** in a game when the points of the objectives it holds at the end
(ending bonus not included) are at least half of the points all its objectives are worth.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.ai import LEVELS, TEMPERAMENTS
from game.ai.memory import SeatMemory
from game.cli_support import UserError, content_with
from game.table.ai_turns import decide
from game.table.seat import MIXED, Controller, Seat
from rules import endings
from rules.content_cache import CONTENT_DIR, cached_content
from rules.core.engine import DELIVER, RESPOND, Game
from rules.loader import Content
from rules.values import Event

# MIXED (game.table.seat): a seat named without a temperament draws one per game, so a report
# reflects a mix of styles, as a class of students or a room of officials would bring.
#: Share of objective points a role must hold at the end to count as having met its objectives.
MET_SHARE = 0.5
#: A run longer than this would take days; refuse it rather than seem to hang.
MAX_GAMES = 1_000_000


def parse_seat(text: str) -> tuple[str, Seat]:
    """``ROLE=LEVEL[:TEMPERAMENT]`` (or any AI seat of :mod:`game.table.seat`) -> (role, Seat);
    raises ValueError with a readable message. A seat without a temperament draws one per game."""
    seat = Seat.parse(text)
    if not seat.is_ai:
        raise ValueError(f"--seat {text!r}: simulate plays AI seats only (ROLE=LEVEL[:TEMPERAMENT])")
    return seat.role, seat


def _label(seat: Seat) -> str:
    return f"{seat.level or 'normal'}:{seat.temperament or MIXED}"


def game_seed(seed: int, index: int) -> int:
    """The seed of game ``index`` in a run seeded ``seed`` (independent of workers)."""
    return random.Random(f"keci-simulate:{seed}:{index}").getrandbits(32)


@dataclass
class GameResult:
    index: int
    seed: int
    ending: str
    turns: int
    scores: dict[str, int]
    met: dict[str, bool]
    keci_phase: int
    special_rep: bool
    temperaments: dict[str, str]
    #: How many times each action (catalogue order, crisis response, delivery) was taken.
    actions: dict[str, int] = field(default_factory=dict)
    decisions: int = 0
    #: The board at the end (shared tracks and normalization levels), for diagnostics.
    board: dict[str, int] = field(default_factory=dict)
    #: Per role, the ids of the objectives that hold at the end.
    objectives: dict[str, list[str]] = field(default_factory=dict)
    #: The non-recognizing Allies that recognized Kosovo during the game.
    recognized_by: list[str] = field(default_factory=list)
    #: Change in tension in the north over each turn played (one entry per turn).
    tension_deltas: list[int] = field(default_factory=list)


def objectives_met(content: Content, game: Game, role: str) -> bool:
    """At least :data:`MET_SHARE` of the role's objective points hold at the end."""
    objectives = content.objectives(role, game.state.scenario)
    held = endings.objectives_met(content, game.state, role)
    points = sum(o.points for o in objectives if held[o.id])
    return points >= MET_SHARE * sum(o.points for o in objectives)


def play_one(content: Content, scenario: str, seats: dict[str, Seat], seed: int, index: int,
             observe: Callable[[list[Event]], None] | None = None) -> GameResult:
    """Play one whole AI game; every random draw derives from (seed, index). Raises ValueError
    for a seat that is not an AI seat of its own role (``Seat("hard")`` is a human seat for a
    role named "hard": played silently as normal, it once made a benchmark compare normal
    with normal). ``observe``, if given, reads the events of the first briefing and then of every
    move (a diagnostic such as benchmarks/bench_tension.py); it cannot change the game."""
    for role, seat in seats.items():
        if not seat.is_ai or seat.role != role:
            raise ValueError(f"simulate plays AI seats only: {role} was given {seat!r}")
    gseed = game_seed(seed, index)
    game, opening = Game.new(content, scenario, gseed)
    if observe is not None:
        observe(opening)  # the first briefing: its pressures and crisis card move the tracks too
    draw = random.Random(f"temperaments:{gseed}")
    chosen = {r: seats.get(r, Seat(r, Controller.AI, "normal")) for r in game.state.seats}
    temperaments = {r: s.temperament or draw.choice(TEMPERAMENTS) for r, s in chosen.items()}
    played = {r: Seat(r, Controller.AI, s.level or "normal", temperaments[r]) for r, s in chosen.items()}
    memories = {r: SeatMemory() for r in game.state.seats}
    actions: Counter[str] = Counter()
    decisions = 0
    turn, tension = game.state.turn, game.state.tracks["north_tension"]
    deltas: list[int] = []
    while not game.over:
        role = game.waiting_for()[0]
        # The same random source per decision as every other front-end (game.table.ai_turns.ai_rng),
        # so a simulated game and the same game played at a table make the same moves.
        decision = decide(game, played[role], game.state.moves, memories[role])
        action = decision.action
        if action.id == RESPOND:
            actions[f"{role}:{action.param('response')}"] += 1
        elif action.id in content.actions or action.id == DELIVER:
            actions[action.id if action.id != DELIVER else f"{role}:deliver"] += 1
        events = game.apply(action)
        if observe is not None:
            observe(events)
        decisions += 1
        if game.state.turn != turn:
            deltas.append(game.state.tracks["north_tension"] - tension)
            turn, tension = game.state.turn, game.state.tracks["north_tension"]
    deltas.append(game.state.tracks["north_tension"] - tension)
    st = game.state
    return GameResult(index, gseed, st.ending or "", st.turn, game.scores(),
                      {r: objectives_met(content, game, r) for r in st.seats}, st.keci_phase,
                      st.special_rep is not None, temperaments, dict(actions), decisions,
                      {**st.tracks, **{f"commitment.{k}": v for k, v in st.normalization.items()}},
                      {r: [o for o, held in endings.objectives_met(content, st, r).items() if held] for r in st.seats},
                      list(st.recognized_by), deltas)


# -- running in parallel -------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}

#: The cyclic collector's first threshold while games are played. The default (700 allocations)
#: runs a collection every few decisions over the AI's many short-lived tuples and dicts, almost
#: none of them in cycles: about a tenth of a game's CPU. Garbage in cycles is still collected.
GC_THRESHOLD = 100_000


def _quiet_gc() -> None:
    """Collect cycles less often, and never again look through what is alive now (the rulebook):
    the same games, about 10% less CPU. Only for a process or a stretch that plays games."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


@contextlib.contextmanager
def _games_gc() -> Iterator[None]:
    """:func:`_quiet_gc` for the stretch of a ``with``, then the collector as it was."""
    before = gc.get_threshold()
    _quiet_gc()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _init_worker(scenario_path: str | None, scenario: str, seats: dict[str, Seat], seed: int,
                 content_dir: str | None = None) -> None:
    # The validated rulebook kept on disk (rules.content_cache: the same value as load_content,
    # rebuilt whenever a file or the code changes): a few milliseconds per worker instead of
    # parsing and validating the YAML again in each one (~0.1 s of CPU per worker).
    extra = [Path(scenario_path)] if scenario_path else []
    content = cached_content(content_dir or CONTENT_DIR, extra_scenarios=extra)
    _WORKER.update(content=content, scenario=scenario, seats=seats, seed=seed)


def _init_pool_worker(scenario_path: str | None, scenario: str, seats: dict[str, Seat], seed: int,
                      content_dir: str | None = None) -> None:
    _init_worker(scenario_path, scenario, seats, seed, content_dir)
    _quiet_gc()  # the process only plays games


def _play_index(index: int) -> GameResult:
    w = _WORKER
    return play_one(w["content"], w["scenario"], w["seats"], w["seed"], index)


def useful_workers(workers: int, games: int) -> int:
    """The processes worth starting: no more than the games to play or the machine's cores."""
    return max(1, min(workers, games, os.cpu_count() or 1))


def run(games: int, seed: int = 1, scenario: str = "standard", seats: dict[str, Seat] | None = None,
        workers: int = 1, progress: bool = True, scenario_path: str | None = None,
        content_dir: str | None = None) -> tuple[list[GameResult], float]:
    """Play ``games`` games on ``workers`` processes; returns the results by game index and the seconds taken."""
    seats = seats or {}
    start = time.perf_counter()
    bar = _progress(games, progress)
    results: list[GameResult] = []
    # More processes than games or than cores only costs start-up time and memory.
    workers = useful_workers(workers, games)
    if workers <= 1:
        _init_worker(scenario_path, scenario, seats, seed, content_dir)
        with _games_gc():
            for i in range(games):
                results.append(_play_index(i))
                bar.update(1)
    else:
        # Never fork: the caller may have threads running (a test runner, a window), and a forked
        # child can inherit a lock one of them held and wait on it forever. "forkserver" starts
        # workers from a clean single-threaded server process; each loads the rulebook once.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            # The server imports the game once and every worker starts from it, instead of each
            # worker importing it again (~0.3 s of CPU per worker). Used when the server starts.
            ctx.set_forkserver_preload(["__main__", __name__])
        # Small chunks: the last ones decide how long one worker waits for the other at the end.
        chunk = max(1, min(4, games // (workers * 8)))
        with ctx.Pool(workers, initializer=_init_pool_worker,
                      initargs=(scenario_path, scenario, seats, seed, content_dir)) as pool:
            for result in pool.imap_unordered(_play_index, range(games), chunksize=chunk):
                results.append(result)
                bar.update(1)
    bar.close()
    results.sort(key=lambda r: r.index)
    return results, time.perf_counter() - start


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm
    return tqdm(total=total, desc="games", unit="game", file=sys.stderr, disable=not enabled, leave=False)


# -- the report ----------------------------------------------------------------------------------

def _quantiles(values: list[int]) -> dict[str, float]:
    ordered = sorted(values)
    n = len(ordered)

    def at(p: float) -> float:
        return float(ordered[min(n - 1, max(0, math.ceil(p * n) - 1))])

    return {"min": float(ordered[0]), "p25": at(0.25), "median": at(0.5), "p75": at(0.75), "max": float(ordered[-1])}


def associated_actions(results: list[GameResult], top: int = 5, min_games: int = 3) -> dict[str, list[dict[str, Any]]]:
    """For each ending, the actions taken most often in its games compared with all games (lift)."""
    n = len(results)
    overall: Counter[str] = Counter()
    for r in results:
        overall.update(r.actions)
    out: dict[str, list[dict[str, Any]]] = {}
    for ending in sorted({r.ending for r in results}):
        games = [r for r in results if r.ending == ending]
        counts: Counter[str] = Counter()
        present: Counter[str] = Counter()
        for r in games:
            counts.update(r.actions)
            present.update(r.actions.keys())
        rows: list[dict[str, Any]] = []
        # Actions seen in only a handful of these games say more about chance than about the ending.
        support = min(len(games), max(min_games, math.ceil(0.1 * len(games))))
        for action, c in counts.items():
            if present[action] < support:
                continue
            per_game = c / len(games)
            baseline = overall[action] / n
            rows.append({"action": action, "per_game": round(per_game, 2), "all_games": round(baseline, 2),
                         "lift": round(per_game / baseline, 2) if baseline else 0.0})
        rows.sort(key=lambda x: (-x["lift"], -x["per_game"], x["action"]))
        out[ending] = rows[:top]
    return out


def report(results: list[GameResult], seconds: float, content: Content, seats: dict[str, Seat],
           scenario: str, seed: int, workers: int) -> dict[str, Any]:
    """The balance report as one JSON-ready object."""
    n = len(results)
    roles: dict[str, Any] = {}
    for role in results[0].scores if results else []:
        scores = [r.scores[role] for r in results]
        by_temper: dict[str, list[int]] = {}
        for r in results:
            by_temper.setdefault(r.temperaments[role], []).append(r.scores[role])
        roles[role] = {
            "seat": _label(seats.get(role, Seat(role, Controller.AI, "normal"))),
            "mean_score": round(statistics.fmean(scores), 3),
            "stdev_score": round(statistics.pstdev(scores), 3),
            "score_quantiles": _quantiles(scores),
            "score_histogram": {str(k): v for k, v in sorted(Counter(scores).items())},
            "objectives_met_rate": round(sum(r.met[role] for r in results) / n, 4),
            "mean_score_by_temperament": {t: round(statistics.fmean(v), 3) for t, v in sorted(by_temper.items())},
            "objective_rates": {o.id: round(sum(o.id in r.objectives[role] for r in results) / n, 4)
                                for o in content.objectives(role, scenario)},
        }
    endings_count = Counter(r.ending for r in results)
    return {
        "games": n,
        "scenario": scenario,
        "seed": seed,
        "workers": workers,
        "seats": {r: _label(seats.get(r, Seat(r, Controller.AI, "normal"))) for r in roles},
        "met_objectives_means": f"at least {MET_SHARE:.0%} of the role's objective points hold at the end",
        "endings": {e: endings_count.get(e, 0) for e in content.endings},
        "ending_rates": {e: round(endings_count.get(e, 0) / n, 4) for e in content.endings},
        "roles": roles,
        "mean_turns": round(statistics.fmean(r.turns for r in results), 3),
        "keci_phase": {str(p): sum(1 for r in results if r.keci_phase == p) for p in range(4)},
        "special_representative_rate": round(sum(r.special_rep for r in results) / n, 4),
        "recognitions": {a: round(sum(a in r.recognized_by for r in results) / n, 4) for a in content.allies},
        "tension_swings": round(_swings(results), 4),
        "mean_decisions": round(statistics.fmean(r.decisions for r in results), 1),
        "actions_by_ending": associated_actions(results),
        "seconds": round(seconds, 3),
    }


#: A change in tension larger than this over one turn counts as a swing.
SWING = 3


def _swings(results: list[GameResult]) -> float:
    """Share of turns played in which tension in the north moved by more than :data:`SWING`."""
    deltas = [d for r in results for d in r.tension_deltas]
    return sum(abs(d) > SWING for d in deltas) / len(deltas) if deltas else 0.0


def render(data: dict[str, Any], content: Content) -> str:
    """The report as text for a terminal."""
    n = data["games"]
    lines = [(f"KECI balance report: {n} games of '{data['scenario']}', seed {data['seed']}, "
             f"{data['workers']} worker(s), {data['seconds']:.1f} s ({n / max(data['seconds'], 1e-9):.1f} games/s)"),
             "", "Endings:"]
    for ending, count in data["endings"].items():
        lines.append(f"  {content.endings[ending].name:<14} {count:>6}  {count / n:6.1%}")
    lines += ["", f"Objectives met = {data['met_objectives_means']}.",
              (f"  {'role':<16} {'seat':<18} {'mean':>6} {'sd':>5} {'min':>4} {'p25':>4} {'med':>4} {'p75':>4} "
              f"{'max':>4} {'met':>7}")]
    for role, r in data["roles"].items():
        qs = r["score_quantiles"]
        lines.append(f"  {content.roles[role].name:<16} {r['seat']:<18} {r['mean_score']:6.2f} {r['stdev_score']:5.2f} "
                     f"{qs['min']:4.0f} {qs['p25']:4.0f} {qs['median']:4.0f} {qs['p75']:4.0f} {qs['max']:4.0f} "
                     f"{r['objectives_met_rate']:7.1%}")
    lines += ["", f"Mean game length: {data['mean_turns']:.2f} turns ({data['mean_decisions']:.0f} decisions)",
              "KECI phase reached: " + ", ".join(f"{p}: {c / n:.1%}" for p, c in data["keci_phase"].items()),
              f"Special Representative appointed: {data['special_representative_rate']:.1%}",
              "Recognized Kosovo: " + ", ".join(f"{content.allies[a].name} {v:.1%}" for a, v in data["recognitions"].items()),
              f"Turns with tension moving by more than {SWING}: {data['tension_swings']:.1%}", "",
              "Actions most associated with each ending (per game in that ending vs. all games):"]
    for ending, rows in data["actions_by_ending"].items():
        lines.append(f"  {content.endings[ending].name}:")
        for row in rows:
            lines.append(f"    {row['action']:<44} {row['per_game']:6.2f} vs {row['all_games']:5.2f}  x{row['lift']:.2f}")
    return "\n".join(lines)


# -- command line --------------------------------------------------------------------------------

def add_simulate_parser(sub: Any) -> None:
    """Register ``simulate`` on the CLI's subparsers (called from game/cli.py)."""
    p = sub.add_parser("simulate", help="play many AI games in parallel and print a balance report")
    p.add_argument("--games", type=int, default=100, help="number of games (default 100)")
    p.add_argument("--seed", type=int, default=1, help="seed of the whole run (default 1)")
    p.add_argument("--scenario", default="standard", help="scenario id or a scenario YAML file")
    p.add_argument("--seat", action="append", default=[], metavar="ROLE=LEVEL[:TEMPERAMENT]",
                   help=f"AI for a seat; levels: {', '.join(LEVELS)}; temperaments: "
                        f"{', '.join((*TEMPERAMENTS, MIXED))} (default: normal, mixed)")
    p.add_argument("--workers", type=int, default=max(1, min(2, multiprocessing.cpu_count())),
                   help="processes to play on (default: up to 2)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    p.add_argument("--out", help="also write the JSON report to this file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_simulate)


def cmd_simulate(args: argparse.Namespace) -> int:
    if args.games < 1:
        raise UserError("--games must be at least 1")
    if args.games > MAX_GAMES:
        raise UserError(f"--games must be at most {MAX_GAMES:,}")
    if args.workers < 1:
        raise UserError("--workers must be at least 1")
    content, scenario = content_with(args.scenario)
    seats: dict[str, Seat] = {}
    for text in args.seat:
        try:
            role, seat = parse_seat(text)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        if role not in content.scenario(scenario).seats:
            raise UserError(f"--seat {text!r}: {role!r} has no seat in '{scenario}' "
                            f"(seats: {', '.join(content.scenario(scenario).seats)})")
        seats[role] = seat
    scenario_path = args.scenario if scenario != args.scenario else None
    results, seconds = run(args.games, args.seed, scenario, seats, args.workers, progress=not args.quiet,
                           scenario_path=scenario_path)
    data = report(results, seconds, content, seats, scenario, args.seed, useful_workers(args.workers, args.games))
    if args.out:
        try:
            Path(args.out).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2))
    else:
        print(render(data, content))
    return 0
