"""The turn's results, shown after each resolution before the next turn is played.

It reads :func:`game.results.turn_results` for one role (a solo player's seat) or for everyone
(hot-seat and the projector: public events only), so it shows nothing the viewer's own view
would not. Enter (or the button) goes back to the board.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

from game.results import TurnResults, stakes, turn_results
from game.ui import describe, text, theme
from game.ui.app import App, Screen
from game.ui.match import Match
from game.ui.widgets import panel


def results_for(match: Match, role: str | None, turn: int | None = None) -> TurnResults:
    """The last resolved turn's results as ``role`` may see them (None: public only)."""
    return turn_results(match.content, match.events(), role, turn, stakes(match.view(role), match.content))


class ResultsScreen(Screen):
    name = "results"

    def __init__(self, app: App, match: Match, role: str | None, back: Callable[[], None],
                 linger: float | None = None):
        super().__init__(app)
        self.match = match
        self.role = role
        self.back = back
        self.results = results_for(match, role)
        #: Lines of each column scrolled past (PgDn/PgUp), and whether any column had more.
        self.skip = 0
        self.more = False
        #: The projector has nobody at its keyboard: it goes back to the board by itself.
        self.until = time.monotonic() + linger if linger else None
        self._next_page = time.monotonic() + PROJECTOR_PAGE_SECONDS

    def update(self, dt: float) -> None:
        if self.until is not None and self.more and time.monotonic() >= self._next_page:
            self._next_page = time.monotonic() + PROJECTOR_PAGE_SECONDS  # nobody at the projector's keys
            self._page(3)
        if self.until is not None and time.monotonic() >= self.until:
            self.until = None
            self.back()

    def draw_static(self, surface: pygame.Surface) -> None:
        self.more = False
        w, h = self.app.size
        px = self.px
        m_ = int(px * 0.6)
        r = self.results
        who = f" — as {self.match.player_name(self.role)}" if self.role else ""
        title_h = int(text.line_height(px * 1.4, True) + px * 0.6)
        text.draw(surface, f"Results of turn {r.turn} ({r.date}){who}", pygame.Rect(m_, m_, w - 2 * m_, title_h),
                  px * 1.4, bold=True)
        bh = int(px * 2.4)
        top = m_ + title_h
        col_h = h - top - bh - 3 * m_
        col_w = (w - 4 * m_) // 3
        cols = [pygame.Rect(m_ + i * (col_w + m_), top, col_w, col_h) for i in range(3)]
        size = px * 0.85
        left = []
        if r.facilitator:
            left.append("Facilitator: " + " · ".join(str(x) for x in r.facilitator))
        left += [str(x) for x in r.crisis]
        for role, did in r.did.items():
            left.append(f"{role}: " + "; ".join(x.text for x in did))
        self._panel(surface, cols[0], "What each side did", left or ["Nothing was done in public this turn."], size)
        changes = [f"{'▲' if c.delta > 0 else '▼'} {c.name} {c.old} → {c.new}: {_causes(c.causes)}" for c in r.changes]
        self._panel(surface, cols[1], "What changed and why", changes or ["The board did not move."], size)
        right = []
        right += [f"Deal agreed: {x.text.removeprefix('Deal: ')}" for x in r.deals_made]
        right += [f"Delivered: {x.text}" for x in r.deals_delivered]
        right += [f"BROKEN: {x.text} ({x.cause})" for x in r.deals_broken]
        right += [str(x) for x in (*r.council, *r.recognitions, *r.keci, *r.special_rep, *r.reviews)]
        if r.ending:
            right.append(f"THE GAME ENDS: {r.ending}")
        right.append("Scores: " + ", ".join(f"{k} {v}" for k, v in r.scores.items()))
        right += [f"At stake: {x}" for x in r.at_stake]
        self._panel(surface, cols[2], "Deals, Council, KECI, stakes", right, size)
        self.ui.key_only(pygame.K_PAGEDOWN, lambda: self._page(3), "results-more")
        self.ui.key_only(pygame.K_PAGEUP, lambda: self._page(-3), "results-back")
        bw = int(w * 0.22)
        self.ui.button(surface, pygame.Rect(w - bw - m_, h - bh - m_, bw, bh), "Continue", self.back, pygame.K_RETURN,
                       color=theme.GREEN)
        if self.until is not None:
            text.draw(surface, "The board comes back by itself after a minute.",
                      pygame.Rect(m_, h - bh - m_, w - bw - 3 * m_, bh), px * 0.9, theme.MUTED, valign="middle")

    def _panel(self, surface: pygame.Surface, r: pygame.Rect, title: str, lines: list[str], size: float) -> None:
        """One column from its ``skip``-th line; a line that does not fit whole is not cut: the
        column says there is more (PgDn). The rules' words go through :func:`describe.words`."""
        inner = panel(surface, r, title, self.px)
        lines = [describe.words(self.match.content, line) for line in lines]
        shown = lines[self.skip:] if self.skip < len(lines) else lines[-1:]
        y = inner.y
        gap = int(self.px * 0.35)
        lh = text.line_height(size)
        if len(shown) < len(lines):
            text.draw(surface, f"↑ {len(lines) - len(shown)} above (PgUp)", pygame.Rect(inner.x, y, inner.w, lh), size,
                      theme.MUTED, wrap_lines=False)
            y += lh + gap
        for i, line in enumerate(shown):
            need = text.height_of(line, inner.w, size)
            room = inner.bottom - y - (lh + gap if i < len(shown) - 1 else 0)
            if need > room:
                self.more = True
                text.draw(surface, f"↓ {len(shown) - i} more (PgDn)", pygame.Rect(inner.x, inner.bottom - lh, inner.w, lh),
                          size, theme.MUTED, wrap_lines=False)
                return
            text.draw(surface, line, pygame.Rect(inner.x, y, inner.w, need), size,
                      theme.VERMILLION if line.startswith("BROKEN") else theme.TEXT)
            y += need + gap

    def _page(self, step: int) -> None:
        if step > 0 and not self.more:
            return
        self.skip = max(0, self.skip + step)
        self.dirty = True


#: The projector turns to the rest of a long turn's results by itself this often (seconds).
PROJECTOR_PAGE_SECONDS = 12.0

#: Causes listed per change before "and N more" (a busy turn must still fit its column).
MAX_CAUSES = 3


def _causes(causes: tuple[str, ...]) -> str:
    shown = "; ".join(causes[:MAX_CAUSES])
    return shown + (f"; and {len(causes) - MAX_CAUSES} more (see the log)" if len(causes) > MAX_CAUSES else "")
