"""The title screen: new game, continue the last game, load, settings, quit."""

from __future__ import annotations

import pygame

from game.store import SessionInfo
from game.ui import map_view, text, theme
from game.ui.app import App, Screen
from game.ui.widgets import panel


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.last: SessionInfo | None = None

    def resized(self) -> None:
        """Shown again (or resized): re-read which game Continue would resume."""
        self.last = _last_session(self.app)
        super().resized()

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        left = theme.rect(w * 0.05, h * 0.08, w * 0.4, h * 0.84)
        text.draw(surface, "KECI", theme.rect(left.x, left.y, left.w, px * 4.5), px * 3.6, theme.TEXT, bold=True)
        text.draw(surface, "A Kosovo–NATO negotiation game", theme.rect(left.x, left.y + px * 4.6, left.w, px * 2),
                  px * 1.3, theme.SKY, bold=True)
        text.draw(surface, "Negotiate, face crises and move NATO–Kosovo relations forward through the Kosovo "
                  "Enhanced Cooperation Initiative, the EU-facilitated dialogue and a NATO Special Representative.",
                  theme.rect(left.x, left.y + px * 6.8, left.w, px * 4.6), px, theme.MUTED)
        y = left.y + px * 12
        bh, gap = px * 2.6, px * 0.7
        cont_label = "Continue"
        if self.last is not None:
            cont_label = f"Continue: {self.last.name} — turn {self.last.turn}, {self.last.phase}"
        items = [("New game", pygame.K_n, self._new, True),
                 (cont_label, pygame.K_c, self._continue, self.last is not None),
                 ("Load a saved game", pygame.K_l, self._load, True),
                 ("Join a table on a server", pygame.K_j, self._join, True),
                 ("Settings", pygame.K_s, self._settings, True),
                 ("Quit", pygame.K_q, self.app.quit, True)]
        for label, key, action, enabled in items:
            self.ui.button(surface, theme.rect(left.x, y, left.w, bh), label, action, key, enabled=enabled)
            y += bh + gap
        text.draw(surface, "F1: help and keys · Based on the KCSS policy paper 'Exploring options for advancing "
                  "Kosovo–NATO relations' (Ilazi and Loshaj, March 2025)",
                  theme.rect(left.x, h - px * 4, w * 0.9, px * 3), px * 0.8, theme.MUTED)
        box = theme.rect(w * 0.5, h * 0.08, w * 0.45, h * 0.78)
        inner = panel(surface, box, "Kosovo and its neighbours", px)
        map_view.draw_map(surface, inner, {"tracks": {}, "crisis": None}, None, px, overlays=False)

    def _new(self) -> None:
        from game.ui.screens.new_game import NewGameScreen
        self.app.show(NewGameScreen(self.app))

    def _continue(self) -> None:
        if self.last is not None:
            from game.ui.screens.board import open_session
            open_session(self.app, self.last.id)

    def _load(self) -> None:
        from game.ui.screens.load import LoadScreen
        self.app.show(LoadScreen(self.app))

    def _join(self) -> None:
        from game.ui.screens.join import JoinScreen
        self.app.show(JoinScreen(self.app))

    def _settings(self) -> None:
        from game.ui.screens.settings import SettingsScreen
        self.app.show(SettingsScreen(self.app))


def _last_session(app: App) -> SessionInfo | None:
    """The most recently updated game still in play (or, failing that, the last one at all)."""
    try:
        sessions = app.store.sessions()
    except Exception as exc:  # noqa: BLE001 - a damaged database must not stop the title screen
        app.toast(f"Saved games cannot be read: {exc}")
        return None
    active = [s for s in sessions if s.status != "ended"]
    return (active or sessions)[0] if (active or sessions) else None
