"""The ending and the causes that led to it, written from the game's own events and state.

Nothing here is canned prose about an ending: each sentence names a turn, a card, an Ally, a
deal or a track value that the log or the final board holds, so the story cannot contradict
the game (a stalemate after an Ally recognized Kosovo says so, and says what was still missing).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.debrief.record import Record
from rules import quantities as q
from rules.turn import turn_label
from rules.values import Event


@dataclass(frozen=True, slots=True)
class Story:
    ending: str
    headline: str
    causes: tuple[str, ...]


def _when(record: Record, turn: int) -> str:
    for p in record.points:
        if p.turn == turn and p.label != "end":
            return p.label
    return f"turn {turn}"


def _first(events: tuple[Event, ...], kind: str, text_has: str = "") -> list[Event]:
    return [e for e in events if e.kind == kind and text_has in e.text]


def tell(record: Record) -> Story:
    st, c, ev = record.state, record.content, record.events
    if st.ending is None:
        return Story("not ended", f"The game is still running (turn {st.turn} of {st.last_turn}, {st.phase}).",
                     tuple(_progress(record)))
    ending = c.ending(st.ending, st.scenario)
    end_event = next((e for e in reversed(ev) if e.kind == "ending"), None)
    when = _when(record, end_event.turn) if end_event else ""
    causes: list[str] = []
    if st.ending == "escalation":
        headline = f"Escalation in {when}: tension in the north reached its maximum and every side loses."
        rises = [e for e in ev if e.kind == "track" and e.data.get("ref") == "north_tension"
                 and e.data["new"] > e.data["old"] and end_event is not None and e.turn >= end_event.turn - 1]
        for e in rises[-6:]:
            causes.append(f"{_when(record, e.turn)}: tension {e.data['old']} → {e.data['new']} ({e.cause})")
        calming = [e for e in ev if e.kind == "track" and e.data.get("ref") == "north_tension"
                   and e.data["new"] < e.data["old"]]
        causes.append(f"Over the game, {len(calming)} move(s) calmed the north and "
                      f"{sum(1 for e in ev if e.kind == 'track' and e.data.get('ref') == 'north_tension' and e.data['new'] > e.data['old'])}"
                      " raised tension.")
    elif st.ending == "breakthrough":
        headline = f"Breakthrough in {when}: {ending.explanation}"
        for e in _first(ev, "recognition"):
            causes.append(f"{_when(record, e.turn)}: {e.text} ({e.cause})")
        if st.normalization.get("mutual_recognition", 0) >= 3:
            causes.append("Mutual recognition reached level "
                          f"{st.normalization['mutual_recognition']}: {c.commitments['mutual_recognition'].name}")
    else:
        recognized = [c.allies[a].name for a in st.recognized_by]
        if recognized:
            headline = (f"Stalemate at the end of {when}: {', '.join(recognized)} recognized Kosovo, but recognition "
                        f"did not move far enough for a breakthrough; KECI endures as a standalone framework at "
                        f"phase {st.keci_phase}.")
        else:
            headline = (f"Stalemate at the end of {when}: no non-recognizing Ally changed its stance and no mutual "
                        f"recognition was reached; KECI endures as a standalone framework at phase {st.keci_phase}.")
        breakthrough = c.endings_in(st.scenario).get("breakthrough")
        if breakthrough is not None:
            for alternative in breakthrough.condition_any:
                missing = q.unmet(st, alternative)
                if missing:
                    causes.append("A breakthrough still needed: " + "; ".join(in_words(record, m) for m in missing))
        for e in _first(ev, "recognition"):
            causes.append(f"{_when(record, e.turn)}: {e.text}")
    causes += _progress(record)
    return Story(ending.name, headline, tuple(dict.fromkeys(causes)))


def in_words(record: Record, reason: str) -> str:
    """'keci_phase is 2, needs at least 3' -> 'KECI phase is 2, needs at least 3' (names, not ids)."""
    ref, _, rest = reason.partition(" is ")
    kind, key, _ = q.parse(ref)
    c = record.content
    if kind == "track":
        name = c.tracks[key].name
    elif kind == "commitment":
        name = c.commitments[key].name
    elif key == "keci_phase":
        name = "KECI phase"
    elif key == "keci_suspended":
        name = "KECI's suspension (1 = suspended)"
    else:
        name = ref
    return f"{name} is {rest}"


def _progress(record: Record) -> list[str]:
    """The milestones of the game: KECI's phases and suspensions, the Council, the Representative."""
    out = []
    for e in record.events:
        if e.kind == "keci" and ("enters" in e.text or "suspended" in e.text.lower() and "stays" not in e.text
                                 or "approved" in e.text or "lifted" in e.text):
            out.append(f"{_when(record, e.turn)}: {e.text} ({e.cause})")
        elif e.kind == "council":
            out.append(f"{_when(record, e.turn)}: {e.text}" + (f" ({e.cause})" if e.cause else ""))
        elif e.kind == "special_rep" and "appoint" in e.text.lower() or e.kind == "facilitator" and (e.data.get("act") == "adjust" or "card" in e.data):
            out.append(f"{_when(record, e.turn)}: {e.text}")
    deals = record.state.deals
    kept = sum(1 for d in deals if d.status == "kept")
    broken = sum(1 for d in deals if d.status == "defaulted")
    if deals:
        out.append(f"Deals: {len(deals)} commitments made, {kept} kept, {broken} broken")
    return out


def label_turn(record: Record, turn: int) -> str:
    state = record.state.clone()
    state.turn = turn
    return turn_label(record.content, state)
