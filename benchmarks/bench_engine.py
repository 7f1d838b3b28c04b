"""Engine speed: full 16-turn games per second, microseconds per move and per state copy.

Run: ``python benchmarks/bench_engine.py [--games N] [--full-games N] [--scenario NAME]
[--openspiel] [--json]``. Prints numbers only (``--json``: one JSON object); the goals are in
the README.

The goal's figure is **full games per second**: games between normal AIs that run all their
turns (16 in the standard scenario) are recorded first, then replayed through the engine's API
as a player or a search drives it (``legal_actions`` then ``apply`` for every move, the
automatic phases included), timed in CPU time of this process (best of three rounds), so the
AI's own thinking is not counted and a busy machine changes the figure less than wall time
would. ``--openspiel`` times OpenSpiel's Python games (if ``open_spiel`` is installed) in the
same run, for the per-move comparison. The first line (``build``) says whether the compiled
build ran (``KECI_PURE_PYTHON=1`` times pure Python; see :mod:`rules.native`).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import callgrind
from game.players import random_player
from rules import native
from rules.core.actions import Action
from rules.core.engine import Game
from rules.loader import Content, load_content


def full_games(content: Content, scenario: str, wanted: int) -> tuple[list[tuple[int, list[Action]]], int]:
    """The moves of ``wanted`` games between normal AIs that ran all their turns, and how many
    games it took to find them."""
    from game.ai import choose

    out: list[tuple[int, list[Action]]] = []
    seed = 0
    while len(out) < wanted:
        rng = random.Random(seed)
        game, _ = Game.new(content, scenario, seed)
        moves = []
        while not game.over:
            role = game.waiting_for()[0]
            action = choose(game, role, "normal", "moderate", rng).action
            game.apply(action)
            moves.append(action)
        if game.state.turn == game.state.last_turn:
            out.append((seed, moves))
        seed += 1
    return out, seed


def replay_cpu(content: Content, scenario: str, games: list[tuple[int, list[Action]]],
               time_apply: bool = False) -> float:
    """CPU seconds to replay the games listing and applying every move, or (``time_apply``)
    the part of it spent in ``apply`` (timed around each call, which costs a little itself)."""
    clock = time.process_time
    in_apply = 0.0
    start = clock()
    for seed, moves in games:
        game, _ = Game.new(content, scenario, seed)
        for action in moves:
            game.legal_actions(action.role)
            if time_apply:
                t = clock()
                game.apply(action)
                in_apply += clock() - t
            else:
                game.apply(action)
    return in_apply if time_apply else clock() - start


OPENSPIEL_GAMES: tuple[str, ...] = ("python_kuhn_poker", "python_liars_poker", "python_tic_tac_toe",
                                     "python_block_dominoes")


def openspiel_record(game: Any, rng: random.Random, enough: Callable[[list[list[tuple[int, bool]]]], bool],
                     ) -> list[list[tuple[int, bool]]]:
    """Random games of an OpenSpiel game, recorded as (action, whether a chance node chose it)
    for every move, until ``enough`` says so."""
    games: list[list[tuple[int, bool]]] = []
    while not enough(games):
        state, moves = game.new_initial_state(), []
        while not state.is_terminal():
            chance = state.is_chance_node()
            options = [a for a, _ in state.chance_outcomes()] if chance else state.legal_actions()
            choice = options[rng.randrange(len(options))]
            moves.append((choice, chance))
            state.apply_action(choice)
        games.append(moves)
    return games


def openspiel_replay(game: Any, games: list[list[tuple[int, bool]]], time_apply: bool = False) -> float:
    """:func:`replay_cpu` for an OpenSpiel game: CPU seconds to replay the recorded games,
    listing (a chance node's outcomes, or the player's legal moves) and applying every move."""
    # The same loop as replay_cpu's, on purpose: both engines are timed by the same code shape; a
    # shared loop would need a call per move to reach each engine's API, a cost that would land
    # in both figures.
    clock = time.process_time
    in_apply, begin = 0.0, clock()
    for moves in games:
        state = game.new_initial_state()
        for action, chance in moves:
            if chance:
                state.chance_outcomes()
            else:
                state.legal_actions()
            if time_apply:
                t = clock()
                state.apply_action(action)
                in_apply += clock() - t
            else:
                state.apply_action(action)
    return in_apply if time_apply else clock() - begin


def openspiel_per_move(seconds: float = 1.0) -> dict[str, float]:
    """Microseconds per move of OpenSpiel's Python games: listing the legal moves and applying
    one (the same work as a move here), and applying alone.

    Timed as KECI's moves are (:func:`replay_cpu`): random games are recorded first, then
    replayed, listing (a chance node's outcomes, or the player's legal moves) and applying every
    move, with no clock read inside the loop; the time in ``apply_action`` alone is a second,
    separate replay. (Until 2026-11-27 their per-move figure was taken in the loop that also
    chose the random moves and read the clock twice around every ``apply_action``, about 1 µs a
    move that KECI's figure did not carry.)"""
    try:
        import open_spiel.python.games  # noqa: F401  (registers the Python games)
        import pyspiel
    except ImportError:
        return {}
    out: dict[str, float] = {}
    clock = time.process_time
    for name in OPENSPIEL_GAMES:
        game, start = pyspiel.load_game(name), clock()
        games = openspiel_record(game, random.Random(0), lambda _: clock() - start >= seconds / 4)  # noqa: B023
        n_moves = sum(len(m) for m in games)

        total = min(openspiel_replay(game, games) for _ in range(3))
        in_apply = min(openspiel_replay(game, games, time_apply=True) for _ in range(3))
        out[f"openspiel_{name}_us_per_move"] = total / n_moves * 1e6
        out[f"openspiel_{name}_us_per_apply"] = in_apply / n_moves * 1e6
    return out


def instructions_per_move(keci: tuple[str, list[tuple[int, list[Action]]]] | None, spiel: bool) -> dict[str, float]:
    """Instructions per move (callgrind) of the replays that are timed: KECI's recorded games
    (``keci``: scenario and games) through :func:`replay_cpu`, and (``spiel``) OpenSpiel's Python
    games through :func:`openspiel_replay`, each in a child process running this file with
    ``--replay`` (the replays only, no clock read inside them). Per move on both sides covers the
    same work as the timing's: listing and applying every move, each game's new initial state
    included."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        def count(key: str, record: dict[str, Any], moves: int) -> None:
            path = Path(folder) / f"{key}.json"
            path.write_text(json.dumps(record))
            out[key] = callgrind.per_unit(
                lambda n: [sys.executable, str(Path(__file__).resolve()), "--replay", str(path), "--rounds", str(n)],
                moves)

        if keci is not None:
            scenario, games = keci
            count("instructions_per_move", {"scenario": scenario, "games": [
                (seed, [a.to_json() for a in moves]) for seed, moves in games]}, sum(len(m) for _, m in games))
        if spiel:
            try:
                import open_spiel.python.games  # noqa: F401  (registers the Python games)
                import pyspiel
            except ImportError:
                return out
            for name in OPENSPIEL_GAMES:
                recorded = openspiel_record(pyspiel.load_game(name), random.Random(0),
                                            lambda games: sum(len(m) for m in games) >= 4000)
                count(f"openspiel_{name}_instructions_per_move", {"openspiel": name, "games": recorded},
                      sum(len(m) for m in recorded))
    return out


def as_listed(content: Content, scenario: str, seed: int, moves: list[Action]) -> list[Action]:
    """The moves of a game read back from JSON, rebuilt from the engine's own objects: the role
    string of the game's seats, and the id, parameter names and values of the listed template
    that allows the move, as a player (the AI whose games are timed) picks them. A string read
    from JSON is equal to the engine's but not the same object, and the engine's tests of a
    role or an id then compare characters where they compared identities (about 4 % more
    instructions a move): without this, the count would not be of the work that is timed."""
    game, _ = Game.new(content, scenario, seed)
    out = []
    for action in moves:
        role = next(r for r in game.state.seats if r == action.role)
        template = next(t for t in game.legal_actions(role) if t.id == action.id and t.allows(action))
        params = []
        for key, value in action.params:
            name = next(k for k in template.params if k == key)
            params.append((name, next(v for v in template.params[name] if v == value)))
        out.append(Action(role, template.id, tuple(params)))
        game.apply(out[-1])
    return out


def replay_recorded(path: Path, rounds: int) -> None:
    """The child of :func:`instructions_per_move`: replay the games recorded in ``path``
    ``rounds`` times."""
    record = json.loads(path.read_text())
    run: Callable[[], float]
    if "openspiel" in record:
        import open_spiel.python.games  # noqa: F401  (registers the Python games)
        import pyspiel

        game = pyspiel.load_game(record["openspiel"])
        spiel_games = [[(action, chance) for action, chance in moves] for moves in record["games"]]
        run = lambda: openspiel_replay(game, spiel_games)
    else:
        content, scenario = load_content(), record["scenario"]
        games = [(seed, as_listed(content, scenario, seed, [Action.from_json(a) for a in moves]))
                 for seed, moves in record["games"]]
        run = lambda: replay_cpu(content, scenario, games)
    # What the count's fixed part depends on, compared across the runs (callgrind.per_unit).
    print(native.choice().reason, len(record["games"]))
    # The objects made so far (modules, content) left out of the collector's full passes: a full
    # pass during the replays walks every live object, and the count would then change with what
    # this process happened to import (3 % on Kuhn poker between two builds of the engine).
    gc.collect()
    gc.freeze()
    for _ in range(rounds):
        run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=200, help="random games")
    parser.add_argument("--full-games", type=int, default=20, help="full-length games between normal AIs")
    parser.add_argument("--scenario", default="standard")
    parser.add_argument("--openspiel", action="store_true", help="also time OpenSpiel's Python games")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions per move with callgrind (valgrind; minutes)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--replay", type=Path, help=argparse.SUPPRESS)  # --instructions' child
    parser.add_argument("--rounds", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replay is not None:
        replay_recorded(args.replay, args.rounds)
        return
    # Which build runs (compiled with mypyc, or pure Python: rules.native); KECI_PURE_PYTHON=1
    # times the pure one.
    out: dict[str, Any] = {"build": native.choice().reason}
    lines: list[str] = [f"build: {out['build']}"]
    t0 = time.perf_counter()
    content = load_content()
    out["content_load_ms"] = (time.perf_counter() - t0) * 1000
    lines.append(f"content load: {out['content_load_ms']:.1f} ms")

    games, tried = full_games(content, args.scenario, args.full_games)
    moves = sum(len(m) for _, m in games)
    turns = content.scenario(args.scenario).turns
    replay_cpu(content, args.scenario, games[:2])  # warm the content's compiled tables
    total = min(replay_cpu(content, args.scenario, games) for _ in range(3))
    in_apply = min(replay_cpu(content, args.scenario, games, time_apply=True) for _ in range(3))
    out.update(full_games=len(games), full_games_tried=tried, full_game_turns=turns,
               full_game_moves=moves / len(games), full_games_per_s=len(games) / total,
               us_per_move=total / moves * 1e6, us_per_apply=in_apply / moves * 1e6)
    lines.append(f"full {turns}-turn games per second (one core, CPU time; normal-AI games that ran their course, "
                 f"replayed listing and applying every move): {len(games) / total:.1f}")
    lines.append(f"  {len(games)} games ({tried} played to find them), {moves / len(games):.0f} moves per game; "
                 f"{total / moves * 1e6:.1f} us per move (legal_actions + apply), {in_apply / moves * 1e6:.1f} in apply")

    n_actions, apply_time, lengths, snapshots = 0, 0.0, [], []
    start = time.process_time()
    for seed in range(args.games):
        rng = random.Random(seed)
        game, _ = Game.new(content, args.scenario, seed)
        while not game.over:
            role = game.waiting_for()[0]
            action = random_player(game, role, rng)
            t = time.process_time()
            game.apply(action)
            apply_time += time.process_time() - t
            n_actions += 1
            if seed < 20 and n_actions % 7 == 0:
                snapshots.append(game.state)
        lengths.append(game.state.turn)
    elapsed = time.process_time() - start
    out.update(random_games=args.games, random_mean_turns=statistics.mean(lengths),
               random_games_per_s=args.games / elapsed, random_us_per_apply=apply_time / n_actions * 1e6)
    lines.append(f"random games (they escalate within a few turns): {args.games}, mean turns "
                 f"{statistics.mean(lengths):.1f}, {args.games / elapsed:.1f} per second, "
                 f"{apply_time / n_actions * 1e6:.1f} us per apply")

    reps = 20000
    t = time.process_time()
    for i in range(reps):
        snapshots[i % len(snapshots)].clone()
    out["us_per_state_copy"] = (time.process_time() - t) / reps * 1e6
    lines.append(f"microseconds per state copy: {out['us_per_state_copy']:.2f}")

    if args.openspiel:
        spiel = openspiel_per_move()
        out.update(spiel)
        if not spiel:
            lines.append("OpenSpiel: not installed (pip install open_spiel)")
        for key, value in spiel.items():
            lines.append(f"{key.removeprefix('openspiel_')}: {value:.1f}")
    if args.instructions:
        if not callgrind.available():
            lines.append("instructions: valgrind is not installed")
        else:
            counted = instructions_per_move((args.scenario, games), args.openspiel)
            out.update(counted)
            for key, value in counted.items():
                lines.append(f"{key.removeprefix('openspiel_')}: {value:,.0f}")
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()})
          if args.json else "\n".join(lines))


if __name__ == "__main__":
    main()
