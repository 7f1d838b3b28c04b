"""The server's tables and their connected clients, in one worker process.

All database work runs on one thread of its own (the store is not shared between threads) and
AI decisions on others (they think on a copy), so the event loop only moves messages. After any
move is committed — by a client of this worker, by an AI seat, by another worker (PostgreSQL
``NOTIFY``) or by another process on the same SQLite file (a poll by sequence number) — the
table reads what is new since the last entry it published and pushes each entry to each client
as that client's reader may see it, then the client's board.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from game.store import StaleGame, Store
from game.table import codes
from game.table.table import Table
from rules.core.actions import Action
from rules.core.log import LogEntry
from rules.core.secrets import Reader

log = logging.getLogger("keci.server")
T = TypeVar("T")

#: How often a table with clients looks for moves made outside this worker without a notice.
POLL_SECONDS = 1.0


@dataclass(eq=False)
class Client:
    """One connection: whom it reads as, and its outgoing messages."""

    session: int
    role: str
    reader: Reader
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=lambda: asyncio.Queue(maxsize=1000))
    #: The last entry sent to this client: nothing is sent twice.
    sent: int = -1

    def push(self, message: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:  # a client that stopped reading: it will catch up on reconnect
            pass


class Hub:
    """Every table this worker serves (see the module docstring)."""

    def __init__(self, db_url: str | None) -> None:
        self.db = ThreadPoolExecutor(1, thread_name_prefix="keci-db")
        self.store: Store = self.db.submit(Store, db_url).result()
        self.tables: dict[int, Table] = {}
        self.published: dict[int, int] = {}
        self.clients: dict[int, set[Client]] = {}
        self.ai_tasks: dict[int, asyncio.Task[None]] = {}
        self.locks: dict[int, asyncio.Lock] = {}
        self.background: list[asyncio.Task[None]] = []

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn`` on the database thread."""
        return await asyncio.get_running_loop().run_in_executor(self.db, fn, *args)

    async def start(self) -> None:
        from game.server.timekeeper import Timekeeper

        self.background.append(asyncio.create_task(self._poll_loop()))
        self.background.append(asyncio.create_task(Timekeeper(self).run()))  # the facilitator's deadlines
        if self.store.engine.dialect.name == "postgresql":
            from game.server.fanout import listen

            self.background.append(asyncio.create_task(listen(self.store.url, self.announce)))

    async def close(self) -> None:
        for task in [*self.background, *self.ai_tasks.values()]:
            task.cancel()
        for task in [*self.background, *self.ai_tasks.values()]:
            with contextlib.suppress(BaseException):
                await task
        await self.run(self.store.close)
        self.db.shutdown(wait=True)

    # -- tables --------------------------------------------------------------------------------

    def lock(self, session: int) -> asyncio.Lock:
        return self.locks.setdefault(session, asyncio.Lock())

    async def table(self, session: int) -> Table:
        if session not in self.tables:
            table = await self.run(Table, self.store, session)
            self.tables.setdefault(session, table)
            self.published.setdefault(session, table.seq)
        return self.tables[session]

    async def open_table(self, scenario: str, seed: int, seats: list[Any], name: str) -> tuple[int, dict[str, str]]:
        def work() -> tuple[int, dict[str, str]]:
            table = Table.open(self.store, scenario, seed, seats, name)
            return table.id, codes.issue(self.store, table.id)

        session, issued = await self.run(work)
        await self.table(session)
        self.kick(session)
        return session, issued

    async def holder(self, code: str) -> codes.Holder:
        return await self.run(codes.holder, self.store, code)

    # -- clients -------------------------------------------------------------------------------

    async def join(self, holder: codes.Holder, since: int) -> Client:
        """Register a client and queue what it missed after ``since``, then its board."""
        table = await self.table(holder.session)
        client = Client(holder.session, holder.role, holder.reader)
        async with self.lock(holder.session):
            await self.run(table.refresh)
            missed, board = await self.run(lambda: (table.since(since, client.reader), table.board(client.reader)))
            client.push({"type": "welcome", "session": holder.session, "role": holder.role, "seq": table.seq})
            for entry in missed:
                client.push({"type": "entry", "entry": entry.to_json()})
            client.push({"type": "board", "seq": table.seq, "board": board})
            client.sent = table.seq
            self.clients.setdefault(holder.session, set()).add(client)
        await self.publish(holder.session)
        self.kick(holder.session)
        return client

    def leave(self, client: Client) -> None:
        self.clients.get(client.session, set()).discard(client)

    # -- moves ---------------------------------------------------------------------------------

    async def act(self, holder: codes.Holder, action: Action, expected_seq: int | None) -> LogEntry:
        """Commit a move for the holder's role; raises IllegalAction/StoreError, nothing changes."""
        table = await self.table(holder.session)
        async with self.lock(holder.session):
            entry = await self.run(table.act, action, "", expected_seq)
        await self.publish(holder.session)
        self.kick(holder.session)
        return entry

    async def undo(self, holder: codes.Holder, role: str) -> LogEntry:
        table = await self.table(holder.session)
        async with self.lock(holder.session):
            entry = await self.run(table.undo, role)
        await self.publish(holder.session)
        self.kick(holder.session)
        return entry

    async def announce(self, session: int) -> None:
        """Another worker or process committed a move of ``session`` (if we serve it)."""
        if session in self.tables:
            await self.publish(session)
            self.kick(session)

    async def publish(self, session: int) -> None:
        """Push every entry after the last one published to every client of the table."""
        table = self.tables.get(session)
        if table is None:
            return
        async with self.lock(session):
            clients = list(self.clients.get(session, ()))
            readers = {c.reader for c in clients}

            def work() -> tuple[list[LogEntry], dict[Reader, Any], dict[Reader, list[Any]]]:
                table.refresh()
                new = [e for e in table.entries if e.seq > self.published.get(session, -1)]
                if not new:
                    return [], {}, {}
                seen = {r: [table.seen(e, r).to_json() for e in new] for r in readers}
                boards = {r: table.board(r) for r in readers}
                return new, boards, seen

            new, boards, seen = await self.run(work)
            if not new:
                return
            self.published[session] = new[-1].seq
            for client in clients:
                fresh = [e for e in seen[client.reader] if e["seq"] > client.sent]
                if not fresh:
                    continue
                for entry in fresh:
                    client.push({"type": "entry", "entry": entry})
                client.push({"type": "board", "seq": new[-1].seq, "board": boards[client.reader]})
                client.sent = new[-1].seq

    # -- AI seats ------------------------------------------------------------------------------

    def kick(self, session: int) -> None:
        """Let the table's AI seats play if one is due (one task per table)."""
        task = self.ai_tasks.get(session)
        if task is None or task.done():
            self.ai_tasks[session] = asyncio.create_task(self._ai_loop(session))

    async def _ai_loop(self, session: int) -> None:
        table = self.tables[session]
        while True:
            async with self.lock(session):
                role = await self.run(table.ai_due)
                if role is None or table.over:
                    return
                decider, seq = await self.run(lambda who=role: (table.decider(who), table.seq))
            try:
                decision = await asyncio.to_thread(decider)  # off the event loop and the db thread
            except Exception:
                log.exception("AI of %s failed in session %s", role, session)
                return
            try:
                async with self.lock(session):
                    await self.run(table.act, decision.action, decision.reason, seq)
            except StaleGame:
                pass  # someone moved meanwhile (here or on another worker): decide again
            except Exception:
                log.exception("AI move of %s refused in session %s", role, session)
                return
            await self.publish(session)

    # -- moves made elsewhere without a notice (SQLite: other processes) ------------------------

    async def _poll_loop(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            for session in [s for s, cs in self.clients.items() if cs]:
                table = self.tables.get(session)
                if table is None:
                    continue
                try:
                    last = await self.run(lambda t=table: t.store.info(t.id).last_seq)
                except Exception:  # noqa: BLE001, S112 - the database is busy or away: try next time
                    continue
                if last != self.published.get(session):
                    await self.announce(session)


def now_ms() -> float:
    return time.perf_counter() * 1000
