"""The compiled copies of the content's hot fields hold the models' own values, and follow the
content they were made from."""

from __future__ import annotations

from pathlib import Path

from rules.content_cache import plain_content
from rules.hot import hot
from rules.loader import Content, load_content

CONTENT = load_content()


def _check(content: Content) -> None:
    h = hot(content)
    assert h.role_name == {r: role.name for r, role in content.roles.items()}
    assert h.capital_refill == {r: role.capital_refill for r, role in content.roles.items()}
    # The reference an effect on a role's capital names (rules.quantities parses it so).
    assert h.capital_ref == {r: f"{r}.political_capital" for r in content.roles}
    assert set(h.items) == set(content.items)
    for item_id, item in content.items.items():
        copy = h.items[item_id]
        assert (copy.name, copy.deliver_cost, copy.effects) == (item.name, item.deliver_cost, item.effects)
    assert set(h.actions) == set(content.actions)
    for action_id, action in content.actions.items():
        a = h.actions[action_id]
        assert (a.id, a.role, a.name, a.cost, a.effects, a.op) == (action.id, action.role, action.name, action.cost,
                                                                     action.effects, action.op)
        assert a.risky == (action.risk is not None)
        assert a.repeatable is action.repeatable
    expected = {(card_id, role, r.id) for card_id, card in content.crises.items()
                for role, rs in card.responses.items() for r in rs}
    assert set(h.responses) == expected
    for (card_id, role, response_id), r in h.responses.items():
        model = next(m for m in content.crises[card_id].responses[role] if m.id == response_id)
        assert r.model is model
        assert (r.id, r.label, r.cost, r.effects, r.unilateral) == (model.id, model.label, model.cost, model.effects,
                                                                     model.unilateral)
    p = content.negotiation.penalties
    assert (h.max_proposals, h.accepted_effects, h.kept_effects, h.kept_trust) == (
        p.max_proposals_per_turn, p.accepted_effects, p.kept_effects, p.kept_trust)
    assert h.partner_role == content.keci.partner_role
    assert h.max_fall == tuple((t.id, t.max_fall_per_turn) for t in content.tracks.values()
                               if t.max_fall_per_turn is not None)
    assert h.max_fall, "the shipped tracks bound some falls: the copy must not be empty"


def test_the_copies_hold_the_models_values() -> None:
    _check(CONTENT)


def test_the_copies_hold_the_plain_records_values(tmp_path: Path) -> None:
    _check(plain_content(cache_dir=tmp_path))


def test_each_content_gets_its_own_copies() -> None:
    other = load_content()
    assert hot(other).content is other
    assert hot(CONTENT).content is CONTENT
    assert hot(other) is hot(other)
