"""Temperaments: the same role's priorities, reordered and reweighted by character.

A hardliner cares more about its home audience, treats concessions as costly, asks more of a
deal before it agrees and lets commitments lapse when keeping them hurts; a cooperative player
weighs shared goals (calm, dialogue, trust) higher and keeps its word. The numbers are
multipliers on the valuation in :mod:`game.ai.valuation` and thresholds for the negotiator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Temperament(StrEnum):
    HARDLINER = "hardliner"
    MODERATE = "moderate"
    COOPERATIVE = "cooperative"


@dataclass(frozen=True, slots=True)
class Profile:
    """How a temperament bends a role's priorities."""

    #: Multiplier on the role's own domestic support (its home audience).
    domestic: float
    #: Multiplier on goals every side shares: calm in the north, dialogue, trust.
    shared: float
    #: Bonus (in objective points) for an assertive move: unilateral, or raising tension.
    assertive: float
    #: Extra net value a deal must bring before this temperament accepts it.
    accept_margin: float
    #: How much avoiding a default is worth (credibility and trust), in objective points.
    word: float
    #: Value of one point of political capital kept for later.
    capital: float
    #: Points of tension a temperament shrugs off when it weighs the risk of escalation: a
    #: hardliner plays closer to the brink than a cooperative player would.
    brinkmanship: int
    #: Shift of a priority's rank by its stance (firm, conciliatory): negative moves it up.
    firm_shift: int
    conciliatory_shift: int


PROFILES: dict[Temperament, Profile] = {
    Temperament.HARDLINER: Profile(domestic=2.0, shared=0.6, assertive=0.7, accept_margin=0.9, word=0.25,
                                   capital=0.22, brinkmanship=1, firm_shift=-10, conciliatory_shift=10),
    Temperament.MODERATE: Profile(domestic=1.0, shared=1.0, assertive=0.0, accept_margin=0.25, word=1.4,
                                  capital=0.18, brinkmanship=0, firm_shift=0, conciliatory_shift=0),
    Temperament.COOPERATIVE: Profile(domestic=0.6, shared=1.5, assertive=-0.8, accept_margin=-0.1, word=2.5,
                                     capital=0.15, brinkmanship=0, firm_shift=10, conciliatory_shift=-10),
}


def profile(temperament: Temperament | str) -> Profile:
    found = _BY_TEXT.get(temperament)
    return found if found is not None else PROFILES[Temperament(temperament)]


#: The profiles by a temperament's text (a member is its text too): a lookup, not an enum call,
#: on every decision.
_BY_TEXT: dict[str, Profile] = {str(t.value): p for t, p in PROFILES.items()}
