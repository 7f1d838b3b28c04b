"""Discussion questions drawn from what happened in this game (a hot wash's prompts).

Each question is built from one event of the log (a broken deal, a veto, a crisis that moved
tension most, a recognition, a white cell ruling) so the class talks about its own game; a
few general after-action questions (expected, happened, why, keep or change) close the list.
"""

from __future__ import annotations

from game.debrief.record import Record
from game.debrief.story import label_turn


def questions(record: Record, limit: int = 8) -> list[str]:
    c, ev, st = record.content, record.events, record.state
    out: list[str] = []
    deals = {d.id: d for d in st.deals}
    broken = [e for e in ev if e.kind == "default" and e.data.get("deal") in deals]
    if broken:
        d = deals[broken[0].data["deal"]]
        out.append(f"In {label_turn(record, broken[0].turn)} {c.roles[d.giver].name} did not deliver "
                   f"'{c.items[d.item].name}' to {c.roles[d.receiver].name}. What made that promise hard to keep, "
                   f"and how should {c.roles[d.receiver].name} have priced the risk when agreeing to it?")
    veto = next((e for e in ev if e.kind == "veto"), None)
    if veto is not None:
        out.append(f"In {label_turn(record, veto.turn)}: {veto.text} ({veto.cause}). What could have won its consent "
                   "without asking it to change its position on recognition?")
    rises = [e for e in ev if e.kind == "track" and e.data.get("ref") == "north_tension" and e.data["new"] > e.data["old"]]
    crisis_rises = [e for e in rises if e.phase == "briefing" and "drift" not in e.cause]
    if rises:
        worst = max(crisis_rises or rises, key=lambda e: e.data["new"] - e.data["old"])
        out.append(f"In {label_turn(record, worst.turn)} tension in the north rose {worst.data['old']} → "
                   f"{worst.data['new']} ({worst.cause}). Which response or earlier move would have contained it, "
                   "and who would have had to pay for it?")
    recognition = next((e for e in ev if e.kind == "recognition"), None)
    if recognition is not None:
        out.append(f"{recognition.text} in {label_turn(record, recognition.turn)}. The paper argues KECI works whatever "
                   "the non-recognizers decide: did this recognition change what KECI could do in your game?")
    elif st.keci_phase >= 1:
        out.append(f"KECI reached phase {st.keci_phase} while all four non-recognizing Allies kept their position. "
                   "What made a status-neutral framework acceptable to them in your game?")
    if st.special_rep is None:
        out.append("No Special Representative for the Western Balkans was appointed. What would one have changed in "
                   "your crises and in the dialogue, and why did NATO not push for it?")
    suspended = next((e for e in ev if e.kind == "keci" and e.text.startswith("KECI is suspended")), None)
    if suspended is not None:
        out.append(f"KECI was suspended in {label_turn(record, suspended.turn)} ({suspended.cause}). Was the unilateral "
                   "step worth it to Kosovo's government at home?")
    ruling = next((e for e in ev if e.kind == "facilitator" and e.data.get("act") == "adjust"), None)
    if ruling is not None:
        out.append(f"The white cell ruled: '{ruling.text}'. Was the ruling fair, and what would you have argued?")
    secret = [o for r in st.seats for o in c.objectives(r, st.scenario) if o.secret]
    if secret:
        out.append("Now that the confidential objectives are revealed: which one explains a move that puzzled you "
                   "during the game?")
    out.append(f"The game ended in {c.endings[st.ending].name.lower() if st.ending else 'no ending yet'}. "
               "What did you expect to happen, what happened, why the difference, and what would you keep or change?")
    return out[:limit]
