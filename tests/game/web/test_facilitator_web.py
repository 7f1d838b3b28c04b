"""The facilitator's acts through the pages' routes of the real server: the facilitator's code makes
them, a seat's code cannot, each is committed to the log like a move (so replay rebuilds it), and
a seat handed to the computer is played by the server from then on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from game.server.app import create_app
from game.store import Store

ROLES = ("kosovo", "serbia", "nato", "eu")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    db = f"sqlite:///{tmp_path / 'facilitator.db'}"
    with TestClient(create_app(db)) as client:
        yield client, db


def _open(client: TestClient, seats: list[str]) -> tuple[int, dict[str, str]]:
    r = client.post("/api/tables", json={"scenario": "classroom", "seed": 3, "seats": seats})
    assert r.status_code == 200, r.text
    return int(r.json()["session"]), dict(r.json()["codes"])


def _act(client: TestClient, code: str, move: dict[str, Any], seq: int) -> httpx.Response:
    return client.post("/web/api/act", json={"code": code, "move": move, "seq": seq})


def _board(client: TestClient, code: str) -> dict[str, Any]:
    r = client.get("/api/board", headers={"Authorization": f"Bearer {code}"})
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_the_facilitator_pauses_rules_and_hands_over_through_the_server(app: tuple[TestClient, str]) -> None:
    client, db = app
    session, codes = _open(client, [f"{r}=human" for r in ROLES])
    r = _act(client, codes["facilitator"], {"id": "pause", "params": {"reason": "Press briefing"}}, 0)
    assert r.status_code == 200, r.text
    assert r.json()["page"]["seq"] == 1
    assert _board(client, codes["spectator"])["table"]["paused"] == "Press briefing"
    first = _board(client, codes["spectator"])["waiting_for"][0]
    legal = client.get("/api/legal", headers={"Authorization": f"Bearer {codes[first]}"}).json()["legal"][0]
    r = _act(client, codes[first], {"id": legal["id"], "params": {k: v[0] for k, v in legal["params"].items()}}, 1)
    assert r.status_code == 409 and "paused by the facilitator: Press briefing" in r.json()["error"]
    assert _act(client, codes["facilitator"], {"id": "resume"}, 1).status_code == 200
    r = _act(client, codes["facilitator"],
             {"id": "adjust", "params": {"track": "north_tension", "delta": -1, "reason": "KFOR patrols"}}, 2)
    assert r.status_code == 200
    r = _act(client, codes["facilitator"], {"id": "deadline", "params": {"phase": "negotiation", "minutes": 8,
                                                                       "on_timeout": "finish"}}, 3)
    assert r.status_code == 200 and _board(client, codes["spectator"])["table"]["deadlines"] == {"negotiation": 8}
    # a seat's code cannot make a facilitator's act, and a bad act is one clear refusal
    r = _act(client, codes["kosovo"], {"id": "pause", "params": {"reason": "mine"}}, 4)
    assert r.status_code == 409
    r = _act(client, codes["facilitator"], {"id": "inject", "params": {"card": "alien", "turn": 0}}, 4)
    assert r.status_code == 409 and "unknown crisis card" in r.json()["error"]
    r = _act(client, codes["spectator"], {"id": "pause", "params": {"reason": "x"}}, 4)
    assert r.status_code == 403
    r = _act(client, codes["facilitator"], {"id": "handover", "params": {"seat": "serbia", "to": "ai:easy"}}, 4)
    assert r.status_code == 200
    assert _board(client, codes["spectator"])["table"]["controllers"] == {"serbia": "ai:easy"}
    log = client.get("/api/log", headers={"Authorization": f"Bearer {codes['facilitator']}"}).json()["entries"]
    acts = [e for e in log if e["kind"] == "action" and e["role"] == "facilitator"]
    assert [e["action"]["id"] for e in acts] == ["pause", "resume", "adjust", "deadline", "handover"]
    with Store(db) as store:
        assert store.verify(session)["ok"]


def test_a_seat_handed_to_the_computer_plays_on(app: tuple[TestClient, str]) -> None:
    """Serbia's players leave during the crisis: from the hand-over on, the server plays Serbia
    through the crisis, the negotiation and the orders, while the other three play from their
    codes, until the turn resolves."""
    client, _ = app
    session, codes = _open(client, [f"{r}=human" for r in ROLES])
    spectator = codes["spectator"]
    r = _act(client, codes["facilitator"], {"id": "handover", "params": {"seat": "serbia", "to": "ai:easy"}}, 0)
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 300
    while _board(client, spectator)["turn"] == 1:
        assert time.monotonic() < deadline, "the table stopped: the computer did not play Serbia"
        board = _board(client, spectator)
        due = [role for role in board["waiting_for"] if role != "serbia"]
        if not due:
            time.sleep(0.2)  # the computer's turn: it plays by itself
            continue
        role = due[0]
        legal = client.get("/api/legal", headers={"Authorization": f"Bearer {codes[role]}"}).json()["legal"]
        finish = next((t for t in legal if t["id"] in ("end_negotiation", "end_orders")), legal[0])
        r = client.post("/api/act", json={"id": finish["id"], "params": {k: v[0] for k, v in finish["params"].items()},
                                          "seq": board["seq"]}, headers={"Authorization": f"Bearer {codes[role]}"})
        if r.status_code != 200:
            time.sleep(0.2)  # the computer moved meanwhile: look again
    log = client.get("/api/log", headers={"Authorization": f"Bearer {codes['facilitator']}"}).json()["entries"]
    serbia = {e["phase"] for e in log if e["role"] == "serbia"}
    assert {"crisis", "negotiation", "actions"} <= serbia, serbia
    assert all(e["reason"] for e in log if e["role"] == "serbia"), "each of the computer's moves says why"
    assert session == _board(client, spectator)["session"]
