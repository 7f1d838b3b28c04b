"""The help overlay (F1): how the game works — the turn, KECI, the Council, the Special
Representative, deals and defaults, endings and scoring — then how to read the board and the keys.

The words come from :func:`game.ui.guide.game_help` (built from the content). The overlay pages
by whole sections (PgUp/PgDn, ↑/↓, the wheel), so no paragraph is ever cut or shrunk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import guide, text, theme
from game.ui.widgets import panel

if TYPE_CHECKING:
    from game.ui.app import App


def help_sections(app: App) -> list[guide.Section]:
    match = getattr(app.screen, "match", None)
    if match is not None:
        return guide.game_help(match.content, match.game.state.scenario)
    from game.ui.screens.new_game import shipped_content
    return guide.game_help(shipped_content())


def draw_help(app: App, surface: pygame.Surface) -> None:
    w, h = app.size
    px = app.px
    surface.fill((10, 12, 18, 225))
    box = theme.rect(w * 0.06, h * 0.04, w * 0.88, h * 0.92)
    inner = panel(surface, box, "Help — how KECI works (F1 or Esc closes)", px * 1.2)
    sections = help_sections(app)
    app.help_scroll = max(0, min(app.help_scroll, len(sections) - 1))
    foot_h = int(px * 2.6)
    room = pygame.Rect(inner.x, inner.y, inner.w, inner.h - foot_h - int(px * 0.4))
    y = room.y
    shown = 0
    th = text.line_height(int(px), True)
    for section in sections[app.help_scroll:]:
        bh = text.height_of(section.body, room.w, px)
        if shown and y + th + bh > room.bottom:
            break
        bh = min(bh, room.bottom - y - th)
        text.draw(surface, section.title, pygame.Rect(room.x, y, room.w, th), px, theme.SKY, bold=True)
        text.draw(surface, section.body, pygame.Rect(room.x, y + th, room.w, bh), px, theme.TEXT)
        y += th + bh + int(px * 0.7)
        shown += 1
    first = app.help_scroll + 1
    status = f"Sections {first}–{app.help_scroll + shown} of {len(sections)}"
    if app.help_scroll + shown < len(sections) or app.help_scroll:
        status += " · PgDn/PgUp, ↑/↓ or the wheel for more"
    foot = pygame.Rect(inner.x, inner.bottom - foot_h, inner.w, foot_h)
    text.draw(surface, status, pygame.Rect(foot.x, foot.y, int(foot.w * 0.7), foot.h), px, theme.MUTED,
              valign="middle")
    app.help_pages = shown
    close = pygame.Rect(0, 0, int(px * 12), foot_h)
    close.bottomright = (inner.right, inner.bottom)
    app.help_ui.button(surface, close, "Close", lambda: None, pygame.K_ESCAPE)
