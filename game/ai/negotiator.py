"""Negotiation in character: what to propose, how to answer, whether to keep one's word.

A deal is valued from both sides with the same potential the rest of the AI uses: what the
role receives, what delivering its own side does to the board, and the political capital it
costs. The other side is judged by a model of it built from public information only (see
:mod:`game.ai.persona`). Roles whose postures point the same way (Kosovo and NATO on KECI, say)
treat each other as partners: they weigh the partner's gain in their own offers and ask less of
a partner's. Some demands are matters of principle rather than arithmetic (reciprocity on the
Association and de facto recognition); those are listed in :data:`RECIPROCITY` with the sentence
a player reads when an AI refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from game.ai.board import Board
from game.ai.decision import Decision
from game.ai.persona import imagined
from game.ai.temperament import Temperament, profile
from game.ai.valuation import Valuer, valuer_for
from rules import negotiation as negotiation_rules
from rules import quantities as q
from rules.core.actions import Action, LegalAction
from rules.core.engine import ACCEPT, COUNTER, PROPOSE, REJECT
from rules.core.state import GameState
from rules.hot import hot
from rules.loader import Content
from rules.values import Deal, Proposal

#: Default deadline of an AI's offers: deliver this turn or the next.
DEADLINE = 2
#: Offers an AI makes per turn at most (each to a different role).
OFFERS_PER_TURN = 2
#: How another role is assumed to value its political capital (a moderate's valuation).
_MODEL_CAPITAL = profile(Temperament.MODERATE).capital
#: What a moderate asks of a deal beyond its cost (see :meth:`Negotiator._margin`).
_MODEL_MARGIN = profile(Temperament.MODERATE).accept_margin


@dataclass(frozen=True, slots=True)
class Principle:
    """``role`` will not deliver ``item`` until ``requires`` holds, unless the same deal gives it
    one of ``unless_given``. Hardliners and moderates hold to it; cooperative players waive it."""

    role: str
    item: str
    requires: tuple[tuple[str, int], ...]
    unless_given: tuple[str, ...]
    reason: str


RECIPROCITY: tuple[Principle, ...] = (
    Principle("serbia", "de_facto_recognition_step", (("commitment.asm", 2),), ("asm_statute_step",),
              "the Association has not been established under the agreed statute"),
    Principle("serbia", "no_blocking_council_of_europe", (("commitment.asm", 2),), ("asm_statute_step",),
              "Prishtina has not adopted the Association's statute under its constitutional framework"),
    # Chapter 35: since the Ohrid annex Serbia's accession runs through implementing the Agreement, so
    # the EU trades an accession step for implementation, not for attendance or promises of calm.
    Principle("eu", "accession_chapter", (("commitment.serbia_de_facto", 3),),
              ("de_facto_recognition_step", "no_blocking_council_of_europe", "restrain_malign_influence"),
              "Serbia's accession moves with its implementation of the Agreement (Chapter 35), and this deal has none"),
    # Documents and plates are accepted from the start (2025): reciprocity means a step beyond them.
    Principle("kosovo", "asm_statute_step", (("commitment.serbia_de_facto", 2),),
              ("de_facto_recognition_step", "pfp_perspective_guarantee"),
              "Serbia has taken no de facto recognition step in return"),
)


def reciprocal(role: str, ask: str, give: str) -> bool:
    """Whether giving ``ask`` for ``give`` is the very exchange one of ``role``'s principles demands
    (Kosovo's Association step for Serbia's de facto recognition step, and the reverse). Such a
    deal is taken whenever it is worth its cost, whatever the temperament: a government that has
    made reciprocity its condition cannot refuse reciprocity when it is offered. Before, a hardliner
    Kosovo refused every such offer from Serbia (67 of 67, 60 standard games) though by its own
    valuation each was worth about +0.5, below a hardliner's margin of 0.9; a Kosovo that accepted
    every offer then scored 2 points more than the normal one (200 paired games)."""
    return any(p.role == role and p.item == ask and give in p.unless_given for p in RECIPROCITY)


@lru_cache(maxsize=64)
def partners(content: Content, role: str) -> frozenset[str]:
    """Roles whose posture overlaps this role's: the dot product of their preferences is positive."""
    mine = content.roles[role].preferences
    out = set()
    for other, r in content.roles.items():
        if other == role:
            continue
        overlap = sum(w * r.preferences.get(ref, 0.0) for ref, w in mine.items() if "." not in ref or ref.startswith("commitment."))
        if overlap > 0.5:
            out.add(other)
    return frozenset(out)


def _principle_blocks(board: Board, item: str, given: str, role: str | None = None) -> Principle | None:
    """The principle that stops ``role`` (default: the board's own role) delivering ``item`` in
    exchange for ``given``. Another role's principles are public, its temperament is not: an AI
    assumes the other side holds to them."""
    role = role or board.role
    if role == board.role and board.persona.temperament == Temperament.COOPERATIVE:
        return None
    for p in RECIPROCITY:
        if (p.role == role and p.item == item and given not in p.unless_given
                and any(board.get(ref) < need for ref, need in p.requires)):
            return p
    return None


def _item_value(content: Content, valuer: Valuer, item_id: str, giver: str, capital: float,
                owed: bool = False) -> float:
    """What delivering ``item_id`` by ``giver`` is worth to ``valuer``'s persona (cost included if it gives).

    ``owed``: the giver already owes this item to someone, and the same act counts once on the
    ground in a half-year, so a second promise of it moves nothing."""
    item = hot(content).items[item_id]  # the rulebook's numbers, read without the model's attribute lookups
    value = valuer.gain_of(() if owed else item.effect_items, giver=giver)
    if giver == valuer.persona.role:
        value -= capital * item.deliver_cost
    return value


def owed_items(state: GameState) -> frozenset[tuple[str, str]]:
    """The (giver, item) pairs that open deals (public) already commit for the half-year a new
    offer would fall due in. An item delivered twice in one half-year counts once on the ground,
    so a second promise of it for the same half-year moves nothing."""
    due = state.turn + DEADLINE - 1
    return frozenset((d.giver, d.item) for d in state.deals if d.status == "open" and d.due_turn == due)


class Negotiator:
    """One role's negotiation judgement on one board."""

    def __init__(self, board: Board):
        self.b = board
        self._models: dict[str, Valuer] = {}
        self._owed = owed_items(board.state)

    def _value(self, valuer: Valuer, item: str, giver: str, capital: float) -> float:
        owed = (giver, item) in self._owed
        key = ("item", item, giver, capital, owed)
        # get, not try/except: most items are valued once per board, and a raised KeyError costs
        # more than the lookup.
        known: float | None = valuer.memo.get(key)
        if known is None:
            known = valuer.memo[key] = _item_value(self.b.content, valuer, item, giver, capital, owed)
        return known

    def model(self, other: str) -> Valuer:
        """The other role as this one pictures it (public objectives, moderate)."""
        if other not in self._models:
            b = self.b
            self._models[other] = valuer_for(b.content, b.state, imagined(b.content, other, scenario=b.state.scenario), b.key, b.owned)
        return self._models[other]

    def _mine(self, give: str, ask: str, other: str) -> float:
        b = self.b
        reliability = min(1.0, 0.5 + 0.1 * b.get(f"{other}.credibility")) if other in b.state.role_tracks else 1.0
        return (reliability * self._value(b.valuer, ask, other, b.prof.capital)
                + self._value(b.valuer, give, b.role, b.prof.capital))

    def _owed_cost(self) -> int:
        return sum(self.b.content.items[d.item].deliver_cost for d in negotiation_rules.open_deals(self.b.state, self.b.role))

    def best_offer(self, other: str, gives: list[str], asks: list[str]) -> tuple[float, str, str] | None:
        """The deal with ``other`` this role likes best among those it expects ``other`` to accept
        (the same on the same board, so it is worked out once per board)."""
        # The board's memo is shared by boards with the same numbers; the deals owed are not
        # among them, so they are part of the key. (Keying only by the owed items the offer's
        # values read was tried: it saved 4 of ~5,600 offers worked out in 40 games.)
        key = ("offer", self.b.persona, other, tuple(gives), tuple(asks), self._owed)
        memo = self.b.memo
        if key not in memo:
            memo[key] = self._best_offer(other, gives, asks)
        return memo[key]  # type: ignore[no-any-return]

    def _best_offer(self, other: str, gives: list[str], asks: list[str]) -> tuple[float, str, str] | None:
        b = self.b
        partner = other in partners(b.content, b.role)
        floor = max(0.3, b.prof.accept_margin)
        need = 0.0 if partner else 0.15
        weight = 0.5 if partner else 0.2
        reliability = min(1.0, 0.5 + 0.1 * b.get(f"{other}.credibility")) if other in b.state.role_tracks else 1.0
        cap = b.prof.capital
        # Both sides' values are sums of a part per item, so each item is valued once; the other
        # side is only pictured for pairs this role would want at all.
        my_gives = [(g, self._value(b.valuer, g, b.role, cap)) for g in gives]
        my_asks = [(a, reliability * self._value(b.valuer, a, other, cap)) for a in asks]
        pairs = [(mg + ma, g, a) for g, mg in my_gives for a, ma in my_asks if mg + ma >= floor and g != a]
        if not pairs:
            return None
        model = self.model(other)
        best: tuple[float, str, str] | None = None
        # Each item is valued once for the other side, however many pairs it is in.
        their_gets: dict[str, float] = {}
        their_gives: dict[str, float] = {}
        for mine, give, ask in pairs:
            got = their_gets.get(give)
            if got is None:
                got = their_gets[give] = self._value(model, give, b.role, _MODEL_CAPITAL)
            given = their_gives.get(ask)
            if given is None:
                given = their_gives[ask] = self._value(model, ask, other, _MODEL_CAPITAL)
            theirs = got + given
            if theirs < need:
                continue
            score = mine + weight * theirs
            if ((best is None or score > best[0]) and not _principle_blocks(b, give, ask)
                    and not _principle_blocks(b, ask, give, other)):
                best = (score, give, ask)
        return best

    # -- proposing ----------------------------------------------------------------------

    def propose(self, templates: list[LegalAction]) -> Decision | None:
        b = self.b
        if b.state.proposals_made.get(b.role, 0) >= OFFERS_PER_TURN or self._owed_cost() >= 6:
            return None
        best: tuple[float, str, str, str] | None = None
        # One deal per pair and turn: once this role has dealt with a role, it talks to another.
        dealt = {p.recipient if p.sender == b.role else p.sender for p in negotiation_rules.this_turn(b.state)
                 if b.role in (p.sender, p.recipient)}
        for t in templates:
            if t.id != PROPOSE:
                continue
            other = t.params["to"][0]
            if other in dealt:
                continue
            if b.get(f"trust.{b.role}.{other}") <= (3 if b.persona.temperament == Temperament.HARDLINER else 1):
                continue
            offer = self.best_offer(other, t.params["give"], t.params["ask"])
            if offer is not None and (best is None or offer[0] > best[0]):
                best = (offer[0], other, offer[1], offer[2])
        if best is None:
            return None
        _, other, give, ask = best
        action = Action.make(b.role, PROPOSE, to=other, give=give, ask=ask, deadline=DEADLINE)
        return Decision(action, self._offer_reason(other, give, ask, "proposes to"))

    def offer_reason(self, other: str, give: str, ask: str) -> str:
        """Why this role proposes ``give`` for ``ask`` to ``other`` (for a search that proposes)."""
        return self._offer_reason(other, give, ask, "proposes to")

    def _offer_reason(self, other: str, give: str, ask: str, verb: str) -> str:
        b, c = self.b, self.b.content
        why = b.valuer.explain(c.items[ask].effects, giver=other)
        partner = " as a partner" if other in partners(c, b.role) else ""
        text = (f"{b.me} {verb} {b.name(other)}{partner}: '{c.items[give].name}' for '{c.items[ask].name}'")
        return f"{text}, because the latter {why}." if why else f"{text}."

    # -- answering ----------------------------------------------------------------------

    def answer(self, proposal: Proposal, templates: list[LegalAction]) -> Decision:
        """Accept, counter or reject ``proposal``, with the reason the sender will read."""
        why_not = self.objection(proposal)
        if why_not is None:
            return self.accept(proposal)
        counter = None if self.b.easy else self.counter(proposal, templates, why_not)
        return counter if counter is not None else self.reject(proposal, why_not)

    def objection(self, proposal: Proposal) -> str | None:
        """Why this role will not take the deal as offered, or None if it will."""
        b, c = self.b, self.b.content
        blocked = _principle_blocks(b, proposal.ask, proposal.give)
        if blocked is not None:
            return blocked.reason
        if self._owed_cost() + c.items[proposal.ask].deliver_cost > 10:
            return "it already owes more than it could deliver"
        net = self._mine(proposal.ask, proposal.give, proposal.sender)
        margin = self._margin(proposal.ask) - (0.25 if proposal.sender in partners(c, b.role) else 0.0)
        if reciprocal(b.role, proposal.ask, proposal.give):
            margin = min(margin, 0.0)
        if net >= margin:
            return None
        harm = b.valuer.explain(c.items[proposal.ask].effects, giver=b.role, want=-1)
        if harm:
            return (f"'{c.items[proposal.ask].name}' {harm} and '{c.items[proposal.give].name}' "
                    "does not make up for it")
        return (f"'{c.items[proposal.give].name}' is not worth what delivering "
                f"'{c.items[proposal.ask].name}' would cost it")

    def _margin(self, ask: str) -> float:
        """What a deal asking ``ask`` of this role must bring it, beyond its cost, before it agrees.

        A hardliner's higher margin is the price of a *concession*: delivering what moves the board
        against its own aims, which its home audience reads as giving in. Asked for something it
        wants done anyway (its effects are worth something to it, and only the capital it costs
        counts against it), it has nothing to concede, and it weighs the deal as a moderate would.
        Before, the hardliner's margin held for every deal: a hardliner EU refused joint projects in
        the north (which calm the north it wants calm) from NATO, Kosovo and Serbia, and a hardliner
        Kosovo refused to rehire Kosovo Serb police for EU funds, so both lost the calm a deal
        would have bought: an EU that accepted every offer scored 0.9 more as a hardliner."""
        b = self.b
        margin = b.prof.accept_margin
        if margin > _MODEL_MARGIN and b.valuer.gain_of(hot(b.content).items[ask].effect_items, giver=b.role) >= 0:
            return _MODEL_MARGIN
        return margin

    def accept(self, proposal: Proposal) -> Decision:
        b, c = self.b, self.b.content
        why = b.valuer.explain(c.items[proposal.give].effects, giver=proposal.sender)
        tail = f": '{c.items[proposal.give].name}' {why}" if why else f": the deal is worth its cost to {b.me}"
        return Decision(Action.make(b.role, ACCEPT, proposal=proposal.id), f"{b.me} accepts{tail}.")

    def reject(self, proposal: Proposal, why: str) -> Decision:
        return Decision(Action.make(self.b.role, REJECT, proposal=proposal.id), f"{self.b.me} rejects: {why}.")

    def counter(self, proposal: Proposal, templates: list[LegalAction], why: str) -> Decision | None:
        """A counter-offer this role prefers and expects the sender to take, if there is one."""
        b, c = self.b, self.b.content
        template = next((t for t in templates if t.id == COUNTER and t.params["proposal"] == [proposal.id]), None)
        if template is None:
            return None
        offer = self.best_offer(proposal.sender, template.params["give"], template.params["ask"])
        if offer is None or (offer[1], offer[2]) == (proposal.ask, proposal.give):
            return None
        _, give, ask = offer
        action = Action.make(b.role, COUNTER, proposal=proposal.id, give=give, ask=ask, deadline=DEADLINE)
        return Decision(action, f"{b.me} counters: {why}; it offers '{c.items[give].name}' for "
                                f"'{c.items[ask].name}' instead.")

    # -- keeping one's word ---------------------------------------------------------------

    def keeps(self, deal: Deal) -> tuple[bool, str]:
        """Whether to deliver ``deal`` now, and why (in character: hardliners default more)."""
        b, c = self.b, self.b.content
        item = c.items[deal.item]
        value = _item_value(c, b.valuer, deal.item, b.role, b.prof.capital)
        penalty = c.negotiation.penalties
        word = b.prof.word * (-sum(v for r, v in penalty.default_effects.items() if "credibility" in r)
                              - penalty.default_trust) / 2
        other = b.name(deal.receiver)
        if value + word >= 0:
            why = b.valuer.explain(item.effects, giver=b.role)
            because = f": it {why}" if why and value > 0 else f": its word to {other} is worth the cost"
            return True, f"{b.me} delivers '{item.name}' as promised to {other}{because}."
        harm = b.valuer.explain(item.effects, giver=b.role, want=-1) or "costs more than it is worth"
        return False, (f"{b.me} lets its promise of '{item.name}' to {other} lapse: it {harm}, "
                       "and its government will not pay that price.")  # never name a temperament: it is secret


def deliverable_now(board: Board, deal: Deal) -> bool:
    """Deliver a deal this turn when it falls due now, or earlier when capital is plentiful."""
    return deal.due_turn <= board.state.turn or q.get(board.state, f"{board.role}.political_capital") >= 7
