"""Chance is an explicit step: each draw lists its outcomes with probabilities, a scripted draw is
an outcome with probability 1, and the seed still fixes every draw."""

from __future__ import annotations

import random

from rules import chance, crises
from rules.core.engine import Game
from rules.loader import Content


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
    risky = next(a for a in content.actions.values() if a.risk is not None)
    node = chance.risk_roll(risky)
    assert node is not None and dict(node.probabilities)[True] == risky.risk.chance  # type: ignore[union-attr]
    assert chance.risk_roll(next(a for a in content.actions.values() if a.risk is None)) is None
    roll = chance.recognition_roll("spain", 0.25)
    hits = sum(roll.sample(random.Random(i)) for i in range(4000))
    assert 0.2 < hits / 4000 < 0.3
