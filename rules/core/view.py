"""What one role may see of a game, as JSON-ready data.

Hidden information is a view, not a flag spread through the code: this module is the one place
that decides what a role sees. A role sees the board, its own objectives (secret ones
included), other roles' public objectives, its own pending orders (others' only as "orders
given: yes/no"), proposals it sent or received, and every accepted deal. The seed, which would
let a player foresee the crisis deck, is never shown. ``role=None`` is the public view.
"""

from __future__ import annotations

from typing import Any

from rules import endings, keci
from rules.core.engine import Game
from rules.council import objections
from rules.turn import turn_label


def observe(game: Game, role: str | None = None) -> dict[str, Any]:
    """The facts of :func:`view` without what only a human reader needs (names, texts, objectives,
    scores, the next KECI motion's obstacles): every key here is in the view with the same value.
    AI players read this; it draws the same line between what a role sees and what it does not."""
    c, st = game.content, game.state
    if role is not None and role not in st.seats:
        raise KeyError(f"{role!r} has no seat in this game (seats: {', '.join(st.seats)})")
    roles: dict[str, Any] = {}
    for r in st.seats:
        roles[r] = {"tracks": dict(st.role_tracks[r]),
                    "orders_given": len(st.orders.get(r, ())) > 0 or r in st.orders_done}
        if r == role:
            roles[r]["orders"] = [o.to_json() for o in st.orders.get(r, ())]
    return {
        "scenario": st.scenario,
        "turn": st.turn,
        "last_turn": st.last_turn,
        "phase": st.phase,
        "as": role,
        "waiting_for": game.waiting_for(),
        "tracks": dict(st.tracks),
        "roles": roles,
        "normalization": dict(st.normalization),
        "trust": dict(st.trust),
        "keci_phase": st.keci_phase,
        "keci_suspended": st.keci_suspended,
        "keci_memorandum_awaiting_signature": st.keci_mou_approved,
        "allies": {a: {"recognizes_kosovo": a in st.recognized_by} for a in c.allies},
        "special_representative": st.special_rep,
        "crisis": None if st.crisis is None else {
            "id": st.crisis, "waiting_for": list(st.crisis_pending), "responses": dict(st.crisis_choices)},
        "proposals": [p.to_json() for p in st.proposals if role is not None and role in (p.sender, p.recipient)],
        "commitments": [d.to_json() for d in st.deals],
        "ending": st.ending,
        # The facilitator's public settings: a pause and its reason, deadlines, handed-over seats.
        "table": {"paused": st.paused, "deadlines": dict(st.deadlines), "on_timeout": st.on_timeout,
                  "controllers": dict(st.controllers)},
        # Public bookkeeping every player could note down from the public log; an AI needs it
        # to rebuild a playable copy of the game from what it sees (game/ai/determinize.py).
        "public": {
            "keci_since": st.keci_since, "last_unilateral": st.last_unilateral,
            "crises_drawn": list(st.drawn), "negotiation_done": list(st.negotiation_done),
            "orders_done": list(st.orders_done),
        },
    }


def view(game: Game, role: str | None = None) -> dict[str, Any]:
    c, st = game.content, game.state
    seen = observe(game, role)
    roles: dict[str, Any] = {}
    # Each objective is checked once; the objectives shown and the scores both read the result.
    held = {r: endings.objectives_met(c, st, r) for r in st.seats}
    for r, facts in seen["roles"].items():
        own = r == role
        objectives = [
            {"id": o.id, "text": o.text, "points": o.points, "secret": o.secret, "met": held[r][o.id]}
            for o in c.objectives(r, st.scenario) if own or not o.secret
        ]
        roles[r] = {"name": c.roles[r].name, "tracks": facts["tracks"], "objectives": objectives,
                    "orders_given": facts["orders_given"]}
        if own:
            roles[r]["orders"] = facts["orders"]
    next_motion = None
    if st.keci_phase < 3:
        nxt = c.keci.phases[st.keci_phase + 1]
        next_motion = {
            "phase": nxt.number, "name": nxt.name, "activities": nxt.activities,
            "blocked_by": keci.next_phase_blockers(c, st),
            "objections": objections(c, st, nxt.motion) if nxt.motion else {},
        }
    card = c.crises.get(st.crisis) if st.crisis else None
    return {
        "scenario": seen["scenario"],
        "turn": seen["turn"],
        "last_turn": seen["last_turn"],
        "date": turn_label(c, st),
        "phase": seen["phase"],
        "as": role,
        "waiting_for": seen["waiting_for"],
        "tracks": seen["tracks"],
        "roles": roles,
        "normalization": seen["normalization"],
        "trust": seen["trust"],
        "keci_phase": seen["keci_phase"],
        "keci_suspended": seen["keci_suspended"],
        "keci_memorandum_awaiting_signature": seen["keci_memorandum_awaiting_signature"],
        "keci_next": next_motion,
        "allies": {a: {"name": ally.name, **seen["allies"][a]} for a, ally in c.allies.items()},
        "special_representative": seen["special_representative"],
        "crisis": None if card is None else {
            "id": card.id, "name": card.name, "explanation": card.explanation, "source": card.source,
            "waiting_for": seen["crisis"]["waiting_for"], "responses": seen["crisis"]["responses"]},
        "proposals": seen["proposals"],
        "commitments": seen["commitments"],
        "ending": seen["ending"],
        "table": seen["table"],
        "public": seen["public"],
        # Until the debrief, other roles' scores count only their public objectives.
        "scores": {r: _score(game, r, held[r], include_secret=(r == role or st.ending is not None))
                   for r in st.seats},
    }


def _score(game: Game, role: str, held: dict[str, bool], include_secret: bool) -> int:
    """:func:`rules.endings.score` from objectives already checked (the view checks each once)."""
    c, st = game.content, game.state
    total = sum(o.points for o in c.objectives(role, st.scenario) if (include_secret or not o.secret) and held[o.id])
    return total + (c.endings[st.ending].points.get(role, 0) if st.ending is not None else 0)
