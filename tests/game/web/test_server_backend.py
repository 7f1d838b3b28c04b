"""The pages' backend over the server's hub: what it keeps between moves stays what the table
layer says each reader may see."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from game.server.hub import Hub
from game.store import SeatSpec, Store
from game.table.table import Table
from game.web.server_backend import ServerBackend
from rules.facilitator import FACILITATOR

ROLES = ("kosovo", "serbia", "nato", "eu")


def test_each_readers_log_kept_between_moves_is_the_tables_log(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'seen.db'}")
    try:
        session = store.create("classroom", 7, [SeatSpec(r, controller="ai", level="easy") for r in ROLES])
        table = Table(store, session)
        backend = ServerBackend(cast(Hub, None))  # the log is read on the caller's thread: no hub needed
        undone = 0
        for _ in range(40):
            entry = table.play_ai()
            if entry is None:
                break
            if undone < 2 and entry.role in ROLES and table.can_undo(entry.role):
                table.undo(entry.role)  # an undo entry: the move it takes back leaves every history
                undone += 1
            for reader in ("kosovo", "serbia", None, FACILITATOR):
                assert backend._seen(table, reader) == table.log(reader), (table.seq, reader)
        assert undone == 2 and table.seq > 20
        # A table read afresh (another worker's object) starts its readers' logs again.
        again = Table(store, session)
        assert backend._seen(again, "kosovo") == again.log("kosovo")
    finally:
        store.close()
