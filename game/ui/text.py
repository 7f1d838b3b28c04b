"""Text drawn at a readable size: wrapping, caching, and a record for tests.

Every piece of text on screen goes through :func:`draw`. It wraps to the box at the size asked
for, never below :data:`floor` (13 px on a 1280x720 window, scaled with the window; the
projector view raises it), and never shrinks text to make it fit: a layout that gives too
little room is a bug, so the text then ends with an ellipsis and is recorded as an overflow.
Tests switch :data:`RECORD` on and assert that every drawn text is inside its box, none
overflowed, and none is below the floor. Rendered lines are cached because rendering text is
most of what a frame would otherwise cost.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import pygame

from game.ui import theme
from rules import wording


@dataclass(frozen=True)
class Drawn:
    """One text drawn on screen: where it went, the box it had to stay in, and whether it fit."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect
    overflow: bool
    #: The font size used, in pixels.
    px: int = 0


#: Filled by :func:`draw` while :func:`recording` is on (tests only).
RECORD: list[Drawn] = []
_recording = False

_fonts: dict[tuple[int, bool], pygame.font.Font] = {}
_lines: OrderedDict[tuple[str, int, bool, int], list[str]] = OrderedDict()
_surfaces: OrderedDict[tuple[str, int, bool, tuple[int, int, int]], pygame.Surface] = OrderedDict()
_CACHE_MAX = 6000
MIN_PX = 9
#: The smallest size any text is drawn at (set by the window from its size and settings).
_floor = 13


#: The wording of the game on screen (rules/wording.py), set by the window for each screen.
_wording = "plain"


def set_wording(mode: str) -> None:
    """Word every text drawn from now on in ``mode`` (the window sets it from the screen's game)."""
    global _wording
    _wording = mode


#: The text whose first mention of Kosovo is marked ``Kosovo*`` on this redraw ("" once one is).
_first: str | None = None


def new_frame() -> None:
    """A full redraw begins: its first text that names Kosovo will carry the asterisk."""
    global _first
    _first = None


def worded(text: str) -> str:
    """``text`` as the screen shows it: in the status-neutral wording, Kosovo* and both forms of
    the place names, the first mention of Kosovo on each redraw marked (as EU documents mark the
    first mention on a page). Every measuring and drawing function below applies it, and the
    same text always gives the same words within a redraw, so a text is measured in the words it
    is drawn in."""
    global _first
    if _wording == "plain":
        return text
    out = wording.render(text, _wording)
    if _first is None and "Kosovo" in out:
        _first = "" if wording.DENOMINATION in out or wording.mark_first(out) == out else text
    if _first and text == _first:
        out = wording.mark_first(out)
    return out


def set_floor(px: float) -> None:
    """No text below ``px`` pixels from now on (the window sets it when its size changes)."""
    global _floor
    _floor = max(MIN_PX, int(px))


def floor() -> int:
    return _floor


def size_for(px: float) -> int:
    """The size text asked at ``px`` is drawn at: never below the floor."""
    return max(_floor, int(px))


def recording(on: bool) -> None:
    global _recording
    _recording = on
    RECORD.clear()


def font(px: int, bold: bool = False) -> pygame.font.Font:
    px = max(MIN_PX, int(px))
    key = (px, bold)
    f = _fonts.get(key)
    if f is None:
        f = pygame.font.Font(str(theme.FONT_BOLD if bold else theme.FONT_REGULAR), px)
        _fonts[key] = f
    return f


def _remember(cache: OrderedDict, key: object, value: object) -> None:  # type: ignore[type-arg]
    cache[key] = value
    if len(cache) > _CACHE_MAX:
        cache.popitem(last=False)


def wrap(text: str, px: int, bold: bool, width: int) -> list[str]:
    """Split into lines no wider than ``width``; a word longer than the width is split by letters."""
    key = (text, px, bold, width)
    hit = _lines.get(key)
    if hit is not None:
        return hit
    f = font(px, bold)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if f.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            while f.size(word)[0] > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and f.size(word[:cut])[0] > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    _remember(_lines, key, out)
    return out


def render(line: str, px: int, bold: bool, color: theme.Color) -> pygame.Surface:
    key = (line, px, bold, color)
    hit = _surfaces.get(key)
    if hit is None:
        hit = font(px, bold).render(line, True, color)
        _remember(_surfaces, key, hit)
    return hit


def line_height(px: float, bold: bool = False) -> int:
    """Height of one line of text asked at ``px`` (as drawn: at least the floor)."""
    return font(size_for(px), bold).get_linesize()


def fit(text: str, box: pygame.Rect, px: int, bold: bool = False, wrap_lines: bool = True) -> tuple[int, list[str]]:
    """The size the text is drawn at (never shrunk to fit: at least the floor) and its lines."""
    size = size_for(px)
    lines = wrap(text, size, bold, box.w) if wrap_lines else [text]
    return size, lines


def draw(surface: pygame.Surface, text: str, box: pygame.Rect, px: float, color: theme.Color = theme.TEXT,
         bold: bool = False, align: str = "left", valign: str = "top", wrap_lines: bool = True,
         raw: bool = False) -> pygame.Rect:
    """Draw text inside ``box``; returns the rect actually covered. ``raw``: exactly as given (what
    a person is typing), never reworded."""
    if not text:
        return pygame.Rect(box.x, box.y, 0, 0)
    if not raw:
        text = worded(text)
    size, lines = fit(text, box, int(px), bold, wrap_lines)
    lh = line_height(size, bold)
    max_lines = max(1, box.h // lh)
    # Wrapped lines are never wider than the box (wrap() splits long words); only a single
    # unwrapped line needs measuring.
    overflow = len(lines) > max_lines or (not wrap_lines and font(size, bold).size(lines[0])[0] > box.w)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1] + " …", size, bold, box.w)
    if not wrap_lines and overflow:
        lines[0] = _ellipsize(lines[0], size, bold, box.w)
    total_h = len(lines) * lh
    y = box.y if valign == "top" else box.centery - total_h // 2 if valign == "middle" else box.bottom - total_h
    y = max(box.y, y)
    covered = pygame.Rect(box.x, y, 0, 0)
    for line in lines:
        surf = render(line, size, bold, color)
        w = surf.get_width()
        x = box.x if align == "left" else box.centerx - w // 2 if align == "center" else box.right - w
        x = max(box.x, x)
        r = pygame.Rect(x, y, min(w, box.w), min(surf.get_height(), box.bottom - y))
        surface.blit(surf, r.topleft, pygame.Rect(0, 0, r.w, r.h))
        covered = covered.union(r) if covered.w else r
        y += lh
    if _recording:
        RECORD.append(Drawn(text, covered, box.copy(), overflow, size))
    return covered


_shades: dict[tuple[int, int, tuple[int, int, int, int]], pygame.Surface] = {}


def shade(size: tuple[int, int], rgba: tuple[int, int, int, int]) -> pygame.Surface:
    """A translucent fill of this size, made once (overlays and label backdrops reuse it)."""
    key = (size[0], size[1], rgba)
    hit = _shades.get(key)
    if hit is None:
        if len(_shades) > 200:
            _shades.clear()
        hit = pygame.Surface(size, pygame.SRCALPHA)
        hit.fill(rgba)
        _shades[key] = hit
    return hit


def _ellipsize(line: str, px: int, bold: bool, width: int) -> str:
    f = font(px, bold)
    while line and f.size(line + "…")[0] > width:
        line = line[:-1]
    return line.rstrip() + "…"


def fitting(options: list[str], width: int, px: float, bold: bool = False) -> str:
    """The first (fullest) wording that fits ``width`` on one line at ``px``; else the last one.

    Larger text settings pick a shorter wording instead of a smaller font."""
    f = font(size_for(px), bold)
    options = [worded(o) for o in options]
    for option in options:
        if f.size(option)[0] <= width:
            return option
    return options[-1]


def height_of(text: str, width: int, px: float, bold: bool = False, raw: bool = False) -> int:
    """Height the text needs at this size when wrapped to ``width`` (for stacking blocks)."""
    return len(wrap(text if raw else worded(text), size_for(px), bold, max(1, width))) * line_height(px, bold)
