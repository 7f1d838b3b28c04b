"""The server keeps the facilitator's deadlines: at zero the unfinished seats are finished for
them (or handed to the computer), once, logged as the facilitator's acts; before zero, or while
the table is paused, nothing happens. A fake clock stands in for the minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from game.server.hub import Hub
from game.server.timekeeper import REASON, Timekeeper
from game.table import codes
from game.table.seat import Seat
from rules.core.actions import Action
from rules.facilitator import FACILITATOR
from tests.game.server.conftest import run_async


class FakeClock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


async def _scenario(tmp_path: Path, on_timeout: str) -> None:
    hub = Hub(f"sqlite:///{tmp_path / 'time.db'}")
    try:
        session, _ = await hub.open_table("classroom", 3, [Seat.parse(f"{r}=human") for r in
                                                           ("kosovo", "serbia", "nato", "eu")], "Timed")
        boss = codes.Holder(session, FACILITATOR)
        table = await hub.table(session)
        # Kosovo answers the crisis; the others do not.
        first = table.legal("kosovo")[0]
        await hub.act(codes.Holder(session, "kosovo"),
                      Action.make("kosovo", first.id, **{k: v[0] for k, v in first.params.items()}), None)
        await hub.act(boss, Action.make(FACILITATOR, "deadline", phase="crisis", minutes=3, on_timeout=on_timeout),
                      None)
        clock = FakeClock()
        keeper = Timekeeper(hub, clock)
        clock.at += timedelta(minutes=2, seconds=59)
        assert await keeper.check(session) == []
        # Paused, the table is never overdue (the log's times, not this fake clock, measure the pause).
        await hub.act(boss, Action.make(FACILITATOR, "pause", reason="Coffee"), None)
        clock.at += timedelta(minutes=10)
        assert await keeper.check(session) == []
        await hub.act(boss, Action.make(FACILITATOR, "resume"), None)
        seq = table.seq
        done = await keeper.check(session)
        assert [e.role for e in done] == [FACILITATOR] * 3
        assert all(e.reason == REASON for e in done)
        if on_timeout == "finish":
            assert [e.action.id for e in done if e.action] == ["timeout"] * 3
            assert table.game.state.phase == "negotiation", "every seat finished: the phase is over"
        else:
            assert [e.action.id for e in done if e.action] == ["handover"] * 3
            assert {r for r, s in table.seats.items() if s.is_ai} == {"serbia", "nato", "eu"}
        assert table.seq == seq + 3
        assert await keeper.check(session) == [], "a deadline is enforced once"
        assert hub.store.verify(session)["ok"]
    finally:
        await hub.close()


def test_an_overdue_phase_is_finished_for_the_seats_that_did_not(tmp_path: Path) -> None:
    run_async(_scenario(tmp_path, "finish"))


def test_an_overdue_phase_hands_the_unfinished_seats_to_the_computer(tmp_path: Path) -> None:
    run_async(_scenario(tmp_path, "ai"))
