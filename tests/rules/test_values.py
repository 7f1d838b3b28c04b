"""The rules' small values: an event compares, copies and travels by its fields (it was a
dataclass; it is a plain class so that its constructor compiles to native code, rules.native)."""

from __future__ import annotations

import copy
import pickle

import pytest

from rules import native
from rules.core.actions import Action
from rules.core.state import Order
from rules.values import Deal, Event, Proposal, Value, is_value


def _event(**changes: object) -> Event:
    fields: dict[str, object] = {"kind": "order", "text": "Order given (secret): patrol", "cause": "player's choice",
                                 "turn": 3, "phase": "actions", "data": {"action": "patrol"},
                                 "visible_to": ("kosovo",)}
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def test_events_with_the_same_fields_are_equal_and_any_field_tells_them_apart() -> None:
    assert _event() == _event()
    for name, other in [("kind", "deal"), ("text", "x"), ("cause", ""), ("turn", 4), ("phase", "crisis"),
                        ("data", {}), ("visible_to", None)]:
        assert _event() != _event(**{name: other}), name
    assert _event() != ("order", "Order given (secret): patrol")


def test_an_event_without_data_gets_its_own_empty_dict() -> None:
    a, b = Event("turn", "Turn 1 of 16"), Event("turn", "Turn 1 of 16")
    a.data["seen"] = True
    assert b.data == {} and a.cause == "" and a.turn == 0 and a.phase == "" and a.visible_to is None


def test_an_event_survives_json_pickle_and_copy() -> None:
    e = _event()
    assert Event.from_json(e.to_json()) == e
    assert pickle.loads(pickle.dumps(e)) == e
    assert copy.deepcopy(e) == e and copy.copy(e) == e


def test_an_event_reads_as_the_dataclass_did() -> None:
    assert repr(Event("turn", "Turn 1", data={"n": 1})) == (
        "Event(kind='turn', text='Turn 1', cause='', turn=0, phase='', data={'n': 1}, visible_to=None)")
    assert _event().line() == "Order given (secret): patrol (player's choice)"
    with pytest.raises(TypeError):
        hash(_event())  # compared by its (mutable) fields, so not hashable, as the dataclass


@pytest.mark.parametrize("value", [
    Proposal(3, "kosovo", "serbia", "police_rehiring", "asm_statute", 2, 5, "accepted", 1),
    Deal(4, 3, "kosovo", "serbia", "police_rehiring", 6, "kept", 6),
    Order("deliver", (("deal", 4),), 2),
    Action("kosovo", "propose", (("ask", "asm_statute"), ("to", "serbia"))),
])
def test_proposals_deals_orders_and_actions_are_values_by_their_fields(value: Value) -> None:
    """They were frozen dataclasses: they still compare, hash, print, pickle and copy by their
    fields, refuse a change once compiled (and to the type checker always), and a state's copy
    shares them."""
    fields = dict(zip(value._names, value._fields(), strict=True))
    same = type(value)(**fields)
    assert same == value and hash(same) == hash(value) and same is not value
    for name, field in fields.items():
        changed = field + 1 if isinstance(field, int) else () if isinstance(field, tuple) else "changed"
        assert type(value)(**dict(fields, **{name: changed})) != value, name
    assert value != value._fields()
    assert repr(value) == f"{type(value).__name__}({', '.join(f'{k}={v!r}' for k, v in fields.items())})"
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.deepcopy(value) == value and copy.copy(value) == value
    assert is_value(value)
    if native.choice().compiled:
        with pytest.raises(AttributeError):
            value.id = 9  # type: ignore[misc,union-attr]


def test_proposals_and_deals_take_their_defaults_as_the_dataclasses_did() -> None:
    assert repr(Proposal(1, "eu", "nato", "a", "b", 2, 1)) == (
        "Proposal(id=1, sender='eu', recipient='nato', give='a', ask='b', deadline=2, turn=1, status='pending', "
        "counter_of=None)")
    assert repr(Deal(1, 1, "eu", "nato", "a", 3)) == (
        "Deal(id=1, proposal=1, giver='eu', receiver='nato', item='a', due_turn=3, status='open', kept_turn=None)")
    assert Order("end").params == () and Order("end").cost == 0
