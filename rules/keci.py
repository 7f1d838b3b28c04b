"""KECI: the phase ladder, its Council motions, suspension and scheduled reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules import quantities as q
from rules.council import council_vote
from rules.effects import apply_effects, event
from rules.tables import holds, holds_any, tables
from rules.values import Event

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content


def next_phase_blockers(content: Content, state: GameState) -> list[str]:
    """What stands between KECI and its next phase, apart from Council consent."""
    if state.keci_suspended:
        return ["KECI is suspended"]
    if state.keci_phase >= 3:
        return ["KECI has reached its last phase"]
    if state.keci_phase >= content.scenarios[state.scenario].keci_max_phase:
        return [f"in this scenario the Allies go no further than phase {state.keci_phase}"]
    if state.keci_mou_approved:
        return [f"the memorandum awaits {content.roles[content.keci.partner_role].name}'s signature"]
    nxt = content.keci.phases[state.keci_phase + 1]
    reasons = []
    waited = state.turn - state.keci_since
    if waited < nxt.min_turns_in_previous:
        reasons.append(f"{nxt.min_turns_in_previous - waited} more turn(s) in phase {state.keci_phase} first")
    reasons += q.unmet(state, nxt.unlock)
    if not q.holds_any(state, nxt.unlock_any):
        options = " or ".join("; ".join(q.unmet(state, alt)) for alt in nxt.unlock_any)
        reasons.append(f"a breakthrough: {options}")
    return reasons


def next_phase_open(content: Content, state: GameState) -> bool:
    """``not next_phase_blockers(content, state)`` without writing the reasons: listing NATO's
    orders asks it every time, and only the player who is refused needs them in words."""
    phase = state.keci_phase
    if state.keci_suspended or phase >= 3 or state.keci_mou_approved:
        return False
    if phase >= content.scenarios[state.scenario].keci_max_phase:  # a dict read: see orders.resolve_orders
        return False
    unlock, unlock_any = tables(content).unlock[phase + 1]
    return (state.turn - state.keci_since >= content.keci.phases[phase + 1].min_turns_in_previous
            and holds(state, unlock) and holds_any(state, unlock_any))


def propose_next_phase(content: Content, state: GameState, cause: str) -> list[Event]:
    """Put the next phase to the Council; phase 1 then also needs the partner's signature."""
    blockers = next_phase_blockers(content, state)
    if blockers:
        return [event(state, "keci", "The KECI proposal cannot go to the Council yet", "; ".join(blockers))]
    nxt = content.keci.phases[state.keci_phase + 1]
    assert nxt.motion is not None
    passed, events = council_vote(content, state, nxt.motion, cause)
    if not passed:
        return events
    if state.keci_phase == 0:
        state.keci_mou_approved = True
        events.append(event(state, "keci", "The KECI memorandum is approved and open for signature",
                            "status-neutral wording let every Ally consent"))
    else:
        events += enter_phase(content, state, nxt.number, "the Council approved the next phase")
    return events


def enter_phase(content: Content, state: GameState, number: int, cause: str) -> list[Event]:
    state.keci_phase = number
    state.keci_since = state.turn
    state.keci_mou_approved = False
    phase = content.keci.phases[number]
    opened = ", ".join(phase.activities)
    return [event(state, "keci", f"KECI enters {phase.name}", cause, phase=number, opened=opened)]


def sign(content: Content, state: GameState, cause: str) -> list[Event]:
    if not state.keci_mou_approved:
        return [event(state, "keci", "There is no approved KECI memorandum to sign", cause)]
    return enter_phase(content, state, 1, cause)


def suspend(state: GameState, cause: str, why: str) -> list[Event]:
    """``why`` is "escalation" or "unilateral": the structured form of ``cause``."""
    if state.keci_phase == 0 or state.keci_suspended:
        return []
    state.keci_suspended = True
    return [event(state, "keci", "KECI is suspended: its activities stop until NATO lifts the suspension", cause,
                  suspended=True, why=why)]


def check_suspension(content: Content, state: GameState) -> list[Event]:
    if state.keci_phase and not state.keci_suspended and holds(state, tables(content).suspend_when):
        return suspend(state, "escalation in the north: " + ", ".join(
            f"{ref} reached {q.get(state, ref)}" for ref in content.keci.suspend_when), "escalation")
    return []


def on_unilateral(content: Content, state: GameState, cause: str) -> list[Event]:
    state.last_unilateral = state.turn
    if content.keci.suspend_on_unilateral:
        return suspend(state, f"uncoordinated action in the north ({cause})", "unilateral")
    return []


def lift_suspension(content: Content, state: GameState, cause: str) -> list[Event]:
    if not state.keci_suspended:
        return []
    reasons = q.unmet(state, content.keci.resume_when)
    if reasons:
        return [event(state, "keci", "KECI stays suspended", "; ".join(reasons), suspended=True,
                      unmet=sorted(ref for ref in content.keci.resume_when
                                   if not q.holds(state, {ref: content.keci.resume_when[ref]})))]
    state.keci_suspended = False
    return [event(state, "keci", "KECI's suspension is lifted", cause, suspended=False)]


def run_reviews(content: Content, state: GameState) -> list[Event]:
    """Scheduled reviews (KECI report, PARP, ITPP mid-term) every ``every`` turns."""
    events = []
    for review, requires, check in tables(content).reviews:
        if state.turn % review.every or not holds(state, requires):
            continue
        if holds(state, check):
            events.append(event(state, "review", f"{review.name}: passed", "targets met", review=review.id,
                                passed=True))
            events += apply_effects(content, state, review.pass_effects, review.name)
        else:
            events.append(event(state, "review", f"{review.name}: targets missed", "; ".join(q.unmet(state, review.check)),
                                review=review.id, passed=False))
            events += apply_effects(content, state, review.fail_effects, review.name)
    return events
