"""The debrief: the ending and why, each role's score and objectives, and the main tracks over time.

Every role's objectives are shown as that role sees them (its own view, secret ones included):
once the game is over, the debrief is for everyone.
"""

from __future__ import annotations

import pygame

from game.ui import text, theme
from game.ui.app import App, Screen
from game.ui.match import CHART_TRACKS, Match
from game.ui.widgets import panel
from rules.counting import points

#: Series styles: colour plus a marker shape, so the chart reads without colour.
SERIES = [(theme.VERMILLION, "circle"), (theme.SKY, "square"), (theme.GREEN, "triangle"), (theme.YELLOW, "diamond"),
          (theme.PURPLE, "cross"), (theme.ORANGE, "plus")]


class EndScreen(Screen):
    name = "end"

    def __init__(self, app: App, match: Match):
        super().__init__(app)
        self.match = match
        self.history = match.track_history()

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        m = self.match
        c = m.content
        st = m.game.state
        m_ = int(px * 0.6)
        ending = c.endings_in(st.scenario).get(st.ending or "")
        why = "; ".join(m.ending_reason()) or "the last turn was played"
        body = f"{ending.explanation if ending else why}\nSource: {ending.source if ending else ''}"
        body_h = text.height_of(body, w - 4 * m_, px * 0.9)
        top = pygame.Rect(m_, m_, w - 2 * m_, body_h + int(text.line_height(px * 1.3, True) + px * 1.6))
        inner = panel(surface, top, f"Game over — {ending.name if ending else 'the game ended'} "
                      f"(after turn {st.turn} of {st.last_turn})", px * 1.3)
        text.draw(surface, body, inner, px * 0.9)
        scores_r = pygame.Rect(m_, top.bottom + m_, int(w * 0.56) - m_, h - top.bottom - 2 * m_ - int(px * 3))
        self._scores(surface, scores_r)
        chart_r = pygame.Rect(scores_r.right + m_, scores_r.y, w - scores_r.right - 2 * m_, scores_r.h)
        self._chart(surface, chart_r)
        bw, bh = int(w * 0.2), int(px * 2.4)
        self.ui.button(surface, pygame.Rect(m_, h - bh - m_, bw, bh), "Title screen", self._title, pygame.K_ESCAPE)
        self.ui.button(surface, pygame.Rect(w - bw - m_, h - bh - m_, bw, bh), "New game", self._new, pygame.K_n,
                       color=theme.GREEN)

    def _scores(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        px = self.px
        m = self.match
        inner = panel(surface, r, "Scores and objectives (secret ones revealed)", px)
        scores = m.game.scores()
        ranked = sorted(m.game.state.seats, key=lambda role: -scores[role])
        size = px * 0.85
        blocks = []
        for i, role in enumerate(ranked):
            objs = m.view(role)["roles"][role]["objectives"]
            lines = [f"{i + 1}. {m.player_name(role)} — {points(scores[role])}"]
            for o in objs:
                lines.append(f"{'✓' if o['met'] else '✗'} {o['text']} ({o['points']})")
            body = "\n".join(lines)
            blocks.append((role, body, text.height_of(body, inner.w - int(px * 0.8), size)))
        spare = max(0, inner.h - sum(b[2] for b in blocks)) // max(1, len(blocks))
        y = inner.y
        for role, body, bh in blocks:
            pygame.draw.rect(surface, theme.role_color(role), pygame.Rect(inner.x, y + 2, int(px * 0.4), bh - 4))
            text.draw(surface, body, pygame.Rect(inner.x + int(px * 0.8), y, inner.w - int(px * 0.8), bh), size)
            y += bh + spare

    def _chart(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        px = self.px
        c = self.match.content
        inner = panel(surface, r, "Main tracks over the turns", px)
        legend_h = int(text.line_height(px * 0.75) * (len(CHART_TRACKS) + 0.4))
        plot = pygame.Rect(inner.x + int(px * 2), inner.y + 4, inner.w - int(px * 2.4), inner.h - legend_h - int(px * 2))
        pygame.draw.rect(surface, theme.BG, plot)
        turns = max(1, len(next(iter(self.history.values()))) - 1)
        for value in range(0, 11, 2):
            y = plot.bottom - int(plot.h * value / 10)
            pygame.draw.line(surface, theme.PANEL_HI, (plot.x, y), (plot.right, y))
            text.draw(surface, str(value), pygame.Rect(inner.x, y - int(px * 0.5), int(px * 1.8), int(px * 1.1)),
                      px * 0.7, theme.MUTED, align="right", wrap_lines=False)
        for t in range(turns + 1):
            x = plot.x + int(plot.w * t / turns)
            text.draw(surface, str(t), pygame.Rect(x - int(px), plot.bottom + 2, int(px * 2), int(px * 1.1)),
                      px * 0.7, theme.MUTED, align="center", wrap_lines=False)
        text.draw(surface, "turn (0 = start)", pygame.Rect(plot.x, plot.bottom + int(px * 1.1), plot.w, int(px * 1.1)),
                  px * 0.7, theme.MUTED, align="center", wrap_lines=False)
        for n, track in enumerate(CHART_TRACKS):
            color, marker = SERIES[n % len(SERIES)]
            values = self.history[track]
            pts = [(plot.x + int(plot.w * t / turns), plot.bottom - int(plot.h * v / 10)) for t, v in enumerate(values)]
            if len(pts) > 1:
                pygame.draw.lines(surface, color, False, pts, 2)
            for p in pts:
                _marker(surface, p, marker, color, max(3, int(px * 0.3)))
        ly = plot.bottom + int(px * 2.3)
        col_w = inner.w
        lh = text.line_height(px * 0.75)
        for n, track in enumerate(CHART_TRACKS):
            color, marker = SERIES[n % len(SERIES)]
            x = inner.x
            y = ly + n * lh
            _marker(surface, (x + int(px * 0.5), y + lh // 2), marker, color, max(3, int(px * 0.3)))
            text.draw(surface, f"{c.tracks[track].name} ({self.history[track][-1]})",
                      pygame.Rect(x + int(px * 1.2), y, col_w - int(px * 1.3), lh), px * 0.75, theme.TEXT,
                      wrap_lines=False)

    def _title(self) -> None:
        from game.ui.screens.title import TitleScreen
        self.app.show(TitleScreen(self.app))

    def _new(self) -> None:
        from game.ui.screens.new_game import NewGameScreen
        self.app.show(NewGameScreen(self.app))


def _marker(surface: pygame.Surface, p: tuple[int, int], shape: str, color: theme.Color, s: int) -> None:
    x, y = p
    if shape == "circle":
        pygame.draw.circle(surface, color, p, s)
    elif shape == "square":
        pygame.draw.rect(surface, color, pygame.Rect(x - s, y - s, 2 * s, 2 * s))
    elif shape == "triangle":
        pygame.draw.polygon(surface, color, [(x, y - s), (x + s, y + s), (x - s, y + s)])
    elif shape == "diamond":
        pygame.draw.polygon(surface, color, [(x, y - s), (x + s, y), (x, y + s), (x - s, y)])
    elif shape == "cross":
        pygame.draw.line(surface, color, (x - s, y - s), (x + s, y + s), 2)
        pygame.draw.line(surface, color, (x - s, y + s), (x + s, y - s), 2)
    else:
        pygame.draw.line(surface, color, (x - s, y), (x + s, y), 2)
        pygame.draw.line(surface, color, (x, y - s), (x, y + s), 2)
