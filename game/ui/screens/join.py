"""Join a table on a KECI server: the server's address and the code the facilitator handed out.

Both are remembered in the window's settings for next time. The code is checked with the server
in a thread (the frame loop never waits on the network); a wrong or expired code, or a server
that cannot be reached, is said on this screen in one line and nothing typed is lost. A seat's
code opens the board (the same screens as a local game), the spectator code the projector view,
the facilitator code the facilitator's screen.
"""

from __future__ import annotations

import queue
import threading

import pygame

from game.ui import net, text, theme
from game.ui.app import App, Screen
from game.ui.remote import RemoteMatch
from game.ui.widgets import TextField, panel

#: What a player types when the server runs on this machine with its defaults.
DEFAULT_SERVER = "127.0.0.1:8765"


class JoinScreen(Screen):
    name = "join"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.server = TextField(app.settings.server or DEFAULT_SERVER, max_len=200, label="server")
        self.code = TextField(app.settings.code, max_len=100, label="code", secret=True)
        self.code.focused = not app.settings.code
        self.problem = ""
        self.busy = ""
        self._answers: queue.Queue[net.Seat | net.JoinError] = queue.Queue()
        self.match: RemoteMatch | None = None

    @property
    def fields(self) -> list[TextField]:
        return [self.server, self.code]

    def handle(self, event: pygame.event.Event) -> None:
        for field in self.fields:
            if field.handle(event):
                if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
                    other = self.fields[(self.fields.index(field) + 1) % 2]
                    other.focused = True
                self.dirty = True
                return
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.dirty = True
        super().handle(event)

    # -- joining ---------------------------------------------------------------------------------

    def join(self) -> None:
        if self.busy:
            return
        address, code = self.server.value, self.code.value
        self.problem, self.busy = "", "Asking the server about this code…"
        self.dirty = True

        def work() -> None:
            try:
                self._answers.put(net.check_code(address, code))
            except net.JoinError as exc:
                self._answers.put(exc)

        threading.Thread(target=work, name="keci-join", daemon=True).start()

    def update(self, dt: float) -> None:
        try:
            answer = self._answers.get_nowait()
        except queue.Empty:
            answer = None
        if isinstance(answer, net.JoinError):
            self.problem, self.busy = str(answer), ""
            self.dirty = True
        elif answer is not None:
            self.app.settings.server, self.app.settings.code = answer.server, answer.code
            self.app.settings.save()
            from game.ui.screens.new_game import shipped_content

            self.match = RemoteMatch(shipped_content(), answer)
            self.busy = "Connected: waiting for the table…"
            self.dirty = True
        match = self.match
        if match is None:
            return
        if match.refresh():
            self.dirty = True
        if match.state == "refused":
            self.problem, self.busy = match.problem, ""
            match.close()
            self.match = None
        elif match.state == "offline":
            self.busy = match.status()
        elif match.ready:
            self.match = None
            open_remote(self.app, match)

    def back(self) -> None:
        if self.match is not None:
            self.match.close()
        from game.ui.screens.title import TitleScreen
        self.app.show(TitleScreen(self.app))

    # -- drawing ---------------------------------------------------------------------------------

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        box = theme.rect(w * 0.16, h * 0.1, w * 0.68, h * 0.8)
        inner = panel(surface, box, "Join a table", px * 1.3)
        lh = px * 2.4
        label_w = inner.w * 0.24
        y: float = inner.y
        text.draw(surface, "Play a seat of a game run on a KECI server: type the server's address and the code "
                  "the person running the game gave you. A team's code opens its seat; the spectator code "
                  "opens the room's projector view; the facilitator code opens the facilitator's screen.",
                  theme.rect(inner.x, y, inner.w, px * 4.2), px, theme.MUTED)
        y += px * 4.6
        for label, field, hint in (("Server", self.server, "for example 127.0.0.1:8765 or http://keci.example.org"),
                                   ("Code", self.code, "shown as dots but its last four characters")):
            text.draw(surface, label, theme.rect(inner.x, y, label_w, lh), px, bold=True, valign="middle")
            field.draw(surface, theme.rect(inner.x + label_w, y, inner.w - label_w, lh), px)
            text.draw(surface, hint, theme.rect(inner.x + label_w, y + lh + 2, inner.w - label_w, px * 1.4),
                      px * 0.85, theme.MUTED)
            y += lh + px * 2.2
        if self.problem:
            text.draw(surface, f"✗ {self.problem}", theme.rect(inner.x, y, inner.w, px * 3.2), px, theme.ORANGE,
                      bold=True)
        elif self.busy:
            text.draw(surface, self.busy, theme.rect(inner.x, y, inner.w, px * 3.2), px, theme.SKY, bold=True)
        text.draw(surface, "Click a field to type; Tab moves to the next one; Ctrl+V pastes the code. The address "
                  "and the code are remembered for next time.",
                  theme.rect(inner.x, inner.bottom - lh - px * 3, inner.w, px * 2.6), px * 0.85, theme.MUTED)
        bw = inner.w * 0.3
        self.ui.button(surface, theme.rect(inner.x, inner.bottom - lh, bw, lh), "Back", self.back, pygame.K_ESCAPE)
        self.ui.button(surface, theme.rect(inner.right - bw, inner.bottom - lh, bw, lh),
                       "Joining…" if self.busy else "Join", self.join, pygame.K_RETURN, color=theme.GREEN,
                       enabled=not self.busy)


def open_remote(app: App, match: RemoteMatch) -> None:
    """The screen for the code's role: the facilitator's, the debrief, or the board."""
    if match.role == "facilitator":
        from game.ui.screens.facilitator import FacilitatorScreen
        app.show(FacilitatorScreen(app, match))
        return
    if match.game.over:
        from game.ui.screens.end import EndScreen
        app.show(EndScreen(app, match))
        return
    from game.ui.screens.board import BoardScreen
    app.show(BoardScreen(app, match))
