"""A hard player's orders for a turn: one plan, worked out from the board as the phase began.

In the actions phase a hard player compares whole plans of orders (:mod:`game.ai.search`) and
gives them one by one. For the same game to get the same orders in every front-end — a CLI
``advance`` is a new process each time, a window thinks on a copy, a resumed session starts with
an empty memory — the plan must not depend on anything a seat remembers. So it is a function of

* the **anchor**: the role's view with its own orders of this phase taken back and nobody's
  orders given (the board cannot change during the phase: every order is secret until the
  resolution, so this is the board as the phase began, whoever has ordered since), and
* a random source seeded from a digest of that anchor (and of who is playing), not from the
  caller's generator, which differs from one order to the next.

To give its next order, the player recomputes (or finds in its :class:`SeatMemory`) the plan
from the anchor and plays the step after the orders it has given. If the orders given so far
are not a prefix of that plan (someone else gave orders for this seat), it re-anchors after the
first *k* of them, for the smallest *k* whose plan continues the rest; with *k* = all of them
that is a fresh search from the current board, so there is always an answer.
"""

from __future__ import annotations

import copy as copy_module
import hashlib
import json
import random
from typing import Any

from game.ai import heuristic, search
from game.ai.board import Board
from game.ai.decision import Decision
from game.ai.determinize import determinize
from game.ai.memory import SeatMemory
from game.ai.persona import Persona
from rules.core.actions import Action, LegalAction
from rules.loader import Content

#: Bump when the planning algorithm changes, so no stale plan is matched by its digest.
VERSION = 1


def next_order(content: Content, seen: dict[str, Any], role: str, persona: Persona,
               legal: list[LegalAction], memory: SeatMemory | None) -> Decision:
    """The hard player's next order in the actions phase (``seen`` is its view, ``legal`` the
    real game's moves); the same with a fresh memory as with a kept one."""
    given_orders = seen["roles"][role].get("orders", [])
    given = [Action(role, o["action"], tuple(sorted(o["params"].items()))) for o in given_orders]
    if memory is not None and memory.plans_turn != seen["turn"]:
        memory.plans.clear()
        memory.plans_turn = seen["turn"]
    for k in range(len(given) + 1):
        plan = plan_from(content, anchor(seen, role, given_orders[:k]), role, persona, memory)
        done = len(given) - k
        if [d.action for d in plan[:done]] != given[k:] or len(plan) <= done:
            continue
        step = plan[done]
        if any(t.allows(step.action) for t in legal):
            return step
    # Not reached when the copy offers the real game's moves (k = all orders is a search from
    # the current board); kept as a guard so a decision is always legal.
    board = Board(determinize(content, seen, role, random.Random(digest(seen, persona))), persona)
    return heuristic.decide(board, legal, random.Random(0))


def anchor(seen: dict[str, Any], role: str, own_orders: list[dict[str, Any]]) -> dict[str, Any]:
    """The view as it stood when the phase began, with ``own_orders`` already given: nobody
    else has ordered or finished (their orders are secret; only that they gave some is known,
    and that changes nothing on the board)."""
    out = copy_module.deepcopy(seen)
    seats = list(out["roles"])
    for r, facts in out["roles"].items():
        facts["orders_given"] = bool(own_orders) if r == role else False
    out["roles"][role]["orders"] = [dict(o) for o in own_orders]
    out["waiting_for"] = seats
    out["public"]["orders_done"] = []
    return out


def digest(seen: dict[str, Any], persona: Persona) -> int:
    """A stable 64-bit digest of a view and of who reads it (the same in every process: no
    ``hash()``, whose value for strings changes from one process to the next)."""
    text = json.dumps([VERSION, persona.role, str(persona.temperament), persona.objectives, persona.shallow, seen],
                      sort_keys=True, separators=(",", ":"), default=str)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def plan_from(content: Content, seen: dict[str, Any], role: str, persona: Persona,
              memory: SeatMemory | None) -> tuple[Decision, ...]:
    """The plan of orders searched from ``seen`` (an anchor), kept in ``memory`` by its digest."""
    key = digest(seen, persona)
    name = f"{key:016x}"
    if memory is not None and name in memory.plans:
        return memory.plans[name]
    rng = random.Random(key)
    game = determinize(content, seen, role, rng)
    board = Board(game, persona)
    first, rest = search.decide(board, seen, game.legal_actions(role), rng)
    plan = (first, *rest)
    if memory is not None:
        memory.plans[name] = plan
    return plan
