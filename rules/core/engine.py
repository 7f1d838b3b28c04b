"""The engine: one API for every client (UI, AI, CLI).

``legal_actions(role)`` lists what a role may do now, ``apply(action)`` does it and returns the
resulting events, and the phases nobody plays (briefing, resolution, review) run by themselves
in between. The whole game is a function of (content, scenario, seed, actions): :func:`replay`
rebuilds it from those alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Final

from rules import chance, crises, endings, facilitator, negotiation, orders
from rules import turn as turn_rules
from rules.bundle import Content
from rules.chance import ChanceNode
from rules.core.actions import Action, IllegalAction, LegalAction
from rules.core.phases import ACTIONS, BRIEFING, CRISIS, ENDED, GUARDS, NEGOTIATION, RESOLUTION, REVIEW, ROUTES, fire
from rules.core.state import GameState, Order
from rules.effects import event
from rules.hot import HotAction, hot
from rules.tables import Checks, holds, tables
from rules.values import Deal, Event

# Final literals: compiled, each use is inlined instead of a lookup in the module's globals.
RESPOND: Final = "respond"
PROPOSE: Final = "propose"
ACCEPT: Final = "accept"
REJECT: Final = "reject"
COUNTER: Final = "counter"
END_NEGOTIATION: Final = "end_negotiation"
END_ORDERS: Final = "end_orders"
DELIVER: Final = orders.DELIVER


class Game:
    """A game in progress. Not thread-safe; clone it to think about it elsewhere."""

    __slots__ = ("_closed", "_offered", "content", "log", "state")

    def __init__(self, content: Content, state: GameState, log: list[Action] | None = None):
        self.content = content
        self.state = state
        self.log: list[Action] = log if log is not None else []
        # The templates last listed, keyed by (moves, role): a player usually picks from them,
        # so apply() can check its move against them instead of recomputing.
        self._offered: tuple[int, str, list[LegalAction]] | None = None
        # How many of the state's deals (this very list) were closed when last listed: deals are
        # only ever appended and a closed deal never reopens (rules/negotiation.py), so a listing
        # skips them instead of reading every deal of the game again (~15 a listing late on).
        self._closed: tuple[list[Deal], int] | None = None

    @classmethod
    def new(cls, content: Content, scenario: str, seed: int) -> tuple[Game, list[Event]]:
        """Start a game and run its first briefing; returns the game and the briefing's events."""
        game = cls(content, GameState.new(content, scenario, seed))
        return game, game._advance()

    def clone(self) -> Game:
        return Game(self.content, self.state.clone(), list(self.log))

    # -- queries -------------------------------------------------------------------------

    @property
    def over(self) -> bool:
        return self.state.phase == ENDED

    def waiting_for(self) -> list[str]:
        """The roles that must act before the game can move on, in seat order."""
        st = self.state
        if st.phase == CRISIS:
            return [r for r in st.seats if r in st.crisis_pending]
        if st.phase == NEGOTIATION:
            answering = {p.recipient for p in negotiation.this_turn(st) if p.status == "pending"}
            return [r for r in st.seats if r not in st.negotiation_done or r in answering]
        if st.phase == ACTIONS:
            return [r for r in st.seats if r not in st.orders_done]
        return []

    def _due(self, role: str) -> bool:
        """``role in self.waiting_for()``, without listing the others."""
        st = self.state
        phase = st.phase
        if role not in st.seats:
            return False
        if phase == CRISIS:
            return role in st.crisis_pending
        if phase == NEGOTIATION:
            return role not in st.negotiation_done or negotiation.awaits_answer(st, role)
        if phase == ACTIONS:
            return role not in st.orders_done
        return False

    def _anyone_due(self) -> bool:
        """``bool(self.waiting_for())``, stopping at the first role found."""
        st = self.state
        phase = st.phase
        # Plain loops: a generator per question cost more than the question (asked every move).
        if phase == CRISIS:
            pending = st.crisis_pending
            for r in st.seats:
                if r in pending:
                    return True
            return False
        if phase == NEGOTIATION:
            done = st.negotiation_done
            for r in st.seats:
                if r not in done:
                    return True
            return negotiation.awaits_answer(st)
        if phase == ACTIONS:
            done = st.orders_done
            for r in st.seats:
                if r not in done:
                    return True
        return False

    def legal_actions(self, role: str) -> list[LegalAction]:
        """Everything ``role`` may do now; empty when it has nothing to do."""
        if not self._due(role):
            return []
        templates = self._templates(role, None)
        self._offered = (self.state.moves, role, templates)
        return templates

    def _templates(self, role: str, only: str | None) -> list[LegalAction]:
        """Legal templates for a role that is due to act, restricted to action id ``only`` when
        given (checking one move is cheaper than listing them all)."""
        st, c = self.state, self.content
        if st.phase == CRISIS:
            if st.crisis is None or role not in st.crisis_pending:  # crises.response_options
                return []
            capital = st.role_tracks[role]["political_capital"]
            return [t for cost, t in _responses(c, st.crisis, role) if cost <= capital]
        if st.phase == NEGOTIATION:
            return self._negotiation_options(role)
        return self._order_options(role, only)

    def _negotiation_options(self, role: str) -> list[LegalAction]:
        st, c = self.state, self.content
        out: list[LegalAction] = []
        # negotiation.can_propose and items_of read inline (this runs at every listing of the
        # phase): without a Special Representative no role has extra proposals.
        memo = _memo(c)
        if st.special_rep:
            may_propose = negotiation.can_propose(c, st, role)
        else:
            may_propose = st.proposals_made.get(role, 0) < memo.max_proposals
        mine = c.items_by_giver.get(role)
        answers = memo.answers
        for p in negotiation.pending_for(st, role):
            key = (role, p.id, p.sender, bool(may_propose and mine))
            found = answers.get(key)
            if found is None:
                found = answers[key] = _answers(c, *key)
            out += found
        if role in st.negotiation_done:
            return out
        if may_propose:
            seats = st.seats
            to = memo.proposals.get((role, seats))
            if to is None:
                to = memo.proposals[role, seats] = _proposals_to(c, role, seats)
            out += to
        out.append(_END_NEGOTIATION)
        return out

    def _order_options(self, role: str, only: str | None) -> list[LegalAction]:
        st, c = self.state, self.content
        out = []
        # One pass over the orders given: capital committed, actions ordered, deals being delivered
        # (orders.available_capital, read with the deliveries below: this runs at every listing).
        committed, ordered, delivering = 0, set(), set()
        for o in st.orders.get(role, ()):
            committed += o.cost
            ordered.add(o.action)
            if o.action == orders.DELIVER:
                delivering.add(o.param("deal"))
        capital = st.role_tracks[role]["political_capital"] - committed
        # The catalogue's tests in order of cost: capital, once per turn, requirements (compiled
        # at content load), then the named rule's own conditions (orders.can_order, unrolled).
        # Neighbouring actions often share one condition (the same compiled tuple: Kosovo's KECI
        # activities): its answer on this board is reused instead of checked again.
        last_requires, last_held = None, True
        memo = _memo(c)
        catalogue = memo.catalogue.get(role)
        if catalogue is None:
            catalogue = memo.catalogue[role] = _catalogue(c, role)
        for entry in catalogue:
            action = entry.action
            if only is not None and action.id != only:
                continue
            if action.cost > capital or (not action.repeatable and ordered and action.id in ordered):
                continue
            requires = entry.requires
            if requires:
                if requires is not last_requires:
                    last_requires, last_held = requires, holds(st, requires)
                if not last_held:
                    continue
            op = action.op
            if op is not None and not orders.op_allows(c, st, op):
                continue
            out.append(entry.template)
        deals = st.deals
        if deals:
            items, deliveries = hot(c).items, memo.deliveries
            closed = self._closed
            skip = closed[1] if closed is not None and closed[0] is deals else 0
            leading = True
            # A deal is deliverable when open, owed by this role, not already being delivered
            # by an order and affordable with the capital left.
            for deal in deals[skip:] if skip else deals:
                if deal.status != "open":
                    if leading:
                        skip += 1
                    continue
                leading = False
                if deal.giver == role and deal.id not in delivering and items[deal.item].deliver_cost <= capital:
                    key = (deal.id, deal.proposal, deal.item)
                    delivery = deliveries.get(key)
                    if delivery is None:
                        delivery = deliveries[key] = _delivery(c, *key)
                    out.append(delivery)
            self._closed = (deals, skip)
        out.append(_END_ORDERS)
        return out

    def why_illegal(self, action: Action) -> str | None:
        """A player-facing reason the action cannot be applied now, or None when it can."""
        st, c = self.state, self.content
        if action.role == facilitator.FACILITATOR:
            return facilitator.why_not(c, st, action)
        if st.paused is not None:
            return f"the game is paused by the facilitator: {st.paused}"
        if self.over:
            return "the game is over"
        if action.role not in st.seats:
            return f"{action.role!r} has no seat in this game (seats: {', '.join(st.seats)})"
        waiting_for = self.waiting_for()
        if action.role not in waiting_for:
            waiting = ", ".join(waiting_for) or "nobody"
            return f"it is not {action.role}'s move in the {st.phase} phase (waiting for: {waiting})"
        templates = [t for t in self._templates(action.role, action.id) if t.id == action.id]
        if not templates:
            catalogue = c.actions.get(action.id)
            if catalogue is not None and catalogue.role == action.role and st.phase == ACTIONS:
                return f"'{catalogue.name}' is not possible now: {orders.why_not(c, st, catalogue)}"
            if catalogue is not None and catalogue.role == action.role:
                return f"'{catalogue.name}' can only be ordered in the actions phase (now: {st.phase})"
            known = ", ".join(sorted({t.id for t in self.legal_actions(action.role)}))
            return f"{action.id!r} is not a legal action for {action.role} now (legal: {known})"
        if any(t.allows(action) for t in templates):
            return None
        given = dict(action.params)
        for t in templates:
            missing = [k for k in t.params if k not in given]
            extra = [k for k in given if k not in t.params]
            if missing:
                return f"missing parameter(s): {', '.join(missing)}"
            if extra:
                return f"unknown parameter(s): {', '.join(extra)}"
        for key, value in action.params:
            allowed = sorted({v for t in templates for v in t.params.get(key, [])}, key=str)
            if value not in allowed:
                return f"{key}={value!r} is not allowed (allowed: {', '.join(map(str, allowed))})"
        return "that combination of parameters is not allowed"

    # -- the one way to change a game --------------------------------------------------------

    def apply(self, action: Action) -> list[Event]:
        """Apply a legal action and run the automatic phases that follow; raises IllegalAction."""
        # A move picked from the templates just listed for its role is legal (why_illegal's first
        # answer, read here without the call: nearly every move is one).
        offered, st, role = self._offered, self.state, action.role
        if offered is not None and offered[0] == st.moves and offered[1] == role and st.paused is None:
            action_id = action.id
            for t in offered[2]:
                if t.id == action_id and t.allows(action):
                    break
            else:
                offered = None
        else:
            offered = None
        if offered is None:
            reason = self.why_illegal(action)
            if reason is not None:
                raise IllegalAction(reason)
        self._offered = None
        if role == facilitator.FACILITATOR:
            events = self._facilitate(action)
        else:
            events = self._dispatch(action)
        self.log.append(action)
        self.state.moves += 1
        return events + self._advance()

    def _dispatch(self, action: Action) -> list[Event]:
        # The action's id read once (this chain compares it up to seven times).
        st, c, role, action_id = self.state, self.content, action.role, action.id
        if action_id == RESPOND:  # legal() offers it only while a card is in play
            return crises.respond(c, st, role, action.param("response"))
        if action_id == PROPOSE:
            return negotiation.propose(c, st, role, action.param("to"), action.param("give"),
                                       action.param("ask"), action.param("deadline"))
        if action_id in (ACCEPT, REJECT, COUNTER):
            proposal = st.proposals[action.param("proposal") - 1]
            if action_id == ACCEPT:
                return negotiation.accept(c, st, proposal)
            if action_id == REJECT:
                return negotiation.reject(c, st, proposal)
            return negotiation.counter(c, st, proposal, action.param("give"), action.param("ask"),
                                       action.param("deadline"))
        # The texts of these events are written once per content (rules.hot), and an event
        # without data gets its (empty) dict only if it is read (rules.values.Event.data).
        if action_id == END_NEGOTIATION:
            st.negotiation_done = st.negotiation_done + (role,)
            return [Event("negotiation", hot(c).finished_text[role], "player's choice", st.turn, st.phase)]
        if action_id == END_ORDERS:
            st.orders_done = st.orders_done + (role,)
            return [Event("orders", hot(c).submitted_text[role], "player's choice", st.turn, st.phase)]
        if action_id == DELIVER:
            item = hot(c).items[st.deals[action.param("deal") - 1].item]
            order = Order(DELIVER, action.params, item.deliver_cost)
            text = f"Order given (secret): deliver '{item.name}'"
        else:
            catalogue = hot(c).actions[action_id]
            order = Order(action_id, action.params, catalogue.cost)
            text = catalogue.ordered
        st.orders[role] = st.orders[role] + (order,)
        return [Event("order", text, "hidden until all orders are in", st.turn, st.phase, {"action": order.action},
                      (role,))]

    def _facilitate(self, action: Action) -> list[Event]:
        """A facilitator act (rules/facilitator.py); finishing a seat at a deadline plays the
        seat's own "nothing more" moves, so it goes through the same rules as a player's."""
        st = self.state
        if action.id == facilitator.TIMEOUT:
            return self._finish_for(action.param("seat"))
        events = facilitator.apply(self.content, st, action)
        if action.id == facilitator.INJECT and st.crisis_pending and st.phase in (NEGOTIATION, ACTIONS):
            fire(st, "crisis_injected")
        return events

    def _finish_for(self, role: str) -> list[Event]:
        """The deadline passed: the seat answers a crisis with its free response, rejects the
        proposals waiting for it and proposes nothing more, or submits the orders given so far."""
        st, c = self.state, self.content
        if role not in self.waiting_for():
            return [event(st, "facilitator", f"{c.roles[role].name} had already finished this phase",
                          "the facilitator's deadline", act=facilitator.TIMEOUT, seat=role)]
        events = [event(st, "facilitator", f"Time is up: {c.roles[role].name} is finished for this phase",
                        "the facilitator's deadline", act=facilitator.TIMEOUT, seat=role)]
        if st.phase == CRISIS and st.crisis is not None:
            free = min(c.crises[st.crisis].responses[role], key=lambda r: r.cost)
            events += crises.respond(c, st, role, free.id)
        elif st.phase == NEGOTIATION:
            for p in negotiation.pending_for(st, role):
                events += negotiation.reject(c, st, p, "no answer before the deadline")
            if role not in st.negotiation_done:
                st.negotiation_done = st.negotiation_done + (role,)
        elif st.phase == ACTIONS:
            st.orders_done = st.orders_done + (role,)
        return events

    def _advance(self) -> list[Event]:
        """Run the phases that need nobody's input, until somebody must act or the game ends."""
        st, c = self.state, self.content
        events: list[Event] = []
        while True:
            phase = st.phase
            if phase == BRIEFING:
                events += turn_rules.briefing(c, st)
                _fire(st, "briefed")
            elif phase == CRISIS:
                if st.crisis_pending:
                    return events
                _fire(st, "responses_in")
            elif phase == NEGOTIATION:
                if self._anyone_due():
                    return events
                events += turn_rules.end_negotiation(st)
                _fire(st, "talks_over")
            elif phase == ACTIONS:
                if self._anyone_due():
                    return events
                _fire(st, "orders_in")
            elif phase == RESOLUTION:
                events += turn_rules.resolution(c, st)
                _fire(st, "resolved")
            elif phase == REVIEW:
                events += turn_rules.review(c, st)
                _fire(st, "reviewed")
            else:
                return events

    # -- chance (rules/chance.py) ------------------------------------------------------------

    def chance_ahead(self) -> list[ChanceNode[Any]]:
        """The chance nodes the coming resolution will settle, as the board stands now, in the
        order it settles them: each order's risk roll (resolution order, then order given), then
        each non-recognizing Ally's change of stance whose conditions hold now (an order resolved
        before it may still change that). Each lists its outcomes with their probabilities, or
        the one scripted outcome; a search enumerates or samples them and fixes the ones it wants
        with :meth:`script_chance` on its own copy. Empty once the game is over.

        The next briefing's crisis draw is :func:`rules.chance.crisis_draw` of the board as that
        briefing finds it (scripted by turn with :meth:`script_chance` as well)."""
        st, c = self.state, self.content
        if self.over:
            return []
        nodes: list[ChanceNode[Any]] = []
        for role in c.scenario(st.scenario).resolution_order:
            given: dict[str, int] = {}
            for order in st.orders.get(role, ()):
                given[order.action] = nth = given.get(order.action, 0) + 1
                action = c.actions.get(order.action)
                roll = chance.risk_roll(st, role, action, nth) if action is not None else None
                if roll is not None:
                    nodes.append(roll)
        for ally_id, ally, recognizes_when in tables(c).allies:
            if ally_id not in st.recognized_by and holds(st, recognizes_when):
                nodes.append(chance.recognition_roll(st, ally_id, ally.recognize_chance))
        return nodes

    def script_chance(self, key: str, outcome: Any, turn: int | None = None) -> None:
        """Fix a chance outcome in advance (probability 1), for this turn or ``turn``: ``key``
        is a roll's :attr:`~rules.chance.ChanceNode.key` with ``outcome`` True or False, or
        ``"crisis_draw"`` with a crisis card id. Replay still holds: a scripted outcome is part
        of the state, saved and copied with it. Raises ValueError for a roll or card these rules
        do not have, or a turn that has passed; TypeError for an outcome that is not one."""
        st, c = self.state, self.content
        turn = st.turn if turn is None else turn
        if not st.turn <= turn <= st.last_turn:
            raise ValueError(f"turn {turn} is outside {st.turn}..{st.last_turn}")
        if key == "crisis_draw":
            if outcome not in c.crises:
                raise ValueError(f"unknown crisis card {outcome!r}")
            st.scripted_crises = {**st.scripted_crises, turn: outcome}
            return
        reason = chance.why_not_script(c, key)
        if reason is not None:
            raise ValueError(reason)
        if not isinstance(outcome, bool):
            raise TypeError(f"a roll's outcome is True or False, not {outcome!r}")
        st.scripted_rolls = {**st.scripted_rolls, turn: {**st.scripted_rolls.get(turn, {}), key: outcome}}

    # -- results ---------------------------------------------------------------------------

    def scores(self) -> dict[str, int]:
        return endings.scores(self.content, self.state)

    def summary(self) -> dict[str, Any]:
        st = self.state
        return {
            "seed": st.seed, "scenario": st.scenario, "turns_played": st.turn, "ending": st.ending,
            "scores": self.scores(), "tracks": dict(st.tracks), "keci_phase": st.keci_phase,
            "keci_suspended": st.keci_suspended, "special_representative": st.special_rep,
            "normalization": dict(st.normalization), "recognized_by": list(st.recognized_by),
            "actions": len(self.log),
        }


#: The turn table's rows by (phase, trigger), and its guards by name (rules.core.phases), held by
#: ``Final`` names: compiled code reads them from C variables instead of the module's dict.
_ROUTES: Final = ROUTES
_GUARDS: Final = GUARDS


def _fire(st: GameState, trigger: str) -> None:
    """:func:`rules.core.phases.fire` for the automatic steps: the same rows of the same table,
    read by compiled code (an interpreted call cost ~2,800 instructions, and a turn fires six),
    each row's guard called only when the row has one. A trigger the table has no row for is
    left to ``fire``, which raises as the machine does. tests/rules/core/test_phases.py checks
    that both move alike."""
    for dest, guard in _ROUTES.get((st.phase, trigger), ()):
        if guard is None or _GUARDS[guard](st):
            st.phase = dest
            return
    fire(st, trigger)


# Templates that depend only on the content are built once; the engine hands out the same
# (frozen) objects every time instead of rebuilding them on every call.
_END_NEGOTIATION: Final = LegalAction(END_NEGOTIATION, "Finish negotiating for this turn")
_END_ORDERS: Final = LegalAction(END_ORDERS, "Submit orders and end the actions phase")


@lru_cache(maxsize=8)
def _deadlines(content: Content) -> list[int]:
    return list(range(1, content.negotiation.penalties.max_deadline + 1))


class _Memo:
    """The templates of one content, built on first use and then looked up: a dict's lookup
    costs a fifth of an ``lru_cache`` call, and a listing asks for three or four of them. Each is
    a pure function of the content and its key, so the same objects are handed out as before;
    they live as long as the content is the one in use (a few hundred small tuples a content)."""

    __slots__ = ("answers", "catalogue", "content", "deliveries", "max_proposals", "proposals")

    def __init__(self, content: Content) -> None:
        self.content = content
        self.max_proposals: int = content.negotiation.penalties.max_proposals_per_turn
        self.catalogue: dict[str, tuple[_Orderable, ...]] = {}
        self.answers: dict[tuple[str, int, str, bool], tuple[LegalAction, ...]] = {}
        self.proposals: dict[tuple[str, tuple[str, ...]], tuple[LegalAction, ...]] = {}
        self.deliveries: dict[tuple[int, int, str], LegalAction] = {}


class _LastMemo:
    """The memo of the content last listed (nearly every listing is of the same content). Held
    by a ``Final`` name: compiled code reads such a name from a C variable, where a module name
    that is rebound costs a lookup in the module's dict."""

    def __init__(self) -> None:
        self.memo: _Memo | None = None


_LAST_MEMO: Final = _LastMemo()


def _memo(content: Content) -> _Memo:
    memo = _LAST_MEMO.memo
    if memo is None or memo.content is not content:
        memo = _LAST_MEMO.memo = _Memo(content)
    return memo


class _Orderable:
    """A catalogue action as listing a role's orders reads it: its compiled copy (id, cost,
    whether it may be ordered twice a turn, named rule: rules.hot), its template and its compiled
    requirements. A compiled class, read field by field (a listing reads ~25 of them; unpacking
    a tuple checked the type of each of its items)."""

    __slots__ = ("action", "requires", "template")

    def __init__(self, action: HotAction, template: LegalAction, requires: Checks) -> None:
        self.action = action
        self.template = template
        self.requires = requires


def _catalogue(content: Content, role: str) -> tuple[_Orderable, ...]:
    """A role's catalogue, read once (see :class:`_Orderable`)."""
    requires, copies = tables(content).requires, hot(content).actions
    return tuple(_Orderable(copies[a.id], LegalAction(a.id, a.name, a.cost, orders.action_params(content, a),
                                                      a.explanation, a.source), requires[a.id])
                 for a in content.actions_by_role.get(role, ()))


# The templates below depend only on the content and a few ids, and the same ones are listed
# over and over (every listing of a phase, every game of a search): each is built once.

@lru_cache(maxsize=256)
def _responses(content: Content, card_id: str, role: str) -> tuple[tuple[int, LegalAction], ...]:
    """A crisis card's responses for ``role`` with their costs, as templates."""
    card = content.crises[card_id]
    return tuple((r.cost, LegalAction(RESPOND, r.label, r.cost, {"response": [r.id]}, r.explanation, card.source))
                 for r in card.responses[role])


def _answers(content: Content, role: str, proposal: int, sender: str, may_counter: bool) -> tuple[LegalAction, ...]:
    """Accepting, rejecting and (``may_counter``: ``role`` may still propose and has items to
    offer) countering proposal #``proposal`` from ``sender``."""
    name = content.roles[sender].name
    out: tuple[LegalAction, ...] = (LegalAction(ACCEPT, f"Accept {name}'s proposal #{proposal}", 0, {"proposal": [proposal]}),
                                    LegalAction(REJECT, f"Reject {name}'s proposal #{proposal}", 0, {"proposal": [proposal]}))
    theirs = negotiation.items_of(content, sender)
    if may_counter and theirs:
        out += (LegalAction(COUNTER, f"Counter {name}'s proposal #{proposal}", 0,
                            {"proposal": [proposal], "give": negotiation.items_of(content, role), "ask": theirs,
                             "deadline": _deadlines(content)}),)
    return out


def _delivery(content: Content, deal_id: int, proposal: int, item_id: str) -> LegalAction:
    """Delivering deal #``deal_id`` (of proposal #``proposal``): ``item_id`` at its cost."""
    item = content.items[item_id]
    return LegalAction(DELIVER, f"Deliver deal #{proposal}: {item.name}", item.deliver_cost,
                       {"deal": [deal_id]}, item.explanation, item.source)


def _proposals_to(content: Content, role: str, seats: tuple[str, ...]) -> tuple[LegalAction, ...]:
    """``role``'s proposal templates to the roles seated in ``seats``."""
    return tuple(t for other, t in _proposal_templates(content, role) if other in seats)


@lru_cache(maxsize=64)
def _proposal_templates(content: Content, role: str) -> list[tuple[str, LegalAction]]:
    mine = negotiation.items_of(content, role)
    if not mine:
        return []
    out = []
    for other in content.roles:
        theirs = negotiation.items_of(content, other)
        if other != role and theirs:
            out.append((other, LegalAction(
                PROPOSE, f"Propose a deal to {content.roles[other].name}", 0,
                {"to": [other], "give": mine, "ask": theirs, "deadline": _deadlines(content)},
                "Offer one item and ask one in return; accepted deals become commitments.",
                content.negotiation.source)))
    return out


def replay(content: Content, scenario: str, seed: int, actions: Iterable[Action]) -> Game:
    """Rebuild a game from scratch; raises IllegalAction if the log does not fit the rules."""
    game, _ = Game.new(content, scenario, seed)
    for index, action in enumerate(actions, start=1):
        try:
            game.apply(action)
        except IllegalAction as exc:
            raise IllegalAction(f"action {index} ({action}) cannot be replayed: {exc}") from None
    return game
