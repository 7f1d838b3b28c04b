"""Phase deadlines with a fake clock: the countdown, pauses, and what happens when time is up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from game.deadlines import PhaseClock, enforce, overdue, phase_clock, remaining
from game.store import SeatSpec, Store
from rules.core.actions import Action
from rules.core.state import GameState
from rules.facilitator import FACILITATOR

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def entry(seq: int, minute: float, kind: str = "action", **payload: Any) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "role": "", "payload": payload,
            "created_at": (T0 + timedelta(minutes=minute)).isoformat()}


def fac(act_id: str, **params: Any) -> dict[str, Any]:
    return {"role": FACILITATOR, "id": act_id, "params": params}


def state(phase: str = "negotiation", **deadlines: int) -> GameState:
    return GameState(scenario="classroom", seed=1, seats=("kosovo", "serbia"), last_turn=8, phase=phase,
                     deadlines=dict(deadlines))


LOG = [
    entry(0, 0, kind="start"),
    # the crisis answers close the crisis phase: negotiation starts at minute 2
    entry(1, 2, action={"role": "kosovo", "id": "respond", "params": {}}, turn=1, phase="crisis",
          after=[1, "negotiation"]),
    entry(2, 3, action={"role": "kosovo", "id": "propose", "params": {}}, turn=1, phase="negotiation",
          after=[1, "negotiation"]),
]


def test_the_clock_starts_when_the_phase_starts() -> None:
    clock = phase_clock(LOG)
    assert clock == PhaseClock(T0 + timedelta(minutes=2))
    st = state(negotiation=8)
    assert remaining(st, T0 + timedelta(minutes=4), clock) == timedelta(minutes=6)
    assert overdue(st, T0 + timedelta(minutes=9), clock, ["serbia"]) is None
    late = overdue(st, T0 + timedelta(minutes=10), clock, ["serbia"])
    assert late is not None and late.seats == ("serbia",) and late.due_at == T0 + timedelta(minutes=10)


def test_no_deadline_for_this_phase_means_never_overdue() -> None:
    st = state(actions=5)
    assert remaining(st, T0 + timedelta(hours=5), phase_clock(LOG)) is None
    assert overdue(st, T0 + timedelta(hours=5), phase_clock(LOG), ["serbia"]) is None


def test_a_deadline_set_mid_phase_counts_from_when_it_was_set() -> None:
    log = [*LOG, entry(3, 20, action=fac("deadline", phase="negotiation", minutes=8, on_timeout="finish"),
                       turn=1, phase="negotiation", after=[1, "negotiation"])]
    clock = phase_clock(log)
    assert clock.started == T0 + timedelta(minutes=20)
    assert overdue(state(negotiation=8), T0 + timedelta(minutes=27), clock, ["serbia"]) is None


def test_time_paused_does_not_count_and_a_paused_table_is_never_overdue() -> None:
    paused = [*LOG, entry(3, 4, action=fac("pause", reason="break"), turn=1, phase="negotiation",
                          after=[1, "negotiation"])]
    st = state(negotiation=8)
    clock = phase_clock(paused)
    assert clock.paused_since == T0 + timedelta(minutes=4)
    assert remaining(st, T0 + timedelta(minutes=60), clock) == timedelta(minutes=6)  # frozen
    st.paused = "break"
    assert overdue(st, T0 + timedelta(minutes=60), clock, ["serbia"]) is None
    resumed = [*paused, entry(4, 14, action=fac("resume"), turn=1, phase="negotiation", after=[1, "negotiation"])]
    st.paused = None
    clock = phase_clock(resumed)
    assert clock.paused_seconds == 600
    assert overdue(st, T0 + timedelta(minutes=19), clock, ["serbia"]) is None
    assert overdue(st, T0 + timedelta(minutes=20), clock, ["serbia"]) is not None


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "t.db"))


def _fake_now(store: Store, session_id: int, minutes: float) -> datetime:
    last = store.log(session_id)[-1]["created_at"]
    return datetime.fromisoformat(last) + timedelta(minutes=minutes)


def _to_negotiation(store: Store, sid: int) -> None:
    game = store.load(sid)
    while game.state.phase == "crisis":
        role = game.waiting_for()[0]
        cheapest = min(game.legal_actions(role), key=lambda t: t.cost)
        store.act(sid, Action.make(role, "respond", response=cheapest.params["response"][0]))
        game = store.load(sid)


def test_enforce_finishes_unfinished_seats_when_time_is_up(store: Store) -> None:
    sid = store.create("classroom", 3)
    _to_negotiation(store, sid)
    store.act(sid, Action.make(FACILITATOR, "deadline", phase="negotiation", minutes=8, on_timeout="finish"))
    store.act(sid, Action.make("kosovo", "end_negotiation"))
    assert enforce(store, sid, now=lambda: _fake_now(store, sid, 7)) == []
    events = enforce(store, sid, now=lambda: _fake_now(store, sid, 9))
    assert [e.text for e in events if e.data.get("act") == "timeout"] == [
        "Time is up: Serbia is finished for this phase", "Time is up: NATO Allies is finished for this phase",
        "Time is up: European Union is finished for this phase"]
    assert store.load(sid).state.phase == "actions"
    assert store.verify(sid)["ok"]


def test_enforce_hands_unfinished_seats_to_the_ai_when_so_chosen(store: Store) -> None:
    sid = store.create("classroom", 3, [SeatSpec("eu", "ai", "easy", "moderate")])
    _to_negotiation(store, sid)
    store.act(sid, Action.make(FACILITATOR, "deadline", phase="negotiation", minutes=8, on_timeout="ai"))
    enforce(store, sid, now=lambda: _fake_now(store, sid, 9))
    seats = {s.role: (s.controller, s.level) for s in store.info(sid).seats}
    assert seats == {"kosovo": ("ai", "normal"), "serbia": ("ai", "normal"), "nato": ("ai", "normal"),
                     "eu": ("ai", "easy")}
    assert store.load(sid).state.controllers == {"kosovo": "ai:normal", "serbia": "ai:normal", "nato": "ai:normal"}
    assert store.verify(sid)["ok"]
