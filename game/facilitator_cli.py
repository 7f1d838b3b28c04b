"""The facilitator's session commands: pause, resume, inject, handover, adjust, deadline, timers.

Each command turns its arguments into one facilitator act (rules/facilitator.py) and commits it
through the store like any move, so it is in the log, replayed by ``replay --verify`` and read
by every seat as the facilitator's act. Errors are raised as :class:`IllegalAction` or
:class:`StoreError`, which ``game.cli.main`` prints as one line.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from game.deadlines import phase_clock, remaining
from rules.core.actions import Action, IllegalAction
from rules.facilitator import (
    ADJUST,
    DEADLINE,
    FACILITATOR,
    HANDOVER,
    INJECT,
    ON_TIMEOUT,
    PAUSE,
    RESUME,
    SCRIPT,
    TIMED_PHASES,
    TIMEOUT,
)
from rules.values import Event

if TYPE_CHECKING:
    from game.store import Store

# The store (SQLAlchemy, ~0.4 s to import) is imported by the commands that open it: every
# command builds the whole parser, and ``simulate`` or ``rules check`` never touch a session.


def _emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2))


def _controller(text: str) -> str:
    """'human', 'ai', 'ai:hard' or 'ai:hard:cooperative', with the level and temperament checked."""
    if not isinstance(text, str):  # argparse gives a list for a second "--" (handover -- 1 --json --)
        text = " ".join(map(str, text))
    kind, _, rest = text.partition(":")
    if kind == "human" and not rest:
        return "human"
    if kind != "ai":
        raise IllegalAction(f"a seat goes to 'human' or 'ai[:LEVEL[:TEMPERAMENT]]' (got {text!r})")
    from game.ai import LEVELS, TEMPERAMENTS  # here, not at the top: the other commands never load the AI

    level, _, temperament = rest.partition(":")
    level = level or "normal"
    if level not in LEVELS:
        raise IllegalAction(f"unknown AI level {level!r} (levels: {', '.join(LEVELS)})")
    if temperament and temperament not in TEMPERAMENTS:
        raise IllegalAction(f"unknown temperament {temperament!r} (temperaments: {', '.join(TEMPERAMENTS)})")
    return f"ai:{level}" + (f":{temperament}" if temperament else "")


def _act(args: argparse.Namespace, act_id: str, **params: Any) -> int:
    from game.store import Store

    action = Action.make(FACILITATOR, act_id, **params)
    with Store(args.db) as store:
        events = store.act(args.id, action)
    _print(events, args.json)
    return 0


def _print(events: list[Event], as_json: bool) -> None:
    """The facilitator sees every event, the confidential ones included (control staff)."""
    if as_json:
        _emit({"events": [e.to_json() for e in events]})
        return
    for e in events:
        print(e.line())


def cmd_pause(args: argparse.Namespace) -> int:
    return _act(args, PAUSE, reason=args.reason)


def cmd_resume(args: argparse.Namespace) -> int:
    return _act(args, RESUME)


def cmd_inject(args: argparse.Namespace) -> int:
    return _act(args, INJECT, card=args.card, turn=args.turn)


def cmd_script(args: argparse.Namespace) -> int:
    return _act(args, SCRIPT, roll=args.roll, outcome=args.outcome, turn=args.turn)


def cmd_handover(args: argparse.Namespace) -> int:
    return _act(args, HANDOVER, seat=args.role, to=_controller(args.to))


def cmd_adjust(args: argparse.Namespace) -> int:
    return _act(args, ADJUST, track=args.track, delta=args.delta, reason=args.reason)


def cmd_deadline(args: argparse.Namespace) -> int:
    return _act(args, DEADLINE, phase=args.phase, minutes=args.minutes, on_timeout=args.on_timeout)


def cmd_finish(args: argparse.Namespace) -> int:
    return _act(args, TIMEOUT, seat=args.role)


def timers(store: Store, session_id: int, now: datetime) -> dict[str, Any]:
    """The table's clock as players see it: paused or not, the deadlines, the time left now."""
    game = store.load(session_id)
    st = game.state
    left = remaining(st, now, phase_clock(store.log(session_id)))
    return {"session": session_id, "phase": st.phase, "paused": st.paused, "deadlines": dict(st.deadlines),
            "on_timeout": st.on_timeout, "seconds_left": None if left is None else int(left.total_seconds()),
            "waiting_for": game.waiting_for(), "controllers": dict(st.controllers)}


def cmd_timers(args: argparse.Namespace) -> int:
    from game.store import Store

    with Store(args.db) as store:
        data = timers(store, args.id, datetime.now(UTC))
    if args.json:
        _emit(data)
        return 0
    print(f"Session {args.id}, phase {data['phase']}" + (f" — PAUSED: {data['paused']}" if data["paused"] else ""))
    for phase, minutes in data["deadlines"].items():
        print(f"  deadline for {phase}: {minutes} min")
    if data["seconds_left"] is not None:
        m, s = divmod(data["seconds_left"], 60)
        print(f"  time left in this phase: {m}:{s:02d} (then: {data['on_timeout']})")
    elif not data["deadlines"]:
        print("  no deadlines")
    return 0


def add_facilitator_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the facilitator's commands on the main parser's subcommands."""
    def command(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
        p.add_argument("--db", help="database URL or SQLite file (default: $KECI_DB or saves/keci.db)")
        p.add_argument("id", type=int, help="session id")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)
        return p

    pause = command("pause", cmd_pause, "facilitator: pause the game (players see why)")
    pause.add_argument("--reason", required=True, help="what the players will read")
    command("resume", cmd_resume, "facilitator: resume a paused game")
    inject = command("inject", cmd_inject, "facilitator: inject a crisis card now or for a later turn")
    inject.add_argument("card", metavar="CARD_ID")
    inject.add_argument("--turn", type=int, default=0, help="a later turn (default: now)")
    script = command("script", cmd_script, "facilitator: fix a roll of chance (an order's risk, an Ally's change "
                     "of stance) for this turn's resolution or a later one")
    script.add_argument("roll", metavar="risk:ROLE.ACTION|recognition:ALLY")
    script.add_argument("outcome", choices=("happens", "fails"))
    script.add_argument("--turn", type=int, default=0, help="a later turn (default: this turn)")
    handover = command("handover", cmd_handover, "facilitator: hand a seat to the computer or to a human")
    handover.add_argument("role", metavar="ROLE")
    handover.add_argument("to", metavar="human|ai[:LEVEL[:TEMPERAMENT]]")
    adjust = command("adjust", cmd_adjust, "facilitator: a white cell ruling that moves a track")
    adjust.add_argument("track", metavar="TRACK")
    adjust.add_argument("delta", type=int, metavar="DELTA")
    adjust.add_argument("--reason", required=True, help="what the players will read")
    deadline = command("deadline", cmd_deadline, "facilitator: minutes allowed for a phase (0 lifts it)")
    deadline.add_argument("phase", choices=TIMED_PHASES)
    deadline.add_argument("minutes", type=int)
    deadline.add_argument("--on-timeout", choices=ON_TIMEOUT, default="finish",
                          help="unfinished seats are finished for them (default) or handed to the AI")
    finish = command("finish", cmd_finish, "facilitator: finish a slow seat's phase for it (no proposal, no order)")
    finish.add_argument("role", metavar="ROLE")
    command("timers", cmd_timers, "show the pause, the deadlines and the time left")
