"""What a step on a commitment is worth: the time left to complete it, and what it secures for good."""

from __future__ import annotations

from game.ai.persona import own
from game.ai.temperament import Temperament
from game.ai.valuation import Valuer
from rules.core.engine import Game


def _step(game: Game, role: str, ref: str, delta: int = 1, turn: int | None = None) -> float:
    """What moving ``ref`` by ``delta`` is worth to a moderate ``role`` on this board (at ``turn``)."""
    state = game.state.clone()
    if turn is not None:
        state.turn = turn
    return Valuer(game.content, state, own(game.content, role, Temperament.MODERATE)).ref_gain(ref, delta)


def test_the_step_that_secures_reciprocity_is_worth_nearly_all_of_it_in_the_last_half_year(game: Game) -> None:
    # Kosovo's secret objective (2 points) wants Serbia's de facto recognition at 2 (the game starts
    # at 1) and no objection to its memberships at 2, granted here so the de facto step decides it.
    assert game.state.normalization["serbia_de_facto"] == 1
    game.state.normalization["serbia_no_blocking"] = 2
    first = _step(game, "kosovo", "commitment.serbia_de_facto")
    last = _step(game, "kosovo", "commitment.serbia_de_facto", turn=game.state.last_turn)
    # At the start the step may still come later, so it secures part of the objective; in the last
    # half-year only what holds at the end scores, so it secures all of it (before: 0.57 every turn).
    assert 0.4 < first - _posture(game, "kosovo", "commitment.serbia_de_facto") < 0.8
    assert last - _posture(game, "kosovo", "commitment.serbia_de_facto") > 1.9
    middle = _step(game, "kosovo", "commitment.serbia_de_facto", turn=game.state.last_turn // 2)
    assert first < middle < last


def test_a_commitment_past_the_objective_adds_nothing_to_it(game: Game) -> None:
    # Once the statute is adopted (2), Kosovo's objective on it is met for good: a further step
    # earns no margin against losing it, since a commitment is never taken back.
    state = game.state.clone()
    state.normalization["asm"] = 2
    valuer = Valuer(game.content, state, own(game.content, "kosovo", Temperament.MODERATE))
    parts = {t.text: g for t, g in valuer._shared_gains("commitment.asm", 1)[0] if t.kind == "objective"}
    assert parts and all(g == 0 for g in parts.values())


def test_serbia_counts_a_step_past_a_framework_agreement_as_its_whole_objective_lost(game: Game) -> None:
    # Serbia's secret objective (1 point): mutual recognition at 1 or below. Commitments do not go
    # back, so the step to 2 loses the objective for good, not 29% of it as before.
    state = game.state.clone()
    state.normalization["mutual_recognition"] = 1
    valuer = Valuer(game.content, state, own(game.content, "serbia", Temperament.MODERATE))
    objective = sum(g for t, g in valuer._shared_gains("commitment.mutual_recognition", 1)[0] if t.kind == "objective")
    assert objective <= -1.0


def _posture(game: Game, role: str, ref: str) -> float:
    """The posture part of one step on ``ref`` (the same every turn)."""
    valuer = Valuer(game.content, game.state.clone(), own(game.content, role, Temperament.MODERATE))
    return sum(g for t, g in valuer._shared_gains(ref, 1)[0] if t.kind == "posture")
