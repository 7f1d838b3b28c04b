"""What the window teaches: role briefings, the game explained (F1), and each panel's explanation.

Pure text built from the content, so the words and the paper's passages come from the rulebook
(``rules/content``) and never drift from the rules. Screens only lay these sections out.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.counting import points
from rules.loader import Content


@dataclass(frozen=True)
class Section:
    """A heading and its paragraph."""

    title: str
    body: str


def role_briefing(content: Content, role: str, scenario: str = "") -> list[Section]:
    """The role's briefing before its first turn: situation, objectives in ``scenario`` (public and
    confidential), what it can do and what it can negotiate. Only ever shown to that role's own player."""
    r = content.roles[role]
    goals = content.objectives(role, scenario)
    public = [o for o in goals if not o.secret]
    secret = [o for o in goals if o.secret]
    out = [Section(f"Your situation: {r.name}", f"{r.explanation}\nSource (the paper): {r.source}")]
    out.append(Section("Public objectives (every player can read these)",
                       "\n".join(f"• {o.text} — {points(o.points)}" for o in public) or "None."))
    if secret:
        out.append(Section("Confidential objectives (only you see these until the game ends)",
                           "\n".join(f"• {o.text.removeprefix('(Secret) ')} — {points(o.points)}" for o in secret)))
    actions = content.actions_by_role.get(role, [])
    out.append(Section(
        "What you can do (action cards, paid with political capital ◆)",
        f"Each turn you regain ◆ {r.capital_refill}. " + "; ".join(f"{a.name} (◆ {a.cost})" for a in actions) + "."))
    gives = [content.items[i].name for i in content.items_by_giver.get(role, [])]
    asks = sorted({content.items[i].name for other, items in content.items_by_giver.items() if other != role
                   for i in items})
    out.append(Section("What you can negotiate",
                       ("You can offer: " + "; ".join(gives) + ".\n" if gives else "You have nothing to offer.\n")
                       + "You can ask others for: " + "; ".join(asks) + "."))
    return out


def game_help(content: Content, scenario: str = "") -> list[Section]:
    """F1: how the game works (not only the keys), with the numbers taken from the content; the
    endings as ``scenario`` judges them (a variant may judge one on its own condition)."""
    keci = content.keci
    phases = "; ".join(f"{p.name} ({', '.join(p.activities) or 'the starting point'})" for p in keci.phases)
    allies = ", ".join(a.name for a in content.allies.values())
    pen = content.negotiation.penalties
    default_fx = ", ".join(f"▼ {v:+d}" for v in pen.default_effects.values() if v < 0) or "nothing"
    endings = "\n".join(f"• {e.name}: {e.explanation}" for e in content.endings_in(scenario).values())
    cands = ", ".join(c.name for c in content.candidates.values())
    return [
        Section("A turn (half a year)",
                "Briefing (political capital refills; the world drifts; a crisis card may be drawn) → Crisis "
                "response (each role concerned picks one response; one is always free) → Negotiation (proposals: "
                "give one item, ask one, a deadline) → Actions (secret orders paid with political capital ◆) → "
                "Resolution (orders resolve in a fixed order, deals fall due) → Review (scores). Every line of the "
                "log says why it happened."),
        Section("KECI, the Kosovo Enhanced Cooperation Initiative",
                f"A ladder of four phases: {phases}. NATO puts each next phase to the North Atlantic Council; "
                "Kosovo signs the memorandum that opens phase 1. An uncoordinated unilateral move in the north "
                f"may suspend KECI. Source: {keci.source}"),
        Section("The North Atlantic Council decides by consensus",
                f"A motion passes only if no Ally objects. The non-recognizing Allies ({allies}) each consent "
                "only while their conditions hold (shown in the Council panel, with what each would need). Over "
                "time an Ally may even recognize Kosovo."),
        Section("The NATO Special Representative for the Western Balkans",
                f"NATO may propose one to the Secretary General (candidates: {cands}). In office, the Representative "
                "damps protests and boycotts in the north (not armed attacks or sabotage, which no envoy can talk "
                "down), counters disinformation, adds to dialogue rounds and opens a direct "
                "channel (an extra proposal per turn)."),
        Section("Deals and defaults",
                f"Up to {pen.max_proposals_per_turn} proposals per turn, deadlines of 1–{pen.max_deadline} turns. An "
                "accepted proposal becomes a deal: both sides owe their item by the deadline and deliver it as an "
                "order. A deal keeps its proposal's number (#3 is proposal 3 and both parts of deal 3). Keeping "
                f"your word builds trust; a default lowers the giver's credibility ({default_fx}) and trust between the "
                "two sides."),
        Section("Endings and scoring",
                f"{endings}\nEach role scores the points of the objectives it meets at the end, plus the ending's "
                "points. Other roles' confidential objectives are revealed only at the end."),
        Section("Reading the board",
                "Click or hover any track name or panel title for its explanation and the paper's passage. Effects "
                "read ▲/▼ with a sign, ✓ good for stability, ✗ bad — never colour alone."),
        Section("Keys",
                "Enter: play the selected card (escalatory or unilateral moves ask Y/N first) · ↑/↓ or 1–9: "
                "select · E: finish this phase · P/D/O: play, deals, objectives tabs · G/A: next item to give / "
                "ask · T: next counterpart · L: next deadline · S: send proposal · Y/N/C: accept, reject, counter "
                "· B: your briefing · Ctrl+Z: undo your last move · Ctrl+F: the facilitator's screen · PgUp/PgDn or wheel: scroll · Esc: menu (the "
                "game is saved) · F1 or ?: this help."),
        Section("Hot-seat",
                "Several humans share one screen: between their moves a hand-over screen hides the board, so "
                "nobody sees another's confidential objectives or orders."),
    ]


#: What each board panel is, for the click/hover explanation on its title.
PANELS = {
    "map": ("Map", ("Kosovo and its neighbours: the hatched zone is tension in the north (value written), the "
            "blue shields are KFOR, ⚠ marks where the crisis strikes.")),
    "tracks": ("Tracks", ("The shared state of the region, each 0–10 (or a percentage): its value, a bar, and "
               "its change this turn (✓ better, ✗ worse for stability). Click a track for its explanation and "
               "the paper's passage.")),
    "keci": ("KECI ladder", ("The Kosovo Enhanced Cooperation Initiative's four phases: where it stands, what the "
             "next phase unlocks and what still blocks it.")),
    "council": ("North Atlantic Council", ("The non-recognizing Allies decide KECI motions by consensus: each "
                "one's stance and what it would need; and whether a Special Representative is in office.")),
    "crisis": ("Crisis card", "The crisis drawn this half-year, who has answered it and the paper's passage."),
    "log": ("Log", ("Everything that happened that you may see, each line with its cause; AI moves with their "
            "reasons.")),
    "play": ("Play panel", ("What you can do now: crisis responses, proposals or action cards, with their cost, "
             "effects and the paper's passage; and the Deals and Objectives tabs.")),
}


def panel_help(content: Content, panel: str) -> str:
    """The explanation of one board panel, with its source where the content has one."""
    name, body = PANELS[panel]
    source = {"keci": content.keci.source, "council": next(iter(content.allies.values())).source,
              "play": content.negotiation.source}.get(panel)
    return f"{name}: {body}" + (f" — Source: {source}" if source else "")
