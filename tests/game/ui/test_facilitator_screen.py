"""The facilitator's screen for a game in this window, driven by keys and clicks, and the deadline
a local board enforces by itself (with a clock the test moves on)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pygame

from game.store import SeatSpec
from game.ui.screens.board import BoardScreen, open_session
from rules.facilitator import FACILITATOR

from .conftest import Driver

SEATS = [SeatSpec("kosovo", "human", display_name="Arbër"), SeatSpec("serbia", "ai", "easy", "moderate"),
         SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")]


def _board(d: Driver) -> BoardScreen:
    sid = d.app.store.create("classroom", 3, SEATS, "Workshop")
    open_session(d.app, sid)
    board = d.screen
    assert isinstance(board, BoardScreen)
    if board.briefing_for is not None:
        d.key(pygame.K_RETURN)
    d.until(lambda: board.my_move)
    return board


def _open(d: Driver) -> None:
    """Ctrl+F on the board; the screen first asks whether the facilitator is the one looking."""
    d.key(pygame.K_f, pygame.KMOD_CTRL)
    assert d.screen.name == "facilitator"
    assert d.screen.ui.find("I run this game") is not None
    texts = d.screen.ui.find("Pause")
    assert texts is None  # nothing of the table is drawn before the yes
    d.key(pygame.K_y)
    assert d.screen.confirmed


def _type_into(d: Driver, field: object, chars: str) -> None:
    d.click_at(field.rect.center)  # type: ignore[attr-defined]
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.type(chars)
    d.key(pygame.K_RETURN)


def test_every_facilitator_act_from_the_window(make_driver) -> None:
    d = make_driver()
    board = _board(d)
    store, sid = d.app.store, board.match.id
    _open(d)
    fs = d.screen
    # An empty reason is refused with a sentence, and nothing changes.
    d.click("Pause")
    assert store.load(sid).state.paused is None
    _type_into(d, fs.pause_reason, "Time to read the Council's statement")
    d.click("Pause")
    assert store.load(sid).state.paused == "Time to read the Council's statement"
    # Back on the board: the pause and its reason are shown, and a move is refused with it.
    d.click("Back to the board")
    assert d.screen is board
    d.frame(2)
    assert board.view()["table"]["paused"] == "Time to read the Council's statement"
    d.key(pygame.K_RETURN)  # try to answer the crisis
    assert "kosovo" in store.load(sid).waiting_for()
    assert d.app._toast is not None and "paused by the facilitator" in d.app._toast[0]
    _open(d)
    fs = d.screen
    d.click("Resume")
    assert store.load(sid).state.paused is None
    # A seat handed over: Serbia to a human player, and back to the computer.
    d.click("handover-seat")  # Kosovo -> Serbia
    for _ in range(3):
        d.click("handover-to")  # ai:normal -> ai:easy -> ai:hard -> human
    d.click("Hand over")
    assert store.load(sid).state.controllers["serbia"] == "human"
    # A crisis scripted for turn 3.
    _type_into(d, fs.inject_turn, "3")
    d.click("Inject")
    card = fs.cards[fs.card_i]
    assert store.load(sid).state.scripted_crises == {3: card}
    # A ruling: +2 on the selected track, with its reason.
    track = fs.tracks[fs.track_i]
    before = store.load(sid).state.tracks[track]
    d.click("adjust-plus")
    d.click("adjust-plus")
    assert fs.delta == 2
    _type_into(d, fs.adjust_reason, "Mediation by the Special Envoy")
    d.click("Rule")
    after = store.load(sid).state.tracks[track]
    assert after == min(before + 2, d.app.store.load(sid).content.tracks[track].max)
    # A deadline for the phase being played.
    _type_into(d, fs.minutes, "5")
    d.click("Set deadline")
    assert store.load(sid).state.deadlines == {"crisis": 5}
    # Every act is in the log as the facilitator's, and the screen's log shows them all.
    acts = [e["payload"]["action"]["id"] for e in store.log(sid)
            if e["kind"] == "action" and e["role"] == FACILITATOR]
    assert acts == ["pause", "resume", "handover", "inject", "adjust", "deadline"]
    d.frame(2)
    lines = [line.text for line in board.match.log_lines(FACILITATOR)]
    assert any("White cell ruling" in t and "Mediation by the Special Envoy" in t for t in lines)
    # The seat's log tells the scripted deck changed, not which card is coming.
    seat_lines = " ".join(line.text for line in board.match.log_lines("kosovo"))
    assert "scripts the crisis deck" in seat_lines
    assert store.load(sid).content.crises[card].name not in seat_lines.split("scripts the crisis deck")[1]


def test_the_window_enforces_a_deadline_and_shows_the_countdown(make_driver) -> None:
    d = make_driver()
    board = _board(d)
    store, sid = d.app.store, board.match.id
    _open(d)
    fs = d.screen
    _type_into(d, fs.minutes, "2")
    d.click("Set deadline")
    d.click("Back to the board")
    d.frame(2)
    from game.ui.banner import clock_label

    label = clock_label(board.view())
    assert label is not None and label.startswith(("◷ 2:00 left", "◷ 1:5")), label
    assert "clock" in board.rects  # the top bar keeps the countdown's place
    # Time passes (the board's clock is moved on): Kosovo is finished for this phase.
    board.now = lambda: datetime.now(UTC) + timedelta(minutes=3)
    d.until(lambda: store.load(sid).state.phase != "crisis" or "kosovo" not in store.load(sid).waiting_for())
    log = store.log(sid)
    assert any(e["role"] == FACILITATOR and e["payload"]["action"]["id"] == "timeout" for e in log
               if e["kind"] == "action")


def test_the_facilitator_prints_the_briefings_without_stopping_the_window(make_driver, tmp_path, monkeypatch) -> None:
    import time

    from pypdf import PdfReader

    from game.ui import printing

    monkeypatch.setattr(printing, "BRIEFINGS_DIR", tmp_path)
    d = make_driver()
    board = _board(d)
    _open(d)
    d.key(pygame.K_F10)
    assert d.app._toast is not None and "Writing the briefings" in d.app._toast[0]
    d.frame(1)  # the window keeps drawing while the PDFs are drawn on their thread
    deadline = time.monotonic() + 120
    while d.screen.printing is not None and time.monotonic() < deadline:
        d.frame(1)
        time.sleep(0.05)
    assert d.app._toast is not None and "Briefings written to" in d.app._toast[0], d.app._toast
    folder = tmp_path / f"session-{board.match.id}"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["primer.pdf", *[f"briefing_{r}.pdf" for r in ("kosovo", "serbia", "nato", "eu")]])
    text = " ".join(page.extract_text() or "" for page in PdfReader(folder / "briefing_kosovo.pdf").pages)
    assert "Confidential briefing: Kosovo" in text
