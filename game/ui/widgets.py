"""Immediate-mode widgets: a screen draws a button and registers its hit area in one call.

Screens redraw their static layer only when something changed, so the hit areas registered
during that redraw stay valid until the next one. Every button may carry a keyboard shortcut,
shown on the button itself, so every main action can be done without the mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pygame

from game.ui import text, theme

Key = int | tuple[int, int]  # a key, or (key, required modifier mask)


def key_name(key: Key) -> str:
    if isinstance(key, tuple):
        k, mod = key
        prefix = "Ctrl+" if mod & pygame.KMOD_CTRL else "Shift+" if mod & pygame.KMOD_SHIFT else ""
        return prefix + key_name(k)
    names = {pygame.K_RETURN: "Enter", pygame.K_ESCAPE: "Esc", pygame.K_DELETE: "Del", pygame.K_TAB: "Tab",
             pygame.K_UP: "↑", pygame.K_DOWN: "↓", pygame.K_LEFT: "←", pygame.K_RIGHT: "→",
             pygame.K_SPACE: "Space", pygame.K_F1: "F1", pygame.K_BACKSPACE: "Backspace"}
    return names.get(key, pygame.key.name(key).upper())


@dataclass
class Hit:
    rect: pygame.Rect
    action: Callable[[], object]
    key: Key | None
    enabled: bool
    label: str
    #: Shown in a tooltip while the mouse rests on the area (explanations and sources).
    tip: str = ""


class Ui:
    """The hit areas of one screen's current layer, and the helpers that draw them."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.px = 14.0

    def reset(self, px: float) -> None:
        self.hits = []
        self.px = px

    def button(self, surface: pygame.Surface, r: pygame.Rect, label: str, action: Callable[[], object],
               key: Key | None = None, enabled: bool = True, selected: bool = False,
               px: float | None = None, color: theme.Color | None = None, name: str = "") -> pygame.Rect:
        """A button showing ``label`` (and its key); ``name``, if given, is what tests find it by
        when the label shows a changing value."""
        size = px or self.px
        fill = (color or theme.BUTTON) if enabled else theme.PANEL_HI
        if selected:
            fill = theme.BUTTON_HOVER
        pygame.draw.rect(surface, fill, r, border_radius=max(2, r.h // 6))
        border = theme.FOCUS if selected else theme.BORDER
        pygame.draw.rect(surface, border, r, width=2 if selected else 1, border_radius=max(2, r.h // 6))
        shown = f"{label}  [{key_name(key)}]" if key is not None else label
        pad = max(3, int(size * 0.4))
        text.draw(surface, ("▶ " if selected else "") + shown, r.inflate(-2 * pad, -4), size,
                  theme.TEXT if enabled else theme.DISABLED, bold=enabled, align="center", valign="middle")
        self.hits.append(Hit(r.copy(), action, key, enabled, name or label))
        return r

    def area(self, r: pygame.Rect, action: Callable[[], object], key: Key | None = None, label: str = "",
             tip: str = "") -> None:
        """A clickable region drawn by the caller (a card, a list row); ``tip`` shows on hover."""
        self.hits.append(Hit(r.copy(), action, key, True, label, tip))

    def key_only(self, key: Key, action: Callable[[], object], label: str = "") -> None:
        self.hits.append(Hit(pygame.Rect(0, 0, 0, 0), action, key, True, label))

    def handle(self, event: pygame.event.Event) -> bool:
        """Run the action a click or a shortcut stands for; True when one ran."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for hit in reversed(self.hits):
                if hit.enabled and hit.rect.w and hit.rect.collidepoint(event.pos):
                    hit.action()
                    return True
        if event.type == pygame.KEYDOWN:
            for hit in self.hits:
                if hit.enabled and hit.key is not None and _matches(hit.key, event):
                    hit.action()
                    return True
        return False

    def find(self, label: str) -> Hit | None:
        """The hit area with this label (tests click it like a player would)."""
        for hit in self.hits:
            if hit.label == label:
                return hit
        return None

    def hovered(self, pos: tuple[int, int]) -> pygame.Rect | None:
        hit = self.hovered_hit(pos)
        return hit.rect if hit is not None else None

    def hovered_hit(self, pos: tuple[int, int]) -> Hit | None:
        for hit in reversed(self.hits):
            if hit.enabled and hit.rect.w and hit.rect.collidepoint(pos):
                return hit
        return None


def _matches(key: Key, event: pygame.event.Event) -> bool:
    if isinstance(key, tuple):
        k, mod = key
        return bool(event.key == k and event.mod & mod)
    return bool(event.key == key and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT))


def panel(surface: pygame.Surface, r: pygame.Rect, title: str | None, px: float,
          fill: theme.Color = theme.PANEL) -> pygame.Rect:
    """A framed box with an optional title; returns the inner rect left for content."""
    pygame.draw.rect(surface, fill, r, border_radius=6)
    pygame.draw.rect(surface, theme.BORDER, r, width=1, border_radius=6)
    pad = max(4, int(px * 0.5))
    inner = r.inflate(-2 * pad, -2 * pad)
    if title:
        th = text.line_height(int(px), True)
        text.draw(surface, title, pygame.Rect(inner.x, inner.y, inner.w, th), px, theme.TEXT, bold=True,
                  wrap_lines=False)
        inner = pygame.Rect(inner.x, inner.y + th + pad // 2, inner.w, inner.h - th - pad // 2)
    return inner


def pick_list(ui: Ui, surface: pygame.Surface, r: pygame.Rect, rows: list[str], selected: int, top: int,
              on_pick: Callable[[int], None], px: float, label: str, title: str = "") -> int:
    """A list to pick one row from: every row shown as far as room allows, the rest scrolled to.

    Returns the first row shown (kept so the selected row is visible). Each row is a hit area
    labelled ``f"{label}-{i}"``; the wheel and ↑/↓ (handled by the caller) move ``top``.
    """
    lh = text.line_height(int(px))
    y = r.y
    if title:
        text.draw(surface, title, pygame.Rect(r.x, y, r.w, lh), px, theme.MUTED, bold=True, wrap_lines=False)
        y += lh + 2
    pad = max(2, int(px * 0.25))
    heights = [text.height_of(row, r.w - 3 * pad - int(px * 1.2), px) + 2 * pad for row in rows]
    room = r.bottom - y
    top = max(0, min(top, selected, len(rows) - 1))

    def shown_from(first: int) -> int:
        total, n = 0, 0
        for hgt in heights[first:]:
            if total + hgt > room and n:
                break
            total += hgt + 2
            n += 1
        return max(1, n)

    while selected >= top + shown_from(top):
        top += 1
    while top > 0 and top - 1 + shown_from(top - 1) >= len(rows):
        top -= 1
    n = shown_from(top) if rows else 0
    if rows and heights[top] > room:
        n = 0  # not even one row fits (very large text): say so instead of cutting a row
        if room >= lh:
            text.draw(surface, f"{len(rows)} items · G/A to step through", pygame.Rect(r.x, y, r.w, room), px,
                      theme.MUTED)
    for i in range(top, top + n):
        row = pygame.Rect(r.x, y, r.w, min(heights[i], r.bottom - y))
        chosen = i == selected
        pygame.draw.rect(surface, theme.PANEL_HI if chosen else theme.BG, row, border_radius=4)
        pygame.draw.rect(surface, theme.FOCUS if chosen else theme.BORDER, row, width=2 if chosen else 1,
                         border_radius=4)
        mark = "●" if chosen else "○"
        text.draw(surface, mark, pygame.Rect(row.x + pad, row.y + pad, int(px * 1.2), lh), px,
                  theme.FOCUS if chosen else theme.MUTED, wrap_lines=False)
        text.draw(surface, rows[i], pygame.Rect(row.x + pad + int(px * 1.2), row.y + pad,
                                                row.w - 3 * pad - int(px * 1.2), row.h - 2 * pad),
                  px, theme.TEXT, bold=chosen)
        ui.area(row, partial(on_pick, i), label=f"{label}-{i}")
        y += heights[i] + 2
    if rows and n < len(rows):
        more = f"{top + 1}–{top + n} of {len(rows)} · wheel"
        text.draw(surface, more, pygame.Rect(r.x, r.bottom - lh, r.w, lh), px * 0.9, theme.MUTED,
                  align="right", wrap_lines=False)
    return top


def _clipboard_get() -> str:
    try:
        return pygame.scrap.get_text() if pygame.scrap.has_text() else ""
    except pygame.error:  # no clipboard (headless, or the video system is down)
        return ""


def _clipboard_put(value: str) -> None:
    try:
        pygame.scrap.put_text(value)
    except pygame.error:
        pass


class TextField:
    """A one-line text entry (player names, game name, seed) that behaves as people expect.

    Letters arrive as TEXTINPUT events, so ë ç č ć đ š ž typed on any keyboard layout (or composed
    by an input method) go in as written. ←/→ move the cursor, Home/End jump, Shift extends a
    selection, Ctrl+A selects all, Backspace/Delete remove the selection or one letter, Ctrl+C/X/V
    copy, cut and paste through the system clipboard. Keys reach the field only while it has focus,
    and then no shortcut fires (typing "n" never starts a new game).
    """

    def __init__(self, value: str = "", max_len: int = 32, digits_only: bool = False, label: str = "",
                 secret: bool = False):
        self.value = value
        self.max_len = max_len
        self.digits_only = digits_only
        #: Shown as dots but its last four characters (a table code is a secret; the room can see
        #: the screen). Copy and paste still work on the real text.
        self.secret = secret
        self.focused = False
        self.label = label
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.cursor = len(value)
        self.anchor: int | None = None  # the other end of the selection, if any

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return min(self.anchor, self.cursor), max(self.anchor, self.cursor)

    def _clean(self, chars: str) -> str:
        chars = "".join(ch for ch in chars if ch.isprintable() and ch not in "\r\n\t")
        return "".join(ch for ch in chars if ch.isdigit()) if self.digits_only else chars

    def insert(self, chars: str) -> None:
        """Type or paste ``chars`` at the cursor, replacing the selection; the length stays bounded."""
        self.delete_selection()
        chars = self._clean(chars)[: max(0, self.max_len - len(self.value))]
        self.value = self.value[: self.cursor] + chars + self.value[self.cursor:]
        self.cursor += len(chars)

    def delete_selection(self) -> bool:
        sel = self.selection
        self.anchor = None
        if sel is None:
            return False
        self.value = self.value[: sel[0]] + self.value[sel[1]:]
        self.cursor = sel[0]
        return True

    def _move(self, to: int, extend: bool) -> None:
        if extend and self.anchor is None:
            self.anchor = self.cursor
        elif not extend:
            self.anchor = None
        self.cursor = max(0, min(len(self.value), to))

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            was = self.focused
            self.focused = self.rect.collidepoint(event.pos)
            if self.focused and not was:
                self.cursor, self.anchor = len(self.value), None
            return self.focused
        if not self.focused:
            return False
        if event.type == pygame.TEXTINPUT:
            self.insert(event.text)
            return True
        if event.type != pygame.KEYDOWN:
            return False
        key, mod = event.key, event.mod
        ctrl, shift = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META)), bool(mod & pygame.KMOD_SHIFT)
        if ctrl and key == pygame.K_a:
            self.anchor, self.cursor = 0, len(self.value)
        elif ctrl and key in (pygame.K_c, pygame.K_x):
            sel = self.selection
            if sel is not None:
                _clipboard_put(self.value[sel[0]:sel[1]])
                if key == pygame.K_x:
                    self.delete_selection()
        elif ctrl and key == pygame.K_v:
            self.insert(_clipboard_get())
        elif key == pygame.K_BACKSPACE:
            if not self.delete_selection() and self.cursor > 0:
                self.value = self.value[: self.cursor - 1] + self.value[self.cursor:]
                self.cursor -= 1
        elif key == pygame.K_DELETE:
            if not self.delete_selection():
                self.value = self.value[: self.cursor] + self.value[self.cursor + 1:]
        elif key == pygame.K_LEFT:
            self._move(self.cursor - 1, shift)
        elif key == pygame.K_RIGHT:
            self._move(self.cursor + 1, shift)
        elif key == pygame.K_HOME:
            self._move(0, shift)
        elif key == pygame.K_END:
            self._move(len(self.value), shift)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_TAB):
            self.focused = False
            self.anchor = None
            return bool(key == pygame.K_TAB)
        return True  # swallow letters so they do not fire shortcuts while typing

    def shown(self) -> str:
        if not self.secret:
            return self.value
        keep = 4 if len(self.value) > 8 else 0
        return "•" * (len(self.value) - keep) + self.value[len(self.value) - keep:]

    def draw(self, surface: pygame.Surface, r: pygame.Rect, px: float) -> None:
        self.rect = r.copy()
        value = self.shown()
        pygame.draw.rect(surface, theme.BG, r, border_radius=4)
        pygame.draw.rect(surface, theme.FOCUS if self.focused else theme.BORDER, r, width=2 if self.focused else 1,
                         border_radius=4)
        inner = r.inflate(-10, -4)
        f = text.font(text.size_for(px))
        sel = self.selection if self.focused else None
        if sel is not None:
            x0 = inner.x + f.size(value[: sel[0]])[0]
            x1 = inner.x + f.size(value[: sel[1]])[0]
            pygame.draw.rect(surface, theme.BUTTON_HOVER, pygame.Rect(x0, inner.y, max(1, x1 - x0), inner.h))
        text.draw(surface, value or " ", inner, px, theme.TEXT, valign="middle", wrap_lines=False, raw=True)
        if self.focused:
            cx = min(inner.right - 1, inner.x + f.size(value[: self.cursor])[0])
            lh = f.get_linesize()
            cy = inner.centery - lh // 2
            pygame.draw.line(surface, theme.FOCUS, (cx, cy), (cx, cy + lh), 2)
