"""A digest of whole AI games, decisions and reasons: speed-ups must not change a single move.

The AI's caches and shortcuts (``game.ai.projection``, the valuation memos) exist only to save
work, so the moves and the reasons a player reads must be byte-for-byte those of the plain
computation. This plays a fixed set of games -- normal AIs over every scenario, easy and silent
seats, fresh memories on copies as a CLI ``advance`` would, a hard seat's first moves -- and
compares a digest of every ``action | reason`` line with the one recorded.

When a change is *meant* to change what the AI does (a rules or negotiation change, a bug fix),
the test fails with the new digest: check the changed games are the intended ones
(``python -m tests.game.ai.test_golden OUT.txt`` writes every line, to diff against the old
commit's output), then record the new digest here with the reason in the commit message.
"""

from __future__ import annotations

import hashlib
import random
import sys
from collections.abc import Iterator

from game.ai.memory import SeatMemory
from game.simulate import game_seed
from game.table.ai_turns import decide
from game.table.seat import Controller, Seat
from rules.core.engine import Game
from rules.loader import Content, load_content

#: The digest of :func:`lines` on the current rules; see the module docstring to update it.
DIGEST = "847a8a4b305821fc468f9d9a66e34df24d652b0eb591e16fd2d0a97fc8ba0ed3"
_TEMPERAMENTS = ("hardliner", "moderate", "cooperative")
_ALL = ("kosovo", "serbia", "nato", "eu")


def _play(content: Content, scenario: str, levels: dict[str, str], seed: int, limit: int,
          fresh: bool) -> Iterator[str]:
    game, _ = Game.new(content, scenario, seed)
    draw = random.Random(f"temperaments:{seed}")
    seats = {r: Seat(r, Controller.AI, levels.get(r, "normal"), draw.choice(_TEMPERAMENTS)) for r in game.state.seats}
    memories = {r: SeatMemory() for r in game.state.seats}
    moves = 0
    while not game.over and moves < limit:
        role = game.waiting_for()[0]
        if fresh:  # a new process for every move, thinking on a copy
            decision = decide(game.clone(), seats[role], game.state.moves, SeatMemory())
        else:
            decision = decide(game, seats[role], game.state.moves, memories[role])
        yield f"{decision.action} | {decision.reason}"
        game.apply(decision.action)
        moves += 1
    yield f"end {game.state.ending} {sorted(game.scores().items())}"


def lines(content: Content) -> Iterator[str]:
    """Every decision line of the fixed set of games, in order."""
    cases: list[tuple[str, dict[str, str], int, int, bool]] = []
    for i, scenario in enumerate(sorted(content.scenarios)):
        cases.append((scenario, {}, game_seed(7, i), 10_000, i % 3 == 0))
    cases.append(("standard", dict.fromkeys(_ALL, "easy"), game_seed(8, 0), 10_000, False))
    cases.append(("standard", {"kosovo": "silent", "serbia": "easy"}, game_seed(9, 0), 10_000, False))
    cases.append(("standard", {"serbia": "hard"}, game_seed(11, 0), 40, False))
    for scenario, levels, seed, limit, fresh in cases:
        yield f"## {scenario} {sorted(levels.items())} {seed} fresh={fresh}"
        yield from _play(content, scenario, levels, seed, limit, fresh)


def digest(content: Content) -> str:
    h = hashlib.sha256()
    for line in lines(content):
        h.update(line.encode())
        h.update(b"\n")
    return h.hexdigest()


def test_ai_games_are_unchanged(content: Content) -> None:
    found = digest(content)
    assert found == DIGEST, (f"the AI's moves or reasons changed (digest {found}); if that is intended, "
                             "see this module's docstring")


if __name__ == "__main__":  # python -m tests.game.ai.test_golden OUT.txt
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in lines(load_content()))
