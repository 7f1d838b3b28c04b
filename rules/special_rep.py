"""The NATO Secretary General's Special Representative for the Western Balkans.

The Secretary General appoints the Representative, as the Special Representative for the
Caucasus and Central Asia was "appointed by the Secretary General" in 2004 after the Allies
agreed on the post at the Istanbul Summit (FACTS S68-S71, not the paper); it is a regional envoy, not a decision on Kosovo's
status, so the non-recognizing Allies are not asked to consent. What it needs is Allied support (a Council
cohesive enough, or a north tense enough that the case makes itself): a crisis makes the
appointment more likely, not less. Its effects are strong but not decisive: it damps a crisis
by at most one point and counters disinformation without ending it (an early warning takes a
point off a disinformation campaign's rise; it does not push malign influence down).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules.council import lacking_support
from rules.effects import apply_effects, event
from rules.hot import hot
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content
    from rules.schema import Candidate


def appointed(content: Content, state: GameState) -> Candidate | None:
    return content.candidates[state.special_rep] if state.special_rep else None


def propose(content: Content, state: GameState, candidate_id: str, cause: str) -> list[Event]:
    if state.special_rep:
        return [event(state, "special_rep", "A Special Representative is already in office", cause)]
    missing = lacking_support(content, state, "special_representative")
    if missing:
        return [event(state, "special_rep", "The Secretary General does not yet have the Allies' support "
                      "to appoint a Special Representative", "; ".join(missing), appointed=False,
                      candidate=candidate_id, reasons=tuple(missing))]
    state.special_rep = candidate_id
    return [event(state, "special_rep",
                  f"The Secretary General appoints {content.candidates[candidate_id].name} "
                  "as Special Representative for the Western Balkans",
                  f"{cause}; the Allies support the appointment (a regional envoy, not a status question)",
                  appointed=True, candidate=candidate_id)]


def counter_disinformation(content: Content, state: GameState) -> list[Event]:
    """Each briefing the Representative's strategic communications push malign influence down."""
    rep = appointed(content, state)
    if rep is None or not rep.counter_disinformation:
        return []
    return apply_effects(content, state, {"malign_influence": -rep.counter_disinformation},
                         "the Special Representative counters disinformation")


def dampen(content: Content, state: GameState, effects: dict[str, int]) -> dict[str, int]:
    """An escalation crisis raises tension less while a Representative can defuse it."""
    rep = appointed(content, state)
    rise = effects.get("north_tension", 0)
    if rep is None or rise <= 0 or not rep.crisis_dampening:
        return effects
    return {**effects, "north_tension": max(0, rise - rep.crisis_dampening)}


def forewarn(content: Content, state: GameState, effects: dict[str, int]) -> dict[str, int]:
    """A disinformation campaign raises malign influence less while a Representative with early
    warning is in office (the caller passes only cards marked ``disinformation``).

    Why: the post's mandate is to "track and confront disinformation at its early stages"; a
    campaign spotted early takes less hold. It works on each campaign as it comes, not on malign
    influence as a whole, so no holder can end it (which a stronger briefing counter did); the
    "subtler forms" (economic leverage, cyber interference, patronage) are not disinformation.
    """
    rep = appointed(content, state)
    rise = effects.get("malign_influence", 0)
    if rep is None or rise <= 0 or not rep.early_warning:
        return effects
    return {**effects, "malign_influence": max(0, rise - rep.early_warning)}


def dialogue_bonus(content: Content, state: GameState) -> list[Event]:
    rep = appointed(content, state)
    if rep is None or not rep.dialogue_bonus:
        return []
    return apply_effects(content, state, {"dialogue_momentum": rep.dialogue_bonus},
                         "the Special Representative works in tandem with the EU envoy")


def extra_proposals(content: Content, state: GameState, role: str) -> int:
    """The direct channel: the KECI partner may make extra proposals each turn."""
    rep = appointed(content, state)
    if rep is None or role != hot(content).partner_role:
        return 0
    return rep.direct_channel
