"""The board: the game in play, for one role's eyes at a time.

Flow: whoever the engine waits for moves next. A human's move comes from the play panel; an AI's
is computed in a background thread (:mod:`game.ui.ai_bridge`) and committed here on the main
thread through the store. In hot-seat games a hand-over screen stands between two humans, and
while an AI moves the board shows only the public view, so no secret leaks between players.
"""

from __future__ import annotations

import math
import time
from typing import Any

import pygame

from game.players import greedy_player
from game.store import StaleGame, StoreError
from game.ui import ai_bridge, text, theme
from game.ui.app import App, Screen
from game.ui.match import Match
from game.ui.screens import board_panels, play_panel
from game.ui.widgets import panel
from rules.core.actions import Action, IllegalAction


def open_session(app: App, session_id: int) -> None:
    """Resume a session where it stood: the board, or the debrief if it has ended."""
    try:
        match = Match(app.store, session_id)
    except StoreError as exc:
        app.toast(f"This game cannot be opened: {exc}")
        return
    if match.game.over:
        from game.ui.screens.end import EndScreen
        app.show(EndScreen(app, match))
    else:
        app.show(BoardScreen(app, match))


class BoardScreen(Screen):
    name = "board"

    def __init__(self, app: App, match: Match):
        super().__init__(app)
        self.match = match
        self.viewer: str | None = None
        self.handover_to: str | None = None
        self.worker = ai_bridge.AiWorker()
        self.ai_wait_until = 0.0
        self.last_ai: tuple[str, int] | None = None  # role, log position of its last move
        self.play = play_panel.PlayState()
        self.log_scroll = 0  # lines up from the newest
        self._view_key: tuple[int, str | None] | None = None
        self._view: dict[str, Any] = {}
        self.rects: dict[str, pygame.Rect] = {}
        self._choose_viewer()

    # -- who sees what ---------------------------------------------------------------------------

    @property
    def hotseat(self) -> bool:
        return len(self.match.humans) >= 2

    def _choose_viewer(self) -> None:
        """Follow the acting human; in hot-seat, pass the screen only through a hand-over."""
        actor = self.match.actor()
        humans = self.match.humans
        if actor is not None and not self.match.is_ai(actor):
            target: str | None = actor
        elif len(humans) == 1:
            target = humans[0]
        elif not humans:
            target = None
        else:
            target = None  # hot-seat while an AI moves: the public view only
        if target == self.viewer and self.handover_to is None:
            return
        if self.hotseat and target is not None and target != self.viewer:
            if self.handover_to != target:
                self.handover_to = target
                self.viewer = None
                self.dirty = True
            return
        if target != self.viewer:
            self.viewer = target
            self.play.reset()
            self.dirty = True

    def confirm_handover(self) -> None:
        if self.handover_to is not None:
            self.viewer, self.handover_to = self.handover_to, None
            self.play.reset()
            self.log_scroll = 0
            self.dirty = True

    def view(self) -> dict[str, Any]:
        key = (self.match.version, self.viewer)
        if key != self._view_key:
            self._view = self.match.view(self.viewer)
            self._view_key = key
        return self._view

    @property
    def my_move(self) -> bool:
        return self.viewer is not None and self.handover_to is None and self.match.actor() == self.viewer

    # -- moves -------------------------------------------------------------------------------------

    def act(self, action: Action) -> bool:
        """Commit a human move; a refusal is explained in a toast and nothing changes."""
        try:
            self.match.act(action)
        except IllegalAction as exc:
            self.app.toast(f"Not possible: {exc}")
            return False
        except StaleGame as exc:
            self.match.reload()
            self.app.toast(f"The game moved on ({exc}); the board was reloaded")
            return False
        self.log_scroll = 0
        self.dirty = True
        self.play.after_move()
        self._after_move()
        return True

    def undo(self) -> None:
        if self.viewer is None or not self.match.can_undo(self.viewer):
            self.app.toast("Nothing of yours to take back in this phase")
            return
        try:
            self.match.undo(self.viewer)
        except (IllegalAction, StoreError) as exc:
            self.app.toast(f"Cannot undo: {exc}")
            return
        self.play.after_move()
        self.dirty = True
        self.app.toast("Your last move was taken back")

    def _after_move(self) -> None:
        if self.match.game.over:
            self.worker.cancel()
            from game.ui.screens.end import EndScreen
            self.app.show(EndScreen(self.app, self.match))
            return
        self._choose_viewer()

    def update(self, dt: float) -> None:
        if self.match.game.over:
            self._after_move()
            return
        actor = self.match.actor()
        if actor is None or not self.match.is_ai(actor):
            return
        seat = self.match.seats[actor]
        if not self.worker.busy:
            if time.monotonic() < self.ai_wait_until:
                return
            self.worker.start(self.match.game, actor, seat.level, seat.temperament, self.match.seq,
                              seed=self.match.info.seed * 7919 + self.match.seq)
            self.dirty = True
            return
        outcome = self.worker.poll(self.match.seq, actor)
        if outcome is None:
            return
        if isinstance(outcome, Exception):
            decision = ai_bridge.Decision(greedy_player(self.match.game, actor, _rng(self.match.seq)),
                                          f"(stand-in move: the AI failed with {outcome})")
        else:
            decision = outcome
        try:
            self.match.act(decision.action, reason=decision.reason)
        except (IllegalAction, StaleGame) as exc:
            self.app.toast(f"The AI's move for {actor} was refused ({exc}); reloading")
            self.match.reload()
            return
        self.last_ai = (actor, self.match.seq)
        self.ai_wait_until = time.monotonic() + self.app.settings.ai_delay
        self.dirty = True
        self._after_move()

    # -- input -------------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            log = self.rects.get("log")
            if log is not None and log.collidepoint(pos):
                self.log_scroll = max(0, self.log_scroll + event.y * 3)
            else:
                self.play.scroll(-event.y)
            self.dirty = True
            return
        if self.handover_to is None and self.play.handle_text(event):
            self.dirty = True
            return
        super().handle(event)

    def back_to_title(self) -> None:
        self.worker.cancel()
        from game.ui.screens.title import TitleScreen
        self.app.toast("The game is saved: choose Continue to resume it")
        self.app.show(TitleScreen(self.app))

    # -- drawing ---------------------------------------------------------------------------------

    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.app.size
        px = self.px
        m = max(4, int(px * 0.45))
        top = int(px * 2.6)
        left_w, mid_w = int(w * 0.29), int(w * 0.40)
        right_x = m + left_w + m + mid_w + m
        right_w = w - right_x - m
        body_h = h - top - m
        map_h = int(body_h * 0.47)
        keci_h, council_h, crisis_h = int(body_h * 0.25), int(body_h * 0.23), int(body_h * 0.2)
        r = {
            "top": pygame.Rect(0, 0, w, top),
            "map": pygame.Rect(m, top, left_w, map_h),
            "tracks": pygame.Rect(m, top + map_h + m, left_w, body_h - map_h - m),
            "play": pygame.Rect(m + left_w + m, top, mid_w, body_h),
            "keci": pygame.Rect(right_x, top, right_w, keci_h),
            "council": pygame.Rect(right_x, top + keci_h + m, right_w, council_h),
            "crisis": pygame.Rect(right_x, top + keci_h + council_h + 2 * m, right_w, crisis_h),
        }
        log_y = r["crisis"].bottom + m
        r["log"] = pygame.Rect(right_x, log_y, right_w, h - m - log_y)
        return r

    def draw_static(self, surface: pygame.Surface) -> None:
        self.rects = self.layout()
        px = self.px
        if self.handover_to is not None:
            self._draw_handover(surface)
            return
        v = self.view()
        board_panels.top_bar(self, surface, self.rects["top"], v)
        board_panels.map_panel(self, surface, self.rects["map"], v)
        board_panels.tracks_panel(self, surface, self.rects["tracks"], v)
        board_panels.keci_panel(self, surface, self.rects["keci"], v)
        board_panels.council_panel(self, surface, self.rects["council"], v)
        board_panels.crisis_panel(self, surface, self.rects["crisis"], v)
        board_panels.log_panel(self, surface, self.rects["log"])
        play_panel.draw(self, surface, self.rects["play"], v)
        self.ui.key_only(pygame.K_ESCAPE, self.back_to_title, "menu")
        self.ui.key_only((pygame.K_z, pygame.KMOD_CTRL), self.undo, "undo")
        self.ui.key_only(pygame.K_PAGEUP, lambda: self._scroll_log(5), "log-up")
        self.ui.key_only(pygame.K_PAGEDOWN, lambda: self._scroll_log(-5), "log-down")
        del px

    def _scroll_log(self, lines: int) -> None:
        self.log_scroll = max(0, self.log_scroll + lines)

    def _draw_handover(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        role = self.handover_to
        assert role is not None
        box = theme.rect(w * 0.22, h * 0.2, w * 0.56, h * 0.6)
        inner = panel(surface, box, "Hand-over", px * 1.3)
        who = self.match.player_name(role)
        st = self.match.game.state
        pygame.draw.rect(surface, theme.role_color(role), theme.rect(inner.x, inner.y, inner.w, px * 0.6))
        text.draw(surface, f"Pass the screen to {who}", theme.rect(inner.x, inner.y + px, inner.w, px * 4),
                  px * 1.8, theme.TEXT, bold=True, align="center")
        text.draw(surface, f"Turn {st.turn} of {st.last_turn} · {st.phase.capitalize()} phase. Everyone else, "
                  "please look away: the next screen shows this role's secret objectives and orders.",
                  theme.rect(inner.x, inner.y + px * 5.5, inner.w, px * 5), px * 1.05, theme.MUTED, align="center")
        self.ui.button(surface, theme.rect(inner.x + inner.w * 0.15, inner.bottom - px * 3.2, inner.w * 0.7, px * 3),
                       f"I am {who}: show my board", self.confirm_handover, pygame.K_RETURN, color=theme.GREEN)
        self.ui.key_only(pygame.K_ESCAPE, self.back_to_title, "menu")

    def draw_dynamic(self, surface: pygame.Surface) -> None:
        """Per frame: the AI's spinner (the static layer is not redrawn while it thinks)."""
        if not self.worker.busy or self.handover_to is not None:
            return
        top = self.rects.get("top")
        if top is None:
            return
        px = self.px
        r = int(px * 0.7)
        center = (top.right - int(px * 24), top.centery)
        angle = (time.monotonic() * 4) % (2 * math.pi)
        box = pygame.Rect(center[0] - r, center[1] - r, 2 * r, 2 * r)
        pygame.draw.arc(surface, theme.YELLOW, box, angle, angle + 4.2, max(2, r // 3))


def _rng(seq: int):  # type: ignore[no-untyped-def]
    import random
    return random.Random(seq)
