"""The web pages' routes: the pages themselves, a page's board as JSON, moves, and live pushes.

Mounted into the server's Starlette app (:func:`routes`, by :func:`game.server.app.create_app`):
the pages are served by ``python main.py serve`` and nothing else. A code is sent in a request's
body or a WebSocket's first message, never in a URL, so it stays out of access logs. Every route
asks the server's backend (:class:`~game.web.server_backend.ServerBackend`) who the code is and
for the reader's page, built from what the table layer lets that reader see: a page can hold
nothing its code may not know.

Pushes: the hub says when a table moved (a move of this worker, an AI seat's, another worker's
or process's); each connection then sends its reader's board. A client that reconnects says the
last sequence number it showed and gets the board again if anything moved since: a whole board,
so nothing can be missed or applied twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from game.web.map_svg import map_svg
from game.web.server_backend import Access, CodeError, MoveRefused, ServerBackend
from rules.core.actions import Action, IllegalAction
from rules.facilitator import FACILITATOR

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 16_384
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


class UndoRequest(_Strict):
    code: str = Field(min_length=1, max_length=200)
    #: The board the page showed: a take-back of a move the player has not seen is refused.
    seq: int = Field(ge=0)


class Hello(_Strict):
    code: str = Field(min_length=1, max_length=200)
    since: int = Field(default=-1, ge=-1)


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


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"That request was not understood ({where}: {err.get('msg', 'invalid')})."


def routes(backend: Callable[[], ServerBackend]) -> list[BaseRoute]:
    """The pages' routes, to mount into the server's app; ``backend`` gives the server's backend
    (called per request: the server's tables exist only once its lifespan has started)."""

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)

    async def map_route(request: Request) -> Response:
        mode = "neutral" if request.query_params.get("wording") == "neutral" else "plain"
        return Response(map_svg(mode), media_type="image/svg+xml",
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
        access: Access | None = None
        try:
            req = ActRequest.model_validate(await _body(request))
            access = await backend().resolve(req.code)
            role = FACILITATOR if access.kind == "facilitator" else access.role
            if access.kind == "spectator" or role is None:
                return _error("This code can watch the table but not play a seat.", 403)
            action = Action.from_json({"role": role, "id": req.move.id, "params": req.move.params})
            seq = await backend().act(access, action, req.seq)
            return _json({"page": await backend().page(access, seq), "now_ms": _now_ms()})
        except IllegalAction as exc:
            return _error(str(exc), 400)
        except (ValueError, CodeError, MoveRefused) as exc:
            return await _refused(exc, access)

    async def undo(request: Request) -> Response:
        access: Access | None = None
        try:
            req = UndoRequest.model_validate(await _body(request))
            access = await backend().resolve(req.code)
            if access.kind != "seat":
                return _error("Only a seat's code takes back its own moves.", 403)
            seq = await backend().undo(access, req.seq)
            return _json({"page": await backend().page(access, seq), "now_ms": _now_ms()})
        except (ValueError, CodeError, MoveRefused) as exc:
            return await _refused(exc, access)

    async def _refused(exc: Exception, access: Access | None) -> Response:
        """A move or take-back refused, in one sentence; a refusal by the rules or the store
        comes with the board as it now stands, so a tab that missed pushes (asleep, a second tab
        on the same code) shows what changed instead of a stale board."""
        if isinstance(exc, ValidationError):
            return _error(_first_error(exc), 400)
        if isinstance(exc, CodeError):
            return _error(str(exc), 403)
        if not isinstance(exc, MoveRefused) or access is None:
            return _error(str(exc), 400)
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
        Route("/web/api/undo", undo, methods=["POST"]),
        WebSocketRoute("/web/live", live),
        Mount("/static", StaticFiles(directory=STATIC), name="web-static"),
    ]


async def _close(ws: WebSocket, message: str) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        await ws.send_json({"type": "error", "message": message})
        await ws.close(code=4403)


async def _serve(ws: WebSocket, backend: ServerBackend, access: Access, since: int) -> None:
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
