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

if TYPE_CHECKING:
    from rules.loader import Content
    from rules.schema import CrisisResponse


class HotItem:
    """A negotiable item as a delivery reads it."""

    def __init__(self, name: str, deliver_cost: int, effects: dict[str, int]) -> None:
        self.name = name
        self.deliver_cost = deliver_cost
        self.effects = effects


class HotAction:
    """A catalogue action as listing, ordering and resolving it read it; ``risky`` stands for
    ``action.risk is not None`` (the risk itself is read from the model, on the rare backfire)."""

    def __init__(self, id: str, role: str, name: str, cost: int, effects: dict[str, int], op: str | None,
                 risky: bool, repeatable: bool) -> None:
        self.id = id
        self.role = role
        self.name = name
        self.cost = cost
        self.effects = effects
        self.op = op
        self.risky = risky
        self.repeatable = repeatable


class HotResponse:
    """A crisis response as answering a crisis reads it, with the model it copies."""

    def __init__(self, model: CrisisResponse, id: str, label: str, cost: int, effects: dict[str, int],
                 unilateral: bool) -> None:
        self.model = model
        self.id = id
        self.label = label
        self.cost = cost
        self.effects = effects
        self.unilateral = unilateral


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
        self.items: dict[str, HotItem] = {i: HotItem(item.name, item.deliver_cost, item.effects)
                                          for i, item in content.items.items()}
        self.actions: dict[str, HotAction] = {
            a: HotAction(action.id, action.role, action.name, action.cost, action.effects, action.op,
                         action.risk is not None, action.repeatable)
            for a, action in content.actions.items()}
        #: Each crisis card's responses by (card, role, response id).
        #: The first of equal ids wins, as a search of the card's list finds it.
        self.responses: dict[tuple[str, str, str], HotResponse] = {}
        for card_id, card in content.crises.items():
            for role, rs in card.responses.items():
                for r in rs:
                    self.responses.setdefault((card_id, role, r.id),
                                              HotResponse(r, r.id, r.label, r.cost, r.effects, r.unilateral))
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
