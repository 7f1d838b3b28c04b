"""The one entry point for AI players: ``choose(game, role, level, temperament, rng)``.

Contract (what an AI may read): the ``game`` passed in is the real game, but an AI uses only

* ``observe(game, role)`` — what its role sees, exactly as a human in that seat would (the facts
  of ``view(game, role)``, without the texts meant for human readers);
* ``game.legal_actions(role)`` — the moves open to it now;
* ``game.content`` — the rulebook, of which it reads other roles' *public* objectives only;
* public rules functions, applied to a *determinized* copy rebuilt from the view
  (:mod:`game.ai.determinize`), never to the real state.

So changing anything the role cannot see (other roles' pending orders, the seed, other roles'
secret objectives) cannot change its decision; ``tests/game/ai/test_contract.py`` checks that.
All randomness comes from ``rng``, so the same game, role and generator give the same decision.

Deterministic everywhere: a decision is a function of the role's view, the level, the temperament
and ``rng`` alone — never of what the seat's :class:`SeatMemory` holds, nor of the process. The
memory only saves work: in the actions phase nothing a role can see changes while it gives its
orders except those orders (the others' are secret), so a normal player keeps working on its
determinized copy, and a hard player's plan of orders for the turn (:mod:`game.ai.planning`) is
derived from the board as it stood when the phase began, so a fresh process (a CLI ``advance``,
a resumed session) works out the same plan again and plays the same next order.
"""

from __future__ import annotations

import random
from typing import Any

from game.ai import heuristic, planning, search
from game.ai.board import Board
from game.ai.decision import Decision, Level
from game.ai.determinize import determinize
from game.ai.memory import Continuation, SeatMemory
from game.ai.negotiator import OFFERS_PER_TURN
from game.ai.persona import own
from game.ai.temperament import Temperament
from rules.core.actions import Action, IllegalAction, LegalAction
from rules.core.engine import END_NEGOTIATION, END_ORDERS, PROPOSE, REJECT, Game
from rules.core.phases import Phase
from rules.core.view import observe


def choose(game: Game, role: str, level: Level | str = Level.NORMAL,
           temperament: Temperament | str = Temperament.MODERATE, rng: random.Random | None = None,
           memory: SeatMemory | None = None) -> Decision:
    """A legal action for ``role`` now, with a one-sentence reason; raises ValueError when the
    role has nothing to do (it is not among ``game.waiting_for()``). ``memory`` is the seat's
    own cache between decisions (see :mod:`game.ai.memory`); the decision is the same with a
    fresh memory, a kept one or none, and ``rng`` is advanced by the same amount in every case."""
    legal = game.legal_actions(role)
    if not legal:
        raise ValueError(f"{role} has nothing to do now")
    level, temperament = Level(level), Temperament(temperament)
    rng = rng if rng is not None else random.Random()
    if level == Level.RANDOM:
        t = legal[rng.randrange(len(legal))]
        params = {key: values[rng.randrange(len(values))] for key, values in t.params.items()}
        name = game.content.roles[role].name
        return Decision(Action.make(role, t.id, **params), f"{name} picks '{t.label}' at random.")
    # Exactly one draw from the caller's generator, whatever the memory holds, so the generator's
    # state after a decision (and so the seat's next decision) never depends on the memory.
    mine = random.Random(rng.getrandbits(64))
    name = game.content.roles[role].name
    if level == Level.SILENT:
        if game.state.phase == Phase.NEGOTIATION:
            return _silent(role, name, legal)
        level = Level.NORMAL
    if len(legal) == 1 and legal[0].id == END_ORDERS:
        return Decision(Action.make(role, END_ORDERS), f"{name} submits its orders: nothing else is open to it.")
    persona = own(game.content, role, temperament, shallow=level == Level.EASY)
    if level == Level.NORMAL:
        continued = _continued(game, role, persona, legal, memory)
        if continued is not None:
            return _remember(memory, game, continued, persona, heuristic.decide(Board(continued, persona), legal, mine))
    seen = observe(game, role)
    forced = _forced(game, role, seen, legal)
    if forced is not None:
        return forced
    if level == Level.HARD and seen["phase"] == Phase.ACTIONS:
        return planning.next_order(game.content, seen, role, persona, legal, memory)
    board = Board(determinize(game.content, seen, role, mine), persona, easy=level == Level.EASY)
    if level == Level.HARD:
        return search.decide(board, seen, legal, mine)[0]
    decision = heuristic.decide(board, legal, mine)
    return _remember(memory, game, board.game, persona, decision) if level == Level.NORMAL else decision


def _silent(role: str, name: str, legal: list[LegalAction]) -> Decision:
    """A silent seat in negotiation: it rejects what is offered and offers nothing."""
    for t in legal:
        if t.id == REJECT:
            proposal = t.params["proposal"][0]
            return Decision(Action.make(role, REJECT, proposal=proposal), f"{name} rejects the proposal.")
    return Decision(Action.make(role, END_NEGOTIATION), f"{name} finishes negotiating.")


def _remember(memory: SeatMemory | None, game: Game, copy: Game, persona: Any, decision: Decision) -> Decision:
    """Keep a normal player's working copy for its next order in this actions phase."""
    if memory is None:
        return decision
    if decision.action.id in (END_ORDERS, END_NEGOTIATION) or copy.state.phase != Phase.ACTIONS:
        memory.continuation = None
    else:
        memory.continuation = Continuation(game.state.turn, copy, persona, decision.action)
    return decision


def _continued(game: Game, role: str, persona: Any, legal: list[LegalAction],
               memory: SeatMemory | None) -> Game | None:
    """The copy this seat worked on for its last order, brought up to date with that order, if
    the real game offers exactly the moves the copy does (so nothing it can see has changed).
    A normal player's decision reads only the board's numbers and its own orders, which the copy
    and a fresh determinization share, so this saves work without changing the decision."""
    if memory is None or memory.continuation is None:
        return None
    entry, memory.continuation = memory.continuation, None
    if (entry.turn != game.state.turn or entry.persona != persona or entry.last.role != role
            or not any(t.id == END_ORDERS for t in legal)):
        return None
    copy = entry.copy
    try:
        copy.apply(entry.last)
    except IllegalAction:
        return None
    if copy.state.phase != Phase.ACTIONS or copy.legal_actions(role) != legal:
        return None
    return copy


def _forced(game: Game, role: str, seen: dict[str, Any], legal: list[LegalAction]) -> Decision | None:
    """Decisions with nothing to weigh, taken from the view alone (most of a game's "I am done")."""
    name = game.content.roles[role].name
    if seen["phase"] == Phase.NEGOTIATION and all(t.id in (PROPOSE, END_NEGOTIATION) for t in legal):
        mine = [p for p in seen["proposals"] if p["turn"] == seen["turn"] and p["sender"] == role]
        if len(mine) >= OFFERS_PER_TURN:
            return Decision(Action.make(role, END_NEGOTIATION),
                            f"{name} finishes negotiating: it has made its offers for this turn.")
    return None
