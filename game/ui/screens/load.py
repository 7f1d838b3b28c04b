"""The load screen: saved sessions with name, turn, phase and date; delete with confirmation."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import pygame

from game.store import SessionInfo
from game.ui import text, theme
from game.ui.app import App, Screen
from game.ui.widgets import panel


def when(iso: str) -> str:
    """'2025-11-26 08:30' in local time, from the store's ISO timestamp."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class LoadScreen(Screen):
    name = "load"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.selected = 0
        self.top = 0
        self.confirm: SessionInfo | None = None
        self.refresh()

    def refresh(self) -> None:
        try:
            self.sessions: list[SessionInfo] = self.app.store.sessions()
        except Exception as exc:  # noqa: BLE001 - a damaged database is reported, not fatal
            self.sessions = []
            self.app.toast(f"Saved games cannot be read: {exc}")
        self.selected = min(self.selected, max(0, len(self.sessions) - 1))
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> None:
        if self.confirm is None and event.type == pygame.MOUSEWHEEL:
            self._move(-event.y)
            return
        super().handle(event)

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        box = theme.rect(w * 0.05, h * 0.05, w * 0.9, h * 0.9)
        inner = panel(surface, box, "Load a saved game", px * 1.3)
        cols = [("Name", 0.0, 0.34), ("Scenario", 0.35, 0.11), ("Turn", 0.47, 0.07), ("Phase", 0.55, 0.12),
                ("Players", 0.68, 0.16), ("Last played", 0.85, 0.15)]
        y: float = inner.y
        for label, x, wd in cols:
            text.draw(surface, label, theme.rect(inner.x + inner.w * x, y, inner.w * wd, px * 1.5), px * 0.9,
                      theme.MUTED, bold=True)
        y += px * 1.7
        rh = px * 2.2
        list_bottom = inner.bottom - px * 3.2
        visible = max(1, int((list_bottom - y) // rh))
        self.top = min(max(self.top, self.selected - visible + 1), self.selected)
        if not self.sessions:
            text.draw(surface, "No saved games yet. Start one from the title screen (New game).",
                      theme.rect(inner.x, y, inner.w, px * 2), px, theme.MUTED)
        for i, s in enumerate(self.sessions[self.top:self.top + visible], start=self.top):
            row = theme.rect(inner.x, y, inner.w, rh - 2)
            chosen = i == self.selected
            pygame.draw.rect(surface, theme.PANEL_HI if chosen else theme.PANEL, row, border_radius=4)
            if chosen:
                pygame.draw.rect(surface, theme.FOCUS, row, width=2, border_radius=4)
            humans = sum(seat.controller == "human" for seat in s.seats)
            status = "✓ ended" if s.status == "ended" else s.phase
            values = [("▶ " if chosen else "") + s.name, s.scenario, f"{s.turn}", status,
                      f"{humans} human, {len(s.seats) - humans} AI", when(s.updated)]
            for (_, x, wd), value in zip(cols, values, strict=True):
                text.draw(surface, value, theme.rect(inner.x + inner.w * x + 4, y, inner.w * wd - 8, rh - 2), px,
                          theme.TEXT, bold=chosen, valign="middle", wrap_lines=False)
            self.ui.area(row, partial(self._click, i), label=f"row-{i}")
            y += rh
        if len(self.sessions) > visible:
            text.draw(surface, f"{self.top + 1}–{min(len(self.sessions), self.top + visible)} of "
                      f"{len(self.sessions)} (↑/↓ or the mouse wheel to scroll)",
                      theme.rect(inner.x, list_bottom, inner.w, px * 1.4), px * 0.8, theme.MUTED)
        bw, bh = inner.w * 0.22, px * 2.4
        by = inner.bottom - bh
        self.ui.button(surface, theme.rect(inner.x, by, bw, bh), "Back", self._back, pygame.K_ESCAPE,
                       enabled=self.confirm is None)
        self.ui.button(surface, theme.rect(inner.right - 2 * bw - px, by, bw, bh), "Delete", self._ask_delete,
                       pygame.K_DELETE, enabled=bool(self.sessions) and self.confirm is None, color=theme.VERMILLION)
        self.ui.button(surface, theme.rect(inner.right - bw, by, bw, bh), "Load", self._load, pygame.K_RETURN,
                       enabled=bool(self.sessions) and self.confirm is None, color=theme.GREEN)
        self.ui.key_only(pygame.K_UP, lambda: self._move(-1))
        self.ui.key_only(pygame.K_DOWN, lambda: self._move(1))
        if self.confirm is not None:
            self._draw_confirm(surface, self.confirm)

    def _draw_confirm(self, surface: pygame.Surface, s: SessionInfo) -> None:
        w, h = self.app.size
        px = self.px
        self.ui.hits.clear()  # the dialog is modal
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        box = theme.rect(w * 0.25, h * 0.33, w * 0.5, h * 0.3)
        inner = panel(surface, box, "Delete this saved game?", px * 1.2, theme.PANEL_HI)
        text.draw(surface, f"“{s.name}” (turn {s.turn}, {s.phase}) will be deleted for good.",
                  theme.rect(inner.x, inner.y, inner.w, inner.h - px * 3), px)
        bw, bh = inner.w * 0.45, px * 2.4
        self.ui.button(surface, theme.rect(inner.x, inner.bottom - bh, bw, bh), "Keep it", self._cancel, pygame.K_n)
        self.ui.button(surface, theme.rect(inner.right - bw, inner.bottom - bh, bw, bh), "Delete for good",
                       self._delete, pygame.K_y, color=theme.VERMILLION)
        self.ui.key_only(pygame.K_ESCAPE, self._cancel)

    def _move(self, step: int) -> None:
        if self.sessions:
            self.selected = max(0, min(len(self.sessions) - 1, self.selected + step))
            self.dirty = True

    def _click(self, i: int) -> None:
        if i == self.selected:
            self._load()
        self.selected = i

    def _ask_delete(self) -> None:
        if self.sessions:
            self.confirm = self.sessions[self.selected]

    def _cancel(self) -> None:
        self.confirm = None

    def _delete(self) -> None:
        if self.confirm is not None:
            self.app.store.delete(self.confirm.id)
            self.app.toast(f"Deleted “{self.confirm.name}”")
            self.confirm = None
            self.refresh()

    def _load(self) -> None:
        if self.sessions:
            from game.ui.screens.board import open_session
            open_session(self.app, self.sessions[self.selected].id)

    def _back(self) -> None:
        from game.ui.screens.title import TitleScreen
        self.app.show(TitleScreen(self.app))
