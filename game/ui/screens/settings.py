"""The settings screen: first-turn hints, AI pacing, text size."""

from __future__ import annotations

import pygame

from game.ui import text, theme
from game.ui.app import Screen
from game.ui.settings import AI_DELAYS, TEXT_SCALES
from game.ui.widgets import panel


class SettingsScreen(Screen):
    name = "settings"

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        s = self.app.settings
        box = theme.rect(w * 0.2, h * 0.1, w * 0.6, h * 0.8)
        inner = panel(surface, box, "Settings", px * 1.3)
        rows = [
            ("Hints on the first turn", "on" if s.hints else "off", pygame.K_h, self._hints,
             "Short guidance in the play panel during a game's first turn."),
            ("Pause after each AI move", f"{s.ai_delay:g} s", pygame.K_a, self._delay,
             "Time to read what an AI player did before the next move."),
            ("Text size", f"{round(s.text_scale * 100)} %", pygame.K_t, self._text,
             "On top of the automatic scaling with the window size; the board reflows."),
            ("Projector view", "on" if s.projector else "off", pygame.K_p, self._projector,
             "For the room's screen: public information only (no hand, no secrets), fewer and larger panels."),
        ]
        y = inner.y + px
        rh = px * 4.6
        for label, value, key, action, note in rows:
            text.draw(surface, label, theme.rect(inner.x, y, inner.w * 0.55, px * 1.5), px * 1.05, bold=True)
            text.draw(surface, note, theme.rect(inner.x, y + px * 1.6, inner.w * 0.55, px * 2.4), px * 0.85,
                      theme.MUTED)
            self.ui.button(surface, theme.rect(inner.x + inner.w * 0.6, y, inner.w * 0.4, px * 2.4), value, action,
                           key)
            y += rh
        self.ui.button(surface, theme.rect(inner.x, inner.bottom - px * 2.6, inner.w * 0.3, px * 2.6), "Back",
                       self._back, pygame.K_ESCAPE)

    def _changed(self) -> None:
        self.app.settings.save()
        self.app.redraw()

    def _hints(self) -> None:
        self.app.settings.hints = not self.app.settings.hints
        self._changed()

    def _delay(self) -> None:
        s = self.app.settings
        s.ai_delay = AI_DELAYS[(AI_DELAYS.index(s.ai_delay) + 1) % len(AI_DELAYS)] if s.ai_delay in AI_DELAYS else 0.5
        self._changed()

    def _projector(self) -> None:
        self.app.settings.projector = not self.app.settings.projector
        self._changed()

    def _text(self) -> None:
        s = self.app.settings
        s.text_scale = (TEXT_SCALES[(TEXT_SCALES.index(s.text_scale) + 1) % len(TEXT_SCALES)]
                        if s.text_scale in TEXT_SCALES else 1.0)
        self._changed()

    def _back(self) -> None:
        from game.ui.screens.title import TitleScreen
        self.app.show(TitleScreen(self.app))
