"""The content's conditions and quantities compiled once into plain tuples for the hot paths.

Listing a role's legal orders checks every catalogue action's requirements, every effect of
every move reads a quantity's bounds and name, and every turn's briefing and resolution test
the drifts, the crisis deck, the Allies' stances and the endings: through the validated content
models that means parsing each reference, looking up its model and reading its fields each time.
:func:`tables` does that once per loaded content (and keeps it as long as the content lives), so
the engine reads one tuple instead. The tables are a pure function of the content: they never
change what the rules decide, only how fast (tests/rules/test_tables.py checks both agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from rules import quantities as q
from rules.bundle import Content  # at run time: a field of Tables (the compiled class checks its type)

if TYPE_CHECKING:
    from rules.schema import Ally, Condition, Ending, Review

#: Kinds of a compiled check: a board track, a role's track, a commitment, trust between two
#: roles, the KECI phase, KECI's suspension, a Special Representative in office, the sum of the
#: commitments (the derived values that conditions read most), anything else (read through
#: :func:`rules.quantities.get`).
#: ``Final`` literals: compiled code inlines them (a module name read is a dict lookup there).
TRACK: Final = 0
ROLE: Final = 1
COMMITMENT: Final = 2
TRUST: Final = 3
KECI_PHASE: Final = 4
SUSPENDED: Final = 5
SPECIAL_REP: Final = 6
NORMALIZATION: Final = 7
OTHER: Final = 8
#: The derived references with a kind of their own (each read as :func:`rules.quantities.get` does).
_DERIVED: Final = {"keci_phase": KECI_PHASE, "keci_suspended": SUSPENDED, "special_representative": SPECIAL_REP,
            "normalization_total": NORMALIZATION}

#: One compiled bound: (kind, key, sub, lowest, highest); for OTHER, key is the reference.
Check = tuple[int, str, str, float, float]
#: A compiled condition: every check must hold (an empty one always does).
Checks = tuple[Check, ...]
#: A quantity that effects may change: (kind, key, sub, lowest, highest, player-facing name).
Quantity = tuple[str, str, str, int, int, str]

_INF: Final = float("inf")


def compile_ref(ref: str) -> tuple[int, str, str]:
    """A quantity's reference as (kind, key, sub) for :func:`read`; for OTHER, key is the reference."""
    kind, key, sub = q.parse(ref)
    if kind == "track":
        return (TRACK, key, "")
    if kind == "role":
        return (ROLE, key, sub)
    if kind == "commitment":
        return (COMMITMENT, key, "")
    if kind == "trust":
        return (TRUST, key, "")
    if key in _DERIVED:
        return (_DERIVED[key], key, "")
    return (OTHER, ref, "")


def read(state: q.BoardState, kind: int, key: str, sub: str) -> int:
    """:func:`rules.quantities.get` of a compiled reference."""
    if kind == TRACK:
        return state.tracks[key]
    if kind == ROLE:
        return state.role_tracks[key][sub]
    if kind == COMMITMENT:
        return state.normalization[key]
    if kind == TRUST:
        return state.trust[key]
    if kind == KECI_PHASE:
        return state.keci_phase
    return _derived(state, kind, key)


def _derived(state: q.BoardState, kind: int, key: str) -> int:
    """A derived value (:func:`rules.quantities.get` without parsing the reference again)."""
    if kind == SUSPENDED:
        return int(state.keci_suspended)
    if kind == SPECIAL_REP:
        return int(state.special_rep is not None)
    if kind == NORMALIZATION:
        return sum(state.normalization.values())
    return q.get(state, key)


def compile_condition(condition: Condition) -> Checks:
    """A condition as a tuple of checks, open ends as infinities (checked in the file's order).

    Equal conditions compile to the same tuple object, so a caller that checks many of them on
    one board (a role's catalogue: eleven of Kosovo's seventeen actions share three conditions)
    can tell a repeat by identity and reuse its answer."""
    out: list[Check] = []
    for ref, bound in condition.items():
        lo = -_INF if bound.min is None else bound.min
        hi = _INF if bound.max is None else bound.max
        out.append((*compile_ref(ref), lo, hi))
    checks = tuple(out)
    return _interned.setdefault(checks, checks)


#: Every compiled condition, by value (see :func:`compile_condition`); a few hundred small tuples.
_interned: Final[dict[Checks, Checks]] = {}


def holds(state: q.BoardState, checks: Checks) -> bool:
    """:func:`rules.quantities.holds` for a compiled condition."""
    for kind, key, sub, lo, hi in checks:
        if kind == TRACK:
            value = state.tracks[key]
        elif kind == ROLE:
            value = state.role_tracks[key][sub]
        elif kind == COMMITMENT:
            value = state.normalization[key]
        elif kind == TRUST:
            value = state.trust[key]
        elif kind == KECI_PHASE:
            value = state.keci_phase
        elif kind == SUSPENDED:  # a bool compares as int(state.keci_suspended) does
            value = state.keci_suspended
        else:
            value = _derived(state, kind, key)
        if value < lo or value > hi:
            return False
    return True


def holds_any(state: q.BoardState, alternatives: tuple[Checks, ...]) -> bool:
    """:func:`rules.quantities.holds_any` for compiled alternatives (none given: it holds)."""
    return not alternatives or any(holds(state, alt) for alt in alternatives)


#: A crisis card as the draw weighs it: (id, drawn at most once, requirements, base weight,
#: (kind, key, sub, coefficient) of each track the weight grows with, in file order).
Card = tuple[str, bool, Checks, float, tuple[tuple[int, str, str, float], ...]]


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything :func:`tables` compiles from one content."""

    #: Each catalogue action's requirements, by action id.
    requires: dict[str, Checks]
    #: Each scenario's objectives for each role as (id, points, secret, condition), in file order
    #: (the variant's own where it sets them, else the role card's; see ``Content.objectives``).
    objectives: dict[str, dict[str, tuple[tuple[str, int, bool, Checks], ...]]]
    #: Every quantity an effect may name, by reference (as written in the content files).
    quantities: dict[str, Quantity]
    #: Every track's pressures at the briefing as (track, delta, cause, when), in file order.
    drift: tuple[tuple[str, int, str, Checks], ...]
    #: Each scenario's crisis deck (the whole deck when it names none), in draw order.
    decks: dict[str, tuple[Card, ...]]
    #: Each scenario's endings as (ending, immediate, condition, alternatives of which one must
    #: hold), in endings.yaml's order (a variant may judge an ending on its own condition).
    endings: dict[str, tuple[tuple[Ending, bool, Checks, tuple[Checks, ...]], ...]]
    #: The non-recognizing Allies as (id, ally, when it may recognize), in file order.
    allies: tuple[tuple[str, Ally, Checks], ...]
    #: KECI's scheduled reviews as (review, when it is held, what it checks).
    reviews: tuple[tuple[Review, Checks, Checks], ...]
    #: When escalation suspends KECI.
    suspend_when: Checks
    #: Each KECI phase's own conditions to enter it, indexed as ``content.keci.phases``:
    #: (unlock, alternatives of which one must hold).
    unlock: tuple[tuple[Checks, tuple[Checks, ...]], ...]
    #: The content these tables were compiled from (:func:`tables` checks it is the one asked for).
    content: Content


def _quantities(content: Content) -> dict[str, Quantity]:
    from rules.effects import label

    refs = list(content.tracks)
    refs += [f"{role}.{track}" for role in content.roles for track in content.role_tracks]
    refs += [f"commitment.{c}" for c in content.commitments]
    roles = list(content.roles)
    refs += [f"trust.{a}.{b}" for a in roles for b in roles if a != b]
    out: dict[str, Quantity] = {}
    for ref in refs:
        kind, key, sub = q.parse(ref)
        lo, hi = q.bounds(content, ref)
        out[ref] = (kind, key, sub, lo, hi, label(content, ref))
    return out


def _card(content: Content, card_id: str) -> Card:
    card = content.crises[card_id]
    per = tuple((*compile_ref(ref), coef) for ref, coef in card.weight.per.items())
    return (card_id, card.once, compile_condition(card.requires), card.weight.base, per)


def _any(alternatives: list[Condition]) -> tuple[Checks, ...]:
    return tuple(compile_condition(alt) for alt in alternatives)


#: The content last asked for and its tables: nearly every call asks for the same content, and
#: comparing identity is cheaper than the lru_cache's key (effects ask once per effect list).
class _Last:
    """The tables last handed out, which hold the content they were compiled from: one object,
    replaced in one store, so a thread never sees one content's tables beside another content
    (two fields set one after the other could be read between the two), and reading it costs
    less than a (content, tables) pair's two checked items. Held by a ``Final`` name: compiled
    code reads such a name from a C variable, where a module name that is rebound costs a dict
    lookup."""

    def __init__(self) -> None:
        self.tables: Tables | None = None


_LAST: Final = _Last()


def tables(content: Content) -> Tables:
    """The compiled tables of ``content`` (built on first use, then shared)."""
    last = _LAST.tables
    if last is not None and last.content is content:
        return last
    compiled = _LAST.tables = _compile(content)
    return compiled


@lru_cache(maxsize=16)
def _compile(content: Content) -> Tables:
    objectives = {name: {role: tuple((o.id, o.points, o.secret, compile_condition(o.condition))
                                     for o in content.objectives(role, name)) for role in content.roles}
                  for name in content.scenarios}
    drift = tuple((t.id, d.delta, d.cause, compile_condition(d.when)) for t in content.tracks.values() for d in t.drift)
    decks = {name: tuple(_card(content, card_id) for card_id in (sc.deck or list(content.crises)))
             for name, sc in content.scenarios.items()}
    endings = {name: tuple((e, e.immediate, compile_condition(e.condition), _any(e.condition_any))
                           for e in content.endings_in(name).values())
               for name in content.scenarios}
    allies = tuple((ally_id, ally, compile_condition(ally.recognizes_when)) for ally_id, ally in content.allies.items())
    keci = content.keci
    reviews = tuple((r, compile_condition(r.requires), compile_condition(r.check)) for r in keci.reviews)
    unlock = tuple((compile_condition(p.unlock), _any(p.unlock_any)) for p in keci.phases)
    return Tables({a.id: compile_condition(a.requires) for a in content.actions.values()}, objectives,
                  _quantities(content), drift, decks, endings, allies, reviews,
                  compile_condition(keci.suspend_when), unlock, content)
