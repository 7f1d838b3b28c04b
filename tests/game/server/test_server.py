"""The server for real: uvicorn on loopback, WebSocket clients, a whole classroom game.

Four human seats play through their own connections, a spectator (the projector) and the
facilitator watch; every committed move reaches every client once, in order, as that client may
see it; reconnecting catches up; a server killed with SIGKILL loses nothing; bad input changes
nothing; the command line is a client too.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from typing import Any

import httpx
import pytest
import websockets

from game.store import Store
from tests.game.server.conftest import ROOT, Player, Server, run_async

HUMANS = ["kosovo=human=Arbër", "serbia=human=Dušan", "nato=human=Ingrid", "eu=human=Élodie"]


def choose(role: str, legal: list[dict[str, Any]], memory: dict[str, Any], turn: int, phase: str) -> dict[str, Any]:
    """A plain, deterministic player: answers crises, Kosovo proposes once and Serbia rejects,
    each role orders one action a turn, then closes its phase."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for t in legal:
        by_id.setdefault(t["id"], []).append(t)

    def pick(t: dict[str, Any]) -> dict[str, Any]:
        return {"id": t["id"], "params": {k: v[0] for k, v in t["params"].items()}}

    if "respond" in by_id:
        return pick(by_id["respond"][0])
    if "reject" in by_id:
        return pick(by_id["reject"][0])
    if "propose" in by_id and role == "kosovo" and not memory.get("proposed"):
        memory["proposed"] = True
        t = next((t for t in by_id["propose"] if t["params"]["to"] == ["serbia"]), by_id["propose"][0])
        return pick(t)
    if "end_negotiation" in by_id:
        return pick(by_id["end_negotiation"][0])
    orders = [t for t in legal if t["id"] not in ("end_orders", "deliver") and phase == "actions"]
    if orders and memory.get("ordered") != turn:
        memory["ordered"] = turn
        return pick(orders[0])
    if "end_orders" in by_id:
        return pick(by_id["end_orders"][0])
    return pick(legal[0])


async def seat_loop(p: Player, role: str, done: Any = None) -> None:
    """A seat played as a person plays it: one request at a time. When its board says it is
    waited for, it asks what it may do, makes a move, and waits for the outcome (its own entry,
    or an error) before asking again. (An earlier version asked again on every board and every
    error, so its requests multiplied, tripped the rate limit, and each of the limit's errors
    asked again: a flood of its own making. When it stalled, every client had every move up to
    the server's last one — no push was lost — and the seat being waited for had last received
    the rate limit's errors.) ``done(board)``, if given, ends the loop before the game's end."""
    memory: dict[str, Any] = {}
    asked_at = -2
    pending: str | None = None  # "legal" or "act": the request waiting for its answer
    while True:
        msg = await p.recv(120)
        if p.board.get("ending") is not None or p.board.get("phase") == "ended":
            return
        if done is not None and done(p.board):
            return
        kind = msg["type"]
        if kind == "legal" and pending == "legal":
            pending = None
            if msg["legal"]:
                move = choose(role, msg["legal"], memory, p.board["turn"], p.board["phase"])
                await p.send(type="act", **move)
                pending = "act"
        elif kind == "error" and pending is not None:
            pending, asked_at = None, -2  # refused (the game moved on): look again
            await asyncio.sleep(0.2)  # as a person reads the refusal: never a loop at network speed
        elif kind == "entry" and pending == "act" and msg["entry"]["role"] == role:
            pending = None  # our move is in; its board follows
        if pending is None and role in p.board.get("waiting_for", []) and asked_at != p.board.get("seq"):
            asked_at = p.board.get("seq", -1)
            await p.send(type="legal")
            pending = "legal"


async def watch(p: Player) -> None:
    while p.board.get("phase") != "ended":
        await p.recv(120)


def _secrets_for(db: str, session: int, reader: str | None) -> set[str]:
    """Texts of events ``reader`` may not see (from the stored log), less those it may see."""
    with Store(db) as store:
        entries = store.entries(session)
    hidden, shown = set(), set()
    for e in entries:
        for ev in e.events:
            if ev.visible_to is None or (reader is not None and reader in ev.visible_to):
                shown.add(ev.text)
            else:
                hidden.add(ev.text)
    return hidden - shown


def _leaks(raw: list[str], secrets: set[str]) -> list[str]:
    text = "\n".join(raw)
    return [s for s in secrets if re.search(rf"(?<![\w#]){re.escape(json.dumps(s)[1:-1])}(?!\w)", text)]


def test_a_classroom_game_with_four_screens_a_projector_and_a_facilitator(server_factory: Any) -> None:
    server: Server = server_factory()
    table = server.open_table(HUMANS)
    codes = table["codes"]
    assert set(codes) == {"kosovo", "serbia", "nato", "eu", "facilitator", "spectator"}
    assert len(set(codes.values())) == 6 and all(len(c) >= 32 for c in codes.values())

    async def game() -> dict[str, Player]:
        players = {role: await Player.join(server.ws, codes[role], role) for role in codes}
        fac = players["facilitator"]
        await fac.until(lambda m: m["type"] == "board")
        await fac.send(type="act", id="pause", params={"reason": "coffee break"})
        await fac.until(lambda m: m["type"] == "board" and m["board"]["table"]["paused"])
        await fac.send(type="act", id="resume", params={})
        await fac.until(lambda m: m["type"] == "board" and not m["board"]["table"]["paused"])
        seats = [asyncio.create_task(seat_loop(players[r], r)) for r in ("kosovo", "serbia", "nato", "eu")]
        watchers = [asyncio.create_task(watch(players[r])) for r in ("facilitator", "spectator")]
        try:
            await asyncio.wait_for(asyncio.gather(*seats, *watchers), 500)
        except TimeoutError:
            # Say who waited for what: the server's board against each client's last one.
            async with httpx.AsyncClient() as http:
                r = await http.get(f"{server.url}/api/board", headers={"Authorization": f"Bearer {codes['facilitator']}"})
            server_board = r.json()
            raise AssertionError(f"stalled: the server is at #{server_board['seq']} waiting for "
                                 f"{server_board['waiting_for']}; the clients saw " + "; ".join(
                                     f"{role} #{p.seq} (board #{p.board.get('seq')}, waiting for "
                                     f"{p.board.get('waiting_for')}, errors {p.errors[-2:]})"
                                     for role, p in players.items())) from None
        for p in players.values():
            await p.close()
        return players

    players = run_async(game())
    with Store(server.db) as store:
        last = store.info(table["session"]).last_seq
        assert store.verify(table["session"])["ok"]
    assert last > 20
    for role, p in players.items():
        # Every committed move reached every client, once, in order.
        assert sorted(p.entries) == list(range(last + 1)), role
        assert p.duplicates == 0, role
        assert any(e["role"] == "facilitator" and "coffee break" in json.dumps(e) for e in p.entries.values())
        reader = None if role == "spectator" else role
        if role != "facilitator":
            assert _leaks(p.raw, _secrets_for(server.db, table["session"], reader)) == [], role
    # The secret proposal from Kosovo to Serbia was seen by those two only.
    proposal = next(e for e in players["facilitator"].entries.values() if e["action"] and e["action"]["id"] == "propose")
    for role in ("nato", "eu", "spectator"):
        assert players[role].entries[proposal["seq"]]["action"] is None
    assert players["serbia"].entries[proposal["seq"]]["action"]["id"] == "propose"
    assert players["spectator"].board["phase"] == "ended"


def test_reconnect_catches_up_and_a_killed_server_loses_nothing(server_factory: Any) -> None:
    server: Server = server_factory()
    table = server.open_table(["kosovo=human", "serbia=ai:normal", "nato=ai:easy", "eu=ai:normal"])
    code = table["codes"]["kosovo"]

    async def play(moves: int, since: int) -> Player:
        p = await Player.join(server.ws, code, "kosovo", since=since)
        memory: dict[str, Any] = {}
        made = 0
        while made < moves and p.board.get("phase") != "ended":
            msg = await p.recv(120)
            if msg["type"] == "board" and "kosovo" in p.board["waiting_for"]:
                await p.send(type="legal")
            elif msg["type"] == "legal" and msg["legal"]:
                await p.send(type="act", **choose("kosovo", msg["legal"], memory, p.board["turn"], p.board["phase"]))
                made += 1
        await p.until(lambda m: m["type"] == "board" and ("kosovo" in m["board"]["waiting_for"]
                                                          or m["board"]["phase"] == "ended"))
        await p.close()
        return p

    first = run_async(play(6, -1))
    assert first.duplicates == 0 and sorted(first.entries) == list(range(first.seq + 1))
    server.kill()  # SIGKILL mid-game
    with Store(server.db) as store:
        committed = store.info(table["session"]).last_seq
    assert committed >= first.seq
    server.start()
    second = run_async(play(6, first.seq))
    # Only what was missed, nothing twice, nothing lost across the kill.
    assert min(second.entries) == first.seq + 1 and second.duplicates == 0
    assert sorted(second.entries) == list(range(first.seq + 1, second.seq + 1))
    with Store(server.db) as store:
        assert store.verify(table["session"])["ok"]
        entries = store.entries(table["session"])
    assert any(e.role == "serbia" and e.reason for e in entries), "the server's AI seats did not play"


def test_bad_input_gets_a_clear_error_and_changes_nothing(server_factory: Any) -> None:
    server: Server = server_factory()
    table = server.open_table(HUMANS)
    codes = table["codes"]

    async def probe() -> tuple[Player, list[str]]:
        p = await Player.join(server.ws, "not-a-code", "stranger")
        errors = [(await p.until(lambda m: m["type"] == "error"))["message"]]
        await p.send(type="act", id="end_negotiation", params={})
        errors.append((await p.until(lambda m: m["type"] == "error"))["message"])
        await p.close()
        p = await Player.join(server.ws, codes["kosovo"], "kosovo")
        await p.until(lambda m: m["type"] == "board")
        before = p.board["seq"]
        for bad in ("{not json", json.dumps({"type": "act"}), json.dumps({"type": "fly"}),
                    json.dumps({"type": "act", "id": "x" * 5000}), "x" * 12000,
                    json.dumps({"type": "act", "id": "end_negotiation", "role": "serbia"}),
                    json.dumps({"type": "act", "id": "conquer_belgrade"})):
            await p.ws.send(bad)
            errors.append((await p.until(lambda m: m["type"] == "error"))["message"])
        for _ in range(40):  # a flood
            await p.send(type="ping")
        flood = []
        while len(flood) < 40:
            m = await p.recv(10)
            flood.append(m["type"])
        errors.append("rate" if "error" in flood else "no rate limit")
        spectator = await Player.join(server.ws, codes["spectator"], "spectator")
        await spectator.until(lambda m: m["type"] == "board")
        await spectator.send(type="act", id="end_negotiation", params={})
        errors.append((await spectator.until(lambda m: m["type"] == "error"))["message"])
        await spectator.close()
        await asyncio.sleep(2.1)
        await p.send(type="ping")
        await p.until(lambda m: m["type"] == "pong")
        assert p.board["seq"] == before
        await p.ws.send("x" * 40000)  # beyond the transport's limit: the connection is closed (1009)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await p.recv(10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        return p, errors

    _, errors = run_async(probe())
    assert "unknown code" in errors[0]
    assert "hello" in errors[1]
    assert all("\n" not in e for e in errors)
    assert "malformed" in errors[2] and "malformed" in errors[3] and "malformed" in errors[4]
    assert "malformed" in errors[5] and "larger than 8192 bytes" in errors[6]
    assert "cannot move for serbia" in errors[7]
    assert "not a legal action" in errors[8] or "conquer_belgrade" in errors[8]
    assert errors[9] == "rate"
    assert "spectator" in errors[10]
    with Store(server.db) as store:
        assert store.info(table["session"]).last_seq == 0
    # HTTP: no code, a wrong code, another role's move.
    assert httpx.get(f"{server.url}/api/board", timeout=10).status_code == 401
    assert httpx.get(f"{server.url}/api/board", headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 403
    r = httpx.post(f"{server.url}/api/act", headers={"Authorization": f"Bearer {codes['kosovo']}"},
                   json={"id": "end_negotiation", "role": "eu"}, timeout=10)
    assert r.status_code == 403 and "cannot move for eu" in r.json()["error"]


def keci(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_the_command_line_is_a_client(server_factory: Any) -> None:
    server: Server = server_factory()
    out = keci("new", "--server", server.url, "--scenario", "classroom", "--seed", "4", "--seat", "serbia=ai:normal",
               "--json")
    data = json.loads(out.stdout)
    assert set(data["codes"]) == {"kosovo", "nato", "eu", "facilitator", "spectator"}
    code = data["codes"]["kosovo"]
    show = json.loads(keci("show", "--server", server.url, "--code", code, "--json").stdout)
    assert show["as"] == "kosovo" and "orders" in show["roles"]["kosovo"]
    legal = json.loads(keci("legal", "--server", server.url, "--code", code, "--json").stdout)
    assert legal, "Kosovo has nothing to do at the start"
    refused = keci("show", "--server", server.url, "--code", code, "--as", "serbia", check=False)
    assert refused.returncode == 2 and "--as serbia is refused" in refused.stderr
    t = legal[-1]
    params = [f"--param={k}={v[0]}" for k, v in t["params"].items()]
    keci("act", "--server", server.url, "--code", code, t["id"], *params)
    log = keci("log", "--server", server.url, "--code", data["codes"]["spectator"]).stdout
    assert "#1" in log
    wrong = keci("show", "--server", server.url, "--code", "nonsense", check=False)
    assert wrong.returncode == 2 and "unknown code" in wrong.stderr and wrong.stderr.count("\n") == 1


@pytest.mark.postgres
def test_two_workers_on_postgresql_share_the_moves(server_factory: Any, postgres_url: str) -> None:
    """A move made through one server process reaches a client of another (LISTEN/NOTIFY)."""
    one: Server = server_factory(db=postgres_url)
    two: Server = server_factory(db=postgres_url)
    table = one.open_table(HUMANS)
    codes = table["codes"]

    async def cross() -> tuple[Player, float]:
        watcher = await Player.join(two.ws, codes["spectator"], "spectator")
        await watcher.until(lambda m: m["type"] == "board")
        mover = await Player.join(one.ws, codes[watcher.board["waiting_for"][0]], "mover")
        await mover.until(lambda m: m["type"] == "board")
        await mover.send(type="legal")
        legal = (await mover.until(lambda m: m["type"] == "legal"))["legal"]
        t = legal[-1]
        loop = asyncio.get_running_loop()
        start = loop.time()
        await mover.send(type="act", id=t["id"], params={k: v[0] for k, v in t["params"].items()})
        await watcher.until(lambda m: m["type"] == "entry" and m["entry"]["seq"] == 1, timeout=10)
        took = loop.time() - start
        await mover.close()
        await watcher.close()
        return watcher, took

    watcher, took = run_async(cross())
    assert 1 in watcher.entries and took < 0.9  # well under the 1 s poll: it came by NOTIFY


@pytest.mark.postgres
def test_serve_with_two_workers_shares_each_move_between_them(server_factory: Any, postgres_url: str) -> None:
    """``serve --workers 2``: a move made through one worker reaches a client of the other."""
    server: Server = server_factory(db=postgres_url, workers=2)
    table = server.open_table(HUMANS)
    codes = table["codes"]

    async def join(code: str, name: str) -> tuple[Player, int]:
        p = await Player.join(server.ws, code, name)
        welcome = await p.until(lambda m: m["type"] == "welcome")
        await p.until(lambda m: m["type"] == "board")
        return p, int(welcome["worker"])

    async def cross() -> tuple[Player, set[int], float]:
        # The kernel hands each connection to one worker or the other (the second may still be
        # starting): open spectators until both workers have one.
        spectators: dict[int, Player] = {}
        deadline = asyncio.get_running_loop().time() + 120
        while len(spectators) < 2 and asyncio.get_running_loop().time() < deadline:
            p, worker = await join(codes["spectator"], "spectator")
            if worker in spectators:
                await p.close()
                await asyncio.sleep(0.1)
            else:
                spectators[worker] = p
        assert len(spectators) == 2, "every connection went to one worker"
        role = spectators[next(iter(spectators))].board["waiting_for"][0]
        mover, worker = await join(codes[role], role)
        watcher = next(p for w, p in spectators.items() if w != worker)
        await mover.send(type="legal")
        legal = (await mover.until(lambda m: m["type"] == "legal"))["legal"]
        t = legal[-1]
        loop = asyncio.get_running_loop()
        start = loop.time()
        await mover.send(type="act", id=t["id"], params={k: v[0] for k, v in t["params"].items()})
        await watcher.until(lambda m: m["type"] == "board" and m["seq"] == 1, timeout=20)
        took = loop.time() - start
        for p in [mover, *spectators.values()]:
            await p.close()
        return watcher, set(spectators), took

    watcher, workers, took = run_async(cross())
    assert len(workers) == 2 and server.proc is not None and server.proc.pid not in workers
    assert sorted(watcher.entries) == [0, 1] and watcher.duplicates == 0
    assert watcher.board["seq"] == 1
    assert took < 0.9  # well under the 1 s poll: it came by NOTIFY
