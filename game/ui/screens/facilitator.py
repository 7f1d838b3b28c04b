"""The facilitator's screen: run the table (the "white cell"), see who is awaited and the full log.

Every act is one of the engine's facilitator actions (:mod:`rules.facilitator`), committed like
a move — through the store for a game in this window, through the server with the facilitator
code for a server's table — exactly as the command line's ``pause``/``deadline``/``inject``/
``handover``/``adjust`` make them; nothing here decides whether an act is allowed. The screen
reads the facilitator's board and log: every role's secrets are on it, so a local game asks
first whether the person looking is the facilitator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pygame

from game.store import StoreError
from game.ui import banner, describe, text, theme
from game.ui.app import App, Screen
from game.ui.match import Match
from game.ui.printing import BriefingJob
from game.ui.screens import board_panels
from game.ui.widgets import TextField, panel
from rules.core.actions import Action, IllegalAction
from rules.facilitator import (
    ADJUST,
    DEADLINE,
    FACILITATOR,
    HANDOVER,
    INJECT,
    ON_TIMEOUT,
    PAUSE,
    RESUME,
    TIMED_PHASES,
    controller_label,
)

#: Who a seat can be handed to from this screen.
CONTROLLERS = ("ai:normal", "ai:easy", "ai:hard", "human")


class FacilitatorScreen(Screen):
    name = "facilitator"

    def __init__(self, app: App, match: Match, back: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.match = match
        self.back_to = back
        self.viewer = FACILITATOR  # for the shared log panel: the facilitator reads every line
        self.log_scroll = 0
        self.rects: dict[str, pygame.Rect] = {}
        #: A game in this window: the screen shows secrets, so it waits for a yes first.
        self.confirmed = match.remote
        c = match.content
        self.pause_reason = TextField("", max_len=200, label="pause-reason")
        self.minutes = TextField("8", max_len=3, digits_only=True, label="minutes")
        self.inject_turn = TextField("0", max_len=2, digits_only=True, label="inject-turn")
        self.adjust_reason = TextField("", max_len=200, label="adjust-reason")
        phase = match.game.state.phase  # the phase being played, or negotiation
        self.phase_i = TIMED_PHASES.index(phase) if phase in TIMED_PHASES else 1
        self.timeout_i = 0
        self.cards = sorted(c.crises, key=lambda k: c.crises[k].name)
        self.card_i = 0
        self.seat_i = 0
        self.to_i = 0
        self.tracks = list(c.tracks) + [f"{r}.{t}" for r in match.game.state.seats for t in c.role_tracks]
        self.track_i = 0
        self.delta = -1
        self._seen_version = -1
        self.printing: BriefingJob | None = None

    @property
    def fields(self) -> list[TextField]:
        return [self.pause_reason, self.minutes, self.inject_turn, self.adjust_reason]

    def words(self, message: str) -> str:
        return describe.words(self.match.content, message)

    def view(self) -> dict[str, Any]:
        return self.match.view(FACILITATOR)

    # -- input and updates -----------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if self.confirmed:
            for field in self.fields:
                if field.handle(event):
                    if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
                        fields = self.fields
                        fields[(fields.index(field) + 1) % len(fields)].focused = True
                    self.dirty = True
                    return
        if event.type == pygame.MOUSEWHEEL:
            log = self.rects.get("log")
            if log is not None and log.collidepoint(pygame.mouse.get_pos()):
                self.log_scroll = max(0, self.log_scroll + event.y * 3)
                self.dirty = True
                return
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.dirty = True
        super().handle(event)

    def update(self, dt: float) -> None:
        try:
            changed = self.match.refresh()
        except StoreError:
            changed = False
        if self.match.remote:
            notices = self.match.notices
            if notices:
                self.app.toast(f"Refused: {self.words(notices[-1])}", 8)
                notices.clear()
            self.match.news.clear()
        job = self.printing
        if job is not None and job.message is not None:
            self.app.toast(job.message, 12)
            self.printing = None
            self.dirty = True
        if changed or self.match.version != self._seen_version:
            self._seen_version = self.match.version
            self.dirty = True

    def act(self, act_id: str, **params: Any) -> None:
        """Commit one facilitator act; a refusal is said in one line and nothing changes."""
        action = Action.make(FACILITATOR, act_id, **params)
        try:
            self.match.act(action)
        except (IllegalAction, StoreError) as exc:
            self.app.toast(f"Not done: {self.words(str(exc))}", 8)
            return
        self.dirty = True
        if not self.match.remote:
            self.app.toast("Done: every seat sees it in its log as the facilitator's act")

    def leave(self) -> None:
        if self.back_to is not None:
            self.back_to()
            return
        self.match.close()
        from game.ui.screens.title import TitleScreen
        self.app.show(TitleScreen(self.app))

    # -- the acts ----------------------------------------------------------------------------------

    def pause_or_resume(self) -> None:
        if self.view()["table"]["paused"]:
            self.act(RESUME)
        else:
            self.act(PAUSE, reason=self.pause_reason.value.strip())

    def set_deadline(self) -> None:
        self.act(DEADLINE, phase=TIMED_PHASES[self.phase_i], minutes=int(self.minutes.value or "0"),
                 on_timeout=ON_TIMEOUT[self.timeout_i])

    def inject(self) -> None:
        self.act(INJECT, card=self.cards[self.card_i], turn=int(self.inject_turn.value or "0"))

    def hand_over(self) -> None:
        self.act(HANDOVER, seat=self.match.game.state.seats[self.seat_i], to=CONTROLLERS[self.to_i])

    def adjust(self) -> None:
        self.act(ADJUST, track=self.tracks[self.track_i], delta=self.delta, reason=self.adjust_reason.value.strip())

    def print_briefings(self) -> None:
        """Write the primer and every role's briefing (a thread: drawing PDFs takes seconds)."""
        if self.printing is None:
            self.printing = BriefingJob(self.match)
            self.app.toast("Writing the briefings… (a few seconds)", 4)
            self.dirty = True

    def _cycle(self, attr: str, n: int) -> Callable[[], None]:
        def step() -> None:
            setattr(self, attr, (getattr(self, attr) + 1) % n)
        return step

    def _step_delta(self, by: int) -> None:
        self.delta = max(-10, min(10, self.delta + by)) or by

    # -- drawing ---------------------------------------------------------------------------------

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        if not self.confirmed:
            self._draw_warning(surface)
            return
        v = self.view()
        m = max(4, int(px * 0.45))
        top = board_panels.top_height(px)
        title = f"Facilitator · {v['date']} · turn {v['turn']} of {v['last_turn']} · {v['phase']} phase"
        pygame.draw.rect(surface, theme.PANEL, pygame.Rect(0, 0, w, top))
        text.draw(surface, title, pygame.Rect(m, 0, int(w * 0.62), top), px, bold=True, valign="middle")
        back = "Back to the board" if self.back_to else "Leave the table"
        bw = text.font(text.size_for(px * 0.85), True).size(f"{back}  [Esc]")[0] + int(px * 1.4)
        self.ui.button(surface, pygame.Rect(w - bw - m, m, bw, top - 2 * m), back, self.leave, pygame.K_ESCAPE,
                       px=px * 0.85)
        cw = banner.clock_width(px)
        self.rects["clock"] = pygame.Rect(w - bw - 2 * m - cw, m, cw, top - 2 * m)
        self.rects["top"] = pygame.Rect(0, 0, w, top)
        body = pygame.Rect(m, top + m, w - 2 * m, h - top - 2 * m)
        left_w, mid_w = int(body.w * 0.23), int(body.w * 0.46)
        status = pygame.Rect(body.x, body.y, left_w, body.h)
        acts = pygame.Rect(status.right + m, body.y, mid_w, body.h)
        self.rects["log"] = pygame.Rect(acts.right + m, body.y, body.right - acts.right - m, body.h)
        self._draw_status(surface, status, v)
        self._draw_acts(surface, acts, v)
        board_panels.log_panel(cast(Any, self), surface, self.rects["log"])

    def draw_dynamic(self, surface: pygame.Surface) -> None:
        """The countdown and the connection; the pause is in the status panel already."""
        if self.confirmed:
            view = {**self.view(), "table": {}}
            banner.draw(self.app, surface, view, self.match.status(), self.rects.get("clock"),
                        self.rects["top"].bottom if "top" in self.rects else 0, self.match.clock_skew)

    def _draw_warning(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        box = theme.rect(w * 0.22, h * 0.25, w * 0.56, h * 0.5)
        inner = panel(surface, box, "The facilitator's screen", px * 1.3)
        text.draw(surface, "This screen shows every role's secret orders, proposals and objectives, and lets you "
                  "pause the game, set deadlines, inject crises, hand seats over and rule on the tracks. Only the "
                  "person running the game should look: players, please look away.",
                  theme.rect(inner.x, inner.y, inner.w, inner.h - px * 3.5), px * 1.05)
        bw = inner.w * 0.46
        bh = px * 2.6
        self.ui.button(surface, theme.rect(inner.x, inner.bottom - bh, bw, bh), "Back", self.leave, pygame.K_ESCAPE)
        self.ui.button(surface, theme.rect(inner.right - bw, inner.bottom - bh, bw, bh), "I run this game",
                       self._confirm, pygame.K_y, color=theme.GREEN)

    def _confirm(self) -> None:
        self.confirmed = True

    def _draw_status(self, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
        px = self.px
        c = self.match.content
        inner = panel(surface, r, "The table", px)
        lines: list[tuple[str, theme.Color]] = []
        paused = v["table"]["paused"]
        lines.append((f"PAUSED: {paused}" if paused else "Playing (not paused)", theme.ORANGE if paused else theme.GREEN))
        waiting = [c.roles[x].name for x in v["waiting_for"]]
        lines.append(("Waiting for: " + (", ".join(waiting) if waiting else "nobody"), theme.YELLOW))
        deadlines = v["table"]["deadlines"]
        if deadlines:
            then = "finished for them" if v["table"]["on_timeout"] == "finish" else "handed to the computer"
            lines.append(("Deadlines: " + ", ".join(f"{p} {mins} min" for p, mins in deadlines.items())
                          + f"; then unfinished seats are {then}", theme.TEXT))
        else:
            lines.append(("No deadlines set", theme.MUTED))
        controllers = v["table"]["controllers"]
        for role, info in v["roles"].items():
            who = controller_label(controllers[role]) if role in controllers else (
                "the computer" if self.match.is_ai(role) else "a human player") if not self.match.remote else (
                "as the table was opened")
            orders = len(info.get("orders", []))
            state = f"{orders} secret order(s) given" if info["orders_given"] else "no orders yet"
            score = v["scores"].get(role, 0)
            lines.append((f"{info['name']}: played by {who}; {state}; score {score}", theme.TEXT))
        proposals = [p for p in v["proposals"] if p["turn"] == v["turn"]]
        if proposals:
            pending = sum(p["status"] == "pending" for p in proposals)
            lines.append((f"Proposals this turn: {len(proposals)} ({pending} awaiting an answer)", theme.MUTED))
        y = inner.y
        size = px * 0.9
        for line, color in lines:
            need = text.height_of(line, inner.w, size)
            if y + need > inner.bottom:
                break
            text.draw(surface, line, pygame.Rect(inner.x, y, inner.w, need), size, color)
            y += need + int(px * 0.4)

    def _draw_acts(self, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
        """Five acts, each a title, a row of choices and fields, and its button on the right."""
        px = self.px
        c = self.match.content
        inner = panel(surface, r, "Acts — logged as the facilitator's, public to every seat", px)
        size = px * 0.9
        lh = int(text.line_height(size, True) + px * 0.7)
        gap = int(px * 0.4)
        hint_px = px * 0.8
        hint_h = text.line_height(hint_px)
        font = text.font(text.size_for(size), True)
        bw = max(font.size(f"{lab}  [F5]")[0] for lab in ("Resume", "Set deadline", "Inject", "Hand over", "Rule"))
        bw += 2 * max(3, int(size * 0.4)) + 8
        room = inner.w - bw - gap  # the choices' row, left of the button
        x0 = inner.x
        y = inner.y
        paused = bool(v["table"]["paused"])

        def title(label: str) -> None:
            nonlocal y
            text.draw(surface, label, pygame.Rect(x0, y, inner.w, text.line_height(size, True)), size, theme.SKY,
                      bold=True, wrap_lines=False)
            y += text.line_height(size, True) + 2

        def hint(line: str) -> None:
            nonlocal y
            text.draw(surface, line, pygame.Rect(x0, y, inner.w, hint_h), hint_px, theme.MUTED, wrap_lines=False)
            y += hint_h + gap

        def cols(*shares: float) -> list[pygame.Rect]:
            out, x = [], x0
            for share in shares:
                wd = int((room - gap * (len(shares) - 1)) * share)
                out.append(pygame.Rect(x, y, wd, lh))
                x += wd + gap
            return out

        button = pygame.Rect(inner.right - bw, 0, bw, lh)
        title("Pause or resume the game")
        if paused:
            text.draw(surface, f"Paused: {v['table']['paused']}", pygame.Rect(x0, y, room, lh), size, theme.ORANGE,
                      valign="middle", wrap_lines=False)
        else:
            self.pause_reason.draw(surface, pygame.Rect(x0, y, room, lh), size)
        self.ui.button(surface, button.move(0, y), "Resume" if paused else "Pause", self.pause_or_resume,
                       pygame.K_F5, px=size, color=theme.GREEN if paused else theme.VERMILLION)
        y += lh + 2
        hint("" if paused else "the reason every seat will read")
        title("Deadline for a phase")
        phase_r, minutes_r, unit_r, then_r = cols(0.3, 0.13, 0.12, 0.45)
        self.ui.button(surface, phase_r, TIMED_PHASES[self.phase_i], self._cycle("phase_i", len(TIMED_PHASES)),
                       px=size, name="deadline-phase")
        self.minutes.draw(surface, minutes_r, size)
        text.draw(surface, "min", unit_r, size, theme.MUTED, valign="middle", wrap_lines=False)
        then = "then: finish them" if ON_TIMEOUT[self.timeout_i] == "finish" else "then: hand to the AI"
        self.ui.button(surface, then_r, then, self._cycle("timeout_i", len(ON_TIMEOUT)), px=size,
                       name="deadline-then")
        self.ui.button(surface, button.move(0, y), "Set deadline", self.set_deadline, pygame.K_F6, px=size)
        y += lh + 2
        hint("0 minutes lifts it; 'finish' ends a slow seat's phase with no proposal or order")
        title("Inject a crisis")
        card_r, turn_label_r, turn_r = cols(0.7, 0.14, 0.16)
        self.ui.button(surface, card_r, c.crises[self.cards[self.card_i]].name, self._cycle("card_i", len(self.cards)),
                       px=size, name="crisis-card")
        text.draw(surface, "turn", turn_label_r, size, theme.MUTED, valign="middle", align="center", wrap_lines=False)
        self.inject_turn.draw(surface, turn_r, size)
        self.ui.button(surface, button.move(0, y), "Inject", self.inject, pygame.K_F7, px=size)
        y += lh + 2
        hint("turn 0: now; a later turn scripts the deck (players learn only that it changed)")
        title("Hand a seat over")
        seat_r, to_r = cols(0.4, 0.6)
        seats = self.match.game.state.seats
        self.ui.button(surface, seat_r, c.roles[seats[self.seat_i]].name, self._cycle("seat_i", len(seats)), px=size,
                       name="handover-seat")
        self.ui.button(surface, to_r, "to " + controller_label(CONTROLLERS[self.to_i]),
                       self._cycle("to_i", len(CONTROLLERS)), px=size, name="handover-to")
        self.ui.button(surface, button.move(0, y), "Hand over", self.hand_over, pygame.K_F8, px=size)
        y += lh + gap
        title("A white cell ruling on a track")
        track_r, minus_r, delta_r, plus_r = cols(0.7, 0.1, 0.1, 0.1)
        track = self.tracks[self.track_i]
        self.ui.button(surface, track_r, f"{describe.ref_name(c, track)}: {v_of(v, track)}",
                       self._cycle("track_i", len(self.tracks)), px=size, name="adjust-track")
        self.ui.button(surface, minus_r, "−", lambda: self._step_delta(-1), px=size, name="adjust-minus")
        text.draw(surface, f"{self.delta:+d}", delta_r, size, theme.TEXT, bold=True, align="center", valign="middle")
        self.ui.button(surface, plus_r, "+", lambda: self._step_delta(1), px=size, name="adjust-plus")
        self.ui.button(surface, button.move(0, y), "Rule", self.adjust, pygame.K_F9, px=size)
        y += lh + 2
        self.adjust_reason.draw(surface, pygame.Rect(x0, y, room, lh), size)
        y += lh + 2
        hint("the ruling's reason, as every seat will read it")
        title("Print the briefings")
        busy = self.printing is not None
        text.draw(surface, "Writing the PDFs…" if busy else "a public primer and one briefing per role (PDF)", pygame.Rect(x0, y, room, lh), hint_px, theme.MUTED,
                  valign="middle")
        self.ui.button(surface, button.move(0, y), "Print", self.print_briefings, pygame.K_F10, px=size)
        y += lh + gap
        if y + 2 * hint_h < inner.bottom:
            text.draw(surface, "Click a value to change it, a field to type in it. F5–F10 run the acts, Esc goes "
                      "back. A refused act is explained at the bottom of the screen.",
                      pygame.Rect(x0, y, inner.w, inner.bottom - y), hint_px, theme.MUTED)


def v_of(view: dict[str, Any], ref: str) -> int:
    """A track's value on the facilitator's board ('north_tension' or 'kosovo.political_capital')."""
    if "." in ref:
        role, track = ref.split(".", 1)
        return int(view["roles"][role]["tracks"].get(track, 0))
    return int(view["tracks"].get(ref, 0))
