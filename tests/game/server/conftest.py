"""A real server: ``python main.py serve`` in a subprocess on a free loopback port."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from game.web.harness import free_port

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Server:
    db: str
    port: int = field(default_factory=free_port)
    workers: int = 1
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def start(self) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "serve", "--db", self.db, "--port",
                                      str(self.port), "--workers", str(self.workers)], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 180  # a machine shared by a whole team starts a server slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.proc.stderr.read().decode() if self.proc.stderr else ''}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start within 180 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def open_table(self, seats: list[str], scenario: str = "classroom", seed: int = 3,
                   wording: str = "plain") -> dict[str, Any]:
        r = httpx.post(f"{self.url}/api/tables", json={"scenario": scenario, "seed": seed, "seats": seats,
                                                       "wording": wording}, timeout=30)
        assert r.status_code == 200, r.text
        return dict(r.json())


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Any]:
    started: list[Server] = []

    def make(db: str | None = None, workers: int = 1, port: int | None = None) -> Server:
        s = Server(db or str(tmp_path / "server.db"), workers=workers)
        if port is not None:
            s.port = port
        started.append(s.start())
        return s

    yield make
    for s in started:
        s.stop()


class Player:
    """A WebSocket client that keeps every message, and the log it has seen by seq."""

    def __init__(self, ws: Any, name: str) -> None:
        self.ws, self.name = ws, name
        self.entries: dict[int, dict[str, Any]] = {}
        self.duplicates = 0
        self.board: dict[str, Any] = {}
        self.errors: list[str] = []
        self.raw: list[str] = []
        self.last_legal: list[dict[str, Any]] | None = None

    @classmethod
    async def join(cls, url: str, code: str, name: str, since: int = -1) -> Player:
        ws = await websockets.connect(url, max_size=2**22)
        await ws.send(json.dumps({"type": "hello", "code": code, "since": since}))
        player = cls(ws, name)
        return player

    @property
    def seq(self) -> int:
        return max(self.entries, default=-1)

    async def recv(self, timeout: float = 30) -> dict[str, Any]:
        text = await asyncio.wait_for(self.ws.recv(), timeout)
        self.raw.append(text)
        msg: dict[str, Any] = json.loads(text)
        if msg["type"] == "entry":
            seq = msg["entry"]["seq"]
            if seq in self.entries:
                self.duplicates += 1
            self.entries[seq] = msg["entry"]
        elif msg["type"] == "board":
            self.board = msg["board"]
        elif msg["type"] == "error":
            self.errors.append(msg["message"])
        elif msg["type"] == "legal":
            self.last_legal = msg["legal"]
        return msg

    async def until(self, predicate: Any, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: waited {timeout} s")
            msg = await self.recv(left)
            if predicate(msg):
                return msg

    async def send(self, **message: Any) -> None:
        await self.ws.send(json.dumps(message))

    async def close(self) -> None:
        await self.ws.close()


def run_async(coro: Any) -> Any:
    """Run a coroutine to the end on its own event loop in its own thread: another test (the
    browser tests' Playwright, whose sync API keeps a loop running in the main thread) may leave
    a loop running here, and asyncio.run() refuses to start inside one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="test-client") as pool:
        return pool.submit(asyncio.run, coro).result()
