"""The content's conditions and quantities compiled once into plain tuples for the hot paths.

Listing a role's legal orders checks every catalogue action's requirements, and every effect of
every move reads a quantity's bounds and name: through the validated content models that means
parsing the reference, looking up its model and reading its fields each time. :func:`tables`
does that once per loaded content (and keeps it as long as the content lives), so the engine
reads one tuple instead. The tables are a pure function of the content: they never change what
the rules decide, only how fast (tests/rules/test_tables.py checks both agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rules import quantities as q

if TYPE_CHECKING:
    from rules.loader import Content
    from rules.schema import Condition

#: Kinds of a compiled check: a board track, a role's track, a commitment, trust between two
#: roles, the KECI phase, anything else (read through :func:`rules.quantities.get`).
TRACK, ROLE, COMMITMENT, TRUST, KECI_PHASE, OTHER = range(6)

#: One compiled bound: (kind, key, sub, lowest, highest); for OTHER, key is the reference.
Check = tuple[int, str, str, float, float]
#: A quantity that effects may change: (kind, key, sub, lowest, highest, player-facing name).
Quantity = tuple[str, str, str, int, int, str]

_INF = float("inf")


def compile_condition(condition: Condition) -> tuple[Check, ...]:
    """A condition as a tuple of checks, open ends as infinities (checked in the file's order)."""
    out: list[Check] = []
    for ref, bound in condition.items():
        kind, key, sub = q.parse(ref)
        lo = -_INF if bound.min is None else bound.min
        hi = _INF if bound.max is None else bound.max
        if kind == "track":
            out.append((TRACK, key, "", lo, hi))
        elif kind == "role":
            out.append((ROLE, key, sub, lo, hi))
        elif kind == "commitment":
            out.append((COMMITMENT, key, "", lo, hi))
        elif kind == "trust":
            out.append((TRUST, key, "", lo, hi))
        elif key == "keci_phase":
            out.append((KECI_PHASE, key, "", lo, hi))
        else:
            out.append((OTHER, ref, "", lo, hi))
    return tuple(out)


def holds(state: q.BoardState, checks: tuple[Check, ...]) -> bool:
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
        else:
            value = q.get(state, key)
        if value < lo or value > hi:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything :func:`tables` compiles from one content."""

    #: Each catalogue action's requirements, by action id.
    requires: dict[str, tuple[Check, ...]]
    #: Each role's objectives as (id, points, secret, condition), in file order.
    objectives: dict[str, tuple[tuple[str, int, bool, tuple[Check, ...]], ...]]
    #: Every quantity an effect may name, by reference (as written in the content files).
    quantities: dict[str, Quantity]


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


@lru_cache(maxsize=16)
def tables(content: Content) -> Tables:
    """The compiled tables of ``content`` (built on first use, then shared)."""
    objectives = {role: tuple((o.id, o.points, o.secret, compile_condition(o.condition)) for o in r.objectives)
                  for role, r in content.roles.items()}
    return Tables({a.id: compile_condition(a.requires) for a in content.actions.values()}, objectives,
                  _quantities(content))
