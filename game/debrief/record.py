"""A finished (or running) session replayed into what a review needs: the board at every turn,
each decision and how it moved every role's score, and every event, secrets included.

The review is for the facilitator and for the class after the game: like ICONS at the end of a
simulation, it reveals everything (confidential objectives, private proposals).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.results import log_events
from game.store import Store
from rules import endings
from rules import quantities as q
from rules.core.actions import Action
from rules.core.engine import Game
from rules.core.state import GameState
from rules.loader import Content
from rules.turn import turn_label
from rules.values import Event


@dataclass(frozen=True, slots=True)
class TurnPoint:
    """The board at the start of a turn (after its briefing), or at the end of the game."""

    turn: int
    label: str
    tracks: dict[str, int]
    role_tracks: dict[str, dict[str, int]]
    normalization: dict[str, int]
    keci_phase: int
    keci_suspended: bool
    recognized_by: tuple[str, ...]
    special_rep: str | None
    scores: dict[str, int]


@dataclass(frozen=True, slots=True)
class Decision:
    """One step of the game that moved scores: a move, an order as resolved, a delivery, a crisis,
    a Council vote... with how it changed each role's full score (secret objectives included)."""

    seq: int
    turn: int
    role: str
    text: str
    cause: str
    score_delta: dict[str, int]


@dataclass(frozen=True, slots=True)
class Record:
    session: int
    name: str
    scenario: str
    seed: int
    content: Content
    game: Game
    events: tuple[Event, ...]
    points: tuple[TurnPoint, ...]
    decisions: tuple[Decision, ...]
    seats: tuple[dict[str, Any], ...]
    #: (seq, payload) of every move in the log that was not taken back.
    log_actions: tuple[tuple[int, dict[str, Any]], ...] = ()
    #: How the session's texts are worded (rules/wording.py): the review prints them so.
    wording: str = "plain"

    @property
    def state(self) -> GameState:
        return self.game.state

    def role_name(self, role: str) -> str:
        return self.content.roles[role].name


def _point(content: Content, state: GameState, final: bool = False) -> TurnPoint:
    label = "end" if final else turn_label(content, state)
    return TurnPoint(state.turn, label, dict(state.tracks), {r: dict(v) for r, v in state.role_tracks.items()},
                     dict(state.normalization), state.keci_phase, state.keci_suspended, state.recognized_by,
                     state.special_rep, endings.scores(content, state))


#: Event kinds that start a new step: what follows them (track moves) is their doing.
STEP_KINDS = frozenset({"response", "order", "deal", "default", "recognition", "council", "keci", "special_rep",
                        "crisis", "turn", "facilitator", "risk", "ending", "proposal", "review"})


def _replay_event(content: Content, state: GameState, e: Event) -> None:
    """Bring a copy of the state along an event, so scores can be read between steps."""
    if e.kind == "track":
        current = q.get(state, e.data["ref"])
        q.add(content, state, e.data["ref"], e.data["new"] - current)
    elif e.kind == "keci" and "phase" in e.data:
        state.keci_phase = e.data["phase"]
    elif e.kind == "keci" and e.text.startswith("KECI is suspended"):
        state.keci_suspended = True
    elif e.kind == "keci" and "lifted" in e.text:
        state.keci_suspended = False
    elif e.kind == "special_rep" and "appoints" in e.text:
        state.special_rep = state.special_rep or "appointed"
    elif e.kind == "turn":
        state.turn = e.turn
    elif e.kind == "ending":
        state.ending = e.data.get("ending")


def steps(content: Content, before: GameState, events: list[Event], seq: int) -> list[Decision]:
    """Split one move's events into steps and measure each step's effect on every score."""
    state = before.clone()
    out: list[Decision] = []
    label, cause, role, turn = "", "", "", before.turn
    scores = endings.scores(content, state)
    for e in events:
        if e.kind in STEP_KINDS:
            after = endings.scores(content, state)
            if label and after != scores:
                out.append(Decision(seq, turn, role, label, cause, {r: after[r] - scores[r] for r in after}))
            scores, label, cause, turn = after, e.text, e.cause, e.turn
            role = e.data.get("role", "") or next((r for r, x in content.roles.items() if e.text.startswith(x.name)), "")
            if e.kind == "turn":  # what moves at a briefing are the pressures on the tracks
                label, cause = f"the briefing of {e.text.split(': ', 1)[-1]}", ""
        elif e.kind == "track" and label.startswith("the briefing of ") and e.cause not in cause:
            cause = f"{cause}; {e.cause}" if cause else e.cause
        _replay_event(content, state, e)
    after = endings.scores(content, state)
    if label and after != scores:
        out.append(Decision(seq, turn, role, label, cause, {r: after[r] - scores[r] for r in after}))
    return out


def build(store: Store, session_id: int) -> Record:
    """Replay a stored session from scratch, noting the board at each turn and each move's effect."""
    info = store.info(session_id)
    entries = store.log(session_id)
    final = store.load(session_id)
    content = final.content
    game, _ = Game.new(content, info.scenario, info.seed)
    points = [_point(content, game.state)]
    decisions: list[Decision] = []
    moves: list[tuple[int, dict[str, Any]]] = []
    undone = {int(e["payload"]["undo"]) for e in entries if e["kind"] == "undo"}
    for entry in entries:
        if entry["kind"] != "action" or entry["seq"] in undone:
            continue
        action = Action.from_json(entry["payload"]["action"])
        moves.append((entry["seq"], entry["payload"]))
        before_turn, before = game.state.turn, game.state.clone()
        decisions += steps(content, before, game.apply(action), entry["seq"])
        if game.state.turn != before_turn:
            points.append(_point(content, game.state))
    points.append(_point(content, game.state, final=True))
    return Record(session_id, info.name, info.scenario, info.seed, content, game,
                  tuple(log_events(entries)), tuple(points), tuple(decisions),
                  tuple(s.to_json() for s in info.seats), tuple(moves), info.wording)
