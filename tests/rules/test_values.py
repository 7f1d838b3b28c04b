"""The rules' small values: an event compares, copies and travels by its fields (it was a
dataclass; it is a plain class so that its constructor compiles to native code, rules.native)."""

from __future__ import annotations

import copy
import pickle

import pytest

from rules.values import Event


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
