"""The tables compiled at content load decide exactly as the content's own conditions and bounds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import chance, endings, keci, orders
from rules import quantities as q
from rules.core.engine import Game
from rules.core.state import GameState
from rules.effects import apply_effects, label
from rules.loader import Content, load_content
from rules.tables import compile_condition, holds, tables

CONTENT = load_content()


def _conditions(content: Content) -> list[dict[str, object]]:
    out: list[dict[str, object]] = [a.requires for a in content.actions.values()]
    out += [o.condition for r in content.roles.values() for o in r.objectives]
    out += [e.condition for e in content.endings.values()]
    out += [alt for e in content.endings.values() for alt in e.condition_any]
    out += [c.requires for c in content.crises.values()]
    out += [a.recognizes_when for a in content.allies.values()]
    out += [d.when for t in content.tracks.values() for d in t.drift]
    out += [r.requires for r in content.keci.reviews] + [r.check for r in content.keci.reviews]
    out += [content.keci.suspend_when] + [p.unlock for p in content.keci.phases]
    out += [alt for p in content.keci.phases for alt in p.unlock_any]
    return [c for c in out if c]


def _moved_board(seed: int, shifts: list[int]) -> GameState:
    """A standard board with every quantity moved within its bounds, and some KECI state."""
    game, _ = Game.new(CONTENT, "standard", seed)
    state = game.state
    refs = sorted(tables(CONTENT).quantities)
    for i, ref in enumerate(refs):
        kind, key, _ = q.parse(ref)
        if (kind == "role" and key not in state.role_tracks) or (kind == "trust" and key not in state.trust):
            continue
        q.add(CONTENT, state, ref, shifts[i % len(shifts)])
    state.keci_phase = seed % 4
    state.keci_suspended = seed % 5 == 0
    state.keci_mou_approved = seed % 7 == 0
    state.keci_since = seed % 3
    state.turn = 1 + seed % 16
    state.special_rep = "a" if seed % 2 else None
    state.drawn = tuple(sorted(CONTENT.crises)[: seed % 6])
    return state


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), shifts=st.lists(st.integers(-6, 6), min_size=40, max_size=40))
def test_compiled_conditions_agree_with_the_content(seed: int, shifts: list[int]) -> None:
    """Every requirement, objective, ending, crisis, ally, drift, review and KECI condition
    holds on a board exactly when its compiled form does, on boards moved anywhere within
    their bounds."""
    state = _moved_board(seed, shifts)
    for condition in _conditions(CONTENT):
        assert holds(state, compile_condition(condition)) == q.holds(state, condition), condition  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), shifts=st.lists(st.integers(-6, 6), min_size=40, max_size=40))
def test_compiled_rules_decide_as_the_content_does(seed: int, shifts: list[int]) -> None:
    """The decisions read from the tables (crisis weights, endings, KECI's next phase, an
    action's named rule, a seat's scores) are those the content's own models give."""
    state = _moved_board(seed, shifts)
    for scenario in CONTENT.scenarios.values():
        state.scenario = scenario.id
        expected = []
        for card_id in scenario.deck or list(CONTENT.crises):
            card = CONTENT.crises[card_id]
            if (card.once and card_id in state.drawn) or not q.holds(state, card.requires):
                continue
            w = card.weight.base + sum(coef * q.get(state, ref) for ref, coef in card.weight.per.items())
            if w > 0:
                expected.append((card_id, w))
        assert chance.crisis_weights(CONTENT, state) == expected
        assert keci.next_phase_open(CONTENT, state) == (not keci.next_phase_blockers(CONTENT, state))
    for final in (False, True):
        reference = next((e for e in CONTENT.endings.values() if (e.immediate or final)
                          and q.holds(state, e.condition) and q.holds_any(state, e.condition_any)), None)
        assert endings.ending_now(CONTENT, state, final) is reference
    for action in CONTENT.actions.values():
        for capital in (0, 3, 99):
            assert orders.can_order(CONTENT, state, action, capital) == (
                orders.why_not(CONTENT, state, action, capital) is None), action.id
    for role in state.seats:
        public, full, met = endings.tally(CONTENT, state, role)
        assert public == endings.score(CONTENT, state, role, include_secret=False)
        assert full == endings.score(CONTENT, state, role)
        assert met == sum(endings.objectives_met(CONTENT, state, role).values())


def test_compiled_quantities_have_the_contents_bounds_and_names() -> None:
    for ref, (kind, key, sub, lo, hi, name) in tables(CONTENT).quantities.items():
        assert q.parse(ref) == (kind, key, sub)
        assert (lo, hi) == q.bounds(CONTENT, ref)
        assert name == label(CONTENT, ref)


@settings(max_examples=60, deadline=None)
@given(delta=st.integers(-30, 30), seed=st.integers(0, 100))
def test_effects_are_clamped_and_told_as_before(delta: int, seed: int) -> None:
    """An effect through the compiled table moves a quantity within its bounds and says so,
    exactly as adding it through the content's bounds does."""
    game, _ = Game.new(CONTENT, "standard", seed)
    reference = game.state.clone()
    for ref in sorted(tables(CONTENT).quantities):
        kind, key, _ = q.parse(ref)
        if (kind == "role" and key not in reference.role_tracks) or (kind == "trust" and key not in reference.trust):
            continue
        events = apply_effects(CONTENT, game.state, {ref: delta}, "test")
        old, new = q.add(CONTENT, reference, ref, delta)
        assert q.get(game.state, ref) == new
        assert [(e.data["old"], e.data["new"]) for e in events] == ([(old, new)] if old != new else [])


def test_each_content_gets_its_own_tables() -> None:
    # The last tables are kept for the next call: asking for another content (the server runs
    # sessions with their own rulebooks on threads) must never hand back the first one's.
    first, second = load_content(), load_content()
    for content in (first, second, first, second):
        assert tables(content).content is content
    assert tables(first).quantities == tables(second).quantities
