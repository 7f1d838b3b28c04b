"""Golden games: the engine plays exactly as it did when the digests were recorded.

Every speed-up of the engine must leave play unchanged. Each case below plays a full game with a
seeded chooser that only uses the engine's public API (so a change to the AI does not move it),
and hashes everything a player or a search could notice: each waiting role's listed moves, the
move chosen, the events it caused, the state after it (its JSON form), the chance ahead of each
resolution and the final scores. The cases cover calm games that run all their turns, escalating
ones, scripted chance and the facilitator's acts.

A change to the rules or the content changes the digests on purpose: check that the change was
meant to alter play, then record them again with
``python -m tests.rules.core.test_golden_games --write``. ``--seeds N`` hashes N more games
per case (a broader check to run before and after an engine change; it prints one digest).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest

from rules.core.actions import Action, LegalAction
from rules.core.engine import Game
from rules.core.phases import Phase
from rules.loader import Content

GOLDEN = Path(__file__).with_name("golden_games.json")

#: (scenario, seed, style): "calm" avoids orders that raise tension in the north, so games run
#: their course; "wild" picks anything (games escalate within a few turns); "scripted" is calm
#: with crisis cards and rolls fixed in advance; "facilitated" is calm with facilitator acts.
CASES: tuple[tuple[str, int, str], ...] = (
    ("standard", 5, "calm"), ("standard", 8, "calm"), ("standard", 3, "wild"),
    ("standard", 4, "scripted"), ("standard", 10, "facilitated"),
    ("classroom", 1, "calm"), ("keci_now", 4, "calm"), ("special_rep_first", 1, "scripted"),
    ("future_breakthrough", 1, "calm"), ("future_stalemate", 10, "wild"),
    ("itpp_route", 2, "calm"), ("a_la_carte", 1, "facilitated"),
)


def _tension(content: Content, game: Game, role: str, template: LegalAction) -> int:
    """How much a listed move raises tension in the north by itself (negative: calms it)."""
    if template.id == "respond" and game.state.crisis is not None:
        chosen = template.params["response"][0]
        for r in content.crises[game.state.crisis].responses[role]:
            if r.id == chosen:
                return r.effects.get("north_tension", 0) + (2 if r.unilateral else 0)
    action = content.actions.get(template.id)
    if action is None:
        return 0
    return action.effects.get("north_tension", 0) + (2 if action.op == "unilateral_north" else 0)


def _choose(content: Content, game: Game, role: str, options: list[LegalAction], rng: random.Random,
            style: str) -> Action:
    """A seeded choice among the listed moves. Calm styles mostly take a move that calms the
    north most, never one that raises it, and finish a phase about a third of the time, so games
    run their course with several moves per phase; "wild" takes any move."""
    pool = options
    if style != "wild":
        tension = {id(t): _tension(content, game, role, t) for t in options}
        pool = [t for t in options if tension[id(t)] <= 0] or options
        enders = [t for t in pool if t.id in ("end_negotiation", "end_orders")]
        lowest = min(tension[id(t)] for t in pool)
        if enders and rng.random() < 0.35:
            pool = enders
        elif lowest < 0 and rng.random() < 0.7:
            pool = [t for t in pool if tension[id(t)] == lowest]
    template = pool[rng.randrange(len(pool))]
    params = {key: values[rng.randrange(len(values))] for key, values in sorted(template.params.items())}
    return Action(role, template.id, tuple(sorted(params.items())))


def _facilitator_act(content: Content, game: Game, rng: random.Random) -> Action | None:
    """Now and then a facilitator act: a ruling, a card for a later turn, a scripted roll, a
    seat finished at a deadline, a pause and its resumption."""
    st = game.state
    if rng.random() > 0.04 or st.phase not in (Phase.NEGOTIATION, Phase.ACTIONS):
        return None
    pick = rng.randrange(5)
    if pick == 0:
        return Action.make("facilitator", "adjust", track="north_tension", delta=rng.choice((-1, 1)),
                           reason="white cell")
    if pick == 1 and st.turn < st.last_turn:
        return Action.make("facilitator", "inject", card=rng.choice(sorted(content.crises)), turn=st.turn + 1)
    if pick == 2:
        waiting = game.waiting_for()
        return Action.make("facilitator", "timeout", seat=waiting[0]) if waiting else None
    if pick == 3:
        risky = sorted(a.id for a in content.actions.values() if a.risk is not None and a.role in st.seats)
        if risky:
            action = content.actions[rng.choice(risky)]
            return Action.make("facilitator", "script", roll=f"risk:{action.role}.{action.id}",
                               outcome=rng.choice(("happens", "fails")), turn=0)
        return None
    return Action.make("facilitator", "pause", reason="a question from the floor")


def _dump(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, default=repr).encode()


def play(content: Content, scenario: str, seed: int, style: str) -> tuple[str, int, int]:
    """Play one game; returns (digest, moves, turns reached)."""
    rng = random.Random(f"{scenario}:{seed}:{style}")
    game, events = Game.new(content, scenario, seed)
    h = hashlib.sha256()
    h.update(_dump([e.to_json() for e in events]))
    if style == "scripted":
        cards = sorted(content.crises)
        for turn in range(2, game.state.last_turn + 1, 3):
            game.script_chance("crisis_draw", rng.choice(cards), turn)
    while not game.over:
        if game.state.phase == Phase.ACTIONS:
            h.update(_dump([(n.key, n.probabilities) for n in game.chance_ahead()]))
        if game.state.paused is not None:
            action = Action.make("facilitator", "resume")
        else:
            act = _facilitator_act(content, game, rng) if style == "facilitated" else None
            if act is not None:
                action = act
            else:
                waiting = game.waiting_for()
                listed = {role: game.legal_actions(role) for role in waiting}
                h.update(_dump({role: [t.to_json() for t in ts] for role, ts in listed.items()}))
                role = waiting[rng.randrange(len(waiting))]
                if style == "scripted" and game.state.phase == Phase.ACTIONS and rng.random() < 0.1:
                    for node in game.chance_ahead()[:1]:
                        game.script_chance(node.key, rng.random() < 0.5)
                action = _choose(content, game, role, game.legal_actions(role), rng, style)
        h.update(_dump(action.to_json()))
        h.update(_dump([e.to_json() for e in game.apply(action)]))
        h.update(_dump(game.state.to_json()))
    h.update(_dump(game.summary()))
    return h.hexdigest(), len(game.log), game.state.turn


def digests(content: Content, extra_seeds: int = 0) -> dict[str, str]:
    """The digest of every case (and of ``extra_seeds`` more seeds of each, when asked)."""
    out = {}
    for scenario, seed, style in CASES:
        for k in range(extra_seeds + 1):
            out[f"{scenario}:{seed + 1000 * k}:{style}"] = play(content, scenario, seed + 1000 * k, style)[0]
    return out


@pytest.mark.parametrize(("scenario", "seed", "style"), CASES)
def test_games_play_as_recorded(content: Content, scenario: str, seed: int, style: str) -> None:
    """A change that alters play (listed moves, events, states, chance or scores) is caught."""
    recorded = json.loads(GOLDEN.read_text())
    digest, _, _ = play(content, scenario, seed, style)
    assert digest == recorded[f"{scenario}:{seed}:{style}"], (
        "play changed: if the change to the rules or content is meant to alter play, record the "
        "digests again (python -m tests.rules.core.test_golden_games --write)")


def test_the_golden_cases_cover_full_and_short_games(content: Content) -> None:
    """The calm cases run all their turns and the wild ones end early, so both are checked."""
    turns = {(sc, seed, style): play(content, sc, seed, style)[2] for sc, seed, style in CASES[:3]}
    assert turns[("standard", 5, "calm")] == content.scenario("standard").turns
    assert turns[("standard", 3, "wild")] < content.scenario("standard").turns


def main() -> None:
    from rules.loader import load_content

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="record the digests of the cases")
    parser.add_argument("--seeds", type=int, default=0, help="also hash N more seeds per case")
    args = parser.parse_args()
    content = load_content()
    if args.write:
        GOLDEN.write_text(json.dumps(digests(content), indent=1) + "\n")
        for scenario, seed, style in CASES:
            _, moves, turns = play(content, scenario, seed, style)
            print(f"{scenario}:{seed}:{style}: {moves} moves, {turns} turns")
        return
    found = digests(content, args.seeds)
    print(hashlib.sha256(_dump(found)).hexdigest(), f"({len(found)} games)")


if __name__ == "__main__":
    main()
