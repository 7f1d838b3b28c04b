"""Run the web pages on a real server and drive them in the system's Chromium.

Shared by the browser tests, ``benchmarks/bench_web.py`` and the screenshot tool: a uvicorn on
127.0.0.1 in a thread (a real socket, real WebSockets) and Playwright driving ``/usr/bin/chromium``.
No browser is ever downloaded: without a system Chromium, :func:`chromium_path` says so.
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

import uvicorn

from game.web.api import build_app
from game.web.backend import Tables

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


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
    """The pages served by uvicorn in a background thread; :meth:`stop` and :meth:`start` again
    on the same port (to cut every connection, as a restarted server would)."""

    tables: Tables
    port: int = field(default_factory=free_port)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        config = uvicorn.Config(build_app(self.tables), host="127.0.0.1", port=self.port, log_level="warning",
                                ws_max_size=65_536, lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._server = self._thread = None


@contextmanager
def live_server(tables: Tables) -> Iterator[LiveServer]:
    server = LiveServer(tables)
    server.start()
    try:
        yield server
    finally:
        server.stop()


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
