"""Phase deadlines: the clock the engine does not have.

The engine and the log hold a deadline as data (``state.deadlines``: minutes per phase); the
rules never read a clock, so a replay gives the same game at any speed. Whoever runs the table
(the CLI's ``advance``, the window, a server) reads the clock, asks :func:`overdue` and, when
time is up, applies the facilitator's ``timeout`` or ``handover`` acts through the store
(:func:`enforce`). Every function here but :func:`enforce` is pure, so tests pass a fake ``now``.

When does a phase's time start? At the log entry that entered the phase, or at the entry that
set its deadline if that came later; time spent paused does not count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from rules.core.actions import Action
from rules.core.log import EntryKind, LogEntry
from rules.core.state import GameState
from rules.facilitator import DEADLINE, FACILITATOR, HANDOVER, PAUSE, RESUME, TIMEOUT
from rules.values import Event

if TYPE_CHECKING:
    from game.store import Store

E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class PhaseClock:
    """When the current phase's time started counting and how long it has been paused."""

    started: datetime
    paused_seconds: float = 0.0
    #: Set while the table is paused: the time does not run.
    paused_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class Overdue:
    """A phase whose deadline has passed, and the seats that have not finished it."""

    phase: str
    due_at: datetime
    seats: tuple[str, ...]
    on_timeout: str


def _when(created_at: str) -> datetime:
    value = datetime.fromisoformat(created_at)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class _Record:
    """What the clock reads of one log entry, from either of the log's two forms."""

    kind: str
    before: tuple[Any, Any]
    after: tuple[Any, Any] | None
    action: dict[str, Any] | None
    created_at: str


def _from_stored(entry: dict[str, Any]) -> _Record:
    payload = entry["payload"]
    after = payload.get("after")
    return _Record(entry["kind"], (payload.get("turn"), payload.get("phase")), tuple(after) if after else None,
                   payload.get("action") if entry["kind"] == "action" else None, entry["created_at"])


def _from_entry(entry: LogEntry) -> _Record:
    action = entry.action.to_json() if entry.action is not None and entry.kind == EntryKind.ACTION else None
    return _Record(entry.kind.value, (entry.turn, entry.phase), entry.after, action, entry.created_at)


def phase_clock(entries: Sequence[dict[str, Any]]) -> PhaseClock:
    """The current phase's clock, read from a session's log (``Store.log``): oldest entry first."""
    return _clock(entries, _from_stored)


def entries_clock(entries: Sequence[LogEntry]) -> PhaseClock:
    """:func:`phase_clock` from a table's typed log entries (:attr:`game.table.table.Table.entries`)."""
    return _clock(entries, _from_entry)


def _clock(entries: Sequence[E], read: Callable[[E], _Record]) -> PhaseClock:
    if not entries:
        raise ValueError("a session's log starts with its 'start' entry")
    start_index, phase = 0, None
    for index in range(len(entries) - 1, 0, -1):
        rec = read(entries[index])
        if rec.kind == "action" and rec.after and list(rec.after) != list(rec.before):
            start_index, phase = index, rec.after[1]
            break
    started = _when(read(entries[start_index]).created_at)
    paused_seconds, paused_since = 0.0, None
    for entry in entries[start_index + 1:]:
        rec = read(entry)
        action = rec.action
        if not action or action.get("role") != FACILITATOR:
            continue
        at = _when(rec.created_at)
        if action["id"] == DEADLINE and (phase is None or action["params"].get("phase") == phase):
            started, paused_seconds = max(started, at), 0.0
            paused_since = at if paused_since is not None else None
        elif action["id"] == PAUSE:
            paused_since = at
        elif action["id"] == RESUME and paused_since is not None:
            paused_seconds += (at - paused_since).total_seconds()
            paused_since = None
    return PhaseClock(started, paused_seconds, paused_since)


def countdown(state: GameState, clock: PhaseClock) -> dict[str, Any]:
    """The countdown as every screen shows it, as data that depends on the log only (never on the
    time it is read): ``due_at`` (ISO time, UTC) when the phase has a deadline, and while the table
    is paused ``frozen_seconds``, the time that was left when it stopped. A screen counts down
    from ``due_at`` with its own clock."""
    due = due_at(state, clock)
    frozen = None
    if due is not None and clock.paused_since is not None:
        frozen = max(0.0, (due - clock.paused_since).total_seconds())
    return {"phase": state.phase, "minutes": state.deadlines.get(state.phase),
            "due_at": due.isoformat() if due is not None else None, "frozen_seconds": frozen}


def seconds_left(clock: dict[str, Any], now: datetime) -> float | None:
    """Seconds left on a :func:`countdown` at ``now`` (None: no deadline in this phase)."""
    if not clock or clock.get("due_at") is None:
        return None
    if clock.get("frozen_seconds") is not None:
        return float(clock["frozen_seconds"])
    return max(0.0, (datetime.fromisoformat(clock["due_at"]) - now).total_seconds())


def due_at(state: GameState, clock: PhaseClock) -> datetime | None:
    """When the current phase's deadline falls (pauses so far added), or None without one."""
    minutes = state.deadlines.get(state.phase)
    if not minutes or state.ending is not None:
        return None
    return clock.started + timedelta(minutes=minutes, seconds=clock.paused_seconds)


def remaining(state: GameState, now: datetime, clock: PhaseClock) -> timedelta | None:
    """Time left on the countdown (frozen while paused); None when the phase has no deadline."""
    due = due_at(state, clock)
    if due is None:
        return None
    if clock.paused_since is not None:
        now = clock.paused_since
    return max(due - now, timedelta(0))


def overdue(state: GameState, now: datetime, clock: PhaseClock,
            waiting_for: Sequence[str]) -> Overdue | None:
    """The phase's deadline has passed and these seats have not finished; None otherwise.

    A paused table is never overdue: the clock stops with the game.
    """
    due = due_at(state, clock)
    if due is None or state.paused is not None or clock.paused_since is not None or now < due:
        return None
    if not waiting_for:
        return None
    return Overdue(state.phase, due, tuple(waiting_for), state.on_timeout)


def acts_for(over: Overdue, controllers: dict[str, str], level: str = "normal") -> list[Action]:
    """The facilitator acts that settle an overdue phase, as chosen when the deadline was set:
    each unfinished seat is finished for it, or handed to the computer (human seats only)."""
    acts = []
    for seat in over.seats:
        if over.on_timeout == "ai" and controllers.get(seat, "human") == "human":
            acts.append(Action.make(FACILITATOR, HANDOVER, seat=seat, to=f"ai:{level}"))
        elif over.on_timeout == "finish":
            acts.append(Action.make(FACILITATOR, TIMEOUT, seat=seat))
    return acts


def enforce(store: Store, session_id: int, now: Callable[[], datetime] | None = None) -> list[Event]:
    """Apply what an overdue deadline calls for; returns the events (none if nothing was due)."""
    clock_now = (now or (lambda: datetime.now(UTC)))()
    game = store.load(session_id)
    clock = phase_clock(store.log(session_id))
    over = overdue(game.state, clock_now, clock, game.waiting_for())
    if over is None:
        return []
    info = store.info(session_id)
    controllers = {s.role: s.controller for s in info.seats}
    events: list[Event] = []
    seq = info.last_seq
    for act in acts_for(over, controllers):
        events += store.act(session_id, act, expected_seq=seq, reason="the phase's deadline passed")
        seq += 1
    return events
