"""North Atlantic Council decisions.

A KECI motion is a consensus decision touching status: it passes only if no non-recognizing Ally
objects, and each Ally reads above all the status neutrality of the documents. A motion with
``support_any`` (the Special Representative) is not a status vote: the Secretary General acts
when Allied support is there, and the non-recognizers are not asked to consent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rules import quantities as q
from rules.effects import event
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content

#: The key under which a support motion's missing support is reported (not an Ally).
ALLIED_SUPPORT: Final = "allied_support"


def lacking_support(content: Content, state: GameState, motion_id: str) -> list[str]:
    """Why a support motion lacks Allied support now ([] when it has it, or needs none)."""
    motion = content.motions[motion_id]
    if q.holds_any(state, motion.support_any):
        return []
    return [" or ".join("; ".join(q.unmet(state, alt)) for alt in motion.support_any)]


def objections(content: Content, state: GameState, motion_id: str) -> dict[str, list[str]]:
    """Each objecting Ally and its reasons. Allies that recognized Kosovo no longer object.

    An Ally objects while its consent condition, tightened by the motion's stringency, is not
    met, or while a unilateral move in the north is within its memory. For a support motion the
    only "objection" is missing Allied support, under :data:`ALLIED_SUPPORT`.
    """
    motion = content.motions[motion_id]
    if motion.support_any:
        missing = lacking_support(content, state, motion_id)
        return {ALLIED_SUPPORT: missing} if missing else {}
    out: dict[str, list[str]] = {}
    for ally_id, ally in content.allies.items():
        if ally_id in state.recognized_by:
            continue
        reasons = q.unmet(state, ally.consents_when, motion.stringency)
        if ally.unilateral_memory and state.turn - state.last_unilateral < ally.unilateral_memory:
            reasons.append("an uncoordinated unilateral move in the north is still fresh")
        if reasons:
            out[ally_id] = reasons
    return out


def council_vote(content: Content, state: GameState, motion_id: str, cause: str) -> tuple[bool, list[Event]]:
    """Vote on a consensus motion; the events name each objecting Ally and why."""
    motion = content.motions[motion_id]
    objecting = objections(content, state, motion_id)
    events = []
    for ally_id, reasons in objecting.items():
        events.append(event(state, "veto", f"{content.allies[ally_id].name} objects to '{motion.name}'",
                            "; ".join(reasons), ally=ally_id, motion=motion_id, reasons=tuple(reasons),
                            unilateral=state.turn - state.last_unilateral < (content.allies[ally_id].unilateral_memory or 0)))
    if objecting:
        names = ", ".join(content.allies[a].name for a in objecting)
        events.append(event(state, "council", f"The North Atlantic Council cannot agree: '{motion.name}' fails",
                            f"{names} objected; the Council decides by consensus", motion=motion_id, passed=False,
                            objecting=tuple(objecting)))
        return False, events
    events.append(event(state, "council", f"The North Atlantic Council approves: '{motion.name}'",
                        f"{cause}; no Ally objected", motion=motion_id, passed=True, objecting=()))
    return True, events
