"""Property test for what a client may send the server: any text on the WebSocket gets either a
proper answer or one clear error line, the server keeps serving, and a refused message changes
nothing that is stored. (Starlette's TestClient drives the real application in-process; the
real-socket tests are in test_server.py.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from game.server.app import create_app
from game.store import Store

KNOWN = {"welcome", "entry", "board", "legal", "pong", "error"}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
TYPED = st.fixed_dictionaries(
    {"type": st.sampled_from(["act", "undo", "legal", "ping", "hello", "ACT", "", "welcome"])},
    optional={"id": st.sampled_from(["end_negotiation", "end_orders", "respond", "propose", "pause", "x" * 90])
              | st.text(max_size=12),
              "params": JSON, "seq": JSON, "role": st.sampled_from(["kosovo", "serbia", "facilitator"]) | JSON,
              "code": st.text(max_size=40), "since": JSON},
)
MESSAGES = st.one_of(TYPED.map(json.dumps), JSON.map(json.dumps), st.text(max_size=200))


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, int, str]]:
    db = str(tmp_path_factory.mktemp("fuzz-server") / "k.db")
    with TestClient(create_app(db)) as client:
        r = client.post("/api/tables", json={"scenario": "classroom", "seed": 5,
                                             "seats": ["kosovo=human", "serbia=human", "nato=human", "eu=human"]})
        assert r.status_code == 200, r.text
        body = r.json()
        yield client, db, int(body["session"]), str(body["codes"]["kosovo"])


def _stored(db: str, session: int) -> int:
    with Store(db) as store:
        return len(store.entries(session))


def _answers(ws: Any) -> list[dict[str, Any]]:
    """Everything the server says until it answers our ping (or closes the connection)."""
    seen: list[dict[str, Any]] = []
    ws.send_text(json.dumps({"type": "ping"}))
    while True:
        msg = ws.receive_json()
        assert isinstance(msg, dict) and msg.get("type") in KNOWN, msg
        seen.append(msg)
        if msg["type"] == "pong":
            return seen


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MESSAGES)
def test_any_message_gets_an_answer_or_one_clear_error(table: tuple[TestClient, str, int, str], text: str) -> None:
    client, db, session, code = table
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "code": code, "since": 10**9}))
        _answers(ws)  # welcome and the board, then our pong
        before = _stored(db, session)
        ws.send_text(text)
        try:
            answers = _answers(ws)
        except WebSocketDisconnect:
            answers = []
        for msg in answers:
            if msg["type"] == "error":
                line = msg["message"]
                assert isinstance(line, str) and line and "\n" not in line and "Traceback" not in line
        if not any(m["type"] == "entry" for m in answers):
            assert _stored(db, session) == before, "a refused message changed the stored game"
    # The server still serves after whatever it was sent.
    assert client.get("/api/health").status_code == 200


def test_a_stranger_without_a_code_learns_nothing(table: tuple[TestClient, str, int, str]) -> None:
    client, _, _, _ = table
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "code": "not-a-code", "since": -1}))
        try:
            msg = ws.receive_json()
        except WebSocketDisconnect:
            return
        assert msg["type"] == "error" and "board" not in msg


