"""The content fields a move reads, copied once per loaded content into compiled plain classes.

The content's models are validated by pydantic (or read back as :mod:`rules.plain` records), and
reading a field of one costs a generic attribute lookup, through pydantic's ``__getattr__`` hook
for a model: ~300 instructions, against a few for a field of a class compiled with mypyc (this
module is compiled, see :mod:`rules.native`). A game of 16 turns read ~5,000 such fields (a
role's name for each event that names it, a deal's item cost at every listing of the orders, an
action's name, cost and effects at each order and resolution). :func:`hot` copies those fields
once per content into the classes below, and the hot paths read them instead. The models stay
the validated source: every value here is the model's own value (the same object), so the rules
decide exactly as before (tests/rules/test_hot.py checks each copy against its model).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Final

from rules.quantities import trust_key

if TYPE_CHECKING:
    from rules.loader import Content
    from rules.schema import CrisisResponse


class HotItem:
    """A negotiable item as a delivery reads it; ``delivers`` and ``delivered`` are the text and
    the cause of its delivery's events by giver ("NAME delivers 'ITEM'", written once)."""

    def __init__(self, name: str, deliver_cost: int, effects: dict[str, int], giver_names: dict[str, str]) -> None:
        self.name = name
        self.deliver_cost = deliver_cost
        self.effects = effects
        #: The effects as (quantity, change) pairs, the form an AI's valuation reads them in
        #: (game.ai.valuation.Valuer.gain_of): made once, not at each of the ~900 item values a game
        #: of normal players works out.
        self.effect_items: tuple[tuple[str, int], ...] = tuple(effects.items())
        self.delivers = {g: f"{n} delivers '{name}'" for g, n in giver_names.items()}
        self.delivered = {g: f"{n} delivered '{name}'" for g, n in giver_names.items()}


class HotAction:
    """A catalogue action as listing, ordering and resolving it read it; ``risky`` stands for
    ``action.risk is not None`` (the risk itself is read from the model, on the rare backfire).
    ``ordered`` and ``resolved`` are the texts of the events of its order, given (secret) and
    resolved ("ROLE: NAME", its own role's name), written once: formatting them at every order
    cost about a tenth of the move."""

    def __init__(self, id: str, role: str, name: str, cost: int, effects: dict[str, int], op: str | None,
                 risky: bool, repeatable: bool, role_name: str) -> None:
        self.id = id
        self.role = role
        self.name = name
        self.cost = cost
        self.effects = effects
        #: The effects as (quantity, change) pairs, as an AI values them (see HotItem.effect_items).
        self.effect_items: tuple[tuple[str, int], ...] = tuple(effects.items())
        self.op = op
        self.risky = risky
        self.repeatable = repeatable
        self.ordered = f"Order given (secret): {name}"
        self.resolved = f"{role_name}: {name}"


class HotResponse:
    """A crisis response as answering a crisis reads it, with the model it copies."""

    def __init__(self, model: CrisisResponse, id: str, label: str, cost: int, effects: dict[str, int],
                 unilateral: bool, said: str, cause: str) -> None:
        self.model = model
        self.id = id
        self.label = label
        self.cost = cost
        self.effects = effects
        self.unilateral = unilateral
        #: The response's event: its text ("ROLE: LABEL", also its effects' cause) and its cause
        #: ("response to CARD"), written once.
        self.said = said
        self.cause = cause


class Hot:
    """The copies of one content (see the module's docstring)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        #: Each role's name and capital refill, by role id.
        self.role_name: dict[str, str] = {r: role.name for r, role in content.roles.items()}
        self.capital_refill: dict[str, int] = {r: role.capital_refill for r, role in content.roles.items()}
        #: Each role's capital as an effect names it (``ROLE.political_capital``), made once: an
        #: effect's reference made afresh is formatted and then hashed at each lookup, and every
        #: order, delivery, paid crisis response and briefing's refill moves a role's capital.
        self.capital_ref: dict[str, str] = {r: f"{r}.political_capital" for r in content.roles}
        #: The texts of a role's "nothing more" moves (every role makes both every turn).
        self.finished_text: dict[str, str] = {r: f"{name} has finished negotiating" for r, name in self.role_name.items()}
        self.submitted_text: dict[str, str] = {r: f"{name} has submitted its orders"
                                               for r, name in self.role_name.items()}
        #: Per giver and receiver: the cause of a kept deal, and their trust as an effect names it
        #: and as the state keys it (rules.quantities.trust_key), written once for every delivery.
        names = self.role_name
        self.kept_cause: dict[str, dict[str, str]] = {
            g: {r: f"{giver} keeps its word to {receiver}" for r, receiver in names.items()} for g, giver in names.items()}
        self.trust_ref: dict[str, dict[str, str]] = {g: {r: f"trust.{g}.{r}" for r in names} for g in names}
        self.trust_key: dict[str, dict[str, str]] = {g: {r: trust_key(g, r) for r in names} for g in names}
        self.items: dict[str, HotItem] = {
            i: HotItem(item.name, item.deliver_cost, item.effects, {g: names.get(g, g) for g in item.givers})
            for i, item in content.items.items()}
        self.actions: dict[str, HotAction] = {
            a: HotAction(action.id, action.role, action.name, action.cost, action.effects, action.op,
                         action.risk is not None, action.repeatable, self.role_name.get(action.role, action.role))
            for a, action in content.actions.items()}
        #: Each crisis card's responses by (card, role, response id).
        #: The first of equal ids wins, as a search of the card's list finds it.
        self.responses: dict[tuple[str, str, str], HotResponse] = {}
        for card_id, card in content.crises.items():
            for role, rs in card.responses.items():
                for r in rs:
                    if (card_id, role, r.id) not in self.responses:
                        self.responses[card_id, role, r.id] = HotResponse(
                            r, r.id, r.label, r.cost, r.effects, r.unilateral,
                            f"{self.role_name.get(role, role)}: {r.label}", f"response to {card.name}")
        penalties = content.negotiation.penalties
        self.max_proposals: int = penalties.max_proposals_per_turn
        self.accepted_effects: dict[str, int] = penalties.accepted_effects
        self.kept_effects: dict[str, int] = penalties.kept_effects
        self.kept_trust: int = penalties.kept_trust
        #: The KECI partner (the role a Special Representative's direct channel serves).
        self.partner_role: str = content.keci.partner_role
        #: The tracks whose fall in one resolution is bounded, with the bound, in file order.
        self.max_fall: tuple[tuple[str, int], ...] = tuple(
            (t.id, t.max_fall_per_turn) for t in content.tracks.values() if t.max_fall_per_turn is not None)


class _Last:
    """The copies last handed out. Held by a ``Final`` name: compiled code reads such a name from
    a C variable, where reading a module name that is rebound costs a lookup in the module's
    dict (and the rules ask for the copies a few times a move)."""

    def __init__(self) -> None:
        self.hot: Hot | None = None


_LAST: Final = _Last()


def hot(content: Content) -> Hot:
    """The copies of ``content`` (built on first use, then shared, as :func:`rules.tables.tables`)."""
    last = _LAST.hot
    if last is not None and last.content is content:
        return last
    built = _LAST.hot = _build(content)
    return built


@lru_cache(maxsize=16)
def _build(content: Content) -> Hot:
    return Hot(content)
