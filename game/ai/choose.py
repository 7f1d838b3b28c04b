"""The one entry point for AI players: ``choose(game, role, level, temperament, rng)``.

Contract (what an AI may read): the ``game`` passed in is the real game, but an AI uses only

* ``observe(game, role)`` — what its role sees, exactly as a human in that seat would (the facts
  of ``view(game, role)``, without the texts meant for human readers);
* ``game.legal_actions(role)`` — the moves open to it now;
* ``game.content`` — the rulebook, of which it reads other roles' *public* objectives only;
* public rules functions, applied to a *determinized* copy rebuilt from the view
  (:mod:`game.ai.determinize`; :mod:`game.ai.projection` builds the same copy without the view
  dict in between), never to the real state.

So changing anything the role cannot see (other roles' pending orders, the seed, other roles'
secret objectives) cannot change its decision; ``tests/game/ai/test_contract.py`` checks that.
All randomness comes from ``rng``, so the same game, role and generator give the same decision.

Deterministic everywhere: a decision is a function of the role's view, the level, the temperament
and ``rng`` alone — never of what the seat's :class:`SeatMemory` holds, nor of the process. The
memory only saves work: a hard player's plan of orders for the turn (:mod:`game.ai.planning`) is
derived from the board as it stood when the phase began, so a fresh process (a CLI ``advance``,
a resumed session) works out the same plan again and plays the same next order. (A normal player
once kept its determinized copy between orders; rebuilding it with :mod:`game.ai.projection`
costs less than bringing the kept one up to date.)
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from game.ai import heuristic, planning, search
from game.ai.board import Board
from game.ai.decision import Decision, Level
from game.ai.determinize import determinize
from game.ai.memory import SeatMemory
from game.ai.negotiator import OFFERS_PER_TURN
from game.ai.persona import own
from game.ai.projection import offers_made, project
from game.ai.temperament import Temperament
from rules.core.actions import Action, LegalAction
from rules.core.engine import END_NEGOTIATION, END_ORDERS, PROPOSE, REJECT, Game
from rules.core.phases import Phase
from rules.core.view import observe


def choose(game: Game, role: str, level: Level | str = Level.NORMAL,
           temperament: Temperament | str = Temperament.MODERATE,
           rng: random.Random | Callable[[], random.Random] | None = None,
           memory: SeatMemory | None = None) -> Decision:
    """A legal action for ``role`` now, with a one-sentence reason; raises ValueError when the
    role has nothing to do (it is not among ``game.waiting_for()``). ``memory`` is the seat's
    own cache between decisions (see :mod:`game.ai.memory`); the decision is the same with a
    fresh memory, a kept one or none, and ``rng`` is advanced by the same amount in every case.

    ``rng`` may also be a function that makes the decision's own generator: it is called only
    when the decision draws (a normal player never does, and seeding a generator costs more than
    many of its decisions); the decision is the same as with the generator itself."""
    legal = game.legal_actions(role)
    if not legal:
        raise ValueError(f"{role} has nothing to do now")
    level, temperament = _LEVELS.get(level) or Level(level), _TEMPERAMENTS.get(temperament) or Temperament(temperament)
    if callable(rng):
        if level in (Level.NORMAL, Level.SILENT):
            return _normal(game, role, level, temperament, legal, 0)
        rng = rng()
    rng = rng if rng is not None else random.Random()
    if level == Level.RANDOM:
        t = legal[rng.randrange(len(legal))]
        params = {key: values[rng.randrange(len(values))] for key, values in t.params.items()}
        name = game.content.roles[role].name
        return Decision(Action.make(role, t.id, **params), f"{name} picks '{t.label}' at random.")
    # Exactly one draw from the caller's generator, whatever the memory holds, so the generator's
    # state after a decision (and so the seat's next decision) never depends on the memory.
    bits = rng.getrandbits(64)
    if level in (Level.NORMAL, Level.SILENT):
        return _normal(game, role, level, temperament, legal, bits)
    name = game.content.roles[role].name
    if len(legal) == 1 and legal[0].id == END_ORDERS:
        return Decision(Action.make(role, END_ORDERS), f"{name} submits its orders: nothing else is open to it.")
    persona = own(game.content, role, temperament, level == Level.EASY, game.state.scenario)
    if level == Level.HARD:
        mine = random.Random(bits)
        seen = observe(game, role)
        forced = _forced(name, role, seen["phase"], _offers_made(seen), legal)
        if forced is not None:
            return forced
        if seen["phase"] == Phase.ACTIONS:
            return planning.next_order(game.content, seen, role, persona, legal, memory)
        return search.decide(Board(determinize(game.content, seen, role, mine), persona), seen, legal, mine)[0]
    # Easy: the game rebuilt from the role's view (``project`` builds what determinize(observe(...))
    # would), drawn from the same generator.
    mine = random.Random(bits)
    copy = project(game, role, mine)
    forced = _forced(name, role, copy.state.phase, copy.state.proposals_made.get(role, 0), legal)
    if forced is not None:
        return forced
    return heuristic.decide(Board(copy, persona, easy=True, owned=True), legal, mine)


def _normal(game: Game, role: str, level: Level, temperament: Temperament, legal: list[LegalAction],
            bits: int) -> Decision:
    """A normal (or silent) player's decision. It draws nothing -- it never reads its copy's seed
    either (no risk is rolled on a copy it decides from) -- so no generator is built for it."""
    name = game.content.roles[role].name
    if level == Level.SILENT and game.state.phase == Phase.NEGOTIATION:
        return _silent(role, name, legal)
    if len(legal) == 1 and legal[0].id == END_ORDERS:
        return Decision(Action.make(role, END_ORDERS), f"{name} submits its orders: nothing else is open to it.")
    if game.state.phase == Phase.NEGOTIATION:
        # Decided without building the copy: the offers this role made (its own, all visible to
        # it) are what the copy would count, and with finishing the only move open there is
        # nothing to weigh (heuristic.negotiate would decide the same).
        forced = _forced(name, role, Phase.NEGOTIATION, offers_made(game, role), legal)
        if forced is not None:
            return forced
        if len(legal) == 1 and legal[0].id == END_NEGOTIATION:
            return heuristic.ends_negotiating(role, name)
    copy = project(game, role, bits & 0xFFFFFFFF)
    return heuristic.decide(Board(copy, own(game.content, role, temperament, False, game.state.scenario), owned=True), legal, _NO_DRAWS)


#: Enum members by their text (a lookup costs less than calling the enum, on every decision).
_LEVELS: dict[str, Level] = {str(v.value): v for v in Level}
_TEMPERAMENTS: dict[str, Temperament] = {str(v.value): v for v in Temperament}


class _NoDraws(random.Random):
    """The generator a normal player is handed: it never draws (only easy players do), and
    a draw would be a bug that changed decisions with the memory, so it raises."""

    def __init__(self) -> None:
        super().__init__(0)

    def random(self) -> float:
        raise AssertionError("a normal player drew a random number")

    def getrandbits(self, k: int) -> int:
        raise AssertionError("a normal player drew a random number")


_NO_DRAWS = _NoDraws()


def _silent(role: str, name: str, legal: list[LegalAction]) -> Decision:
    """A silent seat in negotiation: it rejects what is offered and offers nothing."""
    for t in legal:
        if t.id == REJECT:
            proposal = t.params["proposal"][0]
            return Decision(Action.make(role, REJECT, proposal=proposal), f"{name} rejects the proposal.")
    return Decision(Action.make(role, END_NEGOTIATION), f"{name} finishes negotiating.")


def _offers_made(seen: dict[str, Any]) -> int:
    """The offers the viewing role has sent this turn, from its view."""
    return sum(1 for p in seen["proposals"] if p["turn"] == seen["turn"] and p["sender"] == seen["as"])


def _forced(name: str, role: str, phase: str, offers_made: int, legal: list[LegalAction]) -> Decision | None:
    """Decisions with nothing to weigh, taken from the view alone (most of a game's "I am done")."""
    if (phase == Phase.NEGOTIATION and offers_made >= OFFERS_PER_TURN
            and all(t.id in (PROPOSE, END_NEGOTIATION) for t in legal)):
        return Decision(Action.make(role, END_NEGOTIATION),
                        f"{name} finishes negotiating: it has made its offers for this turn.")
    return None
