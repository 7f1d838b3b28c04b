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


#: Names of the derived quantities (they have no entry of their own in the content).
DERIVED_NAMES = {"keci_phase": "KECI phase", "keci_suspended": "KECI suspension",
                 "special_representative": "a Special Representative in office",
                 "normalization_total": "normalization progress (all commitment levels added up)", "turn": "turn"}


def ref_name(content: Content, ref: str) -> str:
    kind, key, sub = parse(ref.replace("{giver}", "giver"))
    if kind == "derived":
        return DERIVED_NAMES.get(key, key.replace("_", " "))
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


def blocker(content: Content, line: str) -> str:
    """Blockers and objections come as 'north_tension is 8, needs at most 6': name the track."""
    def name(match: re.Match[str]) -> str:
        try:
            return f"{ref_name(content, match.group(1))} is"
        except (KeyError, ValueError):
            return match.group(0)

    return _REF_IS.sub(name, line)


def _names(content: Content) -> dict[str, str]:
    """Every internal id a message might carry, mapped to the words a player reads."""
    out: dict[str, str] = {}
    for table in (content.actions, content.items, content.crises, content.candidates, content.allies,
                  content.endings):
        for key, value in table.items():
            out[key] = getattr(value, "name", key.replace("_", " "))
    for key, com in content.commitments.items():
        out[key] = com.name
        out[f"commitment.{key}"] = com.name
    for key, role_track in content.role_tracks.items():
        out[key] = role_track.name.lower()
    for key, track in content.tracks.items():
        out[key] = track.name
    for key, name in DERIVED_NAMES.items():
        out[key] = name
    for role_id, role in content.roles.items():
        out[role_id] = role.name
        for key, role_track in content.role_tracks.items():
            out[f"{role_id}.{key}"] = f"{role.name}: {role_track.name.lower()}"
    return out


_NAMES: dict[int, dict[str, str]] = {}
_ID = re.compile(r"(?<![\w#/.-])([a-z][a-z0-9]*(?:[_.][a-z0-9]+)*)(?![\w/-])")


def words(content: Content, message: str) -> str:
    """A message from the rules in the player's words.

    Internal ids (``kosovo``, ``normalization_total``, ``kosovo_credibility``...) become the
    content's display names. (The rules already call a deal by the number of the proposal it came
    from, so one number follows an offer from proposal to delivery.)
    """
    names = _NAMES.get(id(content))
    if names is None:
        names = _names(content)
        _NAMES.clear()
        _NAMES[id(content)] = names

    def name(match: re.Match[str]) -> str:
        token = match.group(1)
        if "_" not in token and "." not in token and token not in content.roles and token not in content.allies:
            return token  # a plain English word ("credibility", "flood"), not an id
        return names.get(token, token)

    return _ID.sub(name, message)


def deal_ref(content: Content, deal: dict) -> str:  # type: ignore[type-arg]
    """'#3 (Serbia's part)': the proposal's number, which both sides of the deal share."""
    giver = content.roles[deal["giver"]].name
    return f"#{deal['proposal']} ({giver}'s part)"


_REF_IS = re.compile(r"\b([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*) is\b")


#: What a player should know about a move beyond its card (the window and the web pages).
OP_NOTES = {
    "keci_propose": "Puts the next KECI phase to the North Atlantic Council: it passes only if no Ally objects "
                    "(see the Council panel).",
    "keci_sign": "Kosovo signs the status-neutral KECI memorandum: phase 1 begins.",
    "keci_lift_suspension": "Asks the Council to lift KECI's suspension.",
    "special_rep_propose": "Proposes a Special Representative for the Western Balkans to the Secretary General.",
    "convene_dialogue": "A Special Representative in office adds a dialogue bonus.",
    "unilateral_north": "⚠ A unilateral move in the north: KECI may be suspended and Allies may object.",
}
