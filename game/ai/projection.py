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

# The placeholders are determinize's own, so both ways build equal states.
from game.ai.determinize import _EARLIER as EARLIER
from game.ai.determinize import _SETTLED as SETTLED
from game.ai.determinize import _placeholder
from rules.core.engine import Game
from rules.core.state import GameState, Order
from rules.values import Deal, Proposal


def project(game: Game, role: str, rng: random.Random | int) -> Game:
    """``determinize(game.content, observe(game, role), role, rng)``, built without the view.

    ``rng`` may be the seed itself (an int) when the caller never reads the copy's seed."""
    st, c = game.state, game.content
    if role not in st.seats:
        raise KeyError(f"{role!r} has no seat in this game (seats: {', '.join(st.seats)})")
    seats = tuple(st.seats)
    seed = rng if isinstance(rng, int) else rng.getrandbits(32)
    recognized = st.recognized_by
    crisis = st.crisis
    orders: dict[str, tuple[Order, ...]] = {r: () for r in seats}
    mine = st.orders.get(role)
    if mine:
        # As the view's JSON gives them back: parameters sorted by name.
        orders[role] = tuple(Order(o.action, tuple(sorted(dict(o.params).items())), o.cost) for o in mine)
    # One pass over the deals (they only grow: a long game has dozens): the settled ones as
    # determinize's placeholder, and the highest proposal id any of them came from.
    deals: list[Deal] = []
    dealt = 0
    for d in st.deals:
        pid = d.proposal
        dealt = max(dealt, pid)
        deals.append(d if d.status == "open" else SETTLED)
    proposals, first = _proposals(st, seats, role, dealt)
    made: dict[str, int] = {}
    turn = st.turn
    # Only this turn's visible proposals count, and they are all at ``first`` or later (before it
    # stand only placeholders, which are hidden): the game's earlier proposals are not read again.
    for p in proposals[first - 1:]:
        if p.turn == turn and p.status != "hidden":
            made[p.sender] = made.get(p.sender, 0) + 1
    role_tracks = st.role_tracks
    # Field by field on a bare instance, as GameState.clone builds one (the dataclass's own
    # 35-argument __init__ is interpreted even when the state's class is compiled: building it so
    # costs about a third of a projection). The fields after ``ending`` are set to their defaults:
    # the view shows none of them. tests/game/ai/test_projection.py checks the copy field by field.
    state = GameState.__new__(GameState)
    state.scenario, state.seed, state.seats, state.last_turn = st.scenario, seed, seats, st.last_turn
    state.turn, state.phase = turn, st.phase
    state.tracks = dict(st.tracks)
    state.role_tracks = {r: dict(role_tracks[r]) for r in seats}
    state.normalization, state.trust = dict(st.normalization), dict(st.trust)
    state.keci_phase, state.keci_since = st.keci_phase, st.keci_since
    state.keci_suspended, state.keci_mou_approved = st.keci_suspended, st.keci_mou_approved
    state.special_rep = st.special_rep
    # In the rulebook's order of the Allies, as the view lists them.
    state.recognized_by = tuple([a for a in c.allies if a in recognized]) if recognized else ()
    state.last_unilateral, state.crisis = st.last_unilateral, crisis
    state.crisis_pending = tuple(st.crisis_pending) if crisis is not None else ()
    state.crisis_choices = dict(st.crisis_choices) if crisis is not None else {}
    state.drawn, state.proposals, state.proposals_made = tuple(st.drawn), proposals, made
    state.negotiation_done, state.deals = tuple(st.negotiation_done), deals
    state.orders, state.orders_done, state.ending = orders, tuple(st.orders_done), st.ending
    state.moves, state.paused, state.scripted_crises, state.deadlines = 0, None, {}, {}
    state.on_timeout, state.controllers, state.scripted_rolls = "finish", {}, {}
    return Game(c, state)


def offers_made(game: Game, role: str) -> int:
    """The offers ``role`` has sent this turn, as its :func:`project`-ed copy counts them
    (``proposals_made``): its own proposals are all visible to it, so they are counted straight
    from the game, without building the copy (a decision that needs nothing else skips it)."""
    st = game.state
    turn, props = st.turn, st.proposals
    made = 0
    i = len(props) - 1
    while i >= 0 and props[i].turn == turn:
        if props[i].sender == role:
            made += 1
        i -= 1
    return made


def _proposals(st: GameState, seats: tuple[str, ...], role: str, dealt: int) -> tuple[list[Proposal], int]:
    """As :func:`game.ai.determinize._proposals`: this turn's visible proposals at their real
    ids, inert placeholders everywhere else; and the id of the first visible one (every entry
    before it is a placeholder). A proposal's id is its place in the list (the rules number them
    so), so this turn's are the last ones and the scan starts from the end. ``dealt``: the
    highest proposal id of the state's deals (public), 0 without deals."""
    turn, props = st.turn, st.proposals
    visible: dict[int, Proposal] = {}
    # The highest and lowest visible ids, kept as the scan goes (``max`` and ``min`` of a dict
    # with a default are generic calls from compiled code, about 3,000 instructions each).
    highest = lowest = 0
    i = len(props) - 1
    while i >= 0 and props[i].turn == turn:
        p = props[i]
        if role == p.sender or role == p.recipient:
            pid = p.id
            visible[pid] = p
            highest = max(highest, pid)
            if lowest == 0 or pid < lowest:
                lowest = pid
        i -= 1
    if not visible:  # the latest proposal this role saw, from an earlier turn
        while i >= 0:
            p = props[i]
            if role == p.sender or role == p.recipient:
                highest = p.id
                break
            i -= 1
    highest = max(highest, dealt)
    first = lowest if visible else highest + 1
    out: list[Proposal] = [EARLIER] * (first - 1)
    others = [r for r in seats if r != role] or [role]
    for pid in range(first, highest + 1):
        out.append(visible.get(pid) or placeholder(pid, others[0], others[-1], turn))
    return out, first


#: determinize's placeholders by (id, sender, recipient, turn), bounded (a dict looked up from
#: compiled code, not an ``lru_cache`` wrapper called through Python).
_PLACEHOLDERS: dict[tuple[int, str, str, int], Proposal] = {}


def placeholder(pid: int, sender: str, recipient: str, turn: int) -> Proposal:
    """determinize's placeholder (the same value), looked up instead of rebuilt."""
    key = (pid, sender, recipient, turn)
    found = _PLACEHOLDERS.get(key)
    if found is None:
        if len(_PLACEHOLDERS) >= 4096:
            _PLACEHOLDERS.clear()
        found = _PLACEHOLDERS[key] = _placeholder(pid, sender, recipient, turn)
    return found
