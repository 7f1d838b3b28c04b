"""Engine speed: full random games per second, microseconds per action and per state copy.

Run: ``python benchmarks/bench_engine.py [--games N] [--scenario NAME] [--json]``. Prints numbers
only (``--json``: one JSON object); the goals (>= 300 full 16-turn games per second on one core)
are in the README.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    args = parser.parse_args()
    out: dict[str, float] = {}
    lines: list[str] = []
    t0 = time.perf_counter()
    content = load_content()
    out["content_load_ms"] = (time.perf_counter() - t0) * 1000
    lines.append(f"content load: {out['content_load_ms']:.1f} ms")

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
    out.update(random_games=args.games, random_mean_turns=statistics.mean(turns),
               random_games_per_s=args.games / elapsed, us_per_applied_action=apply_time / actions * 1e6,
               us_per_action_with_choice=elapsed / actions * 1e6)
    lines.append(f"games: {args.games} ({args.scenario}), mean turns {statistics.mean(turns):.1f}, "
                 f"mean actions {actions / args.games:.0f}")
    lines.append(f"full random games per second (one core): {args.games / elapsed:.1f}")
    lines.append(f"microseconds per applied action (legality check + rules + automatic phases): "
                 f"{apply_time / actions * 1e6:.1f}")
    lines.append(f"microseconds per action including the random player's choice: {elapsed / actions * 1e6:.1f}")

    # Random play escalates within a few turns, so also time games that run their course:
    # 90% effect-greedy, 10% random moves. The per-turn cost gives a 16-turn-game rate.
    from game.players import greedy_player

    turns_total, start = 0, time.perf_counter()
    full = 0
    engine_time, engine_actions = 0.0, 0
    for seed in range(args.games // 2):
        rng = random.Random(seed)
        game, _ = Game.new(content, args.scenario, seed)
        while not game.over:
            role = game.waiting_for()[0]
            player = greedy_player if rng.random() < 0.9 else random_player
            action = player(game, role, rng)
            t = time.perf_counter()
            game.apply(action)
            engine_time += time.perf_counter() - t
            engine_actions += 1
        turns_total += game.state.turn
        full += game.state.turn == game.state.last_turn
    per_turn = (time.perf_counter() - start) / turns_total
    per_turn_engine = engine_time / turns_total
    out.update(mixed_games=args.games // 2, mixed_mean_turns=turns_total / (args.games // 2), mixed_full_games=full,
               ms_per_turn=per_turn * 1000, games16_per_s=1 / (16 * per_turn),
               games16_per_s_engine_only=1 / (16 * per_turn_engine),
               us_per_applied_action_mixed=engine_time / engine_actions * 1e6)
    lines.append(f"mixed greedy/random games: {args.games // 2}, mean turns {turns_total / (args.games // 2):.1f}, "
                 f"{full} ran all turns; ms per turn {per_turn * 1000:.3f}; "
                 f"16-turn games per second (one core): {1 / (16 * per_turn):.1f}; "
                 f"counting only the engine (apply, without the players' choices): {1 / (16 * per_turn_engine):.1f}; "
                 f"{engine_time / engine_actions * 1e6:.1f} us per applied action")

    reps = 20000
    t = time.perf_counter()
    for i in range(reps):
        states[i % len(states)].clone()
    out["us_per_state_copy"] = (time.perf_counter() - t) / reps * 1e6
    lines.append(f"microseconds per state copy: {out['us_per_state_copy']:.2f}")
    print(json.dumps({k: round(v, 3) for k, v in out.items()}) if args.json else "\n".join(lines))


if __name__ == "__main__":
    main()
