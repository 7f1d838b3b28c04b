"""The web pages over the server's hub: the same codes, tables, secrecy filter and pushes as the
JSON API, the window and the command line.

A code is the server's (:mod:`game.table.codes`); a move goes through ``Hub.act`` (committed,
then pushed to every client, AI seats then play); the log a page shows is what
:mod:`rules.core.secrets` lets the code's reader see; news of moves comes from the hub's own
push queue (moves of this worker, of AI seats, of other workers by ``NOTIFY``, of other processes
by polling). Pages are built on the hub's database thread, where the table's game lives.
"""

from __future__ import annotations

from typing import Any

from game.deadlines import entries_clock
from game.server.hub import Hub, SeqWatch
from game.table import codes
from game.table.table import Table
from game.web import present
from game.web.backend import Access, CodeError, PageCache, controller_of, refusals, timed
from rules.core.actions import Action
from rules.core.log import EntryKind
from rules.facilitator import FACILITATOR


def _holder(access: Access) -> codes.Holder:
    role = access.role if access.kind == "seat" and access.role else (
        FACILITATOR if access.kind == "facilitator" else codes.SPECTATOR)
    return codes.Holder(access.session, role)


class _HubWatch:
    """The hub's news of the table, as 'the table is now at seq N' (the page builds its own view)."""

    def __init__(self, hub: Hub, watch: SeqWatch) -> None:
        self.hub, self.watch = hub, watch

    async def next(self) -> int:
        return await self.watch.next()

    def close(self) -> None:
        self.hub.unwatch(self.watch)


class ServerBackend:
    """:class:`game.web.api.Backend` over the server's :class:`~game.server.hub.Hub`."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._pages = PageCache()

    async def resolve(self, code: str) -> Access:
        if not isinstance(code, str) or not code.strip():
            raise CodeError("Please type the join code you were given.")
        try:
            holder = await self.hub.holder(code.strip())
        except codes.CodeError as exc:
            message = str(exc)
            if "expired" in message:
                raise CodeError("This code has expired. Ask the person running the game for a new one.") from None
            raise CodeError("This code opens no table. Check it with the person running the game.") from None
        if holder.role == codes.SPECTATOR:
            return Access(holder.session, "spectator")
        if holder.role == FACILITATOR:
            return Access(holder.session, "facilitator")
        return Access(holder.session, "seat", holder.role)

    async def page(self, access: Access, seq: int | None = None) -> dict[str, Any]:
        table = await self.hub.table(access.session)
        return await self.hub.run(self._build, table, access)

    def _build(self, table: Table, access: Access) -> dict[str, Any]:
        """On the database thread: the board for the code's reader at the table's latest move."""
        table.refresh()
        role = access.role if access.kind == "seat" else None
        return self._pages.get((access.session, table.seq, access.kind, role),
                               lambda: self._lay_out(table, access, role))

    @staticmethod
    def _lay_out(table: Table, access: Access, role: str | None) -> dict[str, Any]:
        reader = _holder(access).reader
        seen = table.log(reader)
        undone = {e.undoes for e in seen if e.kind == EntryKind.UNDO and e.undoes is not None}
        history = present.History(tuple(
            present.Move(e.seq, e.reason, e.events) for e in seen
            if e.kind in (EntryKind.START, EntryKind.ACTION) and e.seq not in undone))
        names = {r: s.display_name for r, s in table.seats.items()}
        clock = entries_clock(table.entries) if timed(table.game) else None
        controllers = {r: controller_of(s) for r, s in table.seats.items()}
        return present.page(table.game, access.kind, role, history, table.seq, names, table.info.name, clock,
                            controllers)

    async def act(self, access: Access, action: Action, seq: int) -> int:
        with refusals():
            entry = await self.hub.act(_holder(access), action, seq)
        return entry.seq

    async def watch(self, access: Access, since: int) -> _HubWatch:
        return _HubWatch(self.hub, await self.hub.watch(access.session))


_BACKENDS: dict[int, ServerBackend] = {}


def backend_for(hub: Hub) -> ServerBackend:
    """One backend per hub (per server app), made on first use."""
    existing = _BACKENDS.get(id(hub))
    if existing is None or existing.hub is not hub:
        existing = _BACKENDS[id(hub)] = ServerBackend(hub)
    return existing
