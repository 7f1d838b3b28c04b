"""The background thread AI seats think in, so the window keeps drawing.

Decisions come from the table (:meth:`game.table.table.Table.decider`): the same random-source
rule and seat memory as the command line and the server, so a session gives the same AI moves
in the window as anywhere else. The decider works on a copy of the game; the store is touched
only by the main thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from game.ai import Decision

__all__ = ["AiWorker", "Decision"]


class AiWorker:
    """Runs one AI decision at a time in a daemon thread; the main loop polls for the result."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._result: tuple[tuple[int, str], Decision | Exception] | None = None
        self._key: tuple[int, str] | None = None
        self.started = 0.0

    @property
    def busy(self) -> bool:
        return self._key is not None

    @property
    def thinking_for(self) -> str | None:
        return self._key[1] if self._key else None

    def start(self, decider: Callable[[], Decision], role: str, seq: int) -> None:
        """Start thinking about ``role``'s move at log position ``seq`` (ignored if already on it)."""
        key = (seq, role)
        if self._key == key:
            return
        self._key = key
        self.started = time.monotonic()

        def work() -> None:
            try:
                outcome: Decision | Exception = decider()
            except Exception as exc:  # noqa: BLE001 - reported to the player, the window stays up
                outcome = exc
            with self._lock:
                self._result = (key, outcome)

        threading.Thread(target=work, name=f"ai-{role}", daemon=True).start()

    def poll(self, seq: int, role: str) -> Decision | Exception | None:
        """The decision for (seq, role) once ready; stale results (the game moved on) are dropped."""
        with self._lock:
            result = self._result
            if result is None:
                return None
            self._result = None
        self._key = None
        key, outcome = result
        return outcome if key == (seq, role) else None

    def cancel(self) -> None:
        with self._lock:
            self._result = None
        self._key = None
