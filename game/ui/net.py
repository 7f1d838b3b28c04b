"""The window's line to a KECI server: a WebSocket run beside pygame, never inside the frame loop.

A :class:`Link` owns a daemon thread with its own asyncio loop. The thread connects, says hello
with the last sequence number it has received (so a reconnect catches up with exactly what was
missed: nothing lost, nothing twice), and hands every message from the server to the main thread
through a queue (:meth:`Link.messages`). Moves go the other way through :meth:`Link.send`. When
the connection drops the thread tells the main thread (a ``link`` message) and tries again,
waiting a little longer each time, until the window closes the link.

:func:`check_code` asks the server whose code this is (``GET /api/me``) — one short HTTP call,
also run in a thread by the join screen — so a wrong code or an unreachable server is reported
on the join screen before anything else happens.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

#: Seconds between reconnection attempts: short at first, then at most the last value.
BACKOFF = (0.3, 0.6, 1.0, 2.0, 3.0)
#: Seconds to wait for a connection (or the server's answer) before calling it unreachable.
CONNECT_TIMEOUT = 8.0


class JoinError(Exception):
    """The code cannot be used (wrong, expired) or the server cannot be reached; one clear line."""


@dataclass(frozen=True, slots=True)
class Seat:
    """Who a code is: its table (session) and role (a seat's, ``facilitator`` or ``spectator``)."""

    server: str
    code: str
    session: int
    role: str
    #: Seconds the server's clock is ahead of this machine's (from its HTTP ``Date``; ±1 s), so a
    #: countdown is right on a laptop whose clock is wrong.
    skew: float = 0.0


def normalize(address: str) -> str:
    """``host:port`` or a URL → ``http://host:port`` (no trailing slash); raises JoinError."""
    address = address.strip().rstrip("/")
    if not address:
        raise JoinError("type the server's address (for example 127.0.0.1:8765)")
    if "://" not in address:
        address = "http://" + address
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise JoinError(f"{address!r} is not a server address (for example http://127.0.0.1:8765)")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise JoinError(f"the port in {address!r} is not a number") from None
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def ws_url(server: str) -> str:
    parts = urlsplit(server)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path}/ws"


def check_code(address: str, code: str) -> Seat:
    """Whose code this is on that server; raises JoinError with a sentence a player understands."""
    import httpx

    server = normalize(address)
    code = code.strip()
    if not code:
        raise JoinError("type the code you were given for this table")
    try:
        response = httpx.get(f"{server}/api/me", headers={"Authorization": f"Bearer {code}"},
                             timeout=CONNECT_TIMEOUT)
    except httpx.HTTPError:
        raise JoinError(f"cannot reach a KECI server at {server}: check the address, and that the "
                        "server is running") from None
    try:
        data = response.json()
    except ValueError:
        raise JoinError(f"{server} answered, but it is not a KECI server") from None
    if response.status_code >= 400 or not isinstance(data, dict) or "role" not in data:
        message = data.get("error") if isinstance(data, dict) else None
        raise JoinError(str(message or f"the server refused the code (status {response.status_code})"))
    return Seat(server, code, int(data["session"]), str(data["role"]), _skew(response.headers.get("date")))


def _skew(date: str | None) -> float:
    """The server's clock minus this machine's, from an HTTP ``Date`` header (0 if none)."""
    from email.utils import parsedate_to_datetime

    if not date:
        return 0.0
    try:
        server = parsedate_to_datetime(date)
    except (TypeError, ValueError):
        return 0.0
    from datetime import UTC, datetime

    skew = (server - datetime.now(UTC)).total_seconds() + 0.5  # the header drops the fraction
    return 0.0 if abs(skew) < 2 else skew


class Link:
    """A WebSocket to one table, kept open (reconnecting) by a thread of its own."""

    def __init__(self, seat: Seat, since: int = -1) -> None:
        self.seat = seat
        self._inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._since = since  # the last entry received (the thread's own copy)
        self._closed = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue[dict[str, Any]] | None = None
        self._ready = threading.Event()
        self.attempts = 0
        self._thread = threading.Thread(target=self._run, name="keci-link", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    # -- the main thread's side --------------------------------------------------------------------

    def messages(self) -> list[dict[str, Any]]:
        """Everything that arrived since the last call (never blocks)."""
        out = []
        while True:
            try:
                out.append(self._inbox.get_nowait())
            except queue.Empty:
                return out

    def send(self, message: dict[str, Any]) -> None:
        """Queue a message for the server (sent once connected; the caller decides what to resend)."""
        loop, outbox = self._loop, self._outbox
        if loop is not None and outbox is not None and not self._closed.is_set():
            loop.call_soon_threadsafe(outbox.put_nowait, message)

    def close(self) -> None:
        self._closed.set()
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(lambda: None)  # wake it

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    # -- the thread's side -----------------------------------------------------------------------

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.close()

    def _tell(self, state: str, message: str = "") -> None:
        self._inbox.put({"type": "link", "state": state, "message": message, "attempts": self.attempts})

    async def _main(self) -> None:
        self._outbox = asyncio.Queue()
        self._ready.set()
        while not self._closed.is_set():
            try:
                await self._session()
                reason = "the server closed it"
            except (TimeoutError, OSError) as exc:
                reason = _reason(exc)
            except Exception as exc:  # noqa: BLE001 - any failure of the line means: try again
                reason = _reason(exc)
            if self._closed.is_set():
                return
            self.attempts += 1
            self._tell("offline", reason)
            await self._sleep(BACKOFF[min(self.attempts - 1, len(BACKOFF) - 1)])

    async def _sleep(self, seconds: float) -> None:
        end = asyncio.get_running_loop().time() + seconds
        while not self._closed.is_set() and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(0.05)

    async def _session(self) -> None:
        import websockets

        assert self._outbox is not None
        async with websockets.connect(ws_url(self.seat.server), open_timeout=CONNECT_TIMEOUT,
                                      max_size=2**22, ping_interval=5, ping_timeout=10) as ws:
            # Moves queued while offline are the main thread's to resend after the catch-up.
            while not self._outbox.empty():
                self._outbox.get_nowait()
            await ws.send(json.dumps({"type": "hello", "code": self.seat.code, "since": self._since}))
            sender = asyncio.create_task(self._send_loop(ws))
            try:
                while not self._closed.is_set():
                    try:
                        text = await asyncio.wait_for(ws.recv(), 0.25)
                    except TimeoutError:
                        continue
                    message = json.loads(text)
                    if not isinstance(message, dict):
                        continue
                    if message.get("type") == "welcome":
                        self.attempts = 0
                        self._tell("online")
                    elif message.get("type") == "entry":
                        self._since = max(self._since, int(message["entry"]["seq"]))
                    self._inbox.put(message)
            finally:
                sender.cancel()

    async def _send_loop(self, ws: Any) -> None:
        assert self._outbox is not None
        while True:
            message = await self._outbox.get()
            await ws.send(json.dumps(message))


def _reason(exc: BaseException) -> str:
    """A few words on why, when they add something to "connection lost"."""
    if isinstance(exc, TimeoutError):
        return "the server does not answer"
    if isinstance(exc, ConnectionRefusedError):
        return "the server is not reachable"
    return ""
