"""The automatic steps of a turn: briefing, resolution and review.

Randomness comes only from ``random.Random`` objects seeded with (game seed, turn, step), so the
same scenario, seed and actions always give the same game, and a copied state can be played on
without carrying a generator along.
"""

from __future__ import annotations

from _random import Random
from hashlib import sha512
from typing import TYPE_CHECKING

from rules import chance, crises, endings, keci, negotiation, orders, special_rep
from rules.counting import counted, points
from rules.effects import apply_effects, event
from rules.hot import hot
from rules.tables import holds, tables
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content


class Draws:
    """The random source of one step of one turn: ``random.Random`` seeded with (game seed,
    turn, step), made on its first draw. Seeding a Mersenne Twister costs about as much as the
    rest of a resolution, and most resolutions draw nothing (no risky order, no Ally whose
    stance may change), so the numbers drawn are the same and a step that draws none is free.

    The generator is ``random.Random``'s C base, seeded with the integer ``random.Random``
    makes of a string (``seed()``, version 2: the string's UTF-8 bytes followed by their
    SHA-512 digest, read as one big-endian integer): the same Mersenne Twister state and the
    same numbers, without the interpreted ``__init__`` and ``seed`` around the C seeding (about
    a tenth of a seeding's cost, and a turn seeds once or twice). A test checks the numbers
    against ``random.Random(seed)``'s."""

    __slots__ = ("_rng", "_seed")

    def __init__(self, seed: str):
        self._seed = seed
        self._rng: Random | None = None

    def random(self) -> float:
        rng = self._rng
        if rng is None:
            raw = self._seed.encode()
            rng = self._rng = Random(int.from_bytes(raw + sha512(raw).digest(), "big"))
        return rng.random()


def rng_for(state: GameState, step: str) -> Draws:
    return Draws(f"{state.seed}:{state.turn}:{step}")


def turn_label(content: Content, state: GameState) -> str:
    years, half = state.year_half
    return f"{content.scenarios[state.scenario].start_year + years} H{half}"


def briefing(content: Content, state: GameState) -> list[Event]:
    """The world moves: capital refills, pressures move the tracks, reviews fall due, a crisis card may
    be drawn; an immediate ending reached by then (tension at its maximum) ends the game."""
    state.proposals_made = {}
    state.negotiation_done = ()
    state.orders = {r: () for r in state.seats}
    state.orders_done = ()
    state.crisis_choices = {}
    events = [event(state, "turn", f"Turn {state.turn} of {state.last_turn}: {turn_label(content, state)}",
                    "a new half-year begins")]
    h = hot(content)
    for role in state.seats:
        events += apply_effects(content, state, {h.capital_ref[role]: h.capital_refill[role]},
                                "capital refilled at the briefing")
    events += drift(content, state)
    events += special_rep.counter_disinformation(content, state)
    events += keci.run_reviews(content, state)
    for deal in state.deals:
        if deal.status == "open" and deal.due_turn == state.turn:
            events.append(event(state, "reminder", f"Deal #{deal.proposal} falls due this turn: "
                                f"{h.role_name[deal.giver]} owes '{h.items[deal.item].name}'",
                                "a deadline agreed in negotiation", visible_to=(deal.giver, deal.receiver)))
    events += crises.reveal(content, state, crises.draw(content, state, rng_for(state, "crisis")))
    events += _immediate_ending(content, state)
    return events


def _immediate_ending(content: Content, state: GameState) -> list[Event]:
    """An immediate ending reached at the briefing (a crisis that drives tension to its maximum)
    ends the game at once: nobody gets to answer a spiral that has already happened."""
    ending = endings.ending_now(content, state, final=False)
    if ending is None:
        return []
    state.ending = ending.id
    state.crisis_pending = ()
    return [ending_event(content, state, ending.id)]


def drift(content: Content, state: GameState) -> list[Event]:
    """Pressures on the tracks (tracks.yaml ``drift``): the north does not calm itself, momentum
    fades unless tended. Each applies while its condition holds, in file order."""
    events = []
    for track_id, delta, cause, when in tables(content).drift:
        if holds(state, when):
            events += apply_effects(content, state, {track_id: delta}, cause)
    return events


def end_negotiation(state: GameState) -> list[Event]:
    return negotiation.expire_pending(state)


def resolution(content: Content, state: GameState) -> list[Event]:
    """Resolve orders in the documented order, then deadlines, recognition, suspension, endings."""
    rng = rng_for(state, "resolution")
    events = [event(state, "phase", "Resolution: the orders are revealed", "all orders are in")]
    events += orders.resolve_orders(content, state, rng)
    events += negotiation.check_deadlines(content, state)
    events += _recognition(content, state, rng)
    events += keci.check_suspension(content, state)
    ending = endings.ending_now(content, state, final=state.turn >= state.last_turn)
    if ending is not None:
        state.ending = ending.id
        events.append(ending_event(content, state, ending.id))
    return events


def ending_event(content: Content, state: GameState, ending_id: str) -> Event:
    """The ending as told to players: its meaning, and any change of stance that really happened."""
    ending = content.ending(ending_id, state.scenario)
    cause = ending.explanation
    if state.recognized_by:
        names = ", ".join(content.allies[a].name for a in state.recognized_by)
        cause += f" During the game {names} recognized Kosovo."
    return event(state, "ending", f"The game ends: {ending.name}", cause, ending=ending.id,
                 recognized_by=state.recognized_by)


def _recognition(content: Content, state: GameState, rng: chance.Source) -> list[Event]:
    events = []
    for ally_id, ally, recognizes_when in tables(content).allies:
        if ally_id in state.recognized_by or not holds(state, recognizes_when):
            continue
        if chance.recognition_roll(state, ally_id, ally.recognize_chance).sample(rng):
            state.recognized_by = state.recognized_by + (ally_id,)
            events.append(event(state, "recognition", f"{ally.name} recognizes Kosovo",
                                "after a comprehensive settlement between Belgrade and Pristina, it changes the "
                                "stance it has held since 2008", ally=ally_id))
            events += apply_effects(content, state, {"non_recognizers": -1}, f"{ally.name} changed its stance")
    return events


def review(content: Content, state: GameState) -> list[Event]:
    """Scores per role; then the next turn, unless the game has ended.

    During the game the public line counts only public objectives; each role also gets a
    private line with its full score. At the end everything is revealed.
    """
    events = []
    ended = state.ending is not None
    turn, phase = state.turn, state.phase  # events made directly (effects.event's stamp): 8 a turn
    role_name = hot(content).role_name
    for role in state.seats:
        name = role_name[role]
        public, full, met = endings.tally(content, state, role)
        shown = full if ended else public
        cause = f"{counted(met, 'objective')} met" if ended else "public objectives met so far"
        events.append(Event("score", f"{name}: {points(shown)}", cause, turn, phase, {"role": role, "score": shown}))
        if not ended:
            events.append(Event("score", f"{name} (confidential): {points(full)} with secret objectives",
                                f"{counted(met, 'objective')} met", turn, phase, {"role": role, "score": full}, (role,)))
    if not ended:
        state.turn += 1
    return events
