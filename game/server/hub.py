"""The server's tables and their connected clients, in one worker process.

All database work runs on one thread of its own (the store is not shared between threads) and
AI decisions on others (they think on a copy), so the event loop only moves messages.

Every change to a table — a move by a client of this worker, by an AI seat, or one learnt from
elsewhere (another worker's PostgreSQL ``NOTIFY``, or a poll by sequence number for other
processes and lost notices) — happens under the table's lock, in one step on the database
thread: commit (or read what is new), then build what each connected reader may see of every
entry after the last one published, and that reader's board, each serialised once. Still under
the lock, the step is handed to the clients' queues, and each client remembers the last entry it
was sent. So pushes leave in commit order, a client joining with ``since`` gets exactly the
entries after it and then the pushes after that, and nothing is sent twice or skipped. A client
that stops reading is told to reconnect (and catches up from its last sequence number) rather
than silently losing pushes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
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

#: How often the tables with clients look for moves made outside this worker without a notice.
POLL_SECONDS = 1.0
#: Messages queued for one client before it is told to reconnect and catch up (it is not reading).
QUEUE_LIMIT = 2000


def dumps(message: dict[str, Any]) -> str:
    """One message as the WebSocket sends it (as Starlette's ``send_json`` would)."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Push:
    """One message to one client, serialised once for every client of the same reader."""

    kind: str
    seq: int
    text: str

    @classmethod
    def of(cls, message: dict[str, Any]) -> Push:
        return cls(str(message["type"]), int(message.get("seq", -1)), dumps(message))


#: Queued for a client that fell :data:`QUEUE_LIMIT` messages behind: its connection is closed,
#: and it catches up from its last sequence number when it reconnects.
BEHIND = Push("behind", -1, "")


@dataclass(eq=False)
class Client:
    """One connection: whom it reads as, its outgoing messages, and the last entry it was sent."""

    session: int
    role: str
    reader: Reader
    queue: asyncio.Queue[Push] = field(default_factory=asyncio.Queue)
    #: The last entry queued for this client: every entry after it is queued once, in order.
    sent: int = -1
    behind: bool = False

    def push(self, push: Push) -> None:
        if self.behind:
            return
        if self.queue.qsize() >= QUEUE_LIMIT:
            self.behind = True
            self.queue.put_nowait(BEHIND)
            return
        self.queue.put_nowait(push)


class SeqWatch:
    """'The table is now at seq N', for a listener that builds its own view (the web pages)."""

    def __init__(self, session: int, seq: int) -> None:
        self.session, self.seq = session, seq
        self._moved = asyncio.Event()
        self._moved.set()

    def moved(self, seq: int) -> None:
        if seq > self.seq:
            self.seq = seq
            self._moved.set()

    async def next(self) -> int:
        """The latest sequence number (at once the first time, then when the table moves)."""
        await self._moved.wait()
        self._moved.clear()
        return self.seq


@dataclass(frozen=True, slots=True)
class Batch:
    """The entries after the last one published, as each reader may see them, and each board."""

    last: int
    entries: dict[Reader, list[tuple[int, str]]]
    boards: dict[Reader, str]


class Hub:
    """Every table this worker serves (see the module docstring)."""

    def __init__(self, db_url: str | None) -> None:
        self.db = ThreadPoolExecutor(1, thread_name_prefix="keci-db")
        self.store: Store = self.db.submit(Store, db_url).result()
        self.tables: dict[int, Table] = {}
        #: The last entry of each table handed to its clients.
        self.published: dict[int, int] = {}
        self.clients: dict[int, set[Client]] = {}
        self.watchers: dict[int, set[SeqWatch]] = {}
        self.ai_tasks: dict[int, asyncio.Task[None]] = {}
        self.catching_up: dict[int, asyncio.Task[None]] = {}
        self.stale: set[int] = set()
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

            self.background.append(asyncio.create_task(listen(self.store.url, self._announce)))

    async def close(self) -> None:
        tasks = [*self.background, *self.ai_tasks.values(), *self.catching_up.values()]
        for task in tasks:
            task.cancel()
        for task in tasks:
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

    async def open_table(self, scenario: str, seed: int, seats: list[Any], name: str,
                         wording: str = "plain") -> tuple[int, dict[str, str]]:
        def work() -> tuple[int, dict[str, str]]:
            table = Table.open(self.store, scenario, seed, seats, name, wording)
            return table.id, codes.issue(self.store, table.id)

        session, issued = await self.run(work)
        await self.table(session)
        self.kick(session)
        return session, issued

    async def holder(self, code: str) -> codes.Holder:
        return await self.run(codes.holder, self.store, code)

    # -- the one step: change the table, then tell its clients (under its lock) ------------------

    def _readers(self, session: int) -> set[Reader]:
        return {c.reader for c in self.clients.get(session, ())}

    def _batch(self, session: int, table: Table, readers: set[Reader]) -> Batch | None:
        """On the database thread: what is new since the last publication, for each reader."""
        published = self.published.get(session, -1)
        if table.seq <= published:
            return None
        new = [e for e in reversed(table.entries) if e.seq > published]
        new.reverse()
        last = new[-1].seq
        entries = {r: [(e.seq, dumps({"type": "entry", "entry": table.seen(e, r).to_json()})) for e in new]
                   for r in readers}
        boards = {r: dumps({"type": "board", "seq": last, "board": table.board(r)}) for r in readers}
        return Batch(last, entries, boards)

    def _deliver(self, session: int, batch: Batch | None) -> None:
        """On the event loop, under the table's lock: queue the batch for every client."""
        if batch is None:
            return
        self.published[session] = batch.last
        for client in list(self.clients.get(session, ())):
            if client.reader not in batch.boards:
                continue  # joined after the batch was built: its welcome already covers it
            for seq, text in batch.entries[client.reader]:
                if seq > client.sent:
                    client.push(Push("entry", seq, text))
            if batch.last > client.sent:
                client.push(Push("board", batch.last, batch.boards[client.reader]))
                client.sent = batch.last
        for watch in self.watchers.get(session, ()):
            watch.moved(batch.last)

    async def _step(self, session: int, change: Callable[[Table], T]) -> T:
        """Apply ``change`` to the table on the database thread and publish what it brought,
        all under the table's lock (``change`` may raise: then nothing is published)."""
        table = await self.table(session)
        async with self.lock(session):
            readers = self._readers(session)

            def work() -> tuple[T, Batch | None]:
                result = change(table)
                return result, self._batch(session, table, readers)

            result, batch = await self.run(work)
            self._deliver(session, batch)
        return result

    async def publish(self, session: int) -> None:
        """Read what was committed elsewhere and push everything not yet published."""
        if session in self.tables:
            await self._step(session, Table.refresh)

    # -- clients -------------------------------------------------------------------------------

    async def join(self, holder: codes.Holder, since: int) -> Client:
        """Register a client and queue what it missed after ``since``, then its board."""
        table = await self.table(holder.session)
        client = Client(holder.session, holder.role, holder.reader)
        async with self.lock(holder.session):
            readers = self._readers(holder.session)

            def work() -> tuple[Batch | None, list[Any], dict[str, Any]]:
                table.refresh()
                batch = self._batch(holder.session, table, readers)  # for those already here
                return batch, table.since(since, client.reader), table.board(client.reader)

            batch, missed, board = await self.run(work)
            self._deliver(holder.session, batch)
            client.push(Push.of({"type": "welcome", "session": holder.session, "role": holder.role,
                                 "seq": table.seq, "worker": os.getpid(), "wording": table.wording}))
            for entry in missed:
                client.push(Push("entry", entry.seq, dumps({"type": "entry", "entry": entry.to_json()})))
            client.push(Push.of({"type": "board", "seq": table.seq, "board": board}))
            client.sent = table.seq
            self.clients.setdefault(holder.session, set()).add(client)
        self.kick(holder.session)
        return client

    def leave(self, client: Client) -> None:
        self.clients.get(client.session, set()).discard(client)

    async def watch(self, session: int) -> SeqWatch:
        """Hear of the table's moves as sequence numbers only (the first one at once)."""
        await self.publish(session)
        await self.table(session)
        watch = SeqWatch(session, self.published[session])
        self.watchers.setdefault(session, set()).add(watch)
        return watch

    def unwatch(self, watch: SeqWatch) -> None:
        self.watchers.get(watch.session, set()).discard(watch)

    # -- moves ---------------------------------------------------------------------------------

    async def act(self, holder: codes.Holder, action: Action, expected_seq: int | None) -> LogEntry:
        """Commit a move for the holder's role; raises IllegalAction/StoreError, nothing changes."""
        entry = await self._step(holder.session, lambda t: t.act(action, "", expected_seq))
        self.kick(holder.session)
        return entry

    async def undo(self, holder: codes.Holder, role: str) -> LogEntry:
        entry = await self._step(holder.session, lambda t: t.undo(role))
        self.kick(holder.session)
        return entry

    async def announce(self, session: int, seq: int | None = None) -> None:
        """Another worker or process committed move ``seq`` of ``session`` (if we serve it; a
        notice of a move this worker made itself, and so already published, costs nothing)."""
        if session in self.tables and (seq is None or seq > self.published.get(session, -1)):
            await self.publish(session)
            self.kick(session)

    def notice(self, session: int, seq: int | None = None) -> None:
        """:meth:`announce` without waiting for it: one catch-up task per table at a time, so
        the notices of many tables (and many notices of one) never queue behind each other; a
        notice that comes while the table is catching up makes it look once more."""
        if session not in self.tables or (seq is not None and seq <= self.published.get(session, -1)):
            return
        self.stale.add(session)
        task = self.catching_up.get(session)
        if task is None or task.done():
            self.catching_up[session] = asyncio.create_task(self._catch_up(session))

    async def _catch_up(self, session: int) -> None:
        while session in self.stale:
            self.stale.discard(session)
            try:
                await self.announce(session)
            except Exception as exc:  # noqa: BLE001 - the next notice or poll tries again
                log.warning("catching up with session %s failed (%s)", session, exc)
                return

    async def _announce(self, session: int, seq: int) -> None:
        self.notice(session, seq)

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
                await self._step(session, _playing(decision.action, decision.reason, seq))
            except StaleGame:
                await self.publish(session)  # someone moved meanwhile (here or elsewhere): decide again
            except Exception:
                log.exception("AI move of %s refused in session %s", role, session)
                return

    # -- moves made elsewhere without a notice (SQLite: other processes; lost notices) -----------

    async def _poll_loop(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                await self.poll()
            except Exception as exc:  # noqa: BLE001 - the database is busy or away: try next time
                log.warning("polling the open tables failed (%s); trying again", exc)

    async def poll(self) -> None:
        """Publish every watched table whose stored log is ahead of what was published."""
        watched = [s for s in self.tables if self.clients.get(s) or self.watchers.get(s)]
        if not watched:
            return
        last = await self.run(self.store.last_seqs, watched)
        for session, seq in last.items():
            if seq != self.published.get(session):
                self.notice(session)


def _playing(action: Action, reason: str, seq: int) -> Callable[[Table], LogEntry]:
    """An AI seat's move, refused (StaleGame) if the table moved on since it was decided."""
    return lambda table: table.act(action, reason, seq)
