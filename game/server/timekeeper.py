"""The server keeps the facilitator's phase deadlines: when a countdown reaches zero, the seats
that have not finished are finished for them or handed to the computer, as the facilitator chose.

The rules never read a clock (a replay gives the same game at any speed); whoever runs a table
reads it (:mod:`game.deadlines`). On the server that is this loop: once a second it looks at the
tables this worker serves that have a deadline, and for an overdue phase commits the
facilitator's ``timeout``/``handover`` acts through the table like any move (logged, pushed to
every page, replayed by ``replay --verify``). Each act names the sequence number it follows, so
two workers keeping the same table's time cannot act twice: the second is refused as stale.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from game.deadlines import acts_for, due_at, entries_clock, overdue
from game.store import StaleGame
from game.table.table import Table
from rules.core.actions import IllegalAction
from rules.core.log import LogEntry

if TYPE_CHECKING:
    from game.server.hub import Hub

log = logging.getLogger("keci.server")

#: How often the deadlines are looked at (a countdown shows whole seconds).
TICK_SECONDS = 1.0
#: Why the acts were made, as the log tells it.
REASON = "the phase's deadline passed"

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


class Timekeeper:
    """Deadlines of one worker's tables (``hub``: :class:`game.server.hub.Hub`)."""

    def __init__(self, hub: Hub, now: Clock = _now) -> None:
        self.hub = hub
        self.now = now
        #: When each table's current phase is due, as of a sequence number (read from the log once).
        self._due: dict[int, tuple[int, datetime | None]] = {}

    async def run(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            for session in list(self.hub.tables):
                try:
                    await self.check(session)
                except Exception:  # one table's trouble must not stop the others' clocks
                    log.exception("deadline of session %s", session)

    async def check(self, session: int) -> list[LogEntry]:
        """Enforce the session's deadline if it has passed; the acts committed (usually none)."""
        table = self.hub.tables.get(session)
        if table is None:
            return []
        state = table.game.state
        if not state.deadlines or state.paused is not None or table.over:
            return []
        known = self._due.get(session)
        if known is None or known[0] != table.seq:
            due = await self.hub.run(self._due_at, table)
            self._due[session] = known = (table.seq, due)
        if known[1] is None or self.now() < known[1]:
            return []
        async with self.hub.lock(session):
            done = await self.hub.run(self._enforce, table)
        if done:
            await self.hub.publish(session)
            self.hub.kick(session)
        return done

    @staticmethod
    def _due_at(table: Table) -> datetime | None:
        return due_at(table.game.state, entries_clock(table.entries))

    def _enforce(self, table: Table) -> list[LogEntry]:
        """On the database thread: the acts an overdue phase calls for, each after the last."""
        table.refresh()
        game = table.game
        over = overdue(game.state, self.now(), entries_clock(table.entries),
                       game.waiting_for())
        if over is None:
            return []
        controllers = {r: "ai" if s.is_ai else "human" for r, s in table.seats.items()}
        done: list[LogEntry] = []
        for act in acts_for(over, controllers):
            try:
                done.append(table.act(act, REASON, table.seq))
            except (StaleGame, IllegalAction):  # another worker kept time first, or the seat just finished
                break
        return done
