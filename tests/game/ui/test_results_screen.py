"""The results screen after a resolution: shown before the next turn, in the viewer's words, no secrets."""

from __future__ import annotations

import os

import pygame

from game.store import SeatSpec
from game.ui import text
from game.ui.screens.board import open_session
from rules.core.actions import Action

SEATS = [SeatSpec("kosovo", "human", display_name="Arbër"), SeatSpec("serbia", "ai", "easy", "moderate"),
         SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")]


def _kosovo_move(board) -> Action | None:  # type: ignore[no-untyped-def]
    game = board.match.game
    if board.match.actor() != "kosovo":
        return None
    options = game.legal_actions("kosovo")
    for wanted in ("reject", "end_negotiation", "end_orders"):
        for t in options:
            if t.id == wanted:
                return Action.make("kosovo", t.id, **{k: v[0] for k, v in t.params.items()})
    cheapest = min(options, key=lambda t: t.cost)
    return Action.make("kosovo", cheapest.id, **{k: v[0] for k, v in cheapest.params.items()})


def test_results_appear_after_the_resolution_and_lead_back_to_the_board(make_driver, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d = make_driver()
    sid = d.app.store.create("classroom", int(os.environ.get("KECI_RESULTS_SEED", "3")), SEATS, "Results")
    open_session(d.app, sid)
    board = d.screen
    for _ in range(4000):
        if d.screen.name == "results":
            break
        move = _kosovo_move(board)
        if move is not None:
            board.briefing_for = None
            assert board.act(move, confirmed=True)
        d.frame()
    assert d.screen.name == "results", (d.screen.match.game.state.turn, d.screen.match.game.state.ending)
    text.recording(True)
    d.app.redraw()
    d.frame(2)
    drawn = " ".join(x.text for x in text.RECORD)
    text.recording(False)
    assert "Results of turn 1 (2025 H1) — as Arbër" in drawn
    assert "What changed and why" in drawn and "Scores:" in drawn
    assert ("At stake:" in drawn) == (not board.match.game.over)
    assert "confidential" not in drawn.lower() and "Order given (secret)" not in drawn
    pygame.image.save(d.app.window, os.environ.get("KECI_RESULTS_SHOT", str(tmp_path / "results.png")))
    d.key(pygame.K_RETURN)
    game = board.match.game
    assert d.screen.name == ("end" if game.over else "board")
    if not game.over:
        assert game.state.turn == 2


def test_a_long_turns_results_are_paged_not_cut(make_driver) -> None:  # type: ignore[no-untyped-def]
    """Nothing is cut off: a column that does not fit says how many lines follow, PgDn shows them,
    PgUp comes back; the projector turns the page by itself."""
    from game.ui.match import Match
    from game.ui.screens import results as results_module
    from game.ui.screens.results import ResultsScreen
    from game.ui.screenshots import SEATS_HOTSEAT, advance

    d = make_driver()
    store = d.app.store
    sid = store.create("classroom", 11, SEATS_HOTSEAT, "Paged")
    advance(store, sid, lambda g: g.state.turn >= 2)
    screen = ResultsScreen(d.app, Match(store, sid), None, lambda: None)
    d.app.show(screen)
    text.recording(True)
    d.frame()
    drawn = list(text.RECORD)
    text.recording(False)
    assert not [x.text for x in drawn if x.overflow]
    assert screen.more and any("more (PgDn)" in x.text for x in drawn)
    d.key(pygame.K_PAGEDOWN)
    assert screen.skip == 3
    d.frame()
    d.key(pygame.K_PAGEUP)
    assert screen.skip == 0
    projector = ResultsScreen(d.app, Match(store, sid), None, lambda: None, linger=60)
    d.app.show(projector)
    d.frame()
    projector._next_page = 0.0  # the page time has come
    d.frame(2)
    assert projector.skip == 3
    assert results_module.PROJECTOR_PAGE_SECONDS > 5
