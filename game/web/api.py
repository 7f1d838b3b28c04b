"""The web pages' routes: the pages themselves, a page's board as JSON, moves, and live pushes.

Mounted into the server's Starlette app (:func:`routes`), or run on their own for tests
(:func:`build_app`). A code is sent in a request's body or a WebSocket's first message, never
in a URL, so it stays out of access logs. Every route asks :class:`~game.web.backend.Tables`
who the code is and builds the reader's page with :func:`game.web.present.page`: a page can
hold nothing its code may not know.

Pushes: after a move through this process, :class:`Hub` wakes every connection of that table
at once; a slow poll by sequence number catches moves committed elsewhere (another worker, the
command line). A client that reconnects says the last sequence number it showed and gets the
board again if anything moved since: a whole board, so nothing can be missed or applied twice.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from game.web import present
from game.web.backend import Access, CodeError, MoveRefused, PageCache, Tables
from game.web.map_svg import map_svg
from rules.core.actions import Action, IllegalAction
from rules.facilitator import FACILITATOR

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 16_384
#: How often a table with open pages is checked for moves committed by another process.
POLL_S = 0.25
#: Messages a page may send per second before its connection is closed (it only sends pings).
MAX_MESSAGES_PER_S = 20

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinRequest(_Strict):
    code: str = Field(min_length=1, max_length=200)


class Move(_Strict):
    id: str = Field(min_length=1, max_length=80)
    params: dict[str, str | int] = Field(default_factory=dict, max_length=8)


class ActRequest(_Strict):
    code: str = Field(min_length=1, max_length=200)
    move: Move
    seq: int = Field(ge=0)


class Hello(_Strict):
    code: str = Field(min_length=1, max_length=200)
    since: int = Field(default=-1, ge=-1)


class Hub:
    """Wakes the connections of a table when its sequence number moves."""

    def __init__(self) -> None:
        self._waiters: dict[int, set[asyncio.Event]] = {}
        self._seen: dict[int, int] = {}

    def join(self, session: int) -> asyncio.Event:
        event = asyncio.Event()
        self._waiters.setdefault(session, set()).add(event)
        return event

    def leave(self, session: int, event: asyncio.Event) -> None:
        waiters = self._waiters.get(session)
        if waiters is not None:
            waiters.discard(event)
            if not waiters:
                del self._waiters[session]

    def seen(self, session: int) -> int:
        """The last sequence number this process knows the table reached (-1: none yet)."""
        return self._seen.get(session, -1)

    def notify(self, session: int, seq: int | None = None) -> None:
        if seq is not None:
            self._seen[session] = max(seq, self._seen.get(session, -1))
        for event in self._waiters.get(session, ()):
            event.set()

    async def poll(self, tables: Tables) -> None:
        """Forever: notice moves made outside this process on tables someone is watching."""
        while True:
            await asyncio.sleep(POLL_S)
            for session in list(self._waiters):
                try:
                    seq = await anyio.to_thread.run_sync(tables.last_seq, session)
                except Exception:  # noqa: BLE001 - a vanished table just stops being polled
                    seq = -1
                keep_time = getattr(tables, "keep_time", None)  # the facilitator's deadlines (StoreTables)
                if keep_time is not None:
                    try:
                        seq = max(seq, await anyio.to_thread.run_sync(keep_time, session) or -1)
                    except Exception:  # noqa: BLE001, S110 - a refused act is tried again next time
                        pass
                if seq > self._seen.get(session, -1):
                    self.notify(session, seq)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


def _now_ms() -> int:
    """The server's clock, sent with every board: a page counts a deadline down on its own clock
    and corrects it by the difference, so a wrong clock on a student's laptop does not matter."""
    return int(time.time() * 1000)


def _error(message: str, status: int) -> JSONResponse:
    return _json({"error": message}, status)


async def _body(request: Request) -> Any:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ValueError("That request is too large.")
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        raise ValueError("That request was not understood (not JSON).") from None


class Pages:
    """The readers' boards of a store's tables, each laid out once (:class:`PageCache`). One per
    app (tables differ)."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._pages = PageCache()

    def __call__(self, access: Access, seq: int | None = None) -> dict[str, Any]:
        snap = self.tables.snapshot(access.session, seq)
        role = access.role if access.kind == "seat" else None
        return self._pages.get((access.session, snap.seq, access.kind, role), lambda: present.page(
            snap.game, access.kind, role, snap.history, snap.seq, snap.names, snap.table_name, snap.clock,
            snap.controllers))


class Watch(Protocol):
    """New sequence numbers of one table, as they are committed (see :meth:`Backend.watch`)."""

    async def next(self) -> int:
        """Wait for the table to move; the sequence number of its latest board."""

    def close(self) -> None:
        """Stop watching."""


class Backend(Protocol):
    """What the pages' routes need of a server: codes, boards, moves and news of moves."""

    async def resolve(self, code: str) -> Access:
        """Who the code is; raises CodeError."""

    async def page(self, access: Access, seq: int | None = None) -> dict[str, Any]:
        """The code's board (``seq``: the caller knows the table is at least that far)."""

    async def act(self, access: Access, action: Action, seq: int) -> int:
        """Commit a move for the code's role; the new sequence number, or MoveRefused."""

    async def watch(self, access: Access, since: int) -> Watch:
        """Start hearing of the table's moves (the first :meth:`Watch.next` may be immediate)."""


class _HubWatch:
    def __init__(self, hub: Hub, session: int) -> None:
        self.hub, self.session = hub, session
        self.wake = hub.join(session)
        self.shown = -1

    async def next(self) -> int:
        while True:
            self.wake.clear()
            seq = self.hub.seen(self.session)
            if seq > self.shown:
                self.shown = seq
                return seq
            await self.wake.wait()

    def close(self) -> None:
        self.hub.leave(self.session, self.wake)


class LocalBackend:
    """The pages over :class:`~game.web.backend.Tables` in this process (tests, the dev launcher)."""

    def __init__(self, tables: Tables, hub: Hub) -> None:
        self.tables, self.hub, self.pages = tables, hub, Pages(tables)

    async def resolve(self, code: str) -> Access:
        return await anyio.to_thread.run_sync(self.tables.resolve, code)

    async def page(self, access: Access, seq: int | None = None) -> dict[str, Any]:
        return await anyio.to_thread.run_sync(self.pages, access, seq)

    async def act(self, access: Access, action: Action, seq: int) -> int:
        new = await anyio.to_thread.run_sync(self.tables.act, access, action, seq)
        self.hub.notify(access.session, new)
        return new

    async def watch(self, access: Access, since: int) -> Watch:
        seq = await anyio.to_thread.run_sync(self.tables.last_seq, access.session)
        self.hub.notify(access.session, seq)
        return _HubWatch(self.hub, access.session)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"That request was not understood ({where}: {err.get('msg', 'invalid')})."


def routes(backend: Callable[[], Backend]) -> list[BaseRoute]:
    """The pages' routes, to mount into the server's app; ``backend`` gives the server's backend
    (called per request: the server's tables exist only once its lifespan has started)."""

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)

    async def map_route(request: Request) -> Response:
        return Response(map_svg(), media_type="image/svg+xml",
                        headers={**SECURITY_HEADERS, "Cache-Control": "max-age=3600"})

    async def join(request: Request) -> Response:
        try:
            req = JoinRequest.model_validate(await _body(request))
            access = await backend().resolve(req.code)
            return _json({"page": await backend().page(access), "now_ms": _now_ms()})
        except ValueError as exc:
            return _error(_first_error(exc) if isinstance(exc, ValidationError) else str(exc), 400)
        except CodeError as exc:
            return _error(str(exc), 403)

    async def act(request: Request) -> Response:
        try:
            req = ActRequest.model_validate(await _body(request))
            access = await backend().resolve(req.code)
            role = FACILITATOR if access.kind == "facilitator" else access.role
            if access.kind == "spectator" or role is None:
                return _error("This code can watch the table but not play a seat.", 403)
            action = Action.from_json({"role": role, "id": req.move.id, "params": req.move.params})
            seq = await backend().act(access, action, req.seq)
            return _json({"page": await backend().page(access, seq), "now_ms": _now_ms()})
        except ValueError as exc:
            return _error(_first_error(exc) if isinstance(exc, ValidationError) else str(exc), 400)
        except IllegalAction as exc:
            return _error(str(exc), 400)
        except CodeError as exc:
            return _error(str(exc), 403)
        except MoveRefused as exc:
            # With the board as it now stands: a tab that missed pushes (asleep, a second tab on
            # the same code) shows what changed instead of a stale board.
            try:
                board = await backend().page(access)
            except Exception:  # noqa: BLE001 - the refusal is the answer; the board is a courtesy
                return _error(str(exc), 409)
            return _json({"error": str(exc), "page": board, "now_ms": _now_ms()}, 409)

    async def live(ws: WebSocket) -> None:
        await ws.accept()
        try:
            with anyio.fail_after(10):
                hello = Hello.model_validate(await ws.receive_json())
            access = await backend().resolve(hello.code)
        except (ValidationError, ValueError, TimeoutError, KeyError, TypeError):
            await _close(ws, "The page sent something the server did not understand; reload it.")
            return
        except CodeError as exc:
            await _close(ws, str(exc))
            return
        except WebSocketDisconnect:
            return
        await _serve(ws, backend(), access, hello.since)

    return [
        Route("/", index),
        Route("/web/map.svg", map_route),
        Route("/web/api/join", join, methods=["POST"]),
        Route("/web/api/act", act, methods=["POST"]),
        WebSocketRoute("/web/live", live),
        Mount("/static", StaticFiles(directory=STATIC), name="web-static"),
    ]


async def _close(ws: WebSocket, message: str) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        await ws.send_json({"type": "error", "message": message})
        await ws.close(code=4403)


async def _serve(ws: WebSocket, backend: Backend, access: Access, since: int) -> None:
    """Push the reader's board whenever the table moves past what the page last showed."""
    watch = await backend.watch(access, since)
    shown = since
    stamps: list[float] = []

    async def reader() -> None:
        while True:
            await ws.receive_text()  # pings; their content is ignored
            now = time.monotonic()
            stamps.append(now)
            while stamps and now - stamps[0] > 1.0:
                stamps.pop(0)
            if len(stamps) > MAX_MESSAGES_PER_S:
                raise OverflowError("Too many messages from this page; reload it.")

    async def pusher() -> None:
        nonlocal shown
        while True:
            seq = await watch.next()
            if seq > shown:
                page = await backend.page(access, seq)
                await ws.send_json({"type": "page", "page": page, "now_ms": _now_ms()})
                shown = page["seq"]

    try:
        async with anyio.create_task_group() as tg:
            async def until_done(fn: Callable[[], Any]) -> None:
                await fn()
                tg.cancel_scope.cancel()

            tg.start_soon(until_done, reader)
            tg.start_soon(until_done, pusher)
    except* WebSocketDisconnect:
        pass
    except* OverflowError as group:
        await _close(ws, str(group.exceptions[0]))
    except* CodeError as group:
        await _close(ws, str(group.exceptions[0]))
    finally:
        watch.close()


def build_app(tables: Tables) -> Starlette:
    """The pages on their own (tests, benchmarks); the server mounts :func:`routes` instead."""
    hub = Hub()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(hub.poll(tables))
        try:
            yield
        finally:
            task.cancel()

    local = LocalBackend(tables, hub)
    app = Starlette(routes=routes(lambda: local), lifespan=lifespan)
    app.state.hub = hub
    return app
