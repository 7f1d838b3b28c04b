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
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from game.web import present
from game.web.backend import Access, CodeError, MoveRefused, Tables
from game.web.map_svg import map_svg
from rules.core.actions import Action, IllegalAction

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
                if seq > self._seen.get(session, -1):
                    self.notify(session, seq)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


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
    """The readers' boards, built once per (table, sequence number, reader): a move pushed to two
    tabs of one seat, or to several projectors, is laid out once. One per app (tables differ)."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._built: dict[tuple[int, int, str, str | None], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def __call__(self, access: Access, seq: int | None = None) -> dict[str, Any]:
        snap = self.tables.snapshot(access.session, seq)
        role = access.role if access.kind == "seat" else None
        key = (access.session, snap.seq, access.kind, role)
        with self._lock:
            cached = self._built.get(key)
        if cached is not None:
            return cached
        built = present.page(snap.game, access.kind, role, snap.history, snap.seq, snap.names, snap.table_name)
        with self._lock:
            if len(self._built) > 512:
                self._built.clear()
            self._built[key] = built
        return built


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"That request was not understood ({where}: {err.get('msg', 'invalid')})."


def routes(tables: Tables, hub: Hub) -> list[BaseRoute]:
    """The pages' routes, to mount into the server's app (which also starts ``hub.poll``)."""
    pages = Pages(tables)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)

    async def map_route(request: Request) -> Response:
        return Response(map_svg(), media_type="image/svg+xml",
                        headers={**SECURITY_HEADERS, "Cache-Control": "max-age=3600"})

    async def join(request: Request) -> Response:
        try:
            req = JoinRequest.model_validate(await _body(request))
            access = await anyio.to_thread.run_sync(tables.resolve, req.code)
            return _json({"page": await anyio.to_thread.run_sync(pages, access)})
        except ValueError as exc:
            return _error(_first_error(exc) if isinstance(exc, ValidationError) else str(exc), 400)
        except CodeError as exc:
            return _error(str(exc), 403)

    async def act(request: Request) -> Response:
        try:
            req = ActRequest.model_validate(await _body(request))
            access = await anyio.to_thread.run_sync(tables.resolve, req.code)
            if access.role is None:
                return _error("This code can watch the table but not play a seat.", 403)
            action = Action.from_json({"role": access.role, "id": req.move.id, "params": req.move.params})
            seq = await anyio.to_thread.run_sync(tables.act, access, action, req.seq)
            hub.notify(access.session, seq)
            return _json({"page": await anyio.to_thread.run_sync(pages, access, seq)})
        except ValueError as exc:
            return _error(_first_error(exc) if isinstance(exc, ValidationError) else str(exc), 400)
        except IllegalAction as exc:
            return _error(str(exc), 400)
        except CodeError as exc:
            return _error(str(exc), 403)
        except MoveRefused as exc:
            return _error(str(exc), 409)

    async def live(ws: WebSocket) -> None:
        await ws.accept()
        try:
            with anyio.fail_after(10):
                hello = Hello.model_validate(await ws.receive_json())
            access = await anyio.to_thread.run_sync(tables.resolve, hello.code)
        except (ValidationError, ValueError, TimeoutError, KeyError, TypeError):
            await _close(ws, "The page sent something the server did not understand; reload it.")
            return
        except CodeError as exc:
            await _close(ws, str(exc))
            return
        except WebSocketDisconnect:
            return
        await _serve(ws, pages, hub, access, hello.since)

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


async def _serve(ws: WebSocket, pages: Pages, hub: Hub, access: Access, since: int) -> None:
    """Push the reader's board whenever the table moves past what the page last showed."""
    wake = hub.join(access.session)
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
        seq = await anyio.to_thread.run_sync(pages.tables.last_seq, access.session)
        hub.notify(access.session, seq)
        while True:
            wake.clear()
            seq = hub.seen(access.session)
            if seq > shown:
                page = await anyio.to_thread.run_sync(pages, access, seq)
                await ws.send_json({"type": "page", "page": page})
                shown = page["seq"]
            await wake.wait()

    try:
        async with anyio.create_task_group() as tg:
            async def watch(fn: Callable[[], Any]) -> None:
                await fn()
                tg.cancel_scope.cancel()

            tg.start_soon(watch, reader)
            tg.start_soon(watch, pusher)
    except* WebSocketDisconnect:
        pass
    except* OverflowError as group:
        await _close(ws, str(group.exceptions[0]))
    except* CodeError as group:
        await _close(ws, str(group.exceptions[0]))
    finally:
        hub.leave(access.session, wake)


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

    app = Starlette(routes=routes(tables, hub), lifespan=lifespan)
    app.state.hub = hub
    return app
