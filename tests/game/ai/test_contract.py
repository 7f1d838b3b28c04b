"""The AI decides from its own role's view only (the contract in game/ai/choose.py).

Whatever a role cannot see — other roles' pending orders, the seed (and so the crisis deck and
every risk), proposals between two other roles, other roles' secret objectives — may change
without changing its decision.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from game.ai import choose
from rules.core.engine import Game
from rules.core.state import Order
from rules.loader import Content
from rules.values import Proposal


def _positions(content: Content, seed: int, every: int) -> list[tuple[Game, str]]:
    """Positions from a normal-AI game, including actions phases where others have ordered."""
    game, _ = Game.new(content, "standard", seed)
    rngs = {r: random.Random(r) for r in game.state.seats}
    out, n = [], 0
    while not game.over:
        role = game.waiting_for()[0]
        if n % every == 0:
            out.append((game.clone(), role))
        game.apply(choose(game, role, "normal", "moderate", rngs[role]).action)
        n += 1
    return out


def _hidden_altered(game: Game, role: str) -> Game:
    """The same game with everything ``role`` cannot see changed."""
    g = game.clone()
    st = g.state
    st.seed = st.seed * 7 + 12345
    for other in st.seats:
        if other != role and st.orders.get(other):
            # Different secret orders, still "orders given" as far as anyone else can tell.
            st.orders[other] = (Order("a_different_secret_order", (), 0),)
    st.proposals = [p if role in (p.sender, p.recipient) else
                    Proposal(p.id, p.sender, p.recipient, "x", "y", p.deadline, p.turn, p.status, p.counter_of)
                    for p in st.proposals]
    return g


def _other_secrets_altered(content: Content, role: str) -> Content:
    """The rulebook with every other role's secret objectives rewritten."""
    roles = {}
    for rid, r in content.roles.items():
        if rid == role:
            roles[rid] = r
            continue
        objectives = [o.model_copy(update={"points": 9, "condition": {"north_tension": o.condition["north_tension"]}
                                           if "north_tension" in o.condition else {"kfor_posture": next(iter(
                                               o.condition.values()))}}) if o.secret else o
                      for o in r.objectives]
        roles[rid] = r.model_copy(update={"objectives": objectives})
    return dataclasses.replace(content, roles=roles)


@pytest.mark.parametrize("level", ["easy", "normal", "hard"])
def test_decision_ignores_what_the_role_cannot_see(content: Content, level: str) -> None:
    positions = _positions(content, 5, 9 if level != "hard" else 41)
    assert any(p[0].state.phase == "actions" and p[0].state.orders_done for p in positions)
    for game, role in positions:
        real = choose(game.clone(), role, level, "hardliner", random.Random(1))
        hidden = choose(_hidden_altered(game, role), role, level, "hardliner", random.Random(1))
        assert hidden == real, (game.state.phase, role)
        other = Game(_other_secrets_altered(content, role), game.state.clone())
        assert choose(other, role, level, "hardliner", random.Random(1)) == real


def test_the_alterations_are_real(content: Content) -> None:
    """Guard for the test above: the altered parts do differ and the secrets do change scores."""
    game, role = next(p for p in _positions(content, 5, 9) if p[0].state.phase == "actions" and p[0].state.orders_done)
    altered = _hidden_altered(game, role)
    assert altered.state.seed != game.state.seed
    assert any(altered.state.orders[r] != game.state.orders[r] for r in game.state.seats if r != role)
    other = _other_secrets_altered(content, role)
    changed = [r for r in content.roles if r != role and other.roles[r] != content.roles[r]]
    assert changed


def test_a_reason_never_gives_away_the_confidential_briefing(content: Content) -> None:
    """An AI's reason is read by every player who may know the move (a crisis answer, a public
    order, a delivery). It may name only what the role's public card and posture explain: for
    every effect the AI could explain, the reason is the one it would give if it had no secret
    objectives at all. (Serbia once answered a crisis "because it raises Serbia: domestic
    support, as its confidential briefing asks", for every other role to read.)"""
    from game.ai.persona import own
    from game.ai.temperament import Temperament
    from game.ai.valuation import Valuer

    effects = [dict(a.effects) for a in content.actions.values()]
    effects += [dict(r.effects) for card in content.crises.values() for rs in card.responses.values() for r in rs]
    effects += [dict(i.effects) for i in content.items.values()]
    checked = named = 0
    for game, _ in _positions(content, 4, 9)[:12]:
        for role in game.state.seats:
            if not any(o.secret for o in content.roles[role].objectives):
                continue
            full = own(content, role, Temperament.MODERATE)
            public = dataclasses.replace(full, objectives=tuple(
                o.id for o in content.roles[role].objectives if not o.secret))
            mine, card_only = Valuer(content, game.state, full), Valuer(content, game.state, public)
            for e in effects:
                for want in (1, -1):
                    said = mine.explain(e, want=want)
                    assert "confidential" not in said
                    assert said == card_only.explain(e, want=want), (role, e, want)
                    checked += 1
                    named += bool(said)
    assert checked > 1000 and named > 100  # reasons are still given, not silenced
