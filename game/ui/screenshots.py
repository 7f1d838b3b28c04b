"""Every screen in a known state, for the screenshot tests and the README's pictures.

``python -m game.ui.screenshots docs/screenshots`` writes the PNGs (headless is fine). The tests
call :func:`capture_all` and check what a player would notice: not blank, the expected panels,
and no text outside its box (see :mod:`game.ui.text`).
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pygame

from game.players import greedy_player
from game.store import SeatSpec, Store
from game.table.table import Table
from game.ui import map_view, text
from game.ui.app import App
from game.ui.settings import Settings
from rules.core.actions import Action
from rules.core.engine import END_NEGOTIATION, PROPOSE, RESPOND, Game

SEATS_SOLO = [SeatSpec("kosovo", "human", display_name="Arbër Krasniqi"), SeatSpec("serbia", "ai", "normal", "moderate"),
              SeatSpec("nato", "ai", "hard", "cooperative"), SeatSpec("eu", "ai", "easy", "moderate")]
SEATS_HOTSEAT = [SeatSpec("kosovo", "human", display_name="Arbër"), SeatSpec("serbia", "human", display_name="Dušan"),
                 SeatSpec("nato", "human", display_name="Ingrid"), SeatSpec("eu", "human", display_name="Élodie")]


def make_app(workdir: Path, size: tuple[int, int]) -> App:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    settings = Settings.load(workdir / "settings.json")
    settings.ai_delay = 0.0
    return App(store=Store(str(workdir / "shots.db")), size=size, settings=settings)


def advance(store: Store, sid: int, done: Callable[[Game], bool], limit: int = 2000) -> None:
    """Play greedy moves for whoever is waited for until ``done(game)`` holds (setting up states)."""
    rng = random.Random(5)
    table = Table(store, sid)
    for _ in range(limit):
        game = table.game
        if game.over or done(game):
            return
        role = game.waiting_for()[0]
        table.act(greedy_player(game, role, rng))


def render(app: App, steps: int = 3) -> pygame.Surface:
    """Draw a few frames with the text record on; returns a copy of the window."""
    app.redraw()
    text.recording(True)
    for _ in range(steps):
        app.step()
    return app.window.copy()


#: The map labels placed on each captured screen (empty where no map is drawn).
LABELS: dict[str, list[tuple[str, pygame.Rect]]] = {}

#: name -> (image, texts drawn on the last redraw)
Shots = dict[str, tuple[pygame.Surface, list[text.Drawn]]]


def shooter(app: App, shots: Shots) -> Callable[[str], None]:
    """A function that redraws the window's screen and keeps it (with its texts) under a name."""
    def shot(name: str) -> None:
        app.screen.dirty = True
        map_view.LAST_LABELS.clear()
        text.recording(True)
        app.step()
        shots[name] = (app.window.copy(), list(text.RECORD))
        LABELS[name] = list(map_view.LAST_LABELS)
        text.recording(False)
    return shot


def capture_all(workdir: Path, size: tuple[int, int]) -> Shots:
    """Every screen once: name -> (image, texts drawn on the last redraw)."""
    from game.ui.screens.board import open_session
    from game.ui.screens.load import LoadScreen
    from game.ui.screens.new_game import NewGameScreen
    from game.ui.screens.settings import SettingsScreen
    from game.ui.screens.title import TitleScreen

    app = make_app(workdir, size)
    store = app.store
    shots: Shots = {}
    shot = shooter(app, shots)

    solo = store.create("classroom", 3, SEATS_SOLO, "Solo: Kosovo vs AI")  # opens with the Banjska attack
    hot = store.create("classroom", 11, SEATS_HOTSEAT, "Seminar group B (hot-seat)")
    app.show(TitleScreen(app))
    shot("title")
    app.show(NewGameScreen(app))
    shot("new_game")
    app.screen.wording_choice = "neutral"  # type: ignore[attr-defined]
    shot("new_game_neutral")
    app.show(LoadScreen(app))
    shot("load")
    app.show(SettingsScreen(app))
    shot("settings")
    open_session(app, solo)
    shot("briefing")
    app.screen.close_briefing()  # type: ignore[attr-defined]
    shot("board_crisis")
    app.help_open = True
    app.redraw()
    shot("help")
    app.help_open = False
    board = app.screen
    game = store.load(solo)
    alone = next((t for t in game.legal_actions("kosovo") if t.id == RESPOND
                  and t.params["response"][0] == "police_sweep_alone"), None)
    if alone is not None:
        board.act(Action.make("kosovo", RESPOND, response="police_sweep_alone"))  # type: ignore[attr-defined]
        shot("confirm")
        board.answer_confirm(False)  # type: ignore[attr-defined]
    # Negotiation, with an offer from Serbia waiting for Kosovo.
    advance(store, solo, lambda g: g.state.phase == "negotiation")
    g = store.load(solo)
    t = next(x for x in g.legal_actions("serbia") if x.id == PROPOSE and x.params["to"] == ["kosovo"])
    store.act(solo, Action.make("serbia", PROPOSE, to="kosovo", give=t.params["give"][0], ask=t.params["ask"][0],
                                deadline=2))
    open_session(app, solo)
    shot("board_negotiation")
    store.act(solo, Action.make("kosovo", END_NEGOTIATION))
    advance(store, solo, lambda g: g.state.phase == "actions" and g.waiting_for()[0] == "kosovo")
    open_session(app, solo)
    shot("board_actions")
    app.screen.play.tab = "deals"  # type: ignore[attr-defined]
    shot("board_deals")
    app.screen.play.tab = "objectives"  # type: ignore[attr-defined]
    shot("board_objectives")
    open_session(app, hot)
    shot("handover")
    app.settings.projector = True  # the room's screen for the same hot-seat game: public only
    open_session(app, hot)
    shot("projector")
    # After the first resolution the projector shows the turn's public results by itself.
    from game.ui.match import Match
    from game.ui.screens.results import ResultsScreen

    advance(store, hot, lambda g: g.state.turn >= 2)
    app.show(ResultsScreen(app, Match(store, hot), None, lambda: None, linger=60))
    shot("projector_results")
    app.settings.projector = False
    _facilitated(app, store, shot)
    _neutral(app, store, shot)
    advance(store, solo, lambda g: g.over)
    open_session(app, solo)
    shot("end")
    return shots


def _neutral(app: App, store: Store, shot: Callable[[str], None]) -> None:
    """A workshop in the status-neutral wording: the Banjska/Banjskë crisis on the board, the map's
    names in both languages, Kosovo* and the footnote once at the foot of the window."""
    from game.ui.screens.board import BoardScreen, open_session

    sid = store.create("classroom", 3, SEATS_SOLO, "Workshop — Pristina/Prishtinë", wording="neutral")
    open_session(app, sid)
    board = app.screen
    assert isinstance(board, BoardScreen)
    shot("briefing_neutral")
    board.close_briefing()
    shot("board_neutral")
    app.settings.projector = True
    open_session(app, sid)
    shot("projector_neutral")
    app.settings.projector = False


def _facilitated(app: App, store: Store, shot: Callable[[str], None]) -> None:
    """A workshop the facilitator has paused with a deadline running: the board's banner and
    countdown, the facilitator's screen, and the join screen after a failed attempt."""
    from game.ui.screens.board import BoardScreen, open_session
    from game.ui.screens.facilitator import FacilitatorScreen
    from game.ui.screens.join import JoinScreen
    from rules.facilitator import DEADLINE, FACILITATOR, PAUSE

    sid = store.create("classroom", 7, SEATS_SOLO, "Workshop with a facilitator")
    advance(store, sid, lambda g: g.state.phase == "negotiation" and g.waiting_for()[0] == "kosovo")
    store.act(sid, Action.make(FACILITATOR, DEADLINE, phase="negotiation", minutes=8, on_timeout="finish"))
    store.act(sid, Action.make(FACILITATOR, PAUSE, reason="Press conference: ten minutes to discuss the Council"))
    open_session(app, sid)
    board = app.screen
    assert isinstance(board, BoardScreen)
    board.briefed.add("kosovo")
    board.close_briefing()
    shot("board_paused")
    screen = FacilitatorScreen(app, board.match, lambda: app.show(board))
    screen.confirmed = True
    app.show(screen)
    shot("facilitator")
    join = JoinScreen(app)
    join.server.value, join.code.value = "127.0.0.1:9", "Xq3v-example-code-not-real-7Hk2"
    app.show(join)
    join.join()
    import time

    end = time.monotonic() + 20
    while not join.problem and time.monotonic() < end:
        app.step()
        time.sleep(0.01)
    shot("join")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    import tempfile
    for size in ((1280, 720), (1920, 1080)):
        with tempfile.TemporaryDirectory() as tmp:
            for name, (surface, _) in capture_all(Path(tmp), size).items():
                pygame.image.save(surface, str(out / f"{name}_{size[0]}x{size[1]}.png"))
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
