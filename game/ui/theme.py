"""Colours, sizes and asset paths shared by every screen.

The palette is Okabe-Ito (safe for the common colour-vision deficiencies), and no state is told
by colour alone: every coloured mark also carries a symbol, an arrow or a word. Sizes are given
for a 1280x720 window and multiplied by :func:`scale`, so the same layout serves 4K screens.
"""

from __future__ import annotations

from pathlib import Path

import pygame

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_REGULAR = ASSETS / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = ASSETS / "fonts" / "DejaVuSans-Bold.ttf"
MAP_DATA = ASSETS / "map" / "balkans.json"

BASE_W, BASE_H = 1280, 720

Color = tuple[int, int, int]

# Okabe-Ito, plus neutral surfaces.
ORANGE: Color = (230, 159, 0)
SKY: Color = (86, 180, 233)
GREEN: Color = (0, 158, 115)
YELLOW: Color = (240, 228, 66)
BLUE: Color = (0, 114, 178)
VERMILLION: Color = (213, 94, 0)
PURPLE: Color = (204, 121, 167)

BG: Color = (24, 29, 40)
PANEL: Color = (35, 42, 57)
PANEL_HI: Color = (48, 57, 76)
BORDER: Color = (78, 90, 115)
TEXT: Color = (238, 241, 245)
MUTED: Color = (170, 180, 198)
DISABLED: Color = (110, 118, 134)
BUTTON: Color = (44, 86, 130)
BUTTON_HOVER: Color = (58, 110, 165)
FOCUS: Color = YELLOW

#: "Good for stability" and "bad" marks: always paired with ▲/▼ and a sign.
GOOD: Color = SKY
BAD: Color = ORANGE

SEA: Color = (30, 52, 74)
LAND: Color = (62, 68, 78)
KOSOVO: Color = (92, 104, 90)

#: One colour per role, each also written out by name wherever it is used.
ROLE_COLORS: dict[str, Color] = {"kosovo": SKY, "serbia": VERMILLION, "nato": BLUE, "eu": YELLOW}


def scale(size: tuple[int, int], text_scale: float = 1.0) -> float:
    """How much bigger than the 1280x720 design the window is (the smaller axis decides)."""
    w, h = size
    return max(0.75, min(w / BASE_W, h / BASE_H)) * text_scale


def role_color(role: str) -> Color:
    return ROLE_COLORS.get(role, PURPLE)


def rect(x: float, y: float, w: float, h: float) -> pygame.Rect:
    return pygame.Rect(round(x), round(y), max(1, round(w)), max(1, round(h)))
