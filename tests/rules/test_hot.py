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
    assert h.finished_text == {r: f"{role.name} has finished negotiating" for r, role in content.roles.items()}
    for g, giver in content.roles.items():
        for r, receiver in content.roles.items():
            assert h.kept_cause[g][r] == f"{giver.name} keeps its word to {receiver.name}"
            assert (h.trust_ref[g][r], h.trust_key[g][r]) == (f"trust.{g}.{r}", "|".join(sorted((g, r))))
    assert h.submitted_text == {r: f"{role.name} has submitted its orders" for r, role in content.roles.items()}
    assert set(h.items) == set(content.items)
    for item_id, item in content.items.items():
        copy = h.items[item_id]
        assert (copy.name, copy.deliver_cost, copy.effects) == (item.name, item.deliver_cost, item.effects)
        assert copy.effect_items == tuple(item.effects.items())
        # The texts of its delivery's events by giver, as the rules wrote them at each delivery.
        assert copy.delivers == {g: f"{content.roles[g].name} delivers '{item.name}'" for g in item.givers}
        assert copy.delivered == {g: f"{content.roles[g].name} delivered '{item.name}'" for g in item.givers}
    assert set(h.actions) == set(content.actions)
    for action_id, action in content.actions.items():
        a = h.actions[action_id]
        assert (a.id, a.role, a.name, a.cost, a.effects, a.op) == (action.id, action.role, action.name, action.cost,
                                                                     action.effects, action.op)
        assert a.effect_items == tuple(action.effects.items())
        assert a.risky == (action.risk is not None)
        assert a.repeatable is action.repeatable
        # The texts of its order's events, as the rules wrote them at each order.
        assert a.ordered == f"Order given (secret): {action.name}"
        assert a.resolved == f"{content.roles[action.role].name}: {action.name}"
    expected = {(card_id, role, r.id) for card_id, card in content.crises.items()
                for role, rs in card.responses.items() for r in rs}
    assert set(h.responses) == expected
    for (card_id, role, response_id), r in h.responses.items():
        model = next(m for m in content.crises[card_id].responses[role] if m.id == response_id)
        assert r.model is model
        assert (r.id, r.label, r.cost, r.effects, r.unilateral) == (model.id, model.label, model.cost, model.effects,
                                                                     model.unilateral)
        assert (r.said, r.cause) == (f"{content.roles[role].name}: {model.label}",
                                     f"response to {content.crises[card_id].name}")
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
