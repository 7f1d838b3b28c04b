"""Player-facing words the web pages add to the window's (:mod:`game.ui.describe`).

Every change is written as sign, arrow and name ("▲ +1 Dialogue momentum"), with ``good`` telling
the page how to tint it, so no state is told by colour alone.
"""

from __future__ import annotations

from typing import Any

from game.ui.describe import OP_NOTES, blocker, change, words

__all__ = ["OP_NOTES", "PHASE_HINTS", "blocker", "delta_mark", "effect_list", "effects_line", "plain"]


PHASE_HINTS = {
    "crisis": "A crisis card was drawn. Pick one response: one is always free; the others cost political "
              "capital. Responses marked ⚠ are unilateral and may get KECI suspended.",
    "negotiation": "Propose a deal (what you give, what you ask, a deadline) or answer the offers you received. "
                   "Accepted deals become commitments; breaking one costs credibility. Finish when you are done.",
    "actions": "Spend political capital on action cards and deliver the deals you owe. Orders stay secret until "
               "every role has submitted; then they resolve.",
}


def delta_mark(delta: int, good_when: str) -> str:
    """'▲+1 ✓' (better for stability), '▼-2 ✗' (worse), '–' (no change this turn)."""
    if not delta:
        return "–"
    better = (delta > 0) == (good_when == "high")
    return f"{'▲' if delta > 0 else '▼'}{delta:+d} {'✓' if better else '✗'}"


def _resolve(effects: dict[str, int], giver: str) -> dict[str, int]:
    return {k.replace("{giver}", giver): v for k, v in effects.items()}


def effect_list(content: Any, effects: dict[str, int], giver: str) -> list[dict[str, Any]]:
    """Each change with its words and whether it is good for stability (None: neither)."""
    out = []
    for ref, delta in _resolve(effects, giver).items():
        if delta:
            ch = change(content, ref, delta)
            out.append({"text": ch.text, "good": ch.good})
    return out


def effects_line(content: Any, effects: dict[str, int], giver: str) -> str:
    parts = [e["text"] for e in effect_list(content, effects, giver)]
    return "; ".join(parts) if parts else "no direct effect on the tracks"


#: Lines already put into players' words, per content (the same results and stakes are worded
#: again for every page at every move: the regular expressions were most of a page's cost).
_PLAIN: dict[int, tuple[Any, dict[str, str]]] = {}


def plain(content: Any, message: str) -> str:
    """A line from the rules (a result, a stake) in players' words: blockers name their track
    ("Tension in the north is 8, needs at most 6") and no internal id is left."""
    known = _PLAIN.get(id(content))
    if known is None or known[0] is not content or len(known[1]) > 4096:
        known = _PLAIN[id(content)] = (content, {})
    said = known[1].get(message)
    if said is None:
        said = known[1][message] = str(words(content, blocker(content, message)))
    return said
