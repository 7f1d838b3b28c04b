"""The help overlay (F1): how a turn works, what the board shows, and every shortcut."""

from __future__ import annotations

import pygame

from game.ui import text, theme
from game.ui.widgets import panel

HELP = [
    ("A turn (half a year)", ("Briefing (the world moves, a crisis card may be drawn) → Crisis response → "
     "Negotiation (proposals: give one item, ask one, a deadline) → Actions (secret orders paid with political "
     "capital) → Resolution → Review. Every line of the log says why it happened.")),
    ("The board", ("Map: hatched zone = tension in the north (value written), blue shields = KFOR, ⚠ = where the "
     "crisis strikes. Tracks: value, bar and ▲/▼ change this turn (✓ good for stability, ✗ bad). KECI ladder: "
     "what the next phase unlocks and what still blocks it. Council: each non-recognizing Ally's stance.")),
    ("Cards", ("Each action card shows its cost (◆ political capital), its effects and the passage of the paper "
     "behind it. Select with ↑/↓ or 1–9, press Enter to play it.")),
    ("Keys on the board", ("Enter: play the selected card · E: finish this phase · P/D/O: play, deals, objectives "
     "tabs · G/A/T/L: cycle give / ask / to / deadline in a proposal · S: send proposal · Y/N/C: accept, reject, "
     "counter · Ctrl+Z: undo your last move · PgUp/PgDn: scroll the log · Esc: menu (the game is saved)")),
    ("Everywhere", "F1 or ?: this help · Esc: back · every button shows its key in [brackets]."),
    ("Hot-seat", ("Several humans share one screen: between their moves a hand-over screen hides the board, "
     "so nobody sees another's secret objectives or orders.")),
]


def draw_help(app, surface: pygame.Surface) -> None:  # type: ignore[no-untyped-def]
    w, h = app.size
    px = app.px
    surface.fill((10, 12, 18, 215))
    box = theme.rect(w * 0.1, h * 0.06, w * 0.8, h * 0.88)
    inner = panel(surface, box, "Help — how to play KECI", px * 1.2)
    y = inner.y
    col_w = inner.w
    for title, body in HELP:
        th = text.line_height(int(px), True)
        text.draw(surface, title, pygame.Rect(inner.x, y, col_w, th), px, theme.SKY, bold=True)
        y += th
        bh = text.height_of(body, col_w, px * 0.92)
        text.draw(surface, body, pygame.Rect(inner.x, y, col_w, bh), px * 0.92, theme.TEXT)
        y += bh + int(px * 0.6)
    close = pygame.Rect(0, 0, int(px * 12), int(px * 2.4))
    close.bottomright = (inner.right, inner.bottom)
    app.help_ui.button(surface, close, "Close", lambda: None, pygame.K_ESCAPE)
