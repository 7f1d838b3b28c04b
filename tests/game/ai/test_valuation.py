"""What a step on a commitment is worth: the time left to complete it, and what it secures for good."""

from __future__ import annotations

from game.ai.persona import own
from game.ai.temperament import Temperament
from game.ai.valuation import Valuer
from rules.core.engine import Game
from rules.loader import Content


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


def _breakthrough(game: Game, role: str, ref: str, state_edit: dict[str, int] | None = None) -> float:
    """The breakthrough part of one step on ``ref`` for a moderate ``role`` (commitments set by ``state_edit``)."""
    state = game.state.clone()
    state.normalization.update(state_edit or {})
    valuer = Valuer(game.content, state, own(game.content, role, Temperament.MODERATE))
    return sum(g for t, g in valuer._shared_gains(ref, 1)[0] if t.kind == "breakthrough")


def test_the_eu_counts_normalization_towards_the_breakthrough_that_opens_phase_3(game: Game) -> None:
    # The breakthrough ending comes with mutual recognition or KECI phase 3, and phase 3 opens only
    # after normalization reaches 12 (keci.yaml). The EU has no stake in KECI's Council motions, so
    # before, a normalization step counted nothing towards the breakthrough (5 points to the EU);
    # now it does, more as normalization nears 12.
    early = _breakthrough(game, "eu", "commitment.police_integration")
    late = _breakthrough(game, "eu", "commitment.police_integration",
                         {"asm": 3, "serbia_de_facto": 3, "north_coordination": 3, "police_integration": 2})
    assert 0 < early < late


def test_a_role_with_a_stake_in_keci_credits_phase_3_as_the_breakthrough(game: Game) -> None:
    # Kosovo sees phase 3's conditions through its readiness term, so its breakthrough term reads
    # the ending's own conditions: the phase, and mutual recognition, not normalization a second time.
    state = game.state.clone()
    state.keci_phase = 2
    valuer = Valuer(game.content, state, own(game.content, "kosovo", Temperament.MODERATE))
    phase = sum(g for t, g in valuer._shared_gains("keci_phase", 1)[0] if t.kind == "breakthrough")
    assert phase > 1.0
    assert _breakthrough(game, "kosovo", "commitment.police_integration") == 0
    assert _breakthrough(game, "kosovo", "commitment.mutual_recognition") > 0


def test_the_ai_pursues_the_objectives_its_scenario_judges(content: Content) -> None:
    """In the classroom Kosovo is judged without KECI phase 3: its AI, and every other AI picturing
    it, weighs the objectives of that scenario, not the role card's."""
    from game.ai.persona import imagined
    from game.ai.valuation import static_terms

    mine = own(content, "kosovo", Temperament.MODERATE, False, "classroom")
    assert mine.objectives == tuple(o.id for o in content.objectives("kosovo", "classroom"))
    assert "keci_phase_three" in own(content, "kosovo", Temperament.MODERATE, False, "standard").objectives
    texts = {t.text for t in static_terms(content, mine) if t.kind == "objective"}
    assert texts == {o.text for o in content.objectives("kosovo", "classroom")}
    pictured = imagined(content, "kosovo", scenario="classroom")
    assert pictured.objectives == tuple(o.id for o in content.objectives("kosovo", "classroom") if not o.secret)


def test_the_eu_stops_wanting_momentum_for_its_own_sake_a_step_past_its_objective(game: Game) -> None:
    # The EU's objective needs dialogue momentum at 6; its posture wants more only up to one step
    # of slack (7). Past that, a round of dialogue earns just the objective's small margin, so the
    # EU's capital goes to what its other objectives and the breakthrough need.
    def posture(level: int) -> float:
        state = game.state.clone()
        state.tracks["dialogue_momentum"] = level
        valuer = Valuer(game.content, state, own(game.content, "eu", Temperament.MODERATE))
        return sum(g for t, g in valuer._shared_gains("dialogue_momentum", 1)[0] if t.kind == "posture")

    assert posture(4) > 0 and posture(6) > 0
    assert posture(7) == 0 and posture(8) == 0
