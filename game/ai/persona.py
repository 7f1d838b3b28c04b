"""Who an AI believes a role to be: its objectives, its posture and its temperament.

An AI knows its own role completely (its confidential briefing included). Of another role it
knows only what the table knows: the public objectives on its role card and its posture (the
preferences printed in the rulebook). What it cannot see, the other role's secret objectives and
temperament, it samples: a search player imagines each other role with a random temperament and
its posture blurred by noise, a different guess in every sampled future.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

from game.ai.temperament import Temperament
from rules.loader import Content


@dataclass(frozen=True, slots=True)
class Persona:
    role: str
    temperament: Temperament
    #: Ids of the objectives this persona pursues (all for oneself, the public ones for others).
    objectives: tuple[str, ...]
    #: Multiplier on each preference of the role's posture (1.0 = as printed).
    blur: tuple[tuple[str, float], ...] = ()
    #: Easy players think shallower: no look at the Council, escalation risk or breakthrough.
    shallow: bool = False
    #: The scenario the persona plays: a variant may judge an ending on its own condition, and
    #: the persona works towards the ending as that variant judges it.
    scenario: str = ""
    # A persona keys many caches; its hash is worked out once.
    _hash: int = field(init=False, compare=False, repr=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.role, self.temperament, self.objectives, self.blur, self.shallow,
                                                  self.scenario)))

    def __hash__(self) -> int:
        return self._hash


@lru_cache(maxsize=256)
def own(content: Content, role: str, temperament: Temperament, shallow: bool = False, scenario: str = "") -> Persona:
    """The AI itself: every objective of its role in ``scenario``, the secret ones included (a
    variant may judge a role on its own objectives; no scenario, or one that sets none: the role
    card's)."""
    return Persona(role, temperament, tuple(o.id for o in content.objectives(role, scenario)), (), shallow,
                   scenario)


def imagined(content: Content, role: str, rng: random.Random | None = None,
             temperament: Temperament | None = None, scenario: str = "") -> Persona:
    """Another role as an AI pictures it: its public objectives in ``scenario`` only, temperament
    and posture sampled."""
    if rng is None:
        return _modelled(content, role, temperament or Temperament.MODERATE, scenario)
    public = _public(content, role, scenario)
    temper = temperament or rng.choice(list(Temperament))
    blur = tuple((ref, max(0.0, rng.gauss(1.0, 0.3))) for ref in sorted(content.roles[role].preferences))
    return Persona(role, temper, public, blur, scenario=scenario)


@lru_cache(maxsize=64)
def _modelled(content: Content, role: str, temperament: Temperament, scenario: str) -> Persona:
    """Another role pictured without noise: public objectives, posture as printed (a persona is a
    frozen value, so one per role, temperament and scenario serves every board)."""
    return Persona(role, temperament, _public(content, role, scenario), scenario=scenario)


@lru_cache(maxsize=64)
def _public(content: Content, role: str, scenario: str) -> tuple[str, ...]:
    return tuple(o.id for o in content.objectives(role, scenario) if not o.secret)
