"""Build a playable game from what one role can see, sampling what it cannot.

An AI must not read the real game state: it sees ``view(game, role)`` like a human player.
To think ahead it still needs a game it can play forward, so this module rebuilds a
:class:`GameState` from the view and fills each hidden part with a sample:

* the seed (which fixes the crisis deck and every risk) is drawn from the AI's own random source;
* other roles' pending orders are left empty (a search player may then sample orders for them);
* proposals between two other roles are invisible, so placeholders keep the proposal ids in step
  with the real game (deals and answers refer to proposals by id);
* other roles' secret objectives are not part of the state at all; a search player models other
  roles only by their public objectives and posture (see :mod:`game.ai.persona`).

Everything that is visible is copied exactly, so the rebuilt game offers this role the same
legal actions as the real one.
"""

from __future__ import annotations

import random
from typing import Any

from game.engine import Game
from game.state import GameState, Order
from rules.loader import Content
from rules.values import Deal, Proposal


def determinize(content: Content, seen: dict[str, Any], role: str, rng: random.Random) -> Game:
    """A game consistent with ``seen`` (a role's view), hidden parts sampled from ``rng``."""
    seats = tuple(seen["roles"])
    public = seen["public"]
    crisis = seen["crisis"]
    turn = seen["turn"]
    state = GameState(
        scenario=seen["scenario"],
        seed=rng.getrandbits(32),
        seats=seats,
        last_turn=seen["last_turn"],
        turn=turn,
        phase=seen["phase"],
        tracks=dict(seen["tracks"]),
        role_tracks={r: dict(v["tracks"]) for r, v in seen["roles"].items()},
        normalization=dict(seen["normalization"]),
        trust=dict(seen["trust"]),
        keci_phase=seen["keci_phase"],
        keci_since=public["keci_since"],
        keci_suspended=seen["keci_suspended"],
        keci_mou_approved=seen["keci_memorandum_awaiting_signature"],
        special_rep=seen["special_representative"],
        recognized_by=tuple(a for a, v in seen["allies"].items() if v["recognizes_kosovo"]),
        last_unilateral=public["last_unilateral"],
        crisis=crisis["id"] if crisis else None,
        crisis_pending=tuple(crisis["waiting_for"]) if crisis else (),
        crisis_choices=dict(crisis["responses"]) if crisis else {},
        drawn=tuple(public["crises_drawn"]),
        negotiation_done=tuple(public["negotiation_done"]),
        deals=[Deal(**d) for d in seen["commitments"]],
        orders={r: () for r in seats},
        orders_done=tuple(public["orders_done"]),
        ending=seen["ending"],
    )
    own = seen["roles"][role].get("orders", [])
    state.orders[role] = tuple(Order.from_json(o) for o in own)
    state.proposals = _proposals(seen, seats, role, turn)
    made: dict[str, int] = {}
    for p in state.proposals:
        if p.turn == turn and p.status != "hidden":
            made[p.sender] = made.get(p.sender, 0) + 1
    state.proposals_made = made
    return Game(content, state)


def _proposals(seen: dict[str, Any], seats: tuple[str, ...], role: str, turn: int) -> list[Proposal]:
    """Visible proposals at their real ids; invisible ones (between two other roles) as inert
    placeholders, so that ``proposals[id - 1]`` finds the right proposal as in the real game."""
    visible = {p["id"]: Proposal(**p) for p in seen["proposals"]}
    highest = max([*visible, *(d["proposal"] for d in seen["commitments"])], default=0)
    others = [r for r in seats if r != role] or [role]
    out: list[Proposal] = []
    for pid in range(1, highest + 1):
        if pid in visible:
            out.append(visible[pid])
            continue
        # A proposal id between two visible ones was made between their turns; dating it to the
        # next visible proposal keeps "this turn's proposals" a contiguous tail of the list.
        later = [visible[i].turn for i in range(pid + 1, highest + 1) if i in visible]
        when = later[0] if later else turn
        sender, recipient = others[0], others[-1]
        out.append(Proposal(pid, sender, recipient, "", "", 1, when, status="hidden"))  # type: ignore[arg-type]
    return out
