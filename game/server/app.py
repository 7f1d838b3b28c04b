"""The KECI server: tables played from many screens at once (Starlette on uvicorn).

Run it with ``python main.py serve`` (see :mod:`game.server.serve`), or directly with
``uvicorn --factory game.server.app:create_app`` (settings from the environment: ``KECI_DB``).
It holds no game logic: every request goes through the same table (:mod:`game.table`) the
command line uses, and what a code may read is decided by :mod:`rules.core.secrets`.

HTTP API (JSON; a code goes in ``Authorization: Bearer CODE``):

======================  =====================================================================
``POST /api/tables``    open a table: ``{"scenario", "seed"?, "seats": ["serbia=ai:normal", ...],
                        "name"?}`` → ``{"session", "codes": {ROLE: CODE, ..., "facilitator",
                        "spectator"}}`` (one code per human seat)
``GET /api/me``         ``{"session", "role", "wording", "footnote"}`` of the code: its table's
                        wording mode (rules/wording.py) and the footnote a page shows once in it
``GET /api/board``      the board as the code's role may see it (``seq``: last log entry)
``GET /api/log``        ``?since=SEQ``: the log entries after SEQ as the code's role may see them
``GET /api/legal``      what the code's role may do now
``POST /api/act``       ``{"id", "params", "seq"?}`` → ``{"entry"}``: a move for the code's role
``POST /api/undo``      take back the code's own last move → ``{"entry"}``
``GET /api/documents/KIND``  a printable document as a file: ``briefing.pdf`` (the code's own
                        role's briefing; the primer for the spectator and facilitator),
                        ``briefings.zip`` (facilitator: every role's) or ``review.pdf`` (the
                        after-action review: facilitator any time, others once the game ended)
``GET /api/health``     ``{"ok": true}``
======================  =====================================================================

Errors are ``{"error": "one clear line"}`` with status 400 (a bad request or an illegal move),
401 (no code), 403 (a wrong or expired code, or a move for another role), 409 (the game moved on)
or 404. WebSocket ``/ws``: see :mod:`game.server.messages`; every committed move is pushed to every
client of its table, and a client that reconnects says the last sequence number it has.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from game.db.connect import StoreError
from game.server.documents import Documents
from game.server.hub import BEHIND, Client, Hub, Push
from game.server.messages import CLIENT_MESSAGE, MAX_MESSAGE_BYTES, Act, Hello, HttpAct, Legal, NewTable, Ping, Undo
from game.store import StaleGame, UnknownSession
from game.table.codes import CodeError, Holder
from game.table.seat import Seat, SeatError
from game.web.api import routes as web_routes
from game.web.server_backend import ServerBackend
from rules.core.actions import Action, IllegalAction
from rules.wording import footnote

log = logging.getLogger("keci.server")

#: Messages a connection may send per second, and in a burst.
RATE, BURST = 10.0, 20.0


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "message"
    return f"{where}: {err['msg']}"


class Bucket:
    """A token bucket: at most RATE messages a second, BURST at once."""

    def __init__(self) -> None:
        self.tokens, self.at = BURST, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.at) * RATE)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _action(holder: Holder, msg: Act | HttpAct) -> Action:
    """The move a code asks for, for its own role only."""
    plays = holder.plays
    if plays is None:
        raise PermissionError("a spectator code cannot make moves")
    if msg.role is not None and msg.role != plays:
        raise PermissionError(f"this code plays {plays}; it cannot move for {msg.role}")
    return Action.make(plays, msg.id, **msg.params)


def create_app(db_url: str | None = None) -> Starlette:
    """The application, its settings from the environment (``KECI_DB``) unless given."""
    url = db_url or os.environ.get("KECI_DB")
    hub: Hub | None = None
    documents: Documents | None = None
    pages: ServerBackend | None = None

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal hub, documents, pages
        hub = await asyncio.to_thread(Hub, url)
        documents = Documents(hub.store.url)
        pages = ServerBackend(hub)
        await hub.start()
        app.state.hub = hub
        yield
        await hub.close()

    def the_hub() -> Hub:
        assert hub is not None
        return hub

    async def authorized(request: Request) -> Holder:
        header = request.headers.get("authorization", "")
        scheme, _, code = header.partition(" ")
        if scheme.lower() != "bearer" or not code.strip():
            raise PermissionError("no code: send 'Authorization: Bearer CODE'")
        return await the_hub().holder(code.strip())

    async def body(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_MESSAGE_BYTES:
            raise ValueError(f"the request is larger than {MAX_MESSAGE_BYTES} bytes")
        try:
            return json.loads(raw or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ValueError("the request body is not JSON") from None

    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> JSONResponse:
            try:
                return await handler(request)  # type: ignore[no-any-return]
            except CodeError as exc:
                return _error(str(exc), 403)
            except PermissionError as exc:
                return _error(str(exc), 401 if str(exc).startswith("no code") else 403)
            except StaleGame as exc:
                return _error(str(exc), 409)
            except UnknownSession as exc:
                return _error(str(exc), 404)
            except ValidationError as exc:
                return _error(_first_error(exc))
            except (IllegalAction, StoreError, SeatError, ValueError, KeyError) as exc:
                return _error(str(exc).strip("'\""))
        return endpoint

    async def new_table(request: Request) -> JSONResponse:
        msg = NewTable.model_validate(await body(request))
        seats = [Seat.parse(text) for text in msg.seats]
        seed = msg.seed if msg.seed is not None else random.SystemRandom().randrange(1, 2**31)
        session, codes = await the_hub().open_table(msg.scenario, seed, seats, msg.name, msg.wording)
        return JSONResponse({"session": session, "codes": codes})

    async def me(request: Request) -> JSONResponse:
        holder = await authorized(request)
        table = await the_hub().table(holder.session)
        return JSONResponse({"session": holder.session, "role": holder.role, "wording": table.wording,
                             "footnote": footnote(table.wording)})

    async def board(request: Request) -> JSONResponse:
        holder = await authorized(request)
        table = await the_hub().table(holder.session)
        data = await the_hub().run(lambda: (table.refresh(), table.board(holder.reader))[1])
        return JSONResponse(data)

    async def log(request: Request) -> JSONResponse:
        holder = await authorized(request)
        try:
            since = int(request.query_params.get("since", "-1"))
        except ValueError:
            raise ValueError("since must be a whole number") from None
        table = await the_hub().table(holder.session)
        entries = await the_hub().run(lambda: (table.refresh(), table.since(since, holder.reader))[1])
        return JSONResponse({"entries": [e.to_json() for e in entries]})

    async def legal(request: Request) -> JSONResponse:
        holder = await authorized(request)
        table = await the_hub().table(holder.session)
        plays = holder.plays
        options = [] if plays is None else await the_hub().run(lambda: (table.refresh(), table.legal(plays))[1])
        return JSONResponse({"role": holder.role, "legal": [t.to_json() for t in options]})

    async def act(request: Request) -> JSONResponse:
        holder = await authorized(request)
        msg = HttpAct.model_validate(await body(request))
        entry = await the_hub().act(holder, _action(holder, msg), msg.seq)
        table = await the_hub().table(holder.session)
        return JSONResponse({"entry": table.seen(entry, holder.reader).to_json()})

    async def undo(request: Request) -> JSONResponse:
        holder = await authorized(request)
        if holder.plays is None:
            raise PermissionError("a spectator code cannot take moves back")
        entry = await the_hub().undo(holder, holder.plays)
        table = await the_hub().table(holder.session)
        return JSONResponse({"entry": table.seen(entry, holder.reader).to_json()})

    async def document(request: Request) -> Response:
        holder = await authorized(request)
        table = await the_hub().table(holder.session)
        game, seq = await the_hub().run(lambda: (table.refresh(), (table.game.clone(), table.seq))[1])
        assert documents is not None
        doc = await documents.get(request.path_params["kind"], holder, game, seq, table.wording)
        return Response(doc.data, media_type=doc.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{doc.name}"',
                                 "Cache-Control": "no-store"})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    async def websocket(ws: WebSocket) -> None:
        await ws.accept()
        await Connection(the_hub(), ws).serve()

    routes = [
        Route("/api/tables", guarded(new_table), methods=["POST"]),
        Route("/api/me", guarded(me)),
        Route("/api/board", guarded(board)),
        Route("/api/log", guarded(log)),
        Route("/api/legal", guarded(legal)),
        Route("/api/act", guarded(act), methods=["POST"]),
        Route("/api/undo", guarded(undo), methods=["POST"]),
        Route("/api/documents/{kind}", guarded(document)),
        Route("/api/health", health),
        WebSocketRoute("/ws", websocket),
    ]
    def the_pages() -> ServerBackend:
        assert pages is not None
        return pages

    # The web pages (game/web): the same hub, codes and pushes, for players with only a browser.
    routes += web_routes(the_pages)
    return Starlette(routes=routes, lifespan=lifespan)


class Connection:
    """One WebSocket: hello first, then moves for its own role; pushes go out as they come."""

    def __init__(self, hub: Hub, ws: WebSocket) -> None:
        self.hub, self.ws = hub, ws
        self.holder: Holder | None = None
        self.client: Client | None = None
        self.bucket = Bucket()

    async def out(self, message: dict[str, Any]) -> None:
        """Once joined, every message goes through the client's queue (one sender per socket)."""
        if self.client is not None:
            self.client.push(Push.of(message))
        else:
            await self.ws.send_json(message)

    async def send_error(self, message: str) -> None:
        await self.out({"type": "error", "message": message})

    async def serve(self) -> None:
        sender: asyncio.Task[None] | None = None
        try:
            while True:
                text = await self.ws.receive_text()
                if not self.bucket.take():
                    await self.send_error("too many messages: slow down (at most 10 a second)")
                    continue
                if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
                    await self.send_error(f"message larger than {MAX_MESSAGE_BYTES} bytes")
                    continue
                try:
                    msg = CLIENT_MESSAGE.validate_json(text)
                except ValidationError as exc:
                    await self.send_error(f"malformed message: {_first_error(exc)}")
                    continue
                if isinstance(msg, Hello):
                    if self.client is not None:
                        await self.send_error("already joined: send hello once per connection")
                        continue
                    try:
                        self.holder = await self.hub.holder(msg.code)
                    except CodeError as exc:
                        await self.send_error(str(exc))
                        continue
                    self.client = await self.hub.join(self.holder, msg.since)
                    sender = asyncio.create_task(self._send_loop(self.client))
                    continue
                if self.holder is None:
                    await self.send_error("say hello with your code first")
                    continue
                await self.handle(msg)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            if self.client is not None:
                self.hub.leave(self.client)
            if sender is not None:
                sender.cancel()

    async def handle(self, msg: Act | Undo | Legal | Ping) -> None:
        holder = self.holder
        assert holder is not None
        try:
            if isinstance(msg, Ping):
                await self.out({"type": "pong"})
            elif isinstance(msg, Legal):
                table = await self.hub.table(holder.session)
                plays = holder.plays
                options = [] if plays is None else await self.hub.run(table.legal, plays)
                await self.out({"type": "legal", "legal": [t.to_json() for t in options]})
            elif isinstance(msg, Undo):
                if holder.plays is None:
                    raise PermissionError("a spectator code cannot take moves back")
                await self.hub.undo(holder, holder.plays)
            else:
                await self.hub.act(holder, _action(holder, msg), msg.seq)
        except (IllegalAction, StoreError, PermissionError, KeyError) as exc:
            await self.send_error(str(exc).strip("'\""))

    async def _send_loop(self, client: Client) -> None:
        """Send the client's queue in order; a client too far behind is told to reconnect."""
        try:
            while True:
                push = await client.queue.get()
                if push is BEHIND:
                    await self.ws.close(code=1013, reason="too far behind: reconnect to catch up")
                    return
                await self.ws.send_text(push.text)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass  # the connection is gone: the receiving side ends too
        except Exception:  # a push that cannot be sent must not stall the client unseen
            log.exception("sending to a client of session %s failed; closing it", client.session)
            with contextlib.suppress(Exception):
                await self.ws.close(code=1011)
