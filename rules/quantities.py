"""Read and change the quantities that content files name by reference.

A reference such as ``north_tension``, ``kosovo.domestic_support``, ``commitment.asm`` or
``trust.kosovo.serbia`` is parsed once (cached) and then read or changed on a game state.
Changes are clamped to the quantity's bounds, so no rule can push a track off the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol

if TYPE_CHECKING:
    from rules.loader import Content
    from rules.schema import Condition

TRUST_MIN: Final = 0
TRUST_MAX: Final = 10


class BoardState(Protocol):
    """What the rules read and write; ``rules.core.state.GameState`` is the implementation."""

    turn: int
    tracks: dict[str, int]
    role_tracks: dict[str, dict[str, int]]
    normalization: dict[str, int]
    trust: dict[str, int]
    keci_phase: int
    keci_suspended: bool
    special_rep: str | None


def trust_key(a: str, b: str) -> str:
    """Trust is symmetric: one value per pair, keyed in alphabetical order."""
    return f"{a}|{b}" if a < b else f"{b}|{a}"


#: Parsed references by their text (a pure function of it): a game reads a few dozen distinct
#: references thousands of times. A dict, not ``lru_cache``: compiled, a lookup here costs about a
#: third of a call through the cache's wrapper (and, ``Final``, the dict is read from a C variable).
#: Bounded like the cache it replaces.
_PARSED: Final[dict[str, tuple[str, str, str]]] = {}


def parse(ref: str) -> tuple[str, str, str]:
    """Split a reference into (kind, key, subkey); kinds: track, role, commitment, trust, derived."""
    found = _PARSED.get(ref)
    if found is None:
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        found = _PARSED[ref] = _parse(ref)
    return found


def _parse(ref: str) -> tuple[str, str, str]:
    parts = ref.split(".")
    if len(parts) == 1:
        if ref in ("keci_phase", "keci_suspended", "special_representative", "normalization_total", "turn"):
            return ("derived", ref, "")
        return ("track", ref, "")
    if parts[0] == "commitment":
        return ("commitment", parts[1], "")
    if parts[0] == "trust":
        return ("trust", trust_key(parts[1], parts[2]), "")
    return ("role", parts[0], parts[1])


def get(state: BoardState, ref: str) -> int:
    kind, key, sub = parse(ref)
    if kind == "track":
        return state.tracks[key]
    if kind == "role":
        return state.role_tracks[key][sub]
    if kind == "commitment":
        return state.normalization[key]
    if kind == "trust":
        return state.trust[key]
    if key == "keci_phase":
        return state.keci_phase
    if key == "keci_suspended":
        return int(state.keci_suspended)
    if key == "special_representative":
        return int(state.special_rep is not None)
    if key == "normalization_total":
        return sum(state.normalization.values())
    return state.turn


def bounds(content: Content, ref: str) -> tuple[int, int]:
    kind, key, sub = parse(ref)
    if kind == "track":
        t = content.tracks[key]
        return t.min, t.max
    if kind == "role":
        rt = content.role_tracks[sub]
        return rt.min, rt.max
    if kind == "commitment":
        return 0, len(content.commitments[key].levels) - 1
    if kind == "trust":
        return TRUST_MIN, TRUST_MAX
    raise KeyError(f"{ref} is derived and cannot be changed")


def add(content: Content, state: BoardState, ref: str, delta: int) -> tuple[int, int]:
    """Add ``delta`` within bounds; return (old, new) so callers can report the real change."""
    # One parse and one lookup per kind: this runs for every effect of every move.
    kind, key, sub = parse(ref)
    if kind == "track":
        t = content.tracks[key]
        old = state.tracks[key]
        new = state.tracks[key] = min(t.max, max(t.min, old + delta))
    elif kind == "role":
        rt = content.role_tracks[sub]
        values = state.role_tracks[key]
        old = values[sub]
        new = values[sub] = min(rt.max, max(rt.min, old + delta))
    elif kind == "commitment":
        old = state.normalization[key]
        new = state.normalization[key] = min(len(content.commitments[key].levels) - 1, max(0, old + delta))
    elif kind == "trust":
        old = state.trust[key]
        new = state.trust[key] = min(TRUST_MAX, max(TRUST_MIN, old + delta))
    else:
        raise KeyError(f"{ref} is derived and cannot be changed")
    return old, new


def holds(state: BoardState, condition: Condition, shift: float = 0.0) -> bool:
    """True when every referenced quantity is within its bound (bounds tightened by ``shift``)."""
    for ref, bound in condition.items():
        kind, key, sub = parse(ref)
        # The common kinds read inline (this runs for every catalogue action on every listing).
        if kind == "track":
            value = state.tracks[key]
        elif kind == "role":
            value = state.role_tracks[key][sub]
        else:
            value = get(state, ref)
        lo, hi = bound.min, bound.max
        if lo is not None and value < lo + shift:
            return False
        if hi is not None and value > hi - shift:
            return False
    return True


def holds_any(state: BoardState, alternatives: list[Condition]) -> bool:
    """True when the list is empty or at least one alternative holds."""
    return not alternatives or any(holds(state, alt) for alt in alternatives)


def unmet(state: BoardState, condition: Condition, shift: float = 0.0) -> list[str]:
    """Human-readable reasons a condition fails, for vetoes and illegal-move messages."""
    reasons = []
    for ref, bound in condition.items():
        value = get(state, ref)
        if bound.min is not None and value < bound.min + shift:
            reasons.append(f"{ref} is {value}, needs at least {_num(bound.min + shift)}")
        if bound.max is not None and value > bound.max - shift:
            reasons.append(f"{ref} is {value}, needs at most {_num(bound.max - shift)}")
    return reasons


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
