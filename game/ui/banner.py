"""What changes without a move, drawn every frame over the board: the phase's countdown, the
facilitator's pause (with its reason) and the state of the connection to a server.

The countdown is the facilitator's deadline (:func:`game.deadlines.countdown`, in the board as
``clock``), counted down here with this machine's clock and frozen while the table is paused.
Every seat, the projector and the facilitator see the same banner; it holds nothing secret.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pygame

from game.deadlines import seconds_left
from game.ui import text, theme

if TYPE_CHECKING:
    from game.ui.app import App

#: Under this many seconds the countdown turns from yellow to orange.
HURRY_SECONDS = 60


def clock_label(view: dict[str, Any], now: datetime | None = None) -> str | None:
    """"◷ 7:42 left (negotiation)", or None when this phase has no deadline."""
    clock = view.get("clock") or {}
    left = seconds_left(clock, now or datetime.now(UTC))
    if left is None:
        return None
    m, s = divmod(int(left + 0.999), 60)
    if clock.get("frozen_seconds") is not None:
        return f"◷ {m}:{s:02d} left — stopped"
    if left <= 0:
        return f"◷ time is up ({clock.get('phase')})"
    return f"◷ {m}:{s:02d} left ({clock.get('phase')})"


def clock_width(px: float) -> int:
    """Room the top bar keeps for the countdown."""
    return text.font(text.size_for(px * 0.95), True).size("◷ 00:00 left (negotiation)")[0] + int(px)


def pause_line(view: dict[str, Any]) -> str | None:
    reason = (view.get("table") or {}).get("paused")
    return f"❚❚ Paused by the facilitator: {reason}" if reason else None


def draw(app: App, surface: pygame.Surface, view: dict[str, Any], status: str,
         clock_rect: pygame.Rect | None, top: int, skew: float = 0.0) -> None:
    """The countdown in its slot of the top bar; the pause and the connection under the top bar.
    ``skew``: seconds the server's clock is ahead of this machine's (a deadline is the server's)."""
    px = app.px
    now = datetime.now(UTC) + timedelta(seconds=skew)
    label = clock_label(view, now)
    if label is not None and clock_rect is not None:
        clock = view.get("clock") or {}
        left = seconds_left(clock, now) or 0.0
        color = theme.ORANGE if left < HURRY_SECONDS else theme.YELLOW
        pygame.draw.rect(surface, theme.PANEL_HI, clock_rect, border_radius=6)
        pygame.draw.rect(surface, color, clock_rect, width=2, border_radius=6)
        text.draw(surface, label, clock_rect.inflate(-6, -2), px * 0.95, color, bold=True, align="center",
                  valign="middle", wrap_lines=False)
    y = top
    for line, color in ((pause_line(view), theme.ORANGE), (status or None, theme.VERMILLION)):
        if line is None:
            continue
        w = surface.get_width()
        height = text.height_of(line, int(w * 0.6) - int(px), px, True) + int(px * 0.6)
        box = pygame.Rect(int(w * 0.2), y + 4, int(w * 0.6), height)
        pygame.draw.rect(surface, theme.PANEL_HI, box, border_radius=8)
        pygame.draw.rect(surface, color, box, width=3, border_radius=8)
        text.draw(surface, line, box.inflate(-int(px), -4), px, theme.TEXT, bold=True, align="center",
                  valign="middle")
        y = box.bottom + 2
