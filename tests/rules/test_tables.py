"""The tables compiled at content load decide exactly as the content's own conditions and bounds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import quantities as q
from rules.core.engine import Game
from rules.effects import apply_effects, label
from rules.loader import Content, load_content
from rules.tables import compile_condition, holds, tables

CONTENT = load_content()


def _conditions(content: Content) -> list[dict[str, object]]:
    out: list[dict[str, object]] = [a.requires for a in content.actions.values()]
    out += [o.condition for r in content.roles.values() for o in r.objectives]
    out += [e.condition for e in content.endings.values()]
    out += [c.requires for c in content.crises.values()]
    out += [a.recognizes_when for a in content.allies.values()]
    return [c for c in out if c]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), shifts=st.lists(st.integers(-6, 6), min_size=40, max_size=40))
def test_compiled_conditions_agree_with_the_content(seed: int, shifts: list[int]) -> None:
    """Every requirement, objective, ending, crisis and ally condition holds on a board exactly
    when its compiled form does, on boards moved anywhere within their bounds."""
    game, _ = Game.new(CONTENT, "standard", seed)
    state = game.state
    refs = sorted(tables(CONTENT).quantities)
    for i, ref in enumerate(refs):
        kind, key, _ = q.parse(ref)
        if (kind == "role" and key not in state.role_tracks) or (kind == "trust" and key not in state.trust):
            continue
        q.add(CONTENT, state, ref, shifts[i % len(shifts)])
    state.keci_phase = seed % 4
    for condition in _conditions(CONTENT):
        assert holds(state, compile_condition(condition)) == q.holds(state, condition), condition  # type: ignore[arg-type]


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
