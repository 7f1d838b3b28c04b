"""How much a role likes a change to the board, in objective points.

Every AI level values things the same way: a *potential* over the board that counts the
persona's objectives (each satisfied a little more as its quantity nears the target, so that
progress is rewarded before the threshold is crossed), the role's posture (its preferences),
the risk of the escalation ending, progress towards a breakthrough, and — for roles that want
KECI to move (or not) — how far the next Council motion is from consensus. The value of an
action is the change of that potential its effects would cause.

A :class:`Valuer` is built for one board and one persona and memoizes single-quantity changes,
so valuing a whole catalogue costs a few dozen small evaluations.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from game.ai.persona import Persona
from game.ai.temperament import profile
from rules import quantities as q
from rules.effects import label

if TYPE_CHECKING:
    from rules.core.state import GameState
    from rules.loader import Content

#: Weight of one unit of a posture preference relative to objective points.
PREF_SCALE = 0.12
#: How much being safely past a threshold is worth, as a share of the objective.
MARGIN = 0.15
#: Chance that the game ends in escalation soon, by the tension the next briefing starts from
#: (tension now plus the drift that is certain): at 10 it ends at once, at 9 a one-point crisis
#: card ends it, at 8 a two-point one, at 7 two bad turns in a row.
ESCALATION_RISK = {7: 0.05, 8: 0.25, 9: 0.45}
#: Share of the breakthrough ending's points credited for progress on the ways to it (see :func:`breakthrough_paths`).
BREAKTHROUGH_SHARE = 0.5
#: Objective points per unit of Council objection (consent gap) removed.
READINESS_WEIGHT = 0.35
#: The stake in KECI's next Council motion of a role whose posture has none but which scores the
#: breakthrough ending (the EU): the breakthrough opens KECI's last phase only with the
#: non-recognizing Allies' consent, so aligning with KECI is worth something to the dialogue's
#: facilitator too (the paper: "aligning KECI activities with the EU-facilitated dialogue").
CONSENT_STAKE = 0.5
#: What a valuer reads for the share of the game still to play after this half-year, in percent
#: (100 on the first turn, 0 on the last; see :func:`time_left`): an objective counts only as it
#: stands at the end, so what partial progress is worth depends on the time left to complete it.
TIME_LEFT = "time_left"
_DERIVED_BOUNDS = {"keci_phase": (0, 3), "special_representative": (0, 1), "keci_suspended": (0, 1)}
_SHARED = ("north_tension", "dialogue_momentum")

Getter = Callable[[str], int]


@dataclass(frozen=True, slots=True)
class Term:
    """One part of the potential: reads ``refs`` and says, in words, what it stands for."""

    kind: str  # objective, posture, escalation, breakthrough, readiness
    refs: tuple[str, ...]
    weight: float
    text: str
    #: For objectives and readiness: (ref, min, max, scale) bounds.
    bounds: tuple[tuple[str, float | None, float | None, float], ...] = ()
    #: A secret objective: a reason (read by everyone who knows the move) never names what it wants.
    secret: bool = False
    #: For escalation: the certain drift of tension at the next briefing, less the points a persona
    #: discounts (a hardliner's brinkmanship), as a negative shift of the tension read.
    offset: int = 0
    #: For readiness: alternative sets of bounds, of which the nearest one counts.
    alternatives: tuple[tuple[tuple[str, float | None, float | None, float], ...], ...] = ()
    #: For objectives on commitments (see :func:`_held`): partial progress is credited by the
    #: share of the game still to play, read as :data:`TIME_LEFT`.
    ratchet: bool = False
    #: For posture: the level past which more of the quantity earns nothing (see :func:`static_terms`).
    cap: float | None = None
    #: For posture: the cap the role's public objectives alone set, which is all a reason may reflect.
    shown_cap: float | None = None
    # A term keys caches with its persona (the readiness term: _pkey, _terms_by_ref, _deps, each
    # time a valuer is made); its hash, over every field (bounds of floats included), is worked
    # out once.
    _hash: int = field(init=False, compare=False, repr=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.kind, self.refs, self.weight, self.text, self.bounds, self.secret,
                                                  self.offset, self.alternatives, self.ratchet, self.cap,
                                                  self.shown_cap)))

    def __hash__(self) -> int:
        return self._hash

    def readiness_delta(self, ref: str, changed: Mapping[str, int], get: Getter) -> float:
        """Change of a readiness term when ``changed`` replaces some values (only gaps on them move)."""
        return _readiness_delta(self, ref, changed, get)

    def value(self, get: Getter) -> float:
        if self.kind == "objective":
            sat = 1.0
            for ref, lo, hi, sc in self.bounds:
                if self.ratchet and _forward_only(ref):
                    sat *= _held(get(ref), lo, hi, sc, get(TIME_LEFT))
                else:
                    sat *= satisfaction(get(ref), lo, hi, sc)
            return self.weight * sat
        if self.kind == "posture":
            v = get(self.refs[0])
            return self.weight * (v if self.cap is None else min(v, self.cap))
        if self.kind == "escalation":
            level = get(self.refs[0]) - self.offset
            return self.weight * (1.0 if level >= 10 else ESCALATION_RISK.get(level, 0.0))
        if self.kind == "breakthrough":
            miss = 1.0
            for alt in self.alternatives:
                miss *= 1 - _progress(alt, get)
            return self.weight * (1 - miss)
        # readiness: consent and unlock gaps of the next KECI motion
        gap = _gap(self.bounds, get)
        if self.alternatives:
            gap += min(_gap(alt, get) for alt in self.alternatives)
        return -self.weight * gap


def _progress(bounds: tuple[tuple[str, float | None, float | None, float], ...], get: Getter) -> float:
    """How far a board has come along one way to an ending, 0 to 1: the product of each bound's share
    of the way from the far end of its quantity's range, squared (the last steps count most)."""
    share = 1.0
    for ref, lo, hi, span in bounds:
        v = get(ref)
        if lo is not None and v < lo:
            share *= max(0.0, 1 - (lo - v) / span)
        elif hi is not None and v > hi:
            share *= max(0.0, 1 - (v - hi) / span)
    return share * share


def _gap1(v: float, lo: float | None, hi: float | None) -> float:
    if lo is not None and v < lo:
        return min(4.0, lo - v)
    if hi is not None and v > hi:
        return min(4.0, v - hi)
    return 0.0


def _gap(bounds: tuple[tuple[str, float | None, float | None, float], ...], get: Getter) -> float:
    gap = 0.0
    for ref, lo, hi, _ in bounds:
        v = get(ref)
        if lo is not None and v < lo:
            gap += min(4.0, lo - v)
        if hi is not None and v > hi:
            gap += min(4.0, v - hi)
    return gap


def _readiness_delta(term: Term, ref: str, changed: Mapping[str, int], get: Getter) -> float:
    old, new = get(ref), changed[ref]
    gap = 0.0
    for r, lo, hi, _ in term.bounds:
        if r == ref:
            gap += _gap1(new, lo, hi) - _gap1(old, lo, hi)
    if term.alternatives and any(b[0] in changed for alt in term.alternatives for b in alt):
        def after(r: str) -> int:
            return changed[r] if r in changed else get(r)
        gap += min(_gap(alt, after) for alt in term.alternatives) - min(_gap(alt, get) for alt in term.alternatives)
    return -term.weight * gap


def _held(v: float, lo: float | None, hi: float | None, sc: float, left: int) -> float:
    """Satisfaction of a bound on a quantity that only moves forward (a commitment, or normalization,
    their sum), with ``left`` percent of the game still to play after this half-year.

    A statute adopted or a measure in force is not withdrawn, so such an objective, once met, stays
    met, and what counts is whether its last step is taken in time. A step short is credited (as
    :func:`satisfaction` does) by what the missing steps may still bring *if there is time to take
    them*: in full at the start, nothing in the last half-year, when only what holds scores. So the
    step that completes the objective is worth what it honestly secures: little early on (it can
    still come later), nearly the whole objective late. Before, a step short was credited at about
    71% whatever the turn, so the step that scores looked worth 0.3 of the objective even in the
    last half-year. Being past a minimum earns no margin (it cannot be lost); past a maximum
    (Serbia's "mutual recognition below a framework agreement") the objective can never be met
    again, so nothing of it is credited."""
    if hi is not None and v > hi:
        return 0.0
    if lo is not None and v < lo:
        return max(0.0, 1 - (lo - v) / sc) * left / 100
    return 1.0 if hi is None else satisfaction(v, lo, hi, sc)


def _forward_only(ref: str) -> bool:
    """Commitments, and normalization (their sum), which only move forward."""
    return ref.startswith("commitment.") or ref == "normalization_total"


def time_left(state: GameState) -> int:
    """The share of the game still to play after this half-year, in percent (read as :data:`TIME_LEFT`)."""
    return max(0, min(100, round(100 * (state.last_turn - state.turn) / max(1, state.last_turn - 1))))


def satisfaction(v: float, lo: float | None, hi: float | None, sc: float) -> float:
    """How far ``v`` meets the bounds ``lo``..``hi``: from 0 at ``sc`` or more outside them to 1 at
    the bound, and up to ``1 + MARGIN`` with ``sc`` of slack inside."""
    if lo is not None and v < lo:
        return max(0.0, 1 - (lo - v) / sc)
    if hi is not None and v > hi:
        return max(0.0, 1 - (v - hi) / sc)
    slack = min(v - lo if lo is not None else sc, hi - v if hi is not None else sc)
    return 1 + MARGIN * min(1.0, slack / sc)


def scale(content: Content, ref: str) -> float:
    """How far below a target a quantity can be and still count for something."""
    kind, key, _ = q.parse(ref)
    if kind == "commitment":
        return 3.5
    if kind == "derived":
        return {"keci_phase": 1.6, "special_representative": 1.0, "normalization_total": 8.0}.get(key, 2.0)
    if kind == "track" and content.tracks[key].unit == "percent":
        return 30.0
    if kind == "track" and content.tracks[key].unit == "count":
        return 2.0
    return 4.0


@lru_cache(maxsize=256)
def static_terms(content: Content, persona: Persona) -> tuple[Term, ...]:
    """The parts of a persona's potential that do not depend on the board."""
    role, prof = persona.role, profile(persona.temperament)
    terms: list[Term] = []
    needs: dict[str, float] = {}
    shown: dict[str, float] = {}
    for oid in persona.objectives:
        o = content.objective(role, oid)
        bounds = tuple((ref, b.min, b.max, scale(content, ref)) for ref, b in o.condition.items())
        refs = tuple(b[0] for b in bounds)
        ratchet = any(_forward_only(ref) for ref in refs)
        if ratchet:
            refs += (TIME_LEFT,)
        terms.append(Term("objective", refs, float(o.points), o.text, bounds, o.secret, ratchet=ratchet))
        for ref, b in o.condition.items():
            if b.min is not None:
                needs[ref] = max(needs.get(ref, b.min), b.min)
                if not o.secret:
                    shown[ref] = max(shown.get(ref, b.min), b.min)
    blur = dict(persona.blur)
    prefs = dict(content.roles[role].preferences)
    prefs.setdefault(f"{role}.credibility", 0.3)
    for other in content.roles:
        if other != role:
            prefs.setdefault(f"trust.{role}.{other}", 0.15)
    for ref, w in prefs.items():
        if ref in ("keci_phase", "special_representative", "normalization_total"):
            continue  # derived: covered by objectives and ops, not a per-unit posture
        w *= blur.get(ref, 1.0)
        if ref == f"{role}.domestic_support":
            w *= prof.domestic
        elif ref in _SHARED or ref.startswith("trust."):
            w *= prof.shared
        # More of a quantity one of the persona's objectives needs a minimum of is wanted up to
        # that minimum and one step of slack (a drift or a crisis takes a step back); past it, the
        # objective's margin (MARGIN) alone values more slack, so the posture stops counting:
        # capital spent beyond the need buys nothing the endings pay the role.
        cap = needs[ref] + 1 if w > 0 and ref in needs else None
        shown_cap = shown[ref] + 1 if w > 0 and ref in shown else None
        terms.append(Term("posture", (ref,), w * PREF_SCALE, label(content, ref), cap=cap, shown_cap=shown_cap))
    if not persona.shallow:
        endings = content.endings_in(persona.scenario)
        escalation = endings.get("escalation")
        if escalation is not None and escalation.points.get(role):
            terms.append(Term("escalation", ("north_tension",), float(escalation.points[role]),
                              "keeping the north from escalating", offset=prof.brinkmanship - _certain_drift(content)))
        breakthrough = endings.get("breakthrough")
        if breakthrough is not None and breakthrough.points.get(role):
            # A role with a stake in KECI sees what phase 3 requires through its readiness term; one
            # without (the EU) sees it only here.
            expand = not content.roles[role].preferences.get("keci_phase")
            paths = breakthrough_paths(content, expand, persona.scenario)
            refs = tuple(sorted({b[0] for path in paths for b in path}))
            terms.append(Term("breakthrough", refs, breakthrough.points[role] * BREAKTHROUGH_SHARE,
                              "a breakthrough", alternatives=paths))
    return tuple(terms)


def _span(content: Content, ref: str, lo: float | None, hi: float | None) -> float:
    """How far the far end of ``ref``'s range lies from a bound on it (the way to go from nothing)."""
    kind, key, _ = q.parse(ref)
    qlo, qhi = _DERIVED_BOUNDS.get(key, (0, 99)) if kind == "derived" else q.bounds(content, ref)
    if kind == "derived" and key == "normalization_total":
        qhi = sum(len(c.levels) - 1 for c in content.commitments.values())
    return max(1.0, (lo - qlo) if lo is not None else (qhi - (hi if hi is not None else qhi)))


@lru_cache(maxsize=64)
def breakthrough_paths(content: Content, expand: bool,
                       scenario: str = "") -> tuple[tuple[tuple[str, float | None, float | None, float], ...], ...]:
    """The ways to the breakthrough ending, read from the rulebook: each alternative of its condition
    (with the condition every alternative shares) and, for an alternative that is a KECI phase, the
    breakthroughs that phase itself requires (its ``unlock_any``): phase 3 opens only after
    normalization 12+ or an Ally changing its stance, so those are the steps to it a role can take.
    The ending as ``scenario`` judges it (a variant may judge it on its own condition)."""
    ending = content.ending("breakthrough", scenario)
    common = dict(ending.condition)
    alternatives = [dict(common, **alt) for alt in ending.condition_any] or [common]
    paths: list[dict[str, Any]] = []
    for alt in alternatives:
        paths.append(alt)
        phase = alt.get("keci_phase")
        if expand and phase is not None and phase.min is not None and len(alt) == 1:
            nxt = content.keci.phases[int(phase.min)]
            paths.extend(dict(a) for a in nxt.unlock_any)
    return tuple(tuple((ref, b.min, b.max, _span(content, ref, b.min, b.max)) for ref, b in sorted(p.items()))
                 for p in paths)


@lru_cache(maxsize=1024)
def _terms_by_ref(content: Content, persona: Persona, ready: Term | None) -> dict[str, list[Term]]:
    """The persona's terms indexed by the quantities they read (and commitments for the total)."""
    by_ref: dict[str, list[Term]] = {}
    terms = static_terms(content, persona) + ((ready,) if ready is not None else ())
    for t in terms:
        for ref in t.refs:
            by_ref.setdefault(ref, []).append(t)
            if ref == "normalization_total":
                for c in content.commitments:
                    by_ref.setdefault(f"commitment.{c}", []).append(t)
    return by_ref


@lru_cache(maxsize=1024)
def _deps(content: Content, persona: Persona, ready: Term | None) -> dict[str, tuple[str, ...]]:
    """For each quantity, every quantity that the terms reading it read as well."""
    out: dict[str, tuple[str, ...]] = {}
    for ref, terms in _terms_by_ref(content, persona, ready).items():
        refs = {ref}
        if ref.startswith("commitment."):
            refs.add("normalization_total")
        for t in terms:
            if t.kind != "readiness":
                refs.update(t.refs)
                continue
            # Readiness gaps add up bound by bound, so a change to one quantity reads only that
            # quantity -- and the alternatives, of which the nearest counts, when it is among them.
            alternative_refs = {b[0] for alt in t.alternatives for b in alt}
            if refs & alternative_refs:
                refs |= alternative_refs
        out[ref] = tuple(sorted(refs))
    return out


#: Single-quantity changes already valued, by (persona, quantity, delta, what the terms read): the
#: change of each term (the reasons quote the largest) and their sum. The persona part of the key
#: is its number from :func:`_pkey`.
_GAINS: dict[tuple[Any, ...], tuple[Any, Any, tuple[tuple[tuple[Term, float], ...], float]]] = {}

#: A number for each (rulebook, persona, readiness term) a valuer was made for: keying _GAINS by it
#: hashes one int instead of a persona (whose hash is a Python call) inside a tuple, about a
#: thousand times a game. Numbers are never reused (a valuer kept in :data:`_RECENT` may outlive
#: an emptied table), so one number always means one persona.
#: Keyed by the rulebook itself (hashed by identity, and held, so its address is never reused by
#: another while the entry lives) and by the readiness term's value, never by an id().
_PKEYS: dict[tuple[Content, Persona, Term | None], int] = {}
_PKEY_NEXT = itertools.count()


def _pkey(content: Content, persona: Persona, ready: Term | None) -> int:
    key = (content, persona, ready)
    found = _PKEYS.get(key)
    if found is None:
        if len(_PKEYS) >= 4096:  # bounded; the numbers go on counting
            _PKEYS.clear()
        found = _PKEYS[key] = next(_PKEY_NEXT)
    return found


def _certain_drift(content: Content) -> int:
    """How much tension rises at every briefing whatever happens (unconditional drift)."""
    track = content.tracks.get("north_tension")
    return sum(d.delta for d in track.drift if not d.when) if track is not None else 0


def readiness_term(content: Content, state: GameState, persona: Persona) -> Term | None:
    """For roles with a stake in KECI: the distance of its next Council motion from consensus."""
    if persona.shallow or state.keci_phase >= 3 or state.keci_suspended:
        return None
    return _readiness(content, persona.role, state.keci_phase, state.recognized_by)


@lru_cache(maxsize=512)
def _readiness(content: Content, role: str, keci_phase: int, recognized_by: tuple[str, ...]) -> Term | None:
    stake = content.roles[role].preferences.get("keci_phase", 0.0)
    breakthrough = content.endings.get("breakthrough")
    if stake == 0 and breakthrough is not None and breakthrough.points.get(role, 0) > 0:
        stake = CONSENT_STAKE
    if stake == 0:
        return None
    nxt = content.keci.phases[keci_phase + 1]
    if nxt.motion is None:
        return None
    shift = content.motions[nxt.motion].stringency
    bounds = []
    for ally_id, ally in content.allies.items():
        if ally_id in recognized_by:
            continue
        for ref, b in ally.consents_when.items():
            bounds.append((ref, None if b.min is None else b.min + shift, None if b.max is None else b.max - shift, 1.0))
    for ref, b in nxt.unlock.items():
        bounds.append((ref, b.min, b.max, 1.0))
    alternatives = tuple(tuple((ref, b.min, b.max, 1.0) for ref, b in alt.items()) for alt in nxt.unlock_any)
    refs = {b[0] for b in bounds} | {b[0] for alt in alternatives for b in alt}
    return Term("readiness", tuple(sorted(refs)), READINESS_WEIGHT * stake, f"the Council's consent to {nxt.name}",
                tuple(bounds), alternatives=alternatives)


class Valuer:
    """Values changes to one board for one persona; memoizes what it has computed once."""

    __slots__ = ("_before", "_by_ref", "_deps", "_parts", "_pkey", "_ready", "_seats", "_values",
                 "content", "memo", "persona", "state")

    def __init__(self, content: Content, state: GameState, persona: Persona):
        self.content, self.state, self.persona = content, state, persona
        ready = readiness_term(content, state, persona)
        self._by_ref: Mapping[str, list[Term]] = _terms_by_ref(content, persona, ready)
        self._deps = _deps(content, persona, ready)
        self._ready = ready
        self._pkey = _pkey(content, persona, ready)
        self._seats = tuple(state.role_tracks)
        # Not a quantity of the rules: read by commitment objectives (and so part of what their
        # memoized changes are keyed by).
        self._values: dict[str, int] = {TIME_LEFT: time_left(state)}
        self._before: dict[int, float] = {}
        self._parts: dict[tuple[str, int], tuple[tuple[tuple[Term, float], ...], float]] = {}
        #: Room for callers to memoize other values that depend only on this board (see :func:`valuer_for`).
        self.memo: dict[Any, Any] = {}

    def get(self, ref: str) -> int:
        v = self._values.get(ref)
        if v is None:
            v = self._values[ref] = q.get(self.state, ref)
        return v

    def potential(self, skip: tuple[str, ...] = ()) -> float:
        """The whole potential of the board (escalation risk left out once the game is over;
        terms of the kinds in ``skip`` left out too)."""
        terms = {id(t): t for ts in self._by_ref.values() for t in ts}.values()
        over = self.state.ending is not None
        return sum(t.value(self.get) for t in terms if not (over and t.kind == "escalation") and t.kind not in skip)

    def _bounds(self, ref: str) -> tuple[int, int]:
        kind, key, _ = q.parse(ref)
        if kind == "derived":
            return _DERIVED_BOUNDS.get(key, (0, 99))
        return q.bounds(self.content, ref)

    def _overlay(self, ref: str, delta: int) -> dict[str, int] | None:
        old = self.get(ref)
        lo, hi = self._bounds(ref)
        new = min(hi, max(lo, old + delta))
        if new == old:
            return None
        changed = {ref: new}
        if ref.startswith("commitment."):
            changed["normalization_total"] = self.get("normalization_total") + new - old
        return changed

    def ref_gain(self, ref: str, delta: int) -> float:
        """Change of the potential if ``ref`` moved by ``delta`` (clamped), all else equal."""
        return self._shared_gains(ref, delta)[1]

    def _shared_gains(self, ref: str, delta: int) -> tuple[tuple[tuple[Term, float], ...], float]:
        """The change of each term reading ``ref`` if it moved by ``delta``, and their sum."""
        key = (ref, delta)
        found = self._parts.get(key)
        if found is not None:
            return found
        return self._new_gains(ref, delta, key)

    def _new_gains(self, ref: str, delta: int,
                   key: tuple[str, int]) -> tuple[tuple[tuple[Term, float], ...], float]:
        """:meth:`_shared_gains` not yet in this valuer's memo (``key``: ``(ref, delta)``), kept there."""
        # The change depends only on the quantities the affected terms read, so it is shared
        # between boards (and turns) on which those quantities are the same.
        # The numbers the terms read, gathered in this frame (a comprehension is a call of its
        # own on Python 3.11) and read from the state directly when not yet read.
        values, state = self._values, self.state
        read: list[int] = []
        for r in self._deps.get(ref, ()):
            v = values.get(r)
            if v is None:
                v = values[r] = q.get(state, r)
            read.append(v)
        shared = (self._pkey, ref, delta, tuple(read))
        known = _GAINS.get(shared)
        if known is not None and known[0] is self.content and known[1] is self._ready:
            found = known[2]
        else:
            parts = tuple(self._term_gains(ref, delta))
            found = (parts, sum(g for _, g in parts))
            if len(_GAINS) > 50_000:  # bounded: a long simulate run must not grow
                _GAINS.clear()
            _GAINS[shared] = (self.content, self._ready, found)
        self._parts[key] = found
        return found

    def _term_gains(self, ref: str, delta: int) -> list[tuple[Term, float]]:
        terms = self._by_ref.get(ref)
        if not terms:
            return []
        changed = self._overlay(ref, delta)
        if changed is None:
            return []
        get, before = self.get, self._before

        def after(r: str) -> int:
            return changed[r] if r in changed else get(r)

        out = []
        for t in terms:
            if t.kind == "readiness":
                out.append((t, t.readiness_delta(ref, changed, get)))
                continue
            key = id(t)
            if key not in before:
                before[key] = t.value(get)
            out.append((t, t.value(after) - before[key]))
        return out

    def gain(self, effects: Mapping[str, int], giver: str | None = None) -> float:
        """Value of a set of effects (``{giver}`` filled in), each valued on its own."""
        return self.gain_of(tuple(effects.items()), giver)

    def gain_of(self, effects: tuple[tuple[str, int], ...], giver: str | None = None) -> float:
        """:meth:`gain` of effects given as their (quantity, change) pairs, for a caller that has
        them as such already (a negotiable item's, see rules.hot.HotItem): building the pairs was
        a fifth of the cost of valuing an item."""
        # Not memoized as a whole: callers keep what they value again (item and order values), and
        # a memo of whole sets of effects missed 97% of the time. Its parts are memoized. The
        # lookups of _resolved and ref_gain are inlined: this runs about 1,600 times a game.
        key = (effects, giver, self._seats)
        resolved = _RESOLVED.get(key)
        if resolved is None:
            resolved = self._resolved(key)
        parts, by_ref = self._parts, self._by_ref
        total = 0.0
        for pair in resolved:
            if pair[0] not in by_ref:
                continue
            found = parts.get(pair)
            if found is None:
                found = self._new_gains(pair[0], pair[1], pair)
            total += found[1]
        return total

    def _resolved(self, key: tuple[tuple[tuple[str, int], ...], str | None, tuple[str, ...]]) -> list[tuple[str, int]]:
        """The effects (``key``: their items, the giver, the seats) with ``{giver}`` filled in and
        unseated roles dropped; kept in :data:`_RESOLVED`."""
        items, giver, _ = key
        found = []
        for ref, delta in items:
            if giver is not None and "{giver}" in ref:
                ref = ref.replace("{giver}", giver)
            if self._known(ref):
                found.append((ref, delta))
        if len(_RESOLVED) > 20_000:
            _RESOLVED.clear()
        _RESOLVED[key] = found
        return found

    def _known(self, ref: str) -> bool:
        kind, key, _ = q.parse(ref)
        if kind == "role":
            return key in self.state.role_tracks
        if kind == "trust":
            return key in self.state.trust
        return True

    def explain(self, effects: Mapping[str, int], giver: str | None = None, want: int = 1) -> str:
        """The main reason these effects matter to the persona, as a verb phrase ("raises X, towards its aim
        to ...") to follow a subject; ``want=-1`` gives the main harm instead."""
        key = ("explain", tuple(effects.items()), giver, want)
        if key not in self.memo:
            self.memo[key] = self._explain(effects, giver, want)
        return self.memo[key]  # type: ignore[no-any-return]

    def _explain(self, effects: Mapping[str, int], giver: str | None, want: int) -> str:
        best: tuple[float, str] | None = None
        for ref, delta in effects.items():
            if giver is not None and "{giver}" in ref:
                ref = ref.replace("{giver}", giver)
            if not self._known(ref):
                continue
            for term, g in self._shared_gains(ref, delta)[0]:
                if term.secret:
                    # A reason is read by everyone who may know the move: naming a quantity the
                    # role wants only for its confidential briefing would give the briefing away.
                    continue
                if term.cap != term.shown_cap:
                    # A cap read from a secret objective: the reason weighs the posture as the
                    # public card alone would, or it would give the briefing away.
                    g = self._shown_posture_gain(term, ref, delta)
                g *= want
                if g > 0 and (best is None or g > best[0]):
                    best = (g, _phrase(self.content, term, ref, delta, want))
        return best[1] if best else ""

    def _shown_posture_gain(self, term: Term, ref: str, delta: int) -> float:
        changed = self._overlay(ref, delta)
        own = term.refs[0]
        if changed is None or own not in changed:
            return 0.0
        old = float(self.get(own))
        new = float(changed[own])
        if term.shown_cap is not None:
            old, new = min(old, term.shown_cap), min(new, term.shown_cap)
        return term.weight * (new - old)


def _phrase(content: Content, term: Term, ref: str, delta: int, want: int) -> str:
    what = _name(content, ref)
    direction = "raises" if delta > 0 else "lowers"
    if term.kind == "objective":
        goal = term.text[0].lower() + term.text[1:]
        return f"{direction} {what}, {'towards' if want > 0 else 'against'} its aim to {goal}"
    if term.kind == "escalation":
        return f"{direction} {what}, and escalation in the north would cost everyone"
    if term.kind == "breakthrough":
        return f"{direction} {what} on the way to a breakthrough"
    if term.kind == "readiness":
        return f"{direction} {what}, which decides {term.text}"
    return f"{direction} {what}"


@lru_cache(maxsize=1024)
def _name(content: Content, ref: str) -> str:
    kind, key, _ = q.parse(ref)
    if kind == "derived":
        return {"keci_phase": "the KECI phase", "special_representative": "the chance of a Special Representative",
                "normalization_total": "normalization"}.get(key, key)
    text = label(content, ref)
    first = text.split(" ", 1)[0]
    proper = first.isupper() or first.rstrip("'s").rstrip("’s") in {r.name for r in content.roles.values()}
    return text if kind == "role" or proper else text[0].lower() + text[1:]


#: Effects with ``{giver}`` filled in and unseated roles dropped, by (effects' items, giver, seats):
#: a pure function of its key, bounded.
_RESOLVED: dict[tuple[Any, ...], list[tuple[str, int]]] = {}

#: Valuers of recent boards. Within a phase the board rarely changes (orders resolve only at the
#: end of the actions phase), so one role's successive decisions share one valuer and its memos.
#: Emptied when full. 64 (not 512): the valuers a decision reuses are those of the last few boards,
#: so a larger cache saves only 3% of the valuers built, and holding and then freeing 512 boards
#: with their memos costs more than that (measured: normal games 5% less CPU, hard ones no slower).
_RECENT: dict[tuple[Any, ...], Valuer] = {}
_RECENT_MAX = 64


def fingerprint(state: GameState) -> tuple[Any, ...]:
    """Everything on a board that a valuation or a Council check can read."""
    return (state.scenario, state.turn, tuple(state.tracks.values()),
            tuple([tuple(v.values()) for v in state.role_tracks.values()]), tuple(state.normalization.values()),
            tuple(state.trust.values()), state.keci_phase, state.keci_since, state.keci_suspended,
            state.keci_mou_approved, state.special_rep, state.recognized_by, state.last_unilateral, state.ending)


def valuer_for(content: Content, state: GameState, persona: Persona,
               board: tuple[Any, ...] | None = None, owned: bool = False) -> Valuer:
    """A valuer for this board, shared with earlier boards that had the same numbers
    (``board``: the state's :func:`fingerprint`, when the caller has it already; ``owned``: the
    caller hands ``state`` over and nothing changes it afterwards, so it need not be copied)."""
    key = (content, persona, fingerprint(state) if board is None else board)
    found = _RECENT.get(key)
    if found is not None:
        return found
    if len(_RECENT) >= _RECENT_MAX:
        _RECENT.clear()
    # The valuer reads quantities lazily, so it must own its board: the caller's state may be
    # played on afterwards (a search plays its copies forward), and a later board with this
    # fingerprint must read the numbers of the fingerprint, not those of a game that moved on.
    valuer = _RECENT[key] = Valuer(content, state if owned else state.clone(), persona)
    return valuer
