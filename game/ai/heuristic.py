"""The easy and normal players: a role's flowchart first, then the best value for its capital.

One decision at a time, by phase:

* **crisis** — the response with the best value for its cost, a hardliner leaning to the firm one;
* **negotiation** — answer what is on the table (accept, reject or counter), make at most one
  offer a turn, then finish;
* **actions** — take a Council step open now (or sign an approved memorandum) first, keep (or
  break) promises that fall due, walk the role's flowchart (:mod:`game.ai.priorities`), then order whatever is worth
  its capital, then submit.

Easy players use the same machinery with a shallower valuation, skip flowchart steps at random,
sometimes act on a hunch, and never counter-propose.
"""

from __future__ import annotations

import random

from game.ai.board import Board
from game.ai.decision import Decision
from game.ai.negotiator import Negotiator, deliverable_now
from game.ai.priorities import FLOWCHARTS, Priority, ordered
from rules import chance
from rules import orders as order_rules
from rules import quantities as q
from rules.core.actions import Action, LegalAction
from rules.core.engine import ACCEPT, DELIVER, END_NEGOTIATION, END_ORDERS, PROPOSE, RESPOND
from rules.core.phases import Phase
from rules.hot import hot
from rules.schema import Action as CatalogueAction

#: Chance that an easy player acts on a hunch (an order or a crisis response picked at random).
EASY_HUNCH = 0.3
#: Chance that an easy player overlooks a step of its flowchart when it walks it (a missed
#: opportunity). At one in two, Serbia's easy player missed so much of its plan (the EU path,
#: holding KECI back) that it scored barely above a random one: easy - random +0.90 [-0.05, +1.84]
#: over 200 paired games (normal - easy +3.17). Overlooking one step in four gave Serbia's easy
#: player +1.25 [+0.49, +2.00] and moved no other role's (EU +0.18, NATO -0.08, Kosovo -0.15,
#: every interval across zero; 200 paired games each), so easy still plays a weaker game for every role.
EASY_SKIP = 0.25
#: Flowchart steps taken before any promise is paid: a Council step that can be taken now (a KECI
#: motion the Council would carry, lifting a suspension, the Special Representative) and Kosovo's
#: signature on an approved memorandum outrank another delivery, which can wait for next
#: half-year's capital (paying promises first left NATO without the capital to launch KECI in
#: about 1.8 turns a game; a promise it then cannot pay lapses, at the cost of a default).
COUNCIL_FIRST = frozenset({"propose_keci", "lift_suspension", "special_representative", "sign_memorandum"})


def decide(board: Board, legal: list[LegalAction], rng: random.Random) -> Decision:
    """The heuristic decision for ``board.role`` among ``legal`` (the real game's templates)."""
    phase = board.state.phase
    if phase == Phase.CRISIS:
        return respond(board, legal, rng)
    if phase == Phase.NEGOTIATION:
        return negotiate(board, legal, rng)
    return order(board, legal, rng)


# -- crisis ---------------------------------------------------------------------------------------

def response_values(board: Board, legal: list[LegalAction]) -> list[tuple[float, LegalAction]]:
    card = board.content.crises[board.state.crisis] if board.state.crisis else None
    if card is None:
        return [(0.0, t) for t in legal]
    by_id = {r.id: r for r in card.responses.get(board.role, [])}
    out = []
    for t in legal:
        r = by_id[t.params["response"][0]]
        value = board.valuer.gain(r.effects) - board.prof.capital * r.cost
        if r.unilateral or r.effects.get("north_tension", 0) > 0:
            value += board.prof.assertive
        if r.unilateral:
            value -= _unilateral_cost(board)
        out.append((value, t))
    return out


def respond(board: Board, legal: list[LegalAction], rng: random.Random) -> Decision:
    scored = response_values(board, legal)
    if board.easy and rng.random() < EASY_HUNCH:
        t = scored[rng.randrange(len(scored))][1]
    else:
        t = max(scored, key=lambda vt: vt[0])[1]
    return respond_decision(board, t)


def respond_decision(board: Board, t: LegalAction) -> Decision:
    action = Action.make(board.role, RESPOND, response=t.params["response"][0])
    return Decision(action, _respond_reason(board, t))


def _respond_reason(board: Board, t: LegalAction) -> str:
    card = board.content.crises[board.state.crisis] if board.state.crisis else None
    name = card.name if card else "the crisis"
    response = next((r for r in card.responses[board.role] if r.id == t.params["response"][0]), None) if card else None
    why = board.valuer.explain(response.effects) if response else ""
    if not why and t.cost:
        return f"{board.me} answers '{name}' with '{t.label}': it judges this the best use of its capital."
    if not why:
        return f"{board.me} answers '{name}' with '{t.label}': nothing more is worth its capital now."
    return f"{board.me} answers '{name}' with '{t.label}', because it {why}."


# -- negotiation ----------------------------------------------------------------------------------

def negotiate(board: Board, legal: list[LegalAction], rng: random.Random) -> Decision:
    negotiator = Negotiator(board)
    answers = [t for t in legal if t.id == ACCEPT]
    if answers:
        pid = min(t.params["proposal"][0] for t in answers)
        return negotiator.answer(board.state.proposals[pid - 1], legal)
    if any(t.id == PROPOSE for t in legal) and not (board.easy and rng.random() < 0.5):
        offer = negotiator.propose(legal)
        if offer is not None:
            return offer
    return end_negotiation(board)


def end_negotiation(board: Board) -> Decision:
    return ends_negotiating(board.role, board.me)


def ends_negotiating(role: str, name: str) -> Decision:
    """:func:`end_negotiation` for ``role`` named ``name``, without a board: what :func:`negotiate`
    decides when finishing is the only move open (nothing to answer, no offer to make)."""
    return Decision(Action.make(role, END_NEGOTIATION),
                    f"{name} finishes negotiating: no other deal this turn is worth its price.")


# -- actions --------------------------------------------------------------------------------------

def _unilateral_cost(board: Board) -> float:
    """What a unilateral move in the north costs a role with a stake in KECI beyond its effects:
    a suspension of KECI and fresh objections in the Council."""
    stake = board.content.roles[board.role].preferences.get("keci_phase", 0.0)
    if stake <= 0 or board.persona.shallow:
        return 0.0
    suspended = 0.5 * stake if board.state.keci_phase >= 1 and not board.state.keci_suspended else 0.0
    return suspended + 0.3 * stake


def _op_value(board: Board, action: CatalogueAction, params: dict[str, str]) -> float:
    op, st, v = action.op, board.state, board.valuer
    if op is None:
        return 0.0
    if op == "keci_propose":
        if not board.keci_clear():
            return 0.0
        return v.ref_gain("keci_phase", 1) * (0.9 if st.keci_phase == 0 else 1.0)
    if op == "keci_sign":
        return v.ref_gain("keci_phase", 1) if st.keci_mou_approved else 0.0
    if op == "keci_lift_suspension":
        ok = q.holds(st, board.content.keci.resume_when)
        return 0.5 * board.content.roles[board.role].preferences.get("keci_phase", 0.0) if ok else 0.0
    if op == "special_rep_propose":
        if st.special_rep is not None or board.objections("special_representative"):
            return 0.0
        return v.ref_gain("special_representative", 1) + candidate_value(board, params.get("candidate", ""))
    if op == "unilateral_north":
        return -_unilateral_cost(board)
    if op == "convene_dialogue" and st.special_rep:
        bonus = board.content.candidates[st.special_rep].dialogue_bonus
        return v.gain({"dialogue_momentum": bonus})
    return 0.0


def candidate_value(board: Board, candidate_id: str) -> float:
    """A Special Representative's traits, valued on this board over the turns left."""
    cand = board.content.candidates.get(candidate_id)
    if cand is None:
        return 0.0
    v = board.valuer
    return (3 * v.gain({"malign_influence": -cand.counter_disinformation})
            + 3 * _campaign_share(board) * v.gain({"malign_influence": -cand.early_warning})
            + 1.5 * v.gain({"north_tension": -cand.crisis_dampening})
            + v.gain({"dialogue_momentum": cand.dialogue_bonus}))


def _campaign_share(board: Board) -> float:
    """The chance that this half-year's crisis card is a disinformation campaign: how often an
    early warning (rules.special_rep.forewarn) has a campaign to work on. Read off the crisis
    draw itself (its cards and the quiet half-year, rules.chance)."""
    cards = board.content.crises
    return sum(p for card, p in chance.crisis_draw(board.content, board.state).probabilities
               if card is not None and cards[card].disinformation)


def _assertive(op: str | None, effects: dict[str, int]) -> bool:
    """An order that moves against calm in the north (what a hardliner's assertiveness prizes)."""
    return op == "unilateral_north" or effects.get("north_tension", 0) > 0


def order_value(board: Board, action: CatalogueAction, params: dict[str, str] | None = None) -> float:
    """The value of a catalogue order to this board's persona, before its capital cost."""
    key = (action.id, tuple(sorted((params or {}).items())))
    cached = board.memo.get(key)
    if cached is None:
        cached = board.memo[key] = _order_value(board, action, params or {})
    return cached


def _order_value(board: Board, action: CatalogueAction, params: dict[str, str]) -> float:
    # The rulebook's numbers of the action read from its compiled copy (rules.hot): the model's
    # attributes cost a generic lookup each, and its effects are valued as the pairs kept there.
    h = hot(board.content).actions[action.id]
    v = board.valuer.gain_of(h.effect_items)
    if h.risky:
        risk = action.risk
        assert risk is not None
        v += risk.chance * board.valuer.gain(risk.effects)
    v += 0.0 if h.op is None else _op_value(board, action, params)
    if _assertive(h.op, h.effects):
        v += board.prof.assertive
    return v


def _params(board: Board, t: LegalAction) -> dict[str, str]:
    if "candidate" in t.params:
        key = ("candidate", tuple(t.params["candidate"]))
        if key not in board.memo:
            board.memo[key] = max(t.params["candidate"], key=lambda c: candidate_value(board, c))
        return {"candidate": board.memo[key]}
    return {k: vals[0] for k, vals in t.params.items()}


def order(board: Board, legal: list[LegalAction], rng: random.Random) -> Decision:
    c, role = board.content, board.role
    negotiator: Negotiator | None = None  # made only when a promise is due: most orders have none
    actions = c.actions
    catalogue = [(actions[t.id], t) for t in legal if t.id in actions]
    by_id = {t.id: (a, t) for a, t in catalogue}  # the rulebook keys each action by its id
    if not board.easy:
        for step in FLOWCHARTS.get(role, ()):
            if step.id in COUNCIL_FIRST:
                picked = _flowchart_pick(board, step, by_id)
                if picked is not None:
                    action, t = picked
                    return Decision(Action.make(role, t.id, **_params(board, t)), step.reason(board, action.name))
    lapsing: list[str] = []
    for t in legal:
        if t.id != DELIVER:
            continue
        deal = board.state.deals[t.params["deal"][0] - 1]
        if not deliverable_now(board, deal):
            continue
        negotiator = negotiator or Negotiator(board)
        keep, why = negotiator.keeps(deal)
        if board.easy and rng.random() < 0.15:
            keep = not keep
        if keep:
            return Decision(Action.make(role, DELIVER, deal=deal.id), why)
        if deal.due_turn <= board.state.turn:
            lapsing.append(why)
    if board.easy and catalogue and rng.random() < EASY_HUNCH:
        action, t = catalogue[rng.randrange(len(catalogue))]
        return Decision(Action.make(role, t.id, **_params(board, t)), f"{board.me} orders '{action.name}' on a hunch.")
    for step in ordered(board, FLOWCHARTS.get(role, ())):
        if board.easy and rng.random() < EASY_SKIP:
            continue
        picked = _flowchart_pick(board, step, by_id)
        if picked is not None:
            action, t = picked
            return Decision(Action.make(role, t.id, **_params(board, t)), step.reason(board, action.name))
    ranked = ranked_orders(board, legal)
    if ranked:
        return order_decision(board, ranked[0][0], ranked[0][1])
    return end_orders(board, lapsing)


def order_decision(board: Board, action: CatalogueAction, t: LegalAction) -> Decision:
    why = board.valuer.explain(action.effects)
    tail = f", because it {why}" if why else ""
    return Decision(Action.make(board.role, t.id, **_params(board, t)), f"{board.me} orders '{action.name}'{tail}.")


def end_orders(board: Board, lapsing: list[str]) -> Decision:
    if lapsing:
        return Decision(Action.make(board.role, END_ORDERS), lapsing[0])
    capital = order_rules.available_capital(board.state, board.role)
    return Decision(Action.make(board.role, END_ORDERS),
                    f"{board.me} submits its orders: nothing else is worth its remaining {capital} political capital.")


def _flowchart_pick(board: Board, step: Priority,
                    by_id: dict[str, tuple[CatalogueAction, LegalAction]]) -> tuple[CatalogueAction, LegalAction] | None:
    options = [by_id[a] for a in step.picks if a in by_id]
    if not options or not step.when(board):
        return None
    floor = -1.0 - (1.5 if step.stance == "firm" and board.prof.assertive > 0 else 0.0)
    scored = [(order_value(board, a, _params(board, t)) - board.prof.capital * a.cost, a, t) for a, t in options]
    value, action, t = max(scored, key=lambda x: x[0])
    return (action, t) if value >= floor else None


def ranked_orders(board: Board, legal: list[LegalAction]) -> list[tuple[CatalogueAction, LegalAction, float]]:
    """Catalogue orders worth their cost, best value per point of capital first."""
    c = board.content
    out = []
    for t in legal:
        action = c.actions.get(t.id)
        if action is None:
            continue
        value = order_value(board, action, _params(board, t))
        per = value / max(0.5, action.cost)
        if per > board.prof.capital:
            out.append((action, t, per))
    out.sort(key=lambda x: -x[2])
    return out
