"""Structured negotiation: proposals, answers, and the deals (commitments) they create.

A proposal gives one negotiable item and asks one in return. Acceptance turns it into two
deals, one owed by each side, due ``deadline`` turns from now (a deadline of 1 means this
turn's actions phase). Delivering costs the giver political capital and applies the item's
effects; a deal still open after its due turn is a default, which costs the defaulter its word
(credibility) and trust with the other party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules import special_rep
from rules.effects import apply_effects, bounded, event
from rules.hot import hot
from rules.quantities import trust_key
from rules.values import Deal, DealStatus, Event, Proposal, ProposalStatus

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content


def proposal_limit(content: Content, state: GameState, role: str) -> int:
    return hot(content).max_proposals + special_rep.extra_proposals(content, state, role)


def can_propose(content: Content, state: GameState, role: str) -> bool:
    return state.proposals_made.get(role, 0) < proposal_limit(content, state, role)


def items_of(content: Content, role: str) -> list[str]:
    """The items a role may offer."""
    return content.items_by_giver.get(role, [])


def this_turn(state: GameState) -> list[Proposal]:
    """Proposals made this turn (they are appended in order, so scan back from the end)."""
    out = []
    for p in reversed(state.proposals):
        if p.turn != state.turn:
            break
        out.append(p)
    out.reverse()
    return out


def pending_for(state: GameState, role: str) -> list[Proposal]:
    """This turn's proposals waiting for ``role``'s answer, oldest first."""
    turn, out = state.turn, []
    for p in reversed(state.proposals):
        if p.turn != turn:
            break
        if p.recipient == role and p.status == "pending":
            out.append(p)
    out.reverse()
    return out


def awaits_answer(state: GameState, role: str | None = None) -> bool:
    """``bool(pending_for(state, role))``, or whether any proposal awaits an answer (no role
    given), stopping at the first found: the engine asks it on every move of a negotiation."""
    turn = state.turn
    for p in reversed(state.proposals):
        if p.turn != turn:
            return False
        if p.status == "pending" and (role is None or p.recipient == role):
            return True
    return False


def _describe(content: Content, p: Proposal) -> str:
    h = hot(content)
    return (f"{h.role_name[p.sender]} offers '{h.items[p.give].name}' and asks "
            f"'{h.items[p.ask].name}' of {h.role_name[p.recipient]} "
            f"within {p.deadline} turn(s)")


def propose(content: Content, state: GameState, sender: str, recipient: str, give: str, ask: str,
            deadline: int, counter_of: int | None = None) -> list[Event]:
    proposal = Proposal(id=len(state.proposals) + 1, sender=sender, recipient=recipient, give=give, ask=ask,
                        deadline=deadline, turn=state.turn, counter_of=counter_of)
    state.proposals.append(proposal)
    state.proposals_made[sender] = state.proposals_made.get(sender, 0) + 1
    kind = "Counter-proposal" if counter_of else "Proposal"
    return [event(state, "proposal", f"{kind} #{proposal.id}: {_describe(content, proposal)}",
                  "negotiation", visible_to=(sender, recipient), proposal=proposal.to_json())]


def _set_status(state: GameState, proposal: Proposal, status: ProposalStatus) -> Proposal:
    p = proposal  # dataclasses.replace, spelt out: it costs twice as much, on every answer
    new = Proposal(p.id, p.sender, p.recipient, p.give, p.ask, p.deadline, p.turn, status, p.counter_of)
    state.proposals[proposal.id - 1] = new
    return new


def accept(content: Content, state: GameState, proposal: Proposal) -> list[Event]:
    _set_status(state, proposal, "accepted")
    due = state.turn + proposal.deadline - 1
    first = len(state.deals) + 1
    state.deals.extend([
        Deal(first, proposal.id, proposal.sender, proposal.recipient, proposal.give, due),
        Deal(first + 1, proposal.id, proposal.recipient, proposal.sender, proposal.ask, due),
    ])
    h = hot(content)
    a, b = h.role_name[proposal.sender], h.role_name[proposal.recipient]
    events = [event(state, "deal", f"Deal #{proposal.id}: {a} will deliver '{h.items[proposal.give].name}' and {b} "
                    f"'{h.items[proposal.ask].name}' by turn {due}",
                    f"{b} accepted proposal #{proposal.id}", proposal=proposal.id)]
    events += apply_effects(content, state, h.accepted_effects,
                            f"agreement between {a} and {b}")
    return events


def reject(content: Content, state: GameState, proposal: Proposal, reason: str = "") -> list[Event]:
    _set_status(state, proposal, "rejected")
    who = hot(content).role_name[proposal.recipient]
    return [event(state, "proposal", f"{who} rejects proposal #{proposal.id}", reason or "negotiation",
                  visible_to=(proposal.sender, proposal.recipient), proposal=proposal.id)]


def counter(content: Content, state: GameState, proposal: Proposal, give: str, ask: str, deadline: int) -> list[Event]:
    _set_status(state, proposal, "countered")
    return propose(content, state, proposal.recipient, proposal.sender, give, ask, deadline, counter_of=proposal.id)


def expire_pending(state: GameState) -> list[Event]:
    events = []
    for p in this_turn(state):
        if p.status == "pending":
            _set_status(state, p, "expired")
            events.append(event(state, "proposal", f"Proposal #{p.id} expires unanswered", "the negotiation phase ended",
                                visible_to=(p.sender, p.recipient), proposal=p.id))
    return events


def open_deals(state: GameState, giver: str) -> list[Deal]:
    return [d for d in state.deals if d.giver == giver and d.status == "open"]


def delivered_this_turn(state: GameState, item_id: str) -> bool:
    """Whether some deal for ``item_id`` has already been delivered this turn."""
    turn = state.turn
    # A loop, not any() of a generator: it runs for every delivery, over every deal of the game.
    # The item first: it tells most deals apart, where comparing kept_turn (an optional int, a
    # boxed comparison when compiled) costs the most.
    for d in state.deals:
        if d.item == item_id and d.status == "kept" and d.kept_turn == turn:
            return True
    return False


def _with_status(d: Deal, status: DealStatus, kept_turn: int | None) -> Deal:
    """The deal with a new status (``dataclasses.replace`` spelt out: it costs twice as much)."""
    return Deal(d.id, d.proposal, d.giver, d.receiver, d.item, d.due_turn, status, kept_turn)


def deliver(content: Content, state: GameState, deal: Deal, floors: dict[str, int] | None = None) -> list[Event]:
    """Deliver a deal: the giver pays, the item's effects apply, the giver's word is kept.

    One delivery's effect per item per turn: an item promised to several parties and delivered
    to each in the same half-year is one act on the ground (one police recruitment, one KFOR
    reassurance), so only the first delivery moves the board; the others still keep the giver's
    word. ``floors`` bound how far a track may fall at this resolution (see
    :func:`rules.effects.bounded`).
    """
    h = hot(content)
    item = h.items[deal.item]
    repeat = delivered_this_turn(state, deal.item)
    state.deals[deal.id - 1] = _with_status(deal, "kept", state.turn)
    # The texts written once per content (rules.hot); a giver the item does not name (no
    # legal proposal makes one) is written out here.
    giver = h.role_name[deal.giver]
    cause = h.kept_cause[deal.giver][deal.receiver]
    delivers = item.delivers.get(deal.giver)
    delivered = item.delivered.get(deal.giver)
    if delivers is None or delivered is None:
        delivers, delivered = f"{giver} delivers '{item.name}'", f"{giver} delivered '{item.name}'"
    events = [Event("deal", delivers, cause, state.turn, state.phase,
                    {"deal": deal.id, "item": deal.item, "giver": deal.giver, "receiver": deal.receiver,
                     "effects_applied": not repeat})]
    events += apply_effects(content, state, {h.capital_ref[deal.giver]: -item.deliver_cost}, item.name)
    if repeat:
        events.append(event(state, "deal", f"'{item.name}' was already delivered this turn: the same act "
                            "counts once on the ground", "one delivery's effect per item per turn",
                            deal=deal.id, item=deal.item, repeat=True))
    else:
        effects, bound = bounded(content, state, item.effects, floors)
        events += bound
        events += apply_effects(content, state, effects, delivered, giver=deal.giver)
    events += apply_effects(content, state, h.kept_effects, cause, giver=deal.giver)
    events += _trust(content, state, deal, h.kept_trust, cause)
    return events


def check_deadlines(content: Content, state: GameState) -> list[Event]:
    """Deals due this turn and not delivered are defaults."""
    events = []
    p = content.negotiation.penalties
    for deal in list(state.deals):
        if deal.status != "open" or deal.due_turn > state.turn:
            continue
        state.deals[deal.id - 1] = _with_status(deal, "defaulted", deal.kept_turn)
        giver = content.roles[deal.giver].name
        cause = f"{giver} did not deliver '{content.items[deal.item].name}' by turn {deal.due_turn}"
        events.append(event(state, "default", f"{giver} defaults on deal #{deal.proposal}", cause, deal=deal.id))
        events += apply_effects(content, state, p.default_effects, cause, giver=deal.giver)
        events += apply_effects(content, state, p.default_effects_by_role.get(deal.giver, {}), cause)
        events += _trust(content, state, deal, p.default_trust, cause)
    return events


def _trust(content: Content, state: GameState, deal: Deal, delta: int, cause: str) -> list[Event]:
    h = hot(content)  # the pair's references, written once (two formatted strings a delivery)
    keys, refs = h.trust_key.get(deal.giver), h.trust_ref.get(deal.giver)
    key = keys.get(deal.receiver) if keys is not None else None
    ref = refs.get(deal.receiver) if refs is not None else None
    if key is None or ref is None:
        key, ref = trust_key(deal.giver, deal.receiver), f"trust.{deal.giver}.{deal.receiver}"
    if key not in state.trust or not delta:
        return []
    return apply_effects(content, state, {ref: delta}, cause)
