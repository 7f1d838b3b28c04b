"""The web pages over the server's hub: the same codes, tables, secrecy filter and pushes as the
JSON API, the window and the command line — the pages' only backend.

A code is the server's (:mod:`game.table.codes`); a move goes through ``Hub.act`` (committed,
then pushed to every client, AI seats then play); the log a page shows is what
:mod:`rules.core.secrets` lets the code's reader see, and its board is built from the role's view
(:mod:`rules.core.view`): nothing here decides what a reader may know. News of moves comes from
the hub's own push queue (moves of this worker, of AI seats, of other workers by ``NOTIFY``, of
other processes by polling). Pages are built on the hub's database thread, where the table's
game lives.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from game.deadlines import entries_clock
from game.server.hub import Hub, SeqWatch
from game.store import StaleGame, StoreError
from game.table import codes
from game.table.seat import Seat
from game.table.table import Table
from game.web import present
from game.web.present import Kind
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game
from rules.core.secrets import Reader, SeenEntry
from rules.facilitator import FACILITATOR

#: A board's cache key: (table, sequence number, page kind, the seat's role or None).
PageKey = tuple[int, int, str, str | None]


class CodeError(Exception):
    """A code that opens nothing: the message is one line a player can act on."""


class MoveRefused(Exception):
    """A move that was not made (illegal, stale, not this code's role): one line saying why."""


@dataclass(frozen=True, slots=True)
class Access:
    """What a code opens: a table and, for a seat, its role."""

    session: int
    kind: Kind
    role: str | None = None

    @property
    def holder(self) -> codes.Holder:
        """The server's holder of the code (whose moves and whose view)."""
        role = self.role if self.kind == "seat" and self.role else (
            FACILITATOR if self.kind == "facilitator" else codes.SPECTATOR)
        return codes.Holder(self.session, role)


@contextmanager
def refusals() -> Iterator[None]:
    """A move the rules or the store refuse, in the words a player reads."""
    try:
        yield
    except StaleGame:
        raise MoveRefused("The game moved on before your move arrived; the board is up to date now — "
                          "look again and choose.") from None
    except IllegalAction as exc:
        raise MoveRefused(f"Not possible now: {exc}") from None
    except StoreError as exc:
        raise MoveRefused(f"The move was not saved: {exc}") from None


def controller_of(seat: Seat) -> str:
    """A seat's controller in the words of the facilitator's hand-over act ("human", "ai:hard")."""
    return f"ai:{seat.level or 'normal'}" if seat.is_ai else "human"


def timed(game: Game) -> bool:
    """Whether the table's clock matters to its pages: a deadline is set or the game is paused."""
    return bool(game.state.deadlines) or game.state.paused is not None


class PageCache:
    """The readers' boards, built once per (table, sequence number, reader): a move pushed to two
    tabs of one seat, or to several projectors, is laid out once."""

    def __init__(self, limit: int = 512) -> None:
        self.limit = limit
        self._built: dict[PageKey, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def peek(self, key: PageKey) -> dict[str, Any] | None:
        """The board if it is laid out already, else None."""
        with self._lock:
            return self._built.get(key)

    def get(self, key: PageKey, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            cached = self._built.get(key)
        if cached is not None:
            return cached
        built = build()
        with self._lock:
            if len(self._built) > self.limit:
                self._built.clear()
            self._built[key] = built
        return built


class _HubWatch:
    """The hub's news of the table, as 'the table is now at seq N' (the page builds its own view)."""

    def __init__(self, hub: Hub, watch: SeqWatch, on_close: Callable[[], None]) -> None:
        self.hub, self.watch, self._on_close = hub, watch, on_close

    async def next(self) -> int:
        return await self.watch.next()

    def close(self) -> None:
        self.hub.unwatch(self.watch)
        self._on_close()


class ServerBackend:
    """What the pages' routes (:mod:`game.web.api`) ask of the server: codes, boards, moves and
    news of moves, all through its :class:`~game.server.hub.Hub`."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._pages = PageCache()
        #: The readers with a page open on each table (a count per reader: two tabs, two projectors).
        self._open: dict[int, Counter[Access]] = {}
        #: The trip to the database thread laying out a table's open boards, while it runs.
        self._laying_out: dict[int, asyncio.Future[dict[str, Any]]] = {}
        #: Each reader's log of each table as it last read it (on the database thread only).
        self._seen_logs: dict[tuple[int, Reader], tuple[Table, list[SeenEntry]]] = {}

    async def resolve(self, code: str) -> Access:
        """Who the code is; raises :class:`CodeError` (wrong or expired) in the pages' words."""
        if not isinstance(code, str) or not code.strip():
            raise CodeError("Please type the join code you were given.")
        try:
            holder = await self.hub.holder(code.strip())
        except codes.CodeError as exc:
            if "expired" in str(exc):
                raise CodeError("This code has expired. Ask the person running the game for a new one.") from None
            raise CodeError("This code opens no table. Check it with the person running the game.") from None
        if holder.role == codes.SPECTATOR:
            return Access(holder.session, "spectator")
        if holder.role == FACILITATOR:
            return Access(holder.session, "facilitator")
        return Access(holder.session, "seat", holder.role)

    async def page(self, access: Access, seq: int | None = None) -> dict[str, Any]:
        """The code's board at the table's latest move (``seq``: the caller knows it is at least
        that far, and a board already laid out for ``seq`` is answered at once — a push after a
        move finds it made by the first page to ask; otherwise the table is read afresh)."""
        key: PageKey = (access.session, -1 if seq is None else seq, access.kind, access.role if access.kind == "seat" else None)
        if seq is not None:
            made = self._pages.peek(key)
            if made is None and access.session in self._laying_out:
                # Another page's request is laying out every open board right now: wait for it.
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._laying_out[access.session])
                made = self._pages.peek(key)
            if made is not None:
                return made
        table = await self.hub.table(access.session)
        job = asyncio.ensure_future(self.hub.run(self._build, table, access, tuple(self._open.get(access.session, ()))))
        self._laying_out[access.session] = job
        try:
            return await asyncio.shield(job)  # a page closed meanwhile leaves the others' boards to finish
        finally:
            if self._laying_out.get(access.session) is job:
                del self._laying_out[access.session]

    def _build(self, table: Table, access: Access, open_too: tuple[Access, ...] = ()) -> dict[str, Any]:
        """On the database thread: the board for the code's reader at the table's latest move.

        After a move every open page asks for its board at once. The first to ask lays out the
        boards of all of them (``open_too``) in this one trip to the database thread; the others
        then find theirs made. One trip instead of one per page: on a busy machine each trip
        waits for the thread to be scheduled, and the last page waited for all the trips."""
        table.refresh()
        page = self._cached(table, access)
        for other in open_too:
            try:
                self._cached(table, other)
            except Exception:  # noqa: BLE001, S112 - that page's own request meets (and reports) it
                continue
        return page

    def _cached(self, table: Table, access: Access) -> dict[str, Any]:
        role = access.role if access.kind == "seat" else None
        return self._pages.get((access.session, table.seq, access.kind, role),
                               lambda: self._lay_out(table, access, role))

    def _lay_out(self, table: Table, access: Access, role: str | None) -> dict[str, Any]:
        history = present.History.of(self._seen(table, access.holder.reader))
        names = {r: s.display_name for r, s in table.seats.items()}
        clock = entries_clock(table.entries) if timed(table.game) else None
        controllers = {r: controller_of(s) for r, s in table.seats.items()}
        return present.page(table.game, access.kind, role, history, table.seq, names, table.info.name, clock,
                            controllers, table.wording, can_undo=role is not None and table.can_undo(role))

    def _seen(self, table: Table, reader: Reader) -> list[SeenEntry]:
        """The table's log as ``reader`` may see it (:meth:`Table.log`), kept from the last move
        and extended by the new entries only: the log only grows, and reading the whole of it
        again for every page at every move cost more than laying the page out."""
        key = (table.id, reader)
        kept = self._seen_logs.get(key)
        entries = table.entries
        if kept is None or kept[0] is not table or len(kept[1]) > len(entries) or \
                (kept[1] and entries[len(kept[1]) - 1].seq != kept[1][-1].seq):
            seen = table.log(reader)
        else:
            seen = kept[1] + [table.seen(e, reader) for e in entries[len(kept[1]):]]
        if len(self._seen_logs) > 256:  # tables long closed
            self._seen_logs.clear()
        self._seen_logs[key] = (table, seen)
        return seen

    async def act(self, access: Access, action: Action, seq: int) -> int:
        """Commit a move for the code's role; the new sequence number, or :class:`MoveRefused`."""
        with refusals():
            entry = await self.hub.act(access.holder, action, seq)
        return entry.seq

    async def undo(self, access: Access, seen: int) -> int:
        """Take back the seat's own last move, as the player saw the table at move ``seen``; the
        new sequence number, or :class:`MoveRefused` (also when the table has moved on since)."""
        if access.kind != "seat" or access.role is None:
            raise MoveRefused("Only a seat takes back its own moves.")
        table = await self.hub.table(access.session)
        await self.hub.run(table.refresh)  # moves of other workers too, as a page's board reads them
        if table.seq != seen:
            raise MoveRefused("The game moved on since your board was drawn; look again before taking a move back.")
        with refusals():
            entry = await self.hub.undo(access.holder, access.role)
        return entry.seq

    async def watch(self, access: Access, since: int) -> _HubWatch:
        """Start hearing of the table's moves (the first ``next()`` answers at once); the reader's
        page is laid out with the others' at each move from now on."""
        watch = await self.hub.watch(access.session)
        readers = self._open.setdefault(access.session, Counter())
        readers[access] += 1

        def closed() -> None:
            readers[access] -= 1
            if readers[access] <= 0:
                del readers[access]

        return _HubWatch(self.hub, watch, closed)
