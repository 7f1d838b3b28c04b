"""The table's clock and pause as every page shows them, and the facilitator's controls.

:func:`table_state` turns the game's pause and the current phase's deadline (read from the log's
clock by :mod:`game.deadlines`) into what a page needs to show a countdown: the deadline as an
absolute time, which the browser counts down by itself and corrects whenever the server sends
its own time with a board; or, while the table is paused, the time left frozen.

:func:`controls` describes the facilitator's forms (pause/resume, deadline, inject a crisis,
hand a seat over, adjust a track) as data the page lays out: labels, choices with their words,
and the engine action each form sends (:mod:`rules.facilitator`). The server checks every act;
the forms only offer what makes sense.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from game.ai.decision import Level
from game.deadlines import PhaseClock, countdown
from rules import quantities as q
from rules.core.engine import Game
from rules.effects import label
from rules.facilitator import (
    ADJUST,
    DEADLINE,
    HANDOVER,
    INJECT,
    MAX_MINUTES,
    MAX_TEXT,
    PAUSE,
    RESUME,
    TIMED_PHASES,
    controller_label,
)

THEN = {"finish": "unfinished seats are finished for them (no proposal, no order)",
        "ai": "unfinished seats are handed to the computer"}
ON_TIMEOUT_CHOICES = {"finish": "finished for them (no move)", "ai": "handed to the computer"}
#: AI levels a facilitator can hand a seat to (the yardstick levels are for benchmarks).
HANDOVER_LEVELS = (Level.EASY, Level.NORMAL, Level.HARD)


def table_state(game: Game, clock: PhaseClock | None) -> dict[str, Any]:
    """The pause and the current phase's countdown, the same for every reader."""
    st = game.state
    out: dict[str, Any] = {"paused": st.paused, "deadline": None}
    shown = countdown(st, clock) if clock is not None else None
    if shown is None or shown["due_at"] is None:
        return out
    out["deadline"] = {
        "phase": st.phase.capitalize(),
        "minutes": shown["minutes"],
        "due_at_ms": int(datetime.fromisoformat(shown["due_at"]).timestamp() * 1000),
        # While paused the clock stands still: the time left when the pause began.
        "frozen_left_s": shown["frozen_seconds"],
        "then": THEN.get(st.on_timeout, ""),
    }
    return out


def _choice(value: str | int, text: str) -> dict[str, Any]:
    return {"value": value, "label": text}


def controls(game: Game, names: dict[str, str], controllers: dict[str, str]) -> list[dict[str, Any]]:
    """The facilitator's forms, in the order a session needs them (``controllers``: who plays
    each seat now, "human" or "ai:LEVEL")."""
    c, st = game.content, game.state
    if st.ending is not None:
        return []  # nothing left to steer: every act would be refused

    def seat(r: str) -> str:
        who = f"{names[r]} ({c.roles[r].name})" if names.get(r) and names[r] != c.roles[r].name else c.roles[r].name
        now = controllers.get(r)
        return f"{who} — now {controller_label(now)}" if now else who

    seats = [_choice(r, seat(r)) for r in st.seats]
    text = {"type": "text", "maxlength": MAX_TEXT}
    forms: list[dict[str, Any]] = []
    if st.paused is None:
        forms.append({"act": PAUSE, "title": "Pause the game", "button": "Pause the game",
                      "help": "Players see that the game is paused and why; no move is taken until you resume. "
                              "A phase's countdown stops while paused.",
                      "fields": [{"key": "reason", "label": "Reason players will read", **text,
                                  "placeholder": "e.g. Press briefing — back in 5 minutes"}]})
    else:
        forms.append({"act": RESUME, "title": "Resume the game", "button": "Resume the game",
                      "help": f"Paused: {st.paused}", "fields": []})
    current = ", ".join(f"{p} {m} min" for p, m in st.deadlines.items()) or "none"
    forms.append({"act": DEADLINE, "title": "Deadline for a phase", "button": "Set the deadline",
                  "help": f"A countdown on every page. Deadlines now: {current}. 0 minutes lifts a deadline.",
                  "fields": [
                      {"key": "phase", "label": "Phase", "type": "select",
                       "options": [_choice(p, p.capitalize()) for p in TIMED_PHASES],
                       "default": st.phase if st.phase in TIMED_PHASES else "negotiation"},
                      {"key": "minutes", "label": "Minutes", "type": "number", "min": 0, "max": MAX_MINUTES,
                       "default": st.deadlines.get(st.phase, 8)},
                      {"key": "on_timeout", "label": "When time runs out, unfinished seats are", "type": "select",
                       "options": [_choice(k, v) for k, v in ON_TIMEOUT_CHOICES.items()], "default": st.on_timeout}]})
    later = [_choice(t, f"Turn {t}") for t in range(st.turn + 1, st.last_turn + 1)]
    forms.append({"act": INJECT, "title": "Inject a crisis", "button": "Inject the crisis",
                  "help": "Now: only during negotiation or orders. For a later turn: players learn that the deck "
                          "was changed, not which card is coming.",
                  "fields": [
                      {"key": "card", "label": "Crisis card", "type": "select",
                       "options": [_choice(k, v.name) for k, v in c.crises.items()]},
                      {"key": "turn", "label": "When", "type": "select",
                       "options": [_choice(0, "Now"), *later]}]})
    forms.append({"act": HANDOVER, "title": "Hand a seat over", "button": "Hand the seat over",
                  "help": "Mid-game: the computer plays a seat whose players left, or a human takes it back.",
                  "fields": [
                      {"key": "seat", "label": "Seat", "type": "select", "options": seats},
                      {"key": "to", "label": "To", "type": "select",
                       "options": [_choice("human", "a human player (the seat's code)"),
                                   *[_choice(f"ai:{lv.value}", f"the computer ({lv.value})")
                                     for lv in HANDOVER_LEVELS]],
                       "default": f"ai:{Level.NORMAL.value}"}]})
    tracks = [*c.tracks, *[f"{r}.{t}" for r in st.seats for t in c.role_tracks]]
    forms.append({"act": ADJUST, "title": "Adjust a track (white cell ruling)", "button": "Make the ruling",
                  "help": "Recorded in the log as your ruling, with your reason, and shown to every player.",
                  "fields": [
                      {"key": "track", "label": "Track", "type": "select",
                       "options": [_choice(ref, f"{label(c, ref)} (now {q.get(st, ref)})") for ref in tracks]},
                      {"key": "delta", "label": "Change", "type": "number", "min": -10, "max": 10, "default": -1},
                      {"key": "reason", "label": "Reason players will read", **text,
                       "placeholder": "e.g. KFOR patrols calm the north"}]})
    return forms
