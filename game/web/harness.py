"""Run the real server and drive it: for the browser tests, the screenshot tool and the benchmark.

:class:`LiveServer` runs the very application ``python main.py serve`` runs
(:func:`game.server.app.create_app`: its hub, codes, AI seats, timekeeper, pushes and the web
pages) in uvicorn on a thread, on a real loopback socket. :class:`ServedTable` plays a table
through the server's public JSON API only (``/api/tables``, ``/api/board``, ``/api/legal``,
``/api/act``), with the codes a class is handed: what it reads is what each code may read.
:func:`browser` opens the system Chromium under Playwright; no browser is ever downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn

from game.server.messages import MAX_MESSAGE_BYTES
from rules.facilitator import FACILITATOR
from rules.loader import shipped_content

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

#: The moves that end a phase or answer a proposal: never "the calmest card".
_NOT_CARDS = ("end_negotiation", "end_orders", "propose", "accept", "reject", "counter")


def chromium_path() -> str | None:
    """The system Chromium (``KECI_CHROMIUM`` overrides), or None when there is none."""
    for candidate in (os.environ.get("KECI_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """``python main.py serve`` over the store at ``db``, in uvicorn on a background thread.
    :meth:`stop` and :meth:`start` again on the same port cut every connection, as a restarted
    server would (the tables live on in the store)."""

    db: str
    port: int = field(default_factory=free_port)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        from game.server.app import create_app

        config = uvicorn.Config(create_app(self.db), host="127.0.0.1", port=self.port, log_level="warning",
                                ws_max_size=MAX_MESSAGE_BYTES * 2, ws_per_message_deflate=False, lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True, name="keci-live-server")
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
            self._server = self._thread = None

    def open_table(self, seats: list[str], scenario: str = "classroom", seed: int = 3,
                   name: str = "", wording: str = "plain") -> ServedTable:
        """Open a table as a facilitator does (``POST /api/tables``; seats in the text form of
        :mod:`game.table.seat`, e.g. ``"kosovo=human=Arbër"``; ``wording``: rules/wording.py);
        the codes are handed back once."""
        r = httpx.post(f"{self.url}/api/tables", json={"scenario": scenario, "seed": seed, "seats": seats,
                                                       "name": name, "wording": wording}, timeout=60)
        if r.status_code != 200:
            raise RuntimeError(f"the server refused the table: {r.text}")
        data = r.json()
        return ServedTable(self.url, int(data["session"]), dict(data["codes"]))


@contextmanager
def live_server(db: str) -> Iterator[LiveServer]:
    server = LiveServer(db).start()
    try:
        yield server
    finally:
        server.stop()


class Refused(Exception):
    """The server refused a request: its status and its one-line error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status, self.message = status, message


@dataclass
class ServedTable:
    """One table on a running server, played through its JSON API with the codes handed out at
    the table's opening (``codes``: each human seat's, the facilitator's and the spectator's)."""

    url: str
    session: int
    codes: dict[str, str]

    def call(self, who: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = httpx.request(method, self.url + path, json=body, timeout=60,
                          headers={"Authorization": f"Bearer {self.codes[who]}"})
        data = r.json()
        if r.status_code >= 400:
            raise Refused(r.status_code, str(data.get("error", data)))
        return data

    def board(self, who: str = "spectator") -> dict[str, Any]:
        """The board as ``who``'s code may see it (the spectator's: the public board)."""
        return dict(self.call(who, "GET", "/api/board"))

    def seq(self) -> int:
        return int(self.board()["seq"])

    def log(self, who: str = FACILITATOR) -> list[dict[str, Any]]:
        """The log as ``who``'s code may read it (the facilitator's: all of it)."""
        return list(self.call(who, "GET", "/api/log")["entries"])

    def legal(self, role: str) -> list[dict[str, Any]]:
        return list(self.call(role, "GET", "/api/legal")["legal"])

    def act(self, who: str, move_id: str, params: dict[str, Any] | None = None, seq: int | None = None) -> int:
        """One move for ``who``'s own role (``seq``: refused if the table moved past it); the
        move's sequence number."""
        body = {"id": move_id, "params": params or {}, **({"seq": seq} if seq is not None else {})}
        return int(self.call(who, "POST", "/api/act", body)["entry"]["seq"])

    def facilitate(self, act: str, **params: Any) -> int:
        """One facilitator's act, as the console page sends it."""
        return self.act(FACILITATOR, act, params, self.seq())

    def humans_due(self) -> list[str]:
        """The roles being waited for that a person plays now (a seat handed to the computer is
        the server's to play)."""
        public = self.board()
        controllers = public["table"]["controllers"]
        return [r for r in public["waiting_for"] if r in self.codes and controllers.get(r, "human") == "human"]

    def play_one(self, pick: str = "calm", role: str | None = None) -> str:
        """One move by ``role`` (default: the first person due): the response or card calmest for
        the north (one order a turn), accepting what is offered, else finishing; ``pick="propose"``:
        the first proposal it may make. Returns the role that moved."""
        if role is None:
            due = self.humans_due()
            if not due:
                raise RuntimeError("no person is being waited for")
            role = due[0]
        board = self.board(role)
        legal = self.legal(role)
        if pick == "propose":
            t = next(t for t in legal if t["id"] == "propose")
        else:
            cards = [t for t in legal if t["id"] not in _NOT_CARDS]
            ordered = board["roles"][role].get("orders", [])
            if board["phase"] == "negotiation" or not cards or (board["phase"] == "actions" and len(ordered) >= 1):
                enders = ("accept", "end_negotiation", "end_orders")  # accepting first
                t = min((t for t in legal if t["id"] in enders), key=lambda t: enders.index(t["id"]))
            else:
                t = min(cards, key=lambda t: _tension(board, role, t))
        self.act(role, t["id"], {k: v[0] for k, v in t["params"].items()}, board["seq"])
        return role


def _tension(board: dict[str, Any], role: str, template: dict[str, Any]) -> int:
    """What a legal move does to tension in the north, by the rulebook (public content)."""
    c = shipped_content()
    if template["id"] == "respond" and board["crisis"]:
        responses = {r.id: r for r in c.crises[board["crisis"]["id"]].responses[role]}
        return responses[template["params"]["response"][0]].effects.get("north_tension", 0)
    action = c.actions.get(template["id"])
    return action.effects.get("north_tension", 0) if action is not None else 0


@contextmanager
def browser() -> Iterator[Any]:
    """A headless system Chromium under Playwright; raises RuntimeError when there is none."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("no system Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
