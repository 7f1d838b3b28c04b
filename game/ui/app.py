"""The window and its loop: one screen at a time, a cached static layer, overlays on top.

Each screen redraws its static layer only when something changed (``dirty``); a frame is then a
blit plus a few per-frame marks (hover outline, the AI's spinner, a toast). That keeps frames
far under the 16.7 ms budget even at 4K. :meth:`App.step` runs exactly one frame, which is
what the tests and the benchmark drive.
"""

from __future__ import annotations

import time

import pygame

from game.store import Store
from game.ui import text, theme
from game.ui.settings import Settings
from game.ui.widgets import Ui
from rules import wording

#: No text is smaller than this on a 1280x720 window (it grows with the window).
MIN_TEXT_PX = 13

#: How much larger the projector view's text is than the normal board's.
PROJECTOR_SCALE = 1.25

#: Keys whose auto-repeat is welcome: moving in lists and text, deleting letters, scrolling.
REPEATABLE = frozenset({pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_BACKSPACE,
                        pygame.K_DELETE, pygame.K_PAGEUP, pygame.K_PAGEDOWN})


class Screen:
    """Base class: layout on resize, events, a static layer drawn when dirty, per-frame marks."""

    name = "screen"

    def __init__(self, app: App):
        self.app = app
        self.ui = Ui()
        self.dirty = True

    @property
    def px(self) -> float:
        return self.app.px

    def resized(self) -> None:
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> None:
        if self.ui.handle(event):
            self.dirty = True

    def update(self, dt: float) -> None:
        pass

    def draw_static(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def draw_dynamic(self, surface: pygame.Surface) -> None:
        pass

    @property
    def wording(self) -> str:
        """How this screen words its texts: its game's wording (rules/wording.py), else plain."""
        match = getattr(self, "match", None)
        return str(getattr(match, "wording", "plain")) if match is not None else "plain"


class App:
    def __init__(self, store: Store | None = None, size: tuple[int, int] = (1280, 720),
                 settings: Settings | None = None, flags: int = pygame.RESIZABLE):
        pygame.display.init()  # no audio: the game has no sound, and ALSA would print noise
        pygame.font.init()
        pygame.display.set_caption("KECI — Kosovo–NATO negotiation game")
        self.window = pygame.display.set_mode(size, flags)
        pygame.key.set_repeat(400, 40)
        self.settings = settings or Settings.load()
        self.store = store or Store()
        self.clock = pygame.time.Clock()
        self.running = True
        self.help_open = False
        self._toast: tuple[str, float] | None = None
        self.layer = pygame.Surface(self.window.get_size())  # the whole window (the footnote too)
        self._help_layer: pygame.Surface | None = None
        self.help_ui = Ui()
        self.help_scroll = 0  # first help section shown
        self.help_pages = 1  # sections that fitted on the last drawing
        #: Keys seen going down and not yet up: a second KEYDOWN of one of them is the keyboard's
        #: auto-repeat (or pygame's), never a new press.
        self._held: set[int] = set()
        #: Bumped by every :meth:`show`; a key event handled under an older screen is dropped.
        self.generation = 0
        self.screen: Screen
        from game.ui.screens.title import TitleScreen
        self.show(TitleScreen(self))

    # -- screens and messages ------------------------------------------------------------------

    @property
    def window_size(self) -> tuple[int, int]:
        return self.window.get_size()

    @property
    def size(self) -> tuple[int, int]:
        """The area a screen lays itself out in: the window, less the footnote's band when the
        screen's game is in the status-neutral wording."""
        w, h = self.window.get_size()
        return w, h - self.footnote_height()

    def _footnote(self) -> str:
        screen = getattr(self, "screen", None)
        return wording.footnote(screen.wording) if screen is not None else ""

    def footnote_height(self) -> int:
        """The height of the band at the foot of the window that holds the footnote (0 in plain)."""
        note = self._footnote()
        if not note:
            return 0
        w, _ = self.window.get_size()
        px = MIN_TEXT_PX * theme.scale(self.window_size)
        return text.height_of(note, w - int(px * 2), px, raw=True) + int(px * 0.8)  # the footnote as it is

    @property
    def px(self) -> float:
        return 15 * theme.scale(self.window_size, self.settings.text_scale) * (
            PROJECTOR_SCALE if self.settings.projector else 1.0)

    def show(self, screen: Screen) -> None:
        self.screen = screen
        self.generation += 1
        screen.resized()
        pygame.key.start_text_input()

    def toast(self, message: str, seconds: float = 4.0) -> None:
        self._toast = (message, time.monotonic() + seconds)

    def quit(self) -> None:
        self.running = False

    def redraw(self) -> None:
        self.screen.dirty = True
        self._help_layer = None

    # -- the loop --------------------------------------------------------------------------------

    def step(self, dt: float = 1 / 60) -> bool:
        """Handle pending input, update, draw one frame; False once the player quit.

        A key acts on the screen it was pressed on, never on the next one: once a key changes the
        screen, the key presses still queued in the same batch (pressed while the old screen was
        showing, or produced by auto-repeat while a game was being created) are dropped, and a held
        key only repeats where repeating is harmless (arrows, Backspace, Delete, page keys).
        """
        generation = self.generation
        for event in pygame.event.get():
            if event.type == pygame.KEYUP:
                self._held.discard(event.key)
                continue
            if event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWLEAVE):
                self._held.clear()
            if event.type in (pygame.KEYDOWN, pygame.TEXTINPUT) and self.generation != generation:
                if event.type == pygame.KEYDOWN:
                    self._held.add(event.key)
                continue
            if event.type == pygame.KEYDOWN:
                repeat = event.key in self._held
                self._held.add(event.key)
                if repeat and event.key not in REPEATABLE:
                    continue
            self.dispatch(event)
        self.screen.update(dt)
        self.draw()
        pygame.display.flip()
        return self.running

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            w, h = max(640, event.w), max(360, event.h)
            if (w, h) != self.window_size:
                self.window = pygame.display.set_mode((w, h), pygame.RESIZABLE)
            self._resized()
            return
        if event.type == pygame.WINDOWSIZECHANGED:
            self._resized()
            return
        if event.type == pygame.KEYDOWN and (event.key == pygame.K_F1 or (
                event.key == pygame.K_SLASH and event.mod & pygame.KMOD_SHIFT)):
            self.help_open = not self.help_open
            self._help_layer = None
            return
        if self.help_open:
            step = 0
            if event.type == pygame.MOUSEWHEEL:
                step = -event.y
            elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_DOWN, pygame.K_SPACE):
                step = max(1, self.help_pages) if event.key != pygame.K_DOWN else 1
            elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_UP):
                step = -max(1, self.help_pages) if event.key == pygame.K_PAGEUP else -1
            if step:
                self.help_scroll = max(0, self.help_scroll + step)
                self._help_layer = None
                return
            if self.help_ui.handle(event) or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
                self.help_open = False
            return
        if event.type == pygame.MOUSEMOTION:
            return
        self.screen.handle(event)

    def _resized(self) -> None:
        if self.layer.get_size() != self.window_size:
            self.layer = pygame.Surface(self.window_size)
        self._help_layer = None
        self.screen.resized()

    def draw(self) -> None:
        text.set_floor(MIN_TEXT_PX * theme.scale(self.window_size))
        text.set_wording(self.screen.wording)
        if self.screen.dirty:
            text.new_frame()
            self.layer.fill(theme.BG)
            self.screen.ui.reset(self.px)
            self.screen.dirty = False
            self.screen.draw_static(self.layer)
            self._draw_footnote()
        self.window.blit(self.layer, (0, 0))
        pos = pygame.mouse.get_pos()
        hover = self.screen.ui.hovered_hit(pos) if pygame.mouse.get_focused() else None
        if hover is not None and not self.help_open:
            pygame.draw.rect(self.window, theme.FOCUS, hover.rect, width=2, border_radius=4)
        self.screen.draw_dynamic(self.window)
        if hover is not None and hover.tip and not self.help_open:
            self._draw_tip(hover.tip, pos)
        if self.help_open:
            if self._help_layer is None:
                from game.ui.screens.help import draw_help
                self._help_layer = pygame.Surface(self.window_size, pygame.SRCALPHA)
                self.help_ui.reset(self.px)
                draw_help(self, self._help_layer)
            self.window.blit(self._help_layer, (0, 0))
        if self._toast is not None:
            message, until = self._toast
            if time.monotonic() > until:
                self._toast = None
            else:
                self._draw_toast(message)

    def _draw_footnote(self) -> None:
        """The status-neutral footnote, once, in its band at the foot of the window."""
        note = self._footnote()
        if not note:
            return
        w, h = self.window_size
        band = pygame.Rect(0, self.size[1], w, h - self.size[1])
        pygame.draw.rect(self.layer, theme.BG, band)
        pygame.draw.line(self.layer, theme.BORDER, band.topleft, band.topright)
        px = MIN_TEXT_PX * theme.scale(self.window_size)
        text.draw(self.layer, note, band.inflate(-int(px * 2), -int(px * 0.8)), px, theme.MUTED, raw=True)

    def _draw_tip(self, tip: str, pos: tuple[int, int]) -> None:
        """A tooltip beside the mouse, kept inside the window."""
        w, h = self.size
        px = self.px
        width = int(min(w * 0.42, px * 34))
        body_h = text.height_of(tip, width - int(px), px)
        box = pygame.Rect(0, 0, width, min(h - 8, body_h + int(px * 0.8)))
        box.topleft = (pos[0] + int(px), pos[1] + int(px))
        if box.right > w - 4:
            box.right = pos[0] - int(px)
        if box.bottom > h - 4:
            box.bottom = pos[1] - int(px * 0.5)
        box.clamp_ip(self.window.get_rect())
        pygame.draw.rect(self.window, theme.PANEL_HI, box, border_radius=6)
        pygame.draw.rect(self.window, theme.SKY, box, width=1, border_radius=6)
        text.draw(self.window, tip, box.inflate(-int(px * 0.5), -int(px * 0.4)), px, theme.TEXT)

    def _draw_toast(self, message: str) -> None:
        w, h = self.size
        width = int(w * 0.5)
        body_h = text.height_of(f"ℹ {message}", width - 20, self.px)
        box = pygame.Rect(0, 0, width, min(h - 8, max(int(self.px * 3.4), body_h + 16)))
        box.midbottom = (w // 2, h - int(self.px * 1.2))
        box.clamp_ip(self.window.get_rect())
        pygame.draw.rect(self.window, theme.PANEL_HI, box, border_radius=8)
        pygame.draw.rect(self.window, theme.YELLOW, box, width=2, border_radius=8)
        text.draw(self.window, f"ℹ {message}", box.inflate(-20, -8), self.px, theme.TEXT, align="center",
                  valign="middle")

    def run(self) -> int:
        while self.step():
            self.clock.tick(60)
        pygame.quit()
        return 0
