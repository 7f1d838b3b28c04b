"""The board: the game in play, for one role's eyes at a time.

Flow: whoever the engine waits for moves next. A human's move comes from the play panel; an AI's
is computed in a background thread (:mod:`game.ui.ai_bridge`) and committed here on the main
thread through the store. In hot-seat games a hand-over screen stands between two humans, and
while an AI moves the board shows only the public view, so no secret leaks between players.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pygame

from game.players import greedy_player
from game.store import StaleGame, StoreError
from game.ui import ai_bridge, describe, guide, text, theme
from game.ui.app import App, Screen
from game.ui.match import Match
from game.ui.screens import board_panels, play_panel
from game.ui.widgets import panel
from rules.core.actions import Action, IllegalAction

#: How often an idle board asks the store whether another process moved (seconds).
POLL_SECONDS = 1.0
#: How long the projector shows a turn's results before it goes back to the board by itself.
PROJECTOR_RESULTS_SECONDS = 60.0


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
        #: A move waiting for the player's "yes" (escalatory or unilateral): (why, the move).
        self.confirm: tuple[str, Action] | None = None
        #: The role whose briefing is open (before its first move, or on B), and the page shown.
        self.briefing_for: str | None = None
        self.briefing_page = 0
        self.briefed: set[str] = set()
        self._next_poll = time.monotonic() + POLL_SECONDS
        self._next_deadline_check = 0.0
        #: The clock deadlines are read with (a test may set another).
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        #: The turn whose results were last shown (game/ui/screens/results.py).
        self.results_turn = match.game.state.turn - 1
        self._choose_viewer()

    # -- who sees what ---------------------------------------------------------------------------

    @property
    def hotseat(self) -> bool:
        return len(self.match.humans) >= 2

    @property
    def projector(self) -> bool:
        """The room's screen: public information only (the setting, or a server's spectator code)."""
        return self.app.settings.projector or self.match.spectator

    def _choose_viewer(self) -> None:
        """Follow the acting human; in hot-seat, pass the screen only through a hand-over.

        The projector view follows nobody: it shows the public board only."""
        if self.projector:
            self.viewer, self.handover_to = None, None
            return
        if self.match.remote:  # a server's seat: this screen is its role's, and only its role's
            role = self.match.humans[0] if self.match.humans else None
            if role != self.viewer:
                self.viewer = role
                self.play.reset()
                self.dirty = True
                self._maybe_brief()
            return
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
            self._maybe_brief()

    def confirm_handover(self) -> None:
        if self.handover_to is not None:
            self.viewer, self.handover_to = self.handover_to, None
            self.play.reset()
            self.log_scroll = 0
            self.dirty = True
            self._maybe_brief()

    def _maybe_brief(self) -> None:
        """Before a human seat's first move of the game, its role briefing comes first."""
        role = self.viewer
        if role is None or role in self.briefed or self.match.is_ai(role):
            return
        self.briefed.add(role)
        moved = any(e.kind == "action" and e.role == role for e in self.match.table.entries)
        if self.match.game.state.turn == 1 and not moved:
            self.open_briefing()

    def open_briefing(self) -> None:
        if self.viewer is not None and self.handover_to is None:
            self.briefing_for = self.viewer
            self.briefing_page = 0
            self.dirty = True

    def close_briefing(self) -> None:
        self.briefing_for = None
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

    def act(self, action: Action, confirmed: bool = False) -> bool:
        """Commit a human move; a refusal is explained in a toast and nothing changes.

        An escalatory or unilateral move first asks for a "yes" (:attr:`confirm`). If another
        window or process moved since this board was drawn, the board is refreshed and the move
        is still made when it is legal in the refreshed game (the same turn and phase): the
        player's key press is never swallowed by the refresh.
        """
        if not confirmed:
            warning = play_panel.warning_for(self, action)
            if warning:
                self.confirm = (warning, action)
                self.dirty = True
                return False
        turn, phase = self.match.game.state.turn, self.match.game.state.phase
        try:
            self.match.act(action)
        except IllegalAction as exc:
            self.app.toast(f"Not possible: {self.words(str(exc))}")
            return False
        except StaleGame:
            self.match.reload()
            self.dirty = True
            st = self.match.game.state
            if (st.turn, st.phase) != (turn, phase) or self.match.game.why_illegal(action) is not None:
                self.app.toast("Another player moved first: the board was refreshed, please check it")
                self._choose_viewer()
                return False
            try:
                self.match.act(action)
            except (IllegalAction, StaleGame) as exc:
                self.app.toast(f"Not possible after the refresh: {self.words(str(exc))}")
                return False
        self.log_scroll = 0
        self.dirty = True
        self.play.after_move()
        self._after_move()
        return True

    def words(self, message: str) -> str:
        """A message from the rules in the player's words: display names, one deal number."""
        return describe.words(self.match.content, message)

    def answer_confirm(self, yes: bool) -> None:
        pending, self.confirm = self.confirm, None
        self.dirty = True
        if yes and pending is not None:
            self.act(pending[1], confirmed=True)

    def refresh_if_changed(self) -> bool:
        """Reload when another process on the same database moved (polled about once a second),
        or take what a server pushed (every frame: reading the network thread's queue never waits)."""
        try:
            if not self.match.refresh():  # the table reads the moves made since (by sequence number)
                return False
        except StoreError:
            return False
        self.worker.cancel()
        self.dirty = True
        if self.match.remote:
            self._remote_notices()
        else:
            self.confirm = None
            self.app.toast("The game moved on elsewhere: the board was refreshed")
        if self.match.game.over:
            self._after_move()
        else:
            self._choose_viewer()
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
        self.app.toast("Asking the server to take your last move back…" if self.match.remote
                       else "Your last move was taken back")

    def _after_move(self) -> None:
        resolved = self._resolved_turn()
        if (self.match.humans or self.projector) and resolved > self.results_turn:
            # The turn's results come first, then the next turn (or the debrief).
            self.results_turn = resolved
            self.worker.cancel()
            from game.ui.screens.results import ResultsScreen
            # Hot-seat and the projector: the public results only.
            role = None if self.hotseat or self.projector else self.match.humans[0]
            self.app.show(ResultsScreen(self.app, self.match, role, self._back_from_results,
                                        linger=PROJECTOR_RESULTS_SECONDS if self.projector else None))
            return
        if self.match.game.over:
            self.worker.cancel()
            from game.ui.screens.end import EndScreen
            self.app.show(EndScreen(self.app, self.match))
            return
        self._choose_viewer()

    def _resolved_turn(self) -> int:
        """The last turn whose resolution has run (the log tells once the game is over)."""
        if not self.match.game.over:
            return self.match.game.state.turn - 1
        from game.results import last_resolved_turn
        return last_resolved_turn(self.match.events()) or 0

    def _back_from_results(self) -> None:
        self.app.show(self)
        self.dirty = True
        self._after_move()

    def _remote_notices(self) -> None:
        """What a server's push means for the player: a refusal, or another seat's move."""
        notices, news = self.match.notices, self.match.news
        if notices:
            self.app.toast(self.words(notices[-1]), 8)
        elif news:
            self.app.toast(self.words(news[-1]))
        notices.clear()
        news.clear()

    def update(self, dt: float) -> None:
        if self.match.remote:
            # A server plays its own AI seats: this window only shows what is pushed to it.
            if self.refresh_if_changed():
                self._after_move()
            return
        if self.match.game.over:
            self._after_move()
            return
        self._enforce_deadline()
        now = time.monotonic()
        if now >= self._next_poll and not self.worker.busy:
            self._next_poll = now + POLL_SECONDS
            if self.refresh_if_changed():
                return
        actor = self.match.actor()
        if actor is None or not self.match.is_ai(actor):
            return
        if not self.worker.busy:
            if time.monotonic() < self.ai_wait_until:
                return
            self.worker.start(self.match.table.decider(actor), actor, self.match.seq)
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
            who = self.match.content.roles[actor].name
            self.app.toast(f"The AI's move for {who} was refused ({self.words(str(exc))}); reloading")
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
            elif self.rects.get("give") is not None and self.rects["give"].collidepoint(pos):
                self.play.give = max(0, self.play.give - event.y)
            elif self.rects.get("ask") is not None and self.rects["ask"].collidepoint(pos):
                self.play.ask = max(0, self.play.ask - event.y)
            else:
                self.play.scroll(-event.y)
            self.dirty = True
            return
        if self.handover_to is None and self.play.handle_text(event):
            self.dirty = True
            return
        if self.briefing_for is not None:
            if event.type == pygame.MOUSEWHEEL:
                self.briefing_page = max(0, self.briefing_page - event.y)
                self.dirty = True
                return
            super().handle(event)
            return
        if self.confirm is not None:
            # Only the dialog answers while it is open: a stray Enter must not confirm.
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_n):
                self.answer_confirm(False)
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_y:
                self.answer_confirm(True)
            elif event.type == pygame.MOUSEBUTTONDOWN:
                super().handle(event)
            return
        super().handle(event)

    def open_facilitator(self) -> None:
        """The facilitator's screen for this game (Ctrl+F); it comes back here."""
        self.worker.cancel()
        from game.ui.screens.facilitator import FacilitatorScreen

        def back() -> None:
            self.app.show(self)
            self.confirm = None
            self.dirty = True
            self._after_move()

        self.app.show(FacilitatorScreen(self.app, self.match, back))

    def back_to_title(self) -> None:
        self.worker.cancel()
        from game.ui.screens.title import TitleScreen
        if self.match.remote:
            self.match.close()
            self.app.toast("You left the table; join again with the same code to come back")
            self.app.show(TitleScreen(self.app))
            return
        self.app.toast("The game is saved: choose Continue to resume it")
        self.app.show(TitleScreen(self.app))

    # -- drawing ---------------------------------------------------------------------------------

    def layout(self) -> dict[str, pygame.Rect]:
        """Three columns; each panel is as tall as its words need at the current text size (the map
        and the log take what is left), so larger text reflows the board instead of shrinking it."""
        w, h = self.app.size
        px = self.px
        v = self.view()
        m = max(4, int(px * 0.45))
        top = board_panels.top_height(px)
        left_w, mid_w = int(w * 0.29), int(w * 0.40)
        right_x = m + left_w + m + mid_w + m
        right_w = w - right_x - m
        body_h = h - top - m
        if self.projector:
            # The room's screen: the map and the tracks on the left, the KECI ladder, the Council,
            # the crisis and the log on the right; no play panel, nothing secret.
            left_w = int(w * 0.46)
            mid_w = -m
            right_x = m + left_w + m
            right_w = w - right_x - m
        tracks_h = board_panels.tracks_height(self, left_w, v)
        map_h = max(int(body_h * 0.3), body_h - tracks_h - m)
        keci_h = board_panels.keci_height(self, right_w, v)
        council_h = board_panels.council_height(self, right_w, v)
        crisis_h = board_panels.crisis_height(self, right_w, v)
        r = {
            "top": pygame.Rect(0, 0, w, top),
            "map": pygame.Rect(m, top, left_w, map_h),
            "tracks": pygame.Rect(m, top + map_h + m, left_w, body_h - map_h - m),
            "play": pygame.Rect(m + left_w + m, top, max(0, mid_w), body_h),
            "keci": pygame.Rect(right_x, top, right_w, keci_h),
            "council": pygame.Rect(right_x, top + keci_h + m, right_w, council_h),
            "crisis": pygame.Rect(right_x, top + keci_h + council_h + 2 * m, right_w, crisis_h),
        }
        log_y = r["crisis"].bottom + m
        r["log"] = pygame.Rect(right_x, log_y, right_w, max(1, h - m - log_y))
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
        if self.projector:
            self.ui.key_only(pygame.K_ESCAPE, self.back_to_title, "menu")
            return
        play_panel.draw(self, surface, self.rects["play"], v)
        if self.my_move and play_panel.guide_active(self):
            self._draw_guide_frame(surface, v["phase"])
        if self.briefing_for is not None:
            self.ui.hits.clear()
            self._draw_briefing(surface)
            return
        if self.confirm is not None:
            self.ui.hits.clear()  # the dialog is modal: nothing under it can be clicked
            self._draw_confirm(surface)
            return
        self.ui.key_only(pygame.K_ESCAPE, self.back_to_title, "menu")
        self.ui.key_only(pygame.K_b, self.open_briefing, "briefing")
        self.ui.key_only((pygame.K_z, pygame.KMOD_CTRL), self.undo, "undo")
        if not self.match.remote:
            self.ui.key_only((pygame.K_f, pygame.KMOD_CTRL), self.open_facilitator, "facilitator")
        self.ui.key_only(pygame.K_PAGEUP, lambda: self._scroll_log(5), "log-up")
        self.ui.key_only(pygame.K_PAGEDOWN, lambda: self._scroll_log(-5), "log-down")
        del px

    def _scroll_log(self, lines: int) -> None:
        self.log_scroll = max(0, self.log_scroll + lines)

    def _draw_guide_frame(self, surface: pygame.Surface, phase: str) -> None:
        """The guided first turn points at the panel that matters with a thick yellow frame."""
        target = {"crisis": self.rects.get("crisis"), "negotiation": self.rects.get("composer"),
                  "actions": self.rects.get("cards")}.get(phase)
        if target is None:
            return
        width = max(3, int(self.px * 0.25))
        pygame.draw.rect(surface, theme.YELLOW, target.inflate(width * 2, width * 2), width=width, border_radius=6)

    def _draw_briefing(self, surface: pygame.Surface) -> None:
        """The role's briefing, paged by whole sections so nothing is cut or shrunk."""
        role = self.briefing_for
        assert role is not None
        w, h = self.app.size
        px = self.px
        surface.blit(text.shade((w, h), (10, 12, 18, 235)), (0, 0))
        box = theme.rect(w * 0.08, h * 0.05, w * 0.84, h * 0.9)
        name = self.match.player_name(role)
        inner = panel(surface, box, f"Briefing for {name} — confidential: only you should read it", px * 1.2,
                      theme.PANEL)
        pygame.draw.rect(surface, theme.role_color(role), theme.rect(box.x + 2, box.y + 2, px * 0.4, box.h - 4))
        sections = guide.role_briefing(self.match.content, role, self.match.game.state.scenario)
        self.briefing_page = max(0, min(self.briefing_page, len(sections) - 1))
        foot_h = int(px * 2.6)
        room = pygame.Rect(inner.x, inner.y, inner.w, inner.h - foot_h - int(px * 0.5))
        th = text.line_height(int(px), True)
        y, shown = room.y, 0
        for section in sections[self.briefing_page:]:
            bh = text.height_of(section.body, room.w, px)
            if shown and y + th + bh > room.bottom:
                break
            bh = min(bh, room.bottom - y - th)
            text.draw(surface, section.title, pygame.Rect(room.x, y, room.w, th), px, theme.SKY, bold=True)
            text.draw(surface, section.body, pygame.Rect(room.x, y + th, room.w, bh), px)
            y += th + bh + int(px * 0.6)
            shown += 1
        more = self.briefing_page + shown < len(sections)
        bw = inner.w * 0.3
        by = inner.bottom - foot_h
        status = (f"Part {self.briefing_page + 1}–{self.briefing_page + shown} of {len(sections)}"
                  + (" · PgDn or the wheel for the rest" if more else "") + " · B reopens this briefing")
        text.draw(surface, status, theme.rect(inner.x, by, inner.w - 2 * bw - px, foot_h), px, theme.MUTED,
                  valign="middle")
        if more:
            self.ui.button(surface, theme.rect(inner.right - 2 * bw - px * 0.5, by, bw, foot_h), "More",
                           lambda: self._brief_page(shown), pygame.K_PAGEDOWN)
        if self.briefing_page:
            self.ui.key_only(pygame.K_PAGEUP, lambda: self._brief_page(-shown), "briefing-back")
        self.ui.button(surface, theme.rect(inner.right - bw, by, bw, foot_h), "Start playing", self.close_briefing,
                       pygame.K_RETURN, color=theme.GREEN)
        self.ui.key_only(pygame.K_ESCAPE, self.close_briefing, "close-briefing")

    def _brief_page(self, step: int) -> None:
        self.briefing_page = max(0, self.briefing_page + step)

    def _draw_confirm(self, surface: pygame.Surface) -> None:
        assert self.confirm is not None
        w, h = self.app.size
        px = self.px
        surface.blit(text.shade((w, h), (10, 12, 18, 190)), (0, 0))
        box = theme.rect(w * 0.25, h * 0.28, w * 0.5, h * 0.44)
        inner = panel(surface, box, "Are you sure?", px * 1.3, theme.PANEL_HI)
        pygame.draw.rect(surface, theme.ORANGE, box, width=3, border_radius=6)
        bh = px * 2.6
        text.draw(surface, self.confirm[0], theme.rect(inner.x, inner.y, inner.w, inner.h - bh - px), px * 1.05)
        bw = inner.w * 0.48
        self.ui.button(surface, theme.rect(inner.x, inner.bottom - bh, bw, bh), "No, go back",
                       lambda: self.answer_confirm(False), pygame.K_n)
        self.ui.button(surface, theme.rect(inner.right - bw, inner.bottom - bh, bw, bh), "Yes, do it",
                       lambda: self.answer_confirm(True), pygame.K_y, color=theme.VERMILLION)

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

    def _enforce_deadline(self) -> None:
        """A local game's deadline is this window's to enforce (a server's is the server's): once a
        phase's time is up, the unfinished seats are finished or handed over as the facilitator chose."""
        now = time.monotonic()
        if now < self._next_deadline_check or not self.match.game.state.deadlines:
            return
        self._next_deadline_check = now + 1.0
        from game.deadlines import enforce

        try:
            events = enforce(self.match.store, self.match.id, self.now)
        except (StoreError, IllegalAction):
            return
        if events:
            self.match.refresh()
            self.dirty = True
            self.app.toast("Time is up for this phase: " + "; ".join(e.text for e in events[:3]), 8)
            self._after_move()

    def draw_dynamic(self, surface: pygame.Surface) -> None:
        """Per frame: the countdown, the pause and the connection (they change without a move), and
        the AI's spinner (the static layer is not redrawn while it thinks)."""
        from game.ui import banner

        if self.handover_to is None:
            banner.draw(self.app, surface, self.view(), self.match.status(), self.rects.get("clock"),
                        self.rects["top"].bottom if "top" in self.rects else 0, self.match.clock_skew)
        if not self.worker.busy or self.handover_to is not None:
            return
        spot = self.rects.get("spinner")
        if spot is None:
            return
        px = self.px
        r = int(px * 0.7)
        center = spot.center
        angle = (time.monotonic() * 4) % (2 * math.pi)
        box = pygame.Rect(center[0] - r, center[1] - r, 2 * r, 2 * r)
        pygame.draw.arc(surface, theme.YELLOW, box, angle, angle + 4.2, max(2, r // 3))


def _rng(seq: int):  # type: ignore[no-untyped-def]
    import random
    return random.Random(seq)
