"""The page model's log: the latest lines, read from the end of a long history."""

from __future__ import annotations

from pathlib import Path

from game.store import SeatSpec, Store
from game.table.table import Table
from game.web.present import LOG_LINES, History, log_lines

ROLES = ("kosovo", "serbia", "nato", "eu")


def test_the_latest_log_lines_are_the_end_of_the_whole_log(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        session = store.create("standard", 11, [SeatSpec(r, controller="ai", level="easy", temperament="cooperative")
                                            for r in ROLES])
        table = Table(store, session)
        table.advance()
        for reader in ("kosovo", None):
            history = History.of(table.log(reader))
            whole = log_lines(history)
            assert len(whole) > LOG_LINES, "the class played long enough for the page to send only the latest lines"
            for limit in (1, 7, LOG_LINES, len(whole), len(whole) + 5):
                assert log_lines(history, limit) == whole[-limit:]
            # A move's reason stays with its first line even when the cut falls inside the move.
            cut = log_lines(history, LOG_LINES)
            assert [ln.reason for ln in cut] == [ln.reason for ln in whole[-LOG_LINES:]]
    finally:
        store.close()
