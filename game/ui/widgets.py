"""Immediate-mode widgets: a screen draws a button and registers its hit area in one call.

Screens redraw their static layer only when something changed, so the hit areas registered
during that redraw stay valid until the next one. Every button may carry a keyboard shortcut,
shown on the button itself, so every main action can be done without the mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    action: Callable[[], None]
    key: Key | None
    enabled: bool
    label: str


class Ui:
    """The hit areas of one screen's current layer, and the helpers that draw them."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.px = 14.0

    def reset(self, px: float) -> None:
        self.hits = []
        self.px = px

    def button(self, surface: pygame.Surface, r: pygame.Rect, label: str, action: Callable[[], None],
               key: Key | None = None, enabled: bool = True, selected: bool = False,
               px: float | None = None, color: theme.Color | None = None) -> pygame.Rect:
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
        self.hits.append(Hit(r.copy(), action, key, enabled, label))
        return r

    def area(self, r: pygame.Rect, action: Callable[[], None], key: Key | None = None, label: str = "") -> None:
        """A clickable region drawn by the caller (a card, a list row)."""
        self.hits.append(Hit(r.copy(), action, key, True, label))

    def key_only(self, key: Key, action: Callable[[], None], label: str = "") -> None:
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
        for hit in reversed(self.hits):
            if hit.enabled and hit.rect.w and hit.rect.collidepoint(pos):
                return hit.rect
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


class TextField:
    """A one-line text entry (player names, seed); typing reaches it only while it has focus."""

    def __init__(self, value: str = "", max_len: int = 32, digits_only: bool = False, label: str = ""):
        self.value = value
        self.max_len = max_len
        self.digits_only = digits_only
        self.focused = False
        self.label = label
        self.rect = pygame.Rect(0, 0, 0, 0)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.focused = self.rect.collidepoint(event.pos)
            return self.focused
        if not self.focused:
            return False
        if event.type == pygame.TEXTINPUT:
            chars = "".join(ch for ch in event.text if ch.isdigit() or not self.digits_only)
            self.value = (self.value + chars)[: self.max_len]
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                self.value = self.value[:-1]
                return True
            if event.key in (pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_TAB):
                self.focused = False
                return event.key == pygame.K_TAB
            return True  # swallow letters so they do not fire shortcuts while typing
        return False

    def draw(self, surface: pygame.Surface, r: pygame.Rect, px: float) -> None:
        self.rect = r.copy()
        pygame.draw.rect(surface, theme.BG, r, border_radius=4)
        pygame.draw.rect(surface, theme.FOCUS if self.focused else theme.BORDER, r, width=2 if self.focused else 1,
                         border_radius=4)
        shown = self.value + ("|" if self.focused else "")
        text.draw(surface, shown or " ", r.inflate(-10, -4), px, theme.TEXT, valign="middle", wrap_lines=False)
