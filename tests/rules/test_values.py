"""The rules' small values: an event compares, copies and travels by its fields (it was a
dataclass; it is a plain class so that its constructor compiles to native code, rules.native)."""

from __future__ import annotations

import copy
import pickle

import pytest

from rules import native
from rules.core.actions import Action
from rules.core.state import Order
from rules.values import Deal, Event, Proposal, Value, is_value, moved


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


def test_a_moved_quantity_reads_as_the_event_written_out() -> None:
    """A moved quantity's event (rules.values.moved, made by every effect) writes its text and
    data only when read; read, they are what the event made with them says, and it compares,
    prints, exports and travels as that event, the dict the same one at every read."""
    written = Event("track", "Tension in the north 6 → 5", "Kosovo: joint patrols", 3, "resolution",
                    {"ref": "north_tension", "old": 6, "new": 5})
    lazy = moved("Tension in the north", "north_tension", 6, 5, "Kosovo: joint patrols", 3, "resolution")
    assert lazy == written and written == lazy
    assert repr(lazy) == repr(written) and lazy.line() == written.line()
    assert lazy.to_json() == written.to_json() and list(lazy.to_json()["data"]) == ["ref", "old", "new"]
    assert Event.from_json(lazy.to_json()) == written
    for fresh in (pickle.loads(pickle.dumps(moved("T", "t", 1, 2, "c", 1, "briefing"))),
                  copy.deepcopy(moved("T", "t", 1, 2, "c", 1, "briefing"))):
        assert fresh == Event("track", "T 1 → 2", "c", 1, "briefing", {"ref": "t", "old": 1, "new": 2})
    lazy.data["seen"] = True
    assert lazy.data["seen"] is True


def test_apply_effects_tells_each_move_in_words_and_numbers() -> None:
    from rules.core.state import GameState
    from rules.effects import apply_effects
    from rules.loader import shipped_content

    content = shipped_content()
    state = GameState.new(content, "standard", 1)
    old = state.tracks["north_tension"]
    events = apply_effects(content, state, {"north_tension": -1}, "a test")
    name = content.tracks["north_tension"].name
    assert events == [Event("track", f"{name} {old} → {old - 1}", "a test", state.turn, state.phase,
                            {"ref": "north_tension", "old": old, "new": old - 1})]


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
