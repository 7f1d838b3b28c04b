"""Chance is an explicit step: each draw lists its outcomes with probabilities, a scripted draw is
an outcome with probability 1, and the seed still fixes every draw."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from rules import chance, crises, facilitator
from rules.core.actions import Action
from rules.core.engine import Game, replay
from rules.core.log import EntryKind, LogEntry
from rules.core.secrets import seen_entry
from rules.core.state import GameState
from rules.facilitator import FACILITATOR
from rules.loader import CONTENT_DIR, Content, ContentError, load_content
from rules.values import Event
from tests.helpers import finish_orders, order, to_actions


def _old_draw(content: Content, game: Game, rng: random.Random) -> str | None:
    """The crisis draw as the rules wrote it before chance became explicit."""
    options = crises.weights(content, game.state)
    total = chance.QUIET_WEIGHT + sum(w for _, w in options)
    pick = rng.random() * total
    for card_id, w in options:
        pick -= w
        if pick < 0:
            return card_id
    return None


def test_crisis_draw_lists_every_card_and_a_quiet_half_year(content: Content) -> None:
    game, _ = Game.new(content, "standard", 3)
    node = chance.crisis_draw(content, game.state)
    probabilities = dict(node.probabilities)
    assert abs(sum(probabilities.values()) - 1) < 1e-9
    assert None in probabilities and probabilities[None] > 0
    weights = dict(crises.weights(content, game.state))
    assert set(probabilities) - {None} == set(weights)
    card, w = max(weights.items(), key=lambda kv: kv[1])
    assert abs(probabilities[card] - w / (sum(weights.values()) + chance.QUIET_WEIGHT)) < 1e-9


def test_sampling_follows_the_probabilities(content: Content) -> None:
    game, _ = Game.new(content, "standard", 3)
    node = chance.crisis_draw(content, game.state)
    rng = random.Random(1)
    n = 20000
    counts: dict[str | None, int] = {}
    for _ in range(n):
        outcome = node.sample(rng)
        counts[outcome] = counts.get(outcome, 0) + 1
    for outcome, p in node.probabilities:
        assert abs(counts.get(outcome, 0) / n - p) < 0.02, outcome


def test_explicit_draw_gives_the_draws_recorded_games_were_played_with(content: Content) -> None:
    """Same seed, same card: replays of games recorded before this change stay valid."""
    for seed in range(20):
        game, _ = Game.new(content, "standard", seed)
        game.state.tracks["north_tension"] = seed % 8 + 1
        for k in range(25):
            a, b = random.Random(f"{seed}:{k}"), random.Random(f"{seed}:{k}")
            assert chance.crisis_draw(content, game.state).sample(a) == _old_draw(content, game, b)


def test_a_scripted_card_is_an_outcome_with_probability_one(content: Content) -> None:
    game, _ = Game.new(content, "standard", 3)
    st = game.state
    card = next(iter(content.crises))
    st.scripted_crises[st.turn] = card
    node = chance.crisis_draw(content, st)
    assert node.certain and node.probabilities == ((card, 1.0),)
    rng = random.Random(9)
    before = rng.getstate()
    assert node.sample(rng) == card
    assert rng.getstate() == before  # the generator is untouched: other turns draw as before


def test_risk_and_recognition_rolls(content: Content) -> None:
    game, _ = Game.new(content, "standard", 3)
    risky = next(a for a in content.actions.values() if a.risk is not None)
    node = chance.risk_roll(game.state, risky.role, risky)
    assert node is not None and dict(node.probabilities)[True] == risky.risk.chance  # type: ignore[union-attr]
    assert node.key == f"risk:{risky.role}.{risky.id}"
    assert chance.risk_roll(game.state, risky.role, risky, 2).key.endswith("#2")  # type: ignore[union-attr]
    riskless = next(a for a in content.actions.values() if a.risk is None)
    assert chance.risk_roll(game.state, riskless.role, riskless) is None
    roll = chance.recognition_roll(game.state, "spain", 0.25)
    hits = sum(roll.sample(random.Random(i)) for i in range(4000))
    assert 0.2 < hits / 4000 < 0.3


# -- scripting a roll, and the game's chance API ------------------------------------------------

RISKY = ("kosovo", "kos_police_operation_north")  # 30% backfire, no requirement
OTHER_RISKY = ("nato", "nato_draw_down_kfor")  # 35% backfire, no requirement


def _resolve_with(content: Content, seed: int, script: dict[str, bool]) -> tuple[Game, list[Event]]:
    """Turn 1 with two risky orders given, the given rolls scripted; the resolution's events."""
    game, _ = Game.new(content, "standard", seed)
    to_actions(game)
    for role, action_id in (RISKY, OTHER_RISKY):
        order(game, role, action_id)
    for key, outcome in script.items():
        game.script_chance(key, outcome)
    return game, finish_orders(game)


def _backfired(events: list[Event], role: str, action_id: str, content: Content) -> bool:
    name = content.actions[action_id].name
    return any(e.kind == "risk" and name in e.cause for e in events)


def test_a_scripted_roll_decides_the_risk_and_leaves_the_other_rolls_alone(content: Content) -> None:
    """A facilitator (or a search on its own copy) fixes whether an order backfires; the other
    rolls of the same resolution come out as the seed would have made them."""
    key = f"risk:{RISKY[0]}.{RISKY[1]}"
    for seed in range(12):
        _, free = _resolve_with(content, seed, {})
        for outcome in (True, False):
            _, fixed = _resolve_with(content, seed, {key: outcome})
            assert _backfired(fixed, *RISKY, content) is outcome
            assert _backfired(fixed, *OTHER_RISKY, content) == _backfired(free, *OTHER_RISKY, content)


def test_chance_ahead_lists_the_rolls_of_the_coming_resolution(content: Content) -> None:
    game, _ = Game.new(content, "standard", 5)
    to_actions(game)
    assert [n.key for n in game.chance_ahead() if n.kind == "risk"] == []
    order(game, *RISKY)
    order(game, *OTHER_RISKY)
    risks = [n for n in game.chance_ahead() if n.kind == "risk"]
    order_of = content.scenario("standard").resolution_order
    assert [n.subject.split(".")[0] for n in risks] == sorted((RISKY[0], OTHER_RISKY[0]), key=order_of.index)
    first = next(n for n in risks if n.subject == f"{RISKY[0]}.{RISKY[1]}")
    assert dict(first.probabilities) == {True: 0.3, False: 0.7}
    game.script_chance(first.key, True)
    scripted = next(n for n in game.chance_ahead() if n.key == first.key)
    assert scripted.certain and scripted.probabilities == ((True, 1.0),)
    # A search enumerates the outcomes on copies of the game.
    outcomes = set()
    for value, _p in first.probabilities:
        copy = game.clone()
        copy.script_chance(first.key, value)
        outcomes.add(_backfired(finish_orders(copy), *RISKY, content))
    assert outcomes == {True, False}


def test_script_chance_refuses_what_the_rules_do_not_have(content: Content) -> None:
    game, _ = Game.new(content, "standard", 5)
    for key, outcome in (("risk:kosovo.no_such_action", True), ("risk:serbia.kos_police_operation_north", True),
                         ("recognition:atlantis", True), ("weather:rain", True), ("crisis_draw", "no_card")):
        with pytest.raises(ValueError):
            game.script_chance(key, outcome)
    with pytest.raises(ValueError):
        game.script_chance(f"risk:{RISKY[0]}.{RISKY[1]}", True, turn=game.state.last_turn + 1)
    with pytest.raises(TypeError):
        game.script_chance(f"risk:{RISKY[0]}.{RISKY[1]}", "yes")


def test_scripted_rolls_are_kept_by_copies_and_saves(content: Content) -> None:
    game, _ = Game.new(content, "standard", 5)
    game.script_chance("recognition:spain", True, turn=4)
    assert game.clone().state.scripted_rolls == {4: {"recognition:spain": True}}
    again = GameState.from_json(json.loads(json.dumps(game.state.to_json())))
    assert again.scripted_rolls == {4: {"recognition:spain": True}}


def test_the_facilitator_scripts_a_roll_players_learn_only_that_chance_was_fixed(content: Content) -> None:
    """The act is replayed like any move, decides the roll, and players' logs do not say how."""
    key = f"risk:{RISKY[0]}.{RISKY[1]}"
    game, _ = Game.new(content, "standard", 2)
    to_actions(game)
    act = Action.make(FACILITATOR, facilitator.SCRIPT, roll=key, outcome="happens", turn=0)
    act_events = game.apply(act)
    order(game, *RISKY)
    assert _backfired(finish_orders(game), *RISKY, content)
    assert replay(content, "standard", 2, game.log).state.to_json() == game.state.to_json()
    entry = LogEntry(1, EntryKind.ACTION, FACILITATOR, tuple(act_events), act, turn=1, phase="actions")
    for reader in (*game.state.seats, None):
        seen = json.dumps(seen_entry(entry, reader).to_json())
        assert key not in seen and "happens" not in seen, reader
    assert key in json.dumps(seen_entry(entry, FACILITATOR).to_json())
    bad = Action.make(FACILITATOR, facilitator.SCRIPT, roll="risk:kosovo.nothing", outcome="happens", turn=0)
    assert game.why_illegal(bad) is not None


def test_a_scenario_file_scripts_rolls_and_a_wrong_roll_is_a_content_error(tmp_path: Path) -> None:
    data = yaml.safe_load((CONTENT_DIR / "scenarios" / "classroom.yaml").read_text(encoding="utf-8"))
    key = f"risk:{RISKY[0]}.{RISKY[1]}"
    outcomes = []
    for outcome in (True, False):
        data.update(id="rolls", scripted_rolls={1: {key: outcome}})
        path = tmp_path / "rolls.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        scripted = load_content(extra_scenarios=[path])
        game, _ = Game.new(scripted, "rolls", 1)
        to_actions(game)
        order(game, *RISKY)
        outcomes.append(_backfired(finish_orders(game), *RISKY, scripted))
        assert replay(scripted, "rolls", 1, game.log).state.to_json() == game.state.to_json()
    assert outcomes == [True, False]
    data.update(id="bad", scripted_rolls={2: {"recognition:atlantis": True, "risk:eu.eu_no_such": True},
                                          30: {key: True}})
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(extra_scenarios=[path])
    text = " ".join(str(i) for i in err.value.issues)
    assert "atlantis" in text and "eu.eu_no_such" in text and "outside 1..8" in text
