"""The facilitator's acts through the server: the facilitator's code makes them, a seat's code cannot,
and each is committed to the log like a move (so replay rebuilds it)."""

from __future__ import annotations

import httpx

from game.store import SeatSpec
from game.web.backend import StoreTables
from game.web.harness import LiveServer

ROLES = ("kosovo", "serbia", "nato", "eu")


def _act(server: LiveServer, code: str, move: dict, seq: int) -> httpx.Response:  # type: ignore[type-arg]
    return httpx.post(server.url + "/web/api/act", json={"code": code, "move": move, "seq": seq}, timeout=30)


def test_the_facilitator_pauses_rules_and_hands_over_through_the_server(tables: StoreTables,
                                                                       server: LiveServer) -> None:
    session, codes = tables.open_table("classroom", 3, [SeatSpec(r) for r in ROLES])
    store = tables.store
    r = _act(server, codes["facilitator"], {"id": "pause", "params": {"reason": "Press briefing"}}, 0)
    assert r.status_code == 200, r.text
    assert store.load(session).state.paused == "Press briefing"
    first = store.load(session).waiting_for()[0]
    legal = store.load(session).legal_actions(first)[0]
    r = _act(server, codes[first], {"id": legal.id, "params": {k: v[0] for k, v in legal.params.items()}}, 1)
    assert r.status_code == 409 and "paused by the facilitator: Press briefing" in r.json()["error"]
    assert _act(server, codes["facilitator"], {"id": "resume"}, 1).status_code == 200
    r = _act(server, codes["facilitator"],
             {"id": "adjust", "params": {"track": "north_tension", "delta": -1, "reason": "KFOR patrols"}}, 2)
    assert r.status_code == 200
    r = _act(server, codes["facilitator"], {"id": "handover", "params": {"seat": "serbia", "to": "ai:normal"}}, 3)
    assert r.status_code == 200
    assert {s.role: s.controller for s in store.info(session).seats}["serbia"] == "ai"
    r = _act(server, codes["facilitator"], {"id": "deadline", "params": {"phase": "negotiation", "minutes": 8,
                                                                       "on_timeout": "finish"}}, 4)
    assert r.status_code == 200 and store.load(session).state.deadlines == {"negotiation": 8}
    # a seat's code cannot make a facilitator's act, and a bad act is one clear refusal
    r = _act(server, codes["kosovo"], {"id": "pause", "params": {"reason": "mine"}}, 5)
    assert r.status_code == 409
    r = _act(server, codes["facilitator"], {"id": "inject", "params": {"card": "alien", "turn": 0}}, 5)
    assert r.status_code == 409 and "unknown crisis card" in r.json()["error"]
    r = _act(server, codes["spectator"], {"id": "pause", "params": {"reason": "x"}}, 5)
    assert r.status_code == 403
    log = [e for e in store.log(session) if e["kind"] == "action"]
    assert [e["payload"]["action"]["id"] for e in log] == ["pause", "resume", "adjust", "handover", "deadline"]
    assert all(e["role"] == "facilitator" for e in log)
    assert store.verify(session)["ok"]


def test_the_pages_own_server_keeps_the_deadline(tables: StoreTables) -> None:
    """``python -m game.web.dev`` (and the browser tests' server) keep the facilitator's deadline
    as ``serve`` does: when the phase is overdue the unfinished seats are finished, once."""
    from datetime import timedelta

    from rules.core.actions import Action
    from rules.facilitator import FACILITATOR

    session, codes = tables.open_table("classroom", 3, [SeatSpec(r) for r in ROLES])
    boss = tables.resolve(codes["facilitator"])
    tables.act(boss, Action.make(FACILITATOR, "deadline", phase="crisis", minutes=2, on_timeout="finish"), 0)
    snap = tables.snapshot(session)
    assert snap.clock is not None
    start = snap.clock.started
    assert tables.keep_time(session, start + timedelta(minutes=1, seconds=59)) is None
    assert tables.keep_time(session, start + timedelta(minutes=2, seconds=1)) == 5  # four seats finished
    after = tables.snapshot(session)
    assert after.game.state.phase == "negotiation"
    assert [e["payload"]["action"]["id"] for e in tables.store.log(session)[2:]] == ["timeout"] * 4
    assert all(e["payload"]["reason"] == "the phase's deadline passed" for e in tables.store.log(session)[2:])
    assert tables.keep_time(session, start + timedelta(minutes=3)) is None, "no deadline in this phase"
