"""Moves committed by other server workers, learnt through PostgreSQL ``LISTEN``/``NOTIFY``.

The store announces every committed move on :data:`game.store.CHANNEL` inside the transaction
that appends it, as ``<database>.<schema>:<session>:<seq>``. Each worker keeps one listening
connection of its own (a connection waiting for notices runs no other statement) and hands the
sessions of its own database and schema to the hub, which re-reads from the last sequence number
it published: a notice lost while the listener reconnects costs nothing but a little delay.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from game.store import CHANNEL

log = logging.getLogger("keci.server")


def conninfo(sqlalchemy_url: str) -> str:
    """A libpq URL from SQLAlchemy's (``postgresql+psycopg://`` → ``postgresql://``)."""
    head, sep, tail = sqlalchemy_url.partition("://")
    return f"{head.split('+')[0]}{sep}{tail}"


async def listen(url: str, announce: Callable[[int, int], Awaitable[None]]) -> None:
    """Forever: listen, and announce each session of our own schema; reconnect on failure."""
    import psycopg

    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo(url), autocommit=True) as conn:
                cur = await conn.execute("SELECT current_database() || '.' || current_schema()")
                row = await cur.fetchone()
                identity = str(row[0]) if row else ""
                await conn.execute(f"LISTEN {CHANNEL}")
                async for notice in conn.notifies():
                    parts = notice.payload.rsplit(":", 2)
                    if len(parts) != 3 or parts[0] != identity:
                        continue
                    try:
                        await announce(int(parts[1]), int(parts[2]))
                    except Exception:
                        log.exception("announcing session %s failed", parts[1])
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the database went away: try again shortly
            log.warning("PostgreSQL listener lost (%s); reconnecting", exc)
            await asyncio.sleep(1.0)
