"""What a table shows a reader of its board: the rules' board, the table's place in its log and
the facilitator's countdown.

Apart from :class:`game.table.table.Table` (which holds a store) so that the command line's
quick path (game.cli_fast) shows exactly the same board without importing the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from game.deadlines import countdown, entries_clock
from rules.core.secrets import board

if TYPE_CHECKING:
    from rules.core.engine import Game
    from rules.core.log import LogEntry
    from rules.core.secrets import Reader


def table_board(game: Game, session_id: int, entries: Sequence[LogEntry], reader: Reader) -> dict[str, Any]:
    """The board as ``reader`` (already checked) may see it, given the session's whole log."""
    data = board(game, reader)
    data["session"] = session_id
    data["seq"] = entries[-1].seq if entries else 0
    # The facilitator's countdown, from the log alone (every screen counts down by itself).
    data["clock"] = countdown(game.state, entries_clock(entries)) if entries else {}
    return data
