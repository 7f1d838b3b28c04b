"""Player-facing words for the rulebook's references and effects.

Effects are written as "▲ +1 Dialogue momentum" — sign, arrow and name — so that whether a
change is good for stability never depends on colour. ``good`` tells the caller how to tint it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rules.loader import Content
from rules.quantities import parse


@dataclass(frozen=True)
class Change:
    text: str
    good: bool | None  # None: neither (a role's own capital, trust between others...)


def ref_name(content: Content, ref: str) -> str:
    kind, key, sub = parse(ref.replace("{giver}", "giver"))
    if kind == "track":
        return content.tracks[key].name if key in content.tracks else key
    if kind == "commitment":
        return content.commitments[key].name if key in content.commitments else key
    if kind == "trust":
        a, b = key.split("|")
        return f"Trust {_role(content, a)}–{_role(content, b)}"
    if kind == "role":
        track = content.role_tracks[sub].name if sub in content.role_tracks else sub
        return f"{_role(content, key)}: {track.lower()}"
    return ref.replace("_", " ")


def _role(content: Content, role: str) -> str:
    return content.roles[role].name if role in content.roles else role


def change(content: Content, ref: str, delta: int) -> Change:
    name = ref_name(content, ref)
    arrow = "▲" if delta > 0 else "▼"
    good: bool | None = None
    kind, key, _ = parse(ref.replace("{giver}", "giver"))
    if kind == "track" and key in content.tracks:
        good = (delta > 0) == (content.tracks[key].good_when == "high")
    elif kind in ("commitment", "trust"):
        good = delta > 0
    unit = "%" if kind == "track" and key in content.tracks and content.tracks[key].unit == "percent" else ""
    return Change(f"{arrow} {delta:+d}{unit} {name}", good)


def effects(content: Content, fx: dict[str, int]) -> list[Change]:
    return [change(content, ref, delta) for ref, delta in fx.items() if delta]


def effects_line(content: Content, fx: dict[str, int]) -> str:
    parts = [c.text for c in effects(content, fx)]
    return "; ".join(parts) if parts else "no direct effect on the tracks"


def condition_line(content: Content, cond: dict) -> str:  # type: ignore[type-arg]
    """'Tension in the north ≤ 6, KECI phase ≥ 1' from a condition."""
    out = []
    for ref, bound in cond.items():
        name = ref_name(content, ref)
        if bound.min is not None and bound.max is not None:
            out.append(f"{name} {bound.min:g}–{bound.max:g}")
        elif bound.min is not None:
            out.append(f"{name} ≥ {bound.min:g}")
        elif bound.max is not None:
            out.append(f"{name} ≤ {bound.max:g}")
    return ", ".join(out)


def blocker(content: Content, line: str) -> str:
    """Blockers and objections come as 'north_tension is 8, needs at most 6': name the track."""
    def name(match: re.Match[str]) -> str:
        try:
            return f"{ref_name(content, match.group(1))} is"
        except (KeyError, ValueError):
            return match.group(0)

    return _REF_IS.sub(name, line)


_REF_IS = re.compile(r"\b([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*) is\b")
