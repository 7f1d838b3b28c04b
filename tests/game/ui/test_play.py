"""The interface driven like a player: keys and clicks only, the store as the only memory."""

from __future__ import annotations

import pygame

from game.store import SeatSpec
from game.ui.screens.board import BoardScreen
from game.ui.screens.title import TitleScreen
from rules.core.engine import ACCEPT, PROPOSE

from .conftest import Driver


def _start_solo(d: Driver) -> None:
    """Title → New game → name the human Kosovo seat → Start (the other seats default to AI)."""
    d.key(pygame.K_n)
    assert d.screen.name == "new_game"
    field = d.screen.seats[0].name
    d.click_at(field.rect.center)
    d.type("Arbër Krasniqi")
    d.key(pygame.K_RETURN)  # leaves the field
    d.key(pygame.K_RETURN)  # starts the game
    assert d.screen.name == "board"


def _my_move(d: Driver) -> bool:
    s = d.screen
    return s.name != "board" or (s.my_move and not s.worker.busy) or s.handover_to is not None


def test_full_classroom_game_one_human_three_ai(make_driver) -> None:
    """A whole 8-turn classroom game: the human answers crises, orders one card, ends phases."""
    d = make_driver()
    _start_solo(d)
    board = d.screen
    assert board.match.seats["kosovo"].display_name == "Arbër Krasniqi"
    assert [r for r, s in board.match.seats.items() if s.controller == "ai"] == ["serbia", "nato", "eu"]
    moves = 0
    while d.screen.name in ("board", "results"):
        if d.screen.name == "results":  # the turn's results between turns (and before the debrief)
            d.key(pygame.K_RETURN)
            continue
        d.until(lambda: _my_move(d))
        if d.screen.name != "board":
            continue
        if d.screen.briefing_for is not None:  # Kosovo's briefing before its first move
            d.key(pygame.K_RETURN)
            continue
        if d.screen.confirm is not None:  # an escalatory card asks first
            d.key(pygame.K_y)
            continue
        phase = d.screen.match.game.state.phase
        if phase == "crisis":
            d.key(pygame.K_RETURN)
        elif phase == "negotiation":
            offers = [t for t in d.screen.match.game.legal_actions("kosovo") if t.id == ACCEPT]
            d.key((pygame.K_y if moves % 2 else pygame.K_n) if offers else pygame.K_e)
        elif phase == "actions":
            if not d.screen.match.game.state.orders["kosovo"]:
                d.key(pygame.K_RETURN)  # order the first affordable card
            d.key(pygame.K_e)
        moves += 1
        assert moves < 200
    assert d.screen.name == "end"
    game = d.screen.match.game
    assert game.over and game.state.ending is not None
    # Everything was saved as it happened: the store has the same finished game.
    assert d.app.store.info(d.screen.match.id).status == "ended"
    # The AI moved through the store too, its moves logged with the right roles.
    roles = {e["role"] for e in d.app.store.log(d.screen.match.id) if e["kind"] == "action"}
    assert roles == {"kosovo", "serbia", "nato", "eu"}


def test_hotseat_handover_hides_the_board(make_driver) -> None:
    d = make_driver()
    sid = d.app.store.create("classroom", 4, [SeatSpec("kosovo", "human", display_name="Arbër"),
                                             SeatSpec("serbia", "human", display_name="Dušan"),
                                             SeatSpec("nato", "ai", "easy", "moderate"),
                                             SeatSpec("eu", "ai", "easy", "moderate")])
    d.app.show(TitleScreen(d.app))  # as if the window had just been opened
    d.key(pygame.K_c)  # Continue: the most recently updated session
    board = d.screen
    assert isinstance(board, BoardScreen) and board.match.id == sid
    assert board.handover_to == "kosovo" and board.viewer is None  # nothing shown before the hand-over
    d.key(pygame.K_RETURN)
    assert board.viewer == "kosovo"
    secret = [o for o in board.view()["roles"]["kosovo"]["objectives"] if o["secret"]]
    assert secret, "Kosovo sees its own secret objectives"
    # Kosovo finishes its part of this phase; the screen must go to a hand-over for Serbia.
    while board.match.actor() == "kosovo":
        offers = [t for t in board.match.game.legal_actions("kosovo") if t.id == ACCEPT]
        d.key(pygame.K_RETURN if board.match.game.state.phase == "crisis" else pygame.K_n if offers else pygame.K_e)
    d.until(lambda: board.match.actor() == "serbia" or board.handover_to is not None)
    assert board.handover_to == "serbia" and board.viewer is None
    d.key(pygame.K_RETURN)
    assert board.viewer == "serbia"
    assert all(not o["secret"] for o in board.view()["roles"]["kosovo"]["objectives"])


def test_negotiation_proposed_and_answered(make_driver) -> None:
    """Kosovo proposes to Serbia (human, hot-seat), Serbia accepts: both owe a commitment."""
    d = make_driver()
    d.app.store.create("classroom", 9, [SeatSpec("kosovo", "human"), SeatSpec("serbia", "human"),
                                        SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")])
    d.app.show(TitleScreen(d.app))
    d.key(pygame.K_c)
    board = d.screen
    for _ in range(50):  # through the crisis phase, each human answering in turn
        if board.match.game.state.phase == "negotiation":
            break
        d.until(lambda: _my_move(d))
        if board.handover_to is not None:
            d.key(pygame.K_RETURN)
        else:
            d.key(pygame.K_RETURN)
    d.until(lambda: _my_move(d))
    if board.handover_to is not None:
        d.key(pygame.K_RETURN)
    assert board.viewer == "kosovo" and board.match.game.state.phase == "negotiation"
    # Compose: cycle the counterpart to Serbia, then send.
    for _ in range(4):
        proposes = [t for t in board.match.game.legal_actions("kosovo") if t.id == PROPOSE]
        if proposes[board.play.to % len(proposes)].params["to"] == ["serbia"]:
            break
        d.key(pygame.K_t)
    d.key(pygame.K_l)  # deadline 2 turns
    d.click("Send proposal")
    sent = board.match.game.state.proposals[-1]
    assert (sent.sender, sent.recipient, sent.status) == ("kosovo", "serbia", "pending")
    assert sent.deadline == 2
    d.key(pygame.K_e)  # Kosovo finishes negotiating
    d.until(lambda: board.handover_to == "serbia")
    d.key(pygame.K_RETURN)
    assert board.viewer == "serbia"
    if board.briefing_for is not None:
        d.key(pygame.K_RETURN)
    d.click("Accept")
    assert board.match.game.state.proposals[sent.id - 1].status == "accepted"
    deals = board.match.game.state.deals
    assert {(x.giver, x.receiver) for x in deals} == {("kosovo", "serbia"), ("serbia", "kosovo")}


def test_save_and_resume(make_driver) -> None:
    """Close the window mid-game; a new window's Continue finds the game exactly where it stood."""
    d = make_driver()
    _start_solo(d)
    d.until(lambda: _my_move(d))
    d.key(pygame.K_RETURN)  # answer the crisis (or whatever the first move is)
    d.until(lambda: _my_move(d))
    board = d.screen
    before = board.match.game.state.to_json()
    seq = board.match.seq
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frame()
    assert not d.app.running
    d2 = make_driver()  # a new App on the same database file
    d2.key(pygame.K_c)
    assert d2.screen.name == "board"
    assert d2.screen.match.seq == seq
    assert d2.screen.match.game.state.to_json() == before


def test_load_screen_deletes_only_after_confirmation(make_driver) -> None:
    d = make_driver()
    store = d.app.store
    store.create("classroom", 1, [], "first")
    store.create("classroom", 2, [], "second")
    d.app.show(TitleScreen(d.app))
    d.key(pygame.K_l)
    assert d.screen.name == "load" and len(d.screen.sessions) == 2
    d.key(pygame.K_DELETE)
    assert d.screen.confirm is not None
    d.key(pygame.K_n)  # keep it
    assert len(store.sessions()) == 2
    d.key(pygame.K_DELETE)
    d.key(pygame.K_y)
    assert [s.name for s in store.sessions()] == ["first"]


def test_window_resizes_and_text_still_fits(make_driver) -> None:
    from game.ui import text

    d = make_driver()
    _start_solo(d)
    for size in ((1600, 900), (3840, 2160), (1280, 720)):
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        d.frame()
        assert d.app.size == size
        text.recording(True)
        d.app.redraw()
        d.frame()
        assert text.RECORD
        bad = [r for r in text.RECORD if r.overflow or not r.box.contains(r.rect)]
        text.recording(False)
        assert not bad, bad[:3]
