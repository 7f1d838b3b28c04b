"""Build a playable game from what one role can see, sampling what it cannot.

An AI must not read the real game state: it sees ``observe(game, role)`` (the facts of
``view(game, role)``) like a human player.
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
from typing import Any, TypeVar, cast

from rules.core.engine import Game
from rules.core.state import GameState, Order
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
        # Kept and defaulted deals are never read again; only their place in the list matters.
        deals=[_deal(d) if d["status"] == "open" else _SETTLED for d in seen["commitments"]],
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
    """This turn's visible proposals at their real ids (answers and deals refer to proposals by
    id); every other place holds an inert placeholder. Earlier turns' proposals are never read
    again, and proposals between two other roles are not visible at all."""
    current = [p for p in seen["proposals"] if p["turn"] == turn]
    highest = max([0, *(p["id"] for p in seen["proposals"]), *(d["proposal"] for d in seen["commitments"])])
    first = min((p["id"] for p in current), default=highest + 1)
    out: list[Proposal] = [_EARLIER] * (first - 1)
    visible = {p["id"]: _proposal(p) for p in current}
    others = [r for r in seats if r != role] or [role]
    for pid in range(first, highest + 1):
        # Ids grow with time, so an invisible id after one of this turn's is from this turn too.
        out.append(visible.get(pid) or _placeholder(pid, others[0], others[-1], turn))
    return out


# Values seen again and again (every deal of the game is in every view) are built once.
_INTERNED: dict[tuple[Any, ...], Any] = {}
T = TypeVar("T")


def _intern(kind: type[T], data: dict[str, Any]) -> T:
    key = (kind, *data.values())
    found = _INTERNED.get(key)
    if found is None:
        if len(_INTERNED) > 50_000:
            _INTERNED.clear()
        found = _INTERNED[key] = kind(**data)
    return cast(T, found)


def _deal(data: dict[str, Any]) -> Deal:
    return _intern(Deal, data)


_SETTLED = Deal(0, 0, "", "", "", 0, "kept")
_EARLIER = Proposal(0, "", "", "", "", 1, 0, status="hidden")


def _proposal(data: dict[str, Any]) -> Proposal:
    return _intern(Proposal, data)


def _placeholder(pid: int, sender: str, recipient: str, turn: int) -> Proposal:
    return _intern(Proposal, {"id": pid, "sender": sender, "recipient": recipient, "give": "", "ask": "",
                              "deadline": 1, "turn": turn, "status": "hidden", "counter_of": None})
