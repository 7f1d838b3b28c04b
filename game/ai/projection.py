"""A role's determinized game built straight from the game, without the view dict in between.

``determinize(content, observe(game, role), role, rng)`` turns the state into the JSON-ready
view and the view back into a state: every deal and proposal goes to a dict and back, every
number is copied twice. The heuristic players decide hundreds of times a game, and that round
trip was a fifth of their cost. :func:`project` builds the *same* state (equal field by field,
``tests/game/ai/test_projection.py`` checks it over whole games) by copying exactly the parts of
the state that :func:`rules.core.view.observe` shows the role; what the view hides (other roles'
orders, the seed, proposals between two other roles, the facilitator's scripts) is left out or
sampled as :mod:`game.ai.determinize` does. Frozen values (deals, proposals, orders) are shared
with the real state rather than copied: nothing can change them.
"""

from __future__ import annotations

import random
from functools import lru_cache

# The placeholders are determinize's own, so both ways build equal states.
from game.ai.determinize import _EARLIER as EARLIER
from game.ai.determinize import _SETTLED as SETTLED
from game.ai.determinize import _placeholder
from rules.core.engine import Game
from rules.core.state import GameState, Order
from rules.values import Proposal


def project(game: Game, role: str, rng: random.Random | int) -> Game:
    """``determinize(game.content, observe(game, role), role, rng)``, built without the view.

    ``rng`` may be the seed itself (an int) when the caller never reads the copy's seed."""
    st, c = game.state, game.content
    if role not in st.seats:
        raise KeyError(f"{role!r} has no seat in this game (seats: {', '.join(st.seats)})")
    seats = tuple(st.seats)
    seed = rng if isinstance(rng, int) else rng.getrandbits(32)
    recognized = st.recognized_by
    state = GameState(
        scenario=st.scenario,
        seed=seed,
        seats=seats,
        last_turn=st.last_turn,
        turn=st.turn,
        phase=st.phase,
        tracks=dict(st.tracks),
        role_tracks={r: dict(st.role_tracks[r]) for r in seats},
        normalization=dict(st.normalization),
        trust=dict(st.trust),
        keci_phase=st.keci_phase,
        keci_since=st.keci_since,
        keci_suspended=st.keci_suspended,
        keci_mou_approved=st.keci_mou_approved,
        special_rep=st.special_rep,
        # In the rulebook's order of the Allies, as the view lists them.
        recognized_by=tuple(a for a in c.allies if a in recognized),
        last_unilateral=st.last_unilateral,
        crisis=st.crisis,
        crisis_pending=tuple(st.crisis_pending) if st.crisis is not None else (),
        crisis_choices=dict(st.crisis_choices) if st.crisis is not None else {},
        drawn=tuple(st.drawn),
        negotiation_done=tuple(st.negotiation_done),
        deals=[d if d.status == "open" else SETTLED for d in st.deals],
        orders={r: () for r in seats},
        orders_done=tuple(st.orders_done),
        ending=st.ending,
    )
    # As the view's JSON gives them back: parameters sorted by name.
    state.orders[role] = tuple(Order(o.action, tuple(sorted(dict(o.params).items())), o.cost)
                               for o in st.orders.get(role, ()))
    state.proposals = _proposals(st, seats, role)
    made: dict[str, int] = {}
    turn = st.turn
    for p in state.proposals:
        if p.turn == turn and p.status != "hidden":
            made[p.sender] = made.get(p.sender, 0) + 1
    state.proposals_made = made
    return Game(c, state)


def _proposals(st: GameState, seats: tuple[str, ...], role: str) -> list[Proposal]:
    """As :func:`game.ai.determinize._proposals`: this turn's visible proposals at their real
    ids, inert placeholders everywhere else. A proposal's id is its place in the list (the
    rules number them so), so this turn's are the last ones and the scan starts from the end."""
    turn, props = st.turn, st.proposals
    visible: dict[int, Proposal] = {}
    i = len(props) - 1
    while i >= 0 and props[i].turn == turn:
        p = props[i]
        if role == p.sender or role == p.recipient:
            visible[p.id] = p
        i -= 1
    highest = max(visible, default=0)
    if not visible:  # the latest proposal this role saw, from an earlier turn
        while i >= 0:
            p = props[i]
            if role == p.sender or role == p.recipient:
                highest = p.id
                break
            i -= 1
    highest = max(highest, max((d.proposal for d in st.deals), default=0))
    first = min(visible, default=highest + 1)
    out: list[Proposal] = [EARLIER] * (first - 1)
    others = [r for r in seats if r != role] or [role]
    for pid in range(first, highest + 1):
        out.append(visible.get(pid) or placeholder(pid, others[0], others[-1], turn))
    return out


@lru_cache(maxsize=4096)
def placeholder(pid: int, sender: str, recipient: str, turn: int) -> Proposal:
    """determinize's placeholder (the same value), looked up instead of rebuilt."""
    return _placeholder(pid, sender, recipient, turn)
