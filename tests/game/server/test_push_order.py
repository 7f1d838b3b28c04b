"""Pushes under concurrency: every client gets every committed move once, in order.

Four seats commit moves on one table as fast as they can, all at once (several moves in flight
at any time, some refused because another seat moved first), while a spectator and the
facilitator watch and one more client keeps leaving and rejoining from the last sequence number
it has. However the moves interleave, each client's stream — pushes plus catch-up on rejoining
— holds every sequence number exactly once, in increasing order, and ends at the last one
stored. The hub runs in-process, without its poll: a push it forgot would not be made up for.
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.server.hub import BEHIND, Client, Hub
from game.store import Store, StoreError
from game.table import codes
from game.table.seat import Seat
from rules.core.actions import Action, IllegalAction
from tests.game.server.conftest import run_async

SEATS = ("kosovo", "serbia", "nato", "eu")


class Stream:
    """What one connection (or one code across reconnections) received, in arrival order."""

    def __init__(self) -> None:
        self.seqs: list[int] = []
        self.boards: list[int] = []

    def take(self, client: Client) -> None:
        while not client.queue.empty():
            push = client.queue.get_nowait()
            assert push is not BEHIND
            message = json.loads(push.text)
            if message["type"] == "entry":
                self.seqs.append(message["entry"]["seq"])
            elif message["type"] == "board":
                self.boards.append(message["seq"])


async def _game(db: str, seed: int, moves: int, rejoin_every: int) -> tuple[dict[str, Stream], int]:
    hub = Hub(db)
    try:
        session, issued = await hub.open_table("classroom", seed, [Seat(r) for r in SEATS], "push order")
        holders = {role: await hub.holder(code) for role, code in issued.items()}
        streams = {role: Stream() for role in holders}
        clients = {role: await hub.join(holders[role], -1) for role in holders if role != "kosovo"}
        roaming = await hub.join(holders["kosovo"], -1)  # kosovo's screen keeps dropping and rejoining
        table = hub.tables[session]
        rng = random.Random(seed)
        made = 0

        async def drain() -> None:
            while True:
                for role, client in clients.items():
                    streams[role].take(client)
                streams["kosovo"].take(roaming)
                await asyncio.sleep(0)

        async def seat(role: str) -> None:
            nonlocal made, roaming
            while made < moves and not table.over:
                options = await hub.run(table.legal, role)
                if not options:
                    await asyncio.sleep(0.001)
                    continue
                t = rng.choice(options)
                action = Action.make(role, t.id, **{k: rng.choice(v) for k, v in t.params.items()})
                try:
                    await hub.act(holders[role], action, None)
                    made += 1
                except (IllegalAction, StoreError):
                    pass  # another seat moved first: the same refusal a player would get
                if role == "kosovo" and made % rejoin_every == 0:
                    streams["kosovo"].take(roaming)
                    hub.leave(roaming)
                    last = max(streams["kosovo"].seqs, default=-1)
                    roaming = await hub.join(holders["kosovo"], last)

        reader = asyncio.create_task(drain())
        await asyncio.gather(*(seat(r) for r in SEATS))
        reader.cancel()
        for role, client in clients.items():
            streams[role].take(client)
        streams["kosovo"].take(roaming)
        return streams, table.seq
    finally:
        await hub.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(1, 10_000), rejoin_every=st.integers(2, 7))
def test_concurrent_moves_reach_every_client_once_in_order(tmp_path: Path, seed: int, rejoin_every: int) -> None:
    db = str(tmp_path / f"push-{seed}-{rejoin_every}.db")
    streams, last = run_async(_game(db, seed, 40, rejoin_every))
    with Store(db) as store:
        session = store.sessions()[0].id
        assert store.info(session).last_seq == last
    assert last >= 10
    for role, stream in streams.items():
        assert stream.seqs == list(range(last + 1)), (role, stream.seqs)
        assert stream.boards == sorted(stream.boards) and stream.boards[-1] == last, role


def test_a_client_that_stops_reading_is_told_to_reconnect(tmp_path: Path) -> None:
    """It is never silently left with a gap: its queue ends with BEHIND, and it catches up."""

    async def run() -> tuple[list[Any], Client]:
        hub = Hub(str(tmp_path / "behind.db"))
        try:
            session, issued = await hub.open_table("classroom", 5, [Seat(r) for r in SEATS], "behind")
            client = await hub.join(await hub.holder(issued["spectator"]), -1)  # and reads nothing
            import game.server.hub as hub_module

            old, hub_module.QUEUE_LIMIT = hub_module.QUEUE_LIMIT, client.queue.qsize()
            try:
                role = hub.tables[session].game.waiting_for()[0]
                t = (await hub.run(hub.tables[session].legal, role))[-1]
                holder = codes.Holder(session, role)
                await hub.act(holder, Action.make(role, t.id, **{k: v[0] for k, v in t.params.items()}), None)
            finally:
                hub_module.QUEUE_LIMIT = old
            items = []
            while not client.queue.empty():
                items.append(client.queue.get_nowait())
            return items, client
        finally:
            await hub.close()

    items, client = run_async(run())
    assert items[-1] is BEHIND and client.behind
    assert all(p.kind != "entry" or p.seq == 0 for p in items)  # the move was not half-delivered
