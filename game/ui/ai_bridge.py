"""The UI's one door to the AI players, and the background thread they think in.

Decisions come from :func:`game.autoplay.decide` (the AI of game/ai). The worker thinks on a
*clone* of the game, so the main thread keeps drawing and the store is touched only by the
main thread (one Store per thread).
"""

from __future__ import annotations

import random
import threading
import time

from game.ai import Decision

__all__ = ["AiWorker", "Decision", "choose"]
from game.autoplay import decide
from rules.core.engine import Game


def choose(game: Game, role: str, level: str | None, temperament: str | None, rng: random.Random) -> Decision:
    """The AI's move and its reason, through the same door the command line's ``advance`` uses."""
    action, reason = decide(game, role, level, temperament, rng)
    return Decision(action, reason)


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

    def start(self, game: Game, role: str, level: str | None, temperament: str | None, seq: int,
              seed: int) -> None:
        """Start thinking about ``role``'s move at log position ``seq`` (ignored if already on it)."""
        key = (seq, role)
        if self._key == key:
            return
        self._key = key
        self.started = time.monotonic()
        clone = game.clone()

        def work() -> None:
            try:
                outcome: Decision | Exception = choose(clone, role, level, temperament, random.Random(seed))
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
