"""The board's map: Kosovo and its neighbours, tension in the north, KFOR, and the crisis.

Drawn into the board's cached layer only when the state changes, so its polygons cost nothing
per frame. Every mark has a word or symbol beside its colour: tension is a hatched zone with its
value written out, KFOR sites are shields labelled "KFOR", the crisis is a ⚠ with its name.
"""

from __future__ import annotations

import math
from typing import Any

import pygame

from game.ui import geo, text, theme

#: Where each place's label goes relative to its dot (compass direction), chosen so the five
#: close-together northern names do not overlap.
ANCHORS = {"Prishtina": "e", "North Mitrovica": "se", "Zvečan": "ne", "Banjska": "nw", "Zubin Potok": "w",
           "Leposavić": "e", "Prizren": "e", "Peja": "e", "Ferizaj": "w"}


#: Every label placed on the last map drawn: (text, rect). Tests check that none overlaps another.
LAST_LABELS: list[tuple[str, pygame.Rect]] = []

#: Where to try a label around its point, in order, after the preferred place.
_AROUND = ("e", "w", "ne", "nw", "se", "sw", "n", "s")


class Placer:
    """Places map labels so that none overlaps another (or a town's dot): for each label the
    preferred side first, then the other sides, then further out; a label with no free place
    is left out rather than drawn over another."""

    def __init__(self, clip: pygame.Rect):
        self.clip = clip
        self.taken: list[pygame.Rect] = []
        LAST_LABELS.clear()

    def block(self, r: pygame.Rect) -> None:
        self.taken.append(r)

    def free(self, r: pygame.Rect) -> bool:
        return self.clip.contains(r) and r.collidelist(self.taken) < 0

    def find(self, size: tuple[int, int], at: tuple[int, int], where: str, gap: int,
             fixed: bool = False) -> pygame.Rect | None:
        w, h = size
        tries = [where] if fixed else [where] + [a for a in _AROUND if a != where]
        for distance in ((1,) if fixed else (1, 2, 3)):
            g = gap * distance
            for side in tries:
                r = _box(w, h, at, side, g)
                if fixed:
                    r = r.clamp(self.clip)
                if self.free(r):
                    return r
        return None


def _box(w: int, h: int, at: tuple[int, int], where: str, gap: int) -> pygame.Rect:
    x, y = at[0] - w // 2, at[1] - h // 2
    if "e" in where:
        x = at[0] + gap
    if "w" in where:
        x = at[0] - gap - w
    if "n" in where:
        y = at[1] - gap - h + (h // 3 if len(where) == 2 else 0)
    if "s" in where:
        y = at[1] + gap - (h // 3 if len(where) == 2 else 0)
    return pygame.Rect(x, y, w, h)


def _label(surface: pygame.Surface, placer: Placer, label: str, at: tuple[int, int], where: str, px: float,
           color: theme.Color = theme.TEXT, bold: bool = False, backdrop: bool = True,
           fixed: bool = False, split: bool = False) -> pygame.Rect | None:
    """Place and draw one label (None when there is no free place). ``split``: a name in both
    languages may take two lines when one finds no room (a second pass, once every other name
    has had its chance on one line)."""
    f = text.font(text.size_for(px), bold)
    label = text.worded(label)  # measured in the words it is drawn in
    w, h = f.size(label)
    w += 4
    gap = max(3, int(px * 0.45))
    lines = [label]
    box = placer.find((w, h), at, where, gap, fixed)
    if box is None and split and "/" in label:
        # A name in both languages that finds no room on one line tries two ("Mitrovica/" over
        # "Mitrovicë") before it is left out.
        first, _, second = label.partition("/")
        lines = [f"{first}/", second]
        box = placer.find((max(f.size(x)[0] for x in lines) + 4, h * 2), at, where, gap, fixed)
    if box is None:
        return None
    placer.taken.append(box)
    LAST_LABELS.append((label, box.copy()))
    if backdrop:
        surface.blit(text.shade(box.size, (20, 24, 32, 170)), box.topleft)
    for i, line in enumerate(lines):
        row = pygame.Rect(box.x, box.y + i * h, box.w, h)
        text.draw(surface, line, row.inflate(-2, 0), px, color, bold=bold, wrap_lines=False, align="center")
    return box


def _shield(surface: pygame.Surface, center: tuple[int, int], size: int) -> None:
    x, y = center
    s = size
    points = [(x - s, y - s), (x + s, y - s), (x + s, y), (x, y + int(s * 1.4)), (x - s, y)]
    pygame.draw.polygon(surface, theme.BLUE, points)
    pygame.draw.polygon(surface, theme.TEXT, points, width=max(1, s // 4))


def draw_map(surface: pygame.Surface, box: pygame.Rect, view: dict[str, Any], crisis_name: str | None,
             px: float, overlays: bool = True) -> None:
    """Draw the map for one role's view into ``box`` (clipped to it); ``overlays=False`` draws
    only the geography (the title screen)."""
    old_clip = surface.get_clip()
    surface.set_clip(box)
    surface.blit(_geography(box.size, px), box.topleft)
    proj = geo.Projection.fit((box.x, box.y, box.w, box.h))
    small = px * 0.78
    tracks = view["tracks"]
    placer = Placer(box)
    dot = max(3, int(px / 4))
    for lat, lon in geo.PLACES.values():
        at = proj(lat, lon)
        placer.block(pygame.Rect(at[0] - dot, at[1] - dot, 2 * dot, 2 * dot))
    if not overlays:
        for name, (lat, lon) in geo.PLACES.items():
            at = proj(lat, lon)
            pygame.draw.circle(surface, theme.TEXT, at, dot)
            _label(surface, placer, name, at, ANCHORS.get(name, "e"), small, bold=name == "Prishtina")
        _country_labels(surface, placer, proj, px)
        surface.set_clip(old_clip)
        return
    # Fixed marks first (the crisis banner on top, the legend, scale and north arrow below), then
    # the towns, KFOR, and the country names last: they move or yield when the room is taken.
    if view.get("crisis"):
        _crisis(surface, placer, proj, view["crisis"]["id"], crisis_name or view["crisis"]["name"], px)
    _north_zone(surface, placer, box, proj, tracks.get("north_tension", 0), px)
    _label(surface, placer, "N ↑", (box.right - int(px * 1.6), box.bottom - int(px)), "c", small, backdrop=False,
           fixed=True)
    km = 25 * proj.k / 111.32  # 25 km in pixels
    bar_y = box.bottom - int(px * 0.9)
    pygame.draw.line(surface, theme.TEXT, (box.x + 8, bar_y), (box.x + 8 + int(km), bar_y), 2)
    _label(surface, placer, "25 km", (box.x + 8 + int(km), bar_y), "e", small * 0.9, backdrop=False, fixed=True)
    _PENDING.clear()
    _kfor(surface, placer, proj, tracks.get("kfor_posture", 0), px)
    missed = []
    # The crowded north first: the capital's label has room to move, the northern towns do not.
    for name, (lat, lon) in sorted(geo.PLACES.items(), key=lambda item: item[0] not in geo.NORTH):
        at = proj(lat, lon)
        pygame.draw.circle(surface, theme.TEXT, at, dot)
        pygame.draw.circle(surface, theme.BG, at, dot, width=1)
        if _label(surface, placer, name, at, ANCHORS.get(name, "e"), small, bold=name == "Prishtina") is None:
            missed.append((name, at))
    for name, at in missed:
        _label(surface, placer, name, at, ANCHORS.get(name, "e"), small, bold=name == "Prishtina", split=True)
    _kfor_labels(surface, placer, px)
    _country_labels(surface, placer, proj, px)
    surface.set_clip(old_clip)


def _country_labels(surface: pygame.Surface, placer: Placer, proj: geo.Projection, px: float) -> None:
    for name, (lat, lon) in geo.COUNTRY_LABELS.items():
        _label(surface, placer, text.worded(name).upper(), proj(lat, lon), "c", px * 0.78, theme.MUTED, bold=True,
               backdrop=False)


_GEOGRAPHY: dict[tuple[int, int, float], pygame.Surface] = {}


def _geography(size: tuple[int, int], px: float) -> pygame.Surface:
    """The outlines and country names, drawn once per map size (most of a redraw's cost)."""
    key = (size[0], size[1], round(px, 2))
    cached = _GEOGRAPHY.get(key)
    if cached is not None:
        return cached
    surface = pygame.Surface(size)
    surface.fill(theme.SEA)
    proj = geo.Projection.fit((0, 0, size[0], size[1]))
    outlines = {name: [[proj(lat, lon) for lon, lat in ring] for ring in rings]
                for name, rings in geo.countries().items()}
    for name, rings in outlines.items():
        for pts in rings:
            if len(pts) >= 3:
                pygame.draw.polygon(surface, theme.KOSOVO if name == "Kosovo" else theme.LAND, pts)
    for name, rings in outlines.items():
        for pts in rings:
            if len(pts) >= 3:
                kosovo = name == "Kosovo"
                pygame.draw.polygon(surface, theme.TEXT if kosovo else theme.BORDER, pts,
                                    width=max(2, int(px / 6)) if kosovo else 1)
    if len(_GEOGRAPHY) > 8:
        _GEOGRAPHY.clear()
    _GEOGRAPHY[key] = surface
    return surface


def _north_zone(surface: pygame.Surface, placer: Placer, box: pygame.Rect, proj: geo.Projection, tension: int,
                px: float) -> None:
    """A hatched zone over the four northern municipalities: denser hatching = higher tension."""
    pts = [proj(*geo.PLACES[n]) for n in geo.NORTH] + [proj(*geo.PLACES["Banjska"])]
    cx = sum(p[0] for p in pts) // len(pts)
    cy = sum(p[1] for p in pts) // len(pts)
    radius = int(max(math.dist((cx, cy), p) for p in pts) + px * 1.2)
    zone = pygame.Surface((radius * 2, radius * 2), pygame.SRCALPHA)
    level = max(0, min(10, tension))
    color = theme.VERMILLION if level >= 7 else theme.ORANGE if level >= 4 else theme.SKY
    pygame.draw.circle(zone, (*color, 40 + level * 10), (radius, radius), radius)
    step = max(3, int(radius * 2 / (3 + level * 2)))
    for offset in range(-radius * 2, radius * 2, step):
        pygame.draw.line(zone, (*color, 150), (offset, 0), (offset + radius * 2, radius * 2), 1)
    mask = pygame.Surface((radius * 2, radius * 2), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (radius, radius), radius)
    zone.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(zone, (cx - radius, cy - radius))
    pygame.draw.circle(surface, color, (cx, cy), radius, width=2)
    word = "HIGH" if level >= 7 else "MEDIUM" if level >= 4 else "LOW"
    # Written out in the legend line at the bottom, so the label never hides a town.
    _label(surface, placer, f"▨ hatched = north: tension {level}/10 {word}",
           (box.x + 4, box.bottom - int(px * 2.2)), "e", px * 0.75, theme.TEXT, bold=True, fixed=True)



def _kfor(surface: pygame.Surface, placer: Placer, proj: geo.Projection, posture: int, px: float) -> None:
    """KFOR's shields (drawn and reserved before any town label is placed), then their labels."""
    size = max(4, int(px * 0.45))
    labels: list[tuple[str, tuple[int, int]]] = []

    def shield(at: tuple[int, int]) -> None:
        _shield(surface, at, size)
        placer.block(pygame.Rect(at[0] - size, at[1] - size, 2 * size, int(size * 2.4)))

    for name, (lat, lon) in geo.KFOR_SITES.items():
        at = proj(lat, lon)
        at = (at[0] - size * 3, at[1]) if name == "KFOR HQ" else at
        shield(at)
        if name == "Camp Bondsteel":
            labels.append(("KFOR Camp Bondsteel", at))
    # Presence in the north: one shield per 2 points of posture, beside Mitrovica.
    base = proj(*geo.PLACES["North Mitrovica"])
    count = max(0, min(5, posture // 2))
    for i in range(count):
        shield((base[0] + int(px * 1.2) + i * size * 2 + size, base[1] + int(px * 2.2)))
    labels.append((f"KFOR posture {posture}/10", (base[0] + int(px * 1.2), base[1] + int(px * 3.2))))
    _PENDING.extend(labels)


#: KFOR labels waiting for the towns to be placed first (filled by :func:`_kfor`).
_PENDING: list[tuple[str, tuple[int, int]]] = []


def _kfor_labels(surface: pygame.Surface, placer: Placer, px: float) -> None:
    for label, at in _PENDING:
        _label(surface, placer, label, at, "se", px * 0.72, theme.SKY)
    _PENDING.clear()


def _crisis(surface: pygame.Surface, placer: Placer, proj: geo.Projection, card: str, name: str, px: float) -> None:
    box = placer.clip
    place = geo.CRISIS_PLACES.get(card, "Prishtina")
    if place == "north":
        at, where = (box.centerx + box.w // 5, box.y + int(px * 2.4)), "s"
        name = f"{name} (↑ Belgrade)"
    elif place == "west":
        at, where = (box.x + int(px * 1.5), box.centery - int(px * 3)), "e"
        name = f"{name} (← Bosnia)"
    else:
        lat, lon = geo.PLACES.get(place) or geo.KFOR_SITES[place]
        at, where = proj(lat, lon), "sw"
    r = int(px * 0.9)
    tri = [(at[0], at[1] - r), (at[0] + r, at[1] + r // 1.3), (at[0] - r, at[1] + r // 1.3)]
    pygame.draw.polygon(surface, theme.YELLOW, tri)
    pygame.draw.polygon(surface, theme.BG, tri, width=2)
    text.draw(surface, "!", pygame.Rect(at[0] - r // 2, at[1] - r // 2, r, r + 2), px * 0.8, theme.BG, bold=True,
              align="center", valign="middle", wrap_lines=False)
    # The card's name goes in a banner along the top edge, where it cannot hide the northern towns.
    full = f"⚠ {name}" + (f" — at {place}" if place not in ("north", "west") else "")
    # Without its place when the whole line does not fit (a long name in both languages).
    banner = text.fitting([full, f"⚠ {name}"], box.w - 8, px * 0.78, bold=True)
    _label(surface, placer, banner, (box.x + 4, box.y + int(px * 0.8)), "e", px * 0.78, theme.YELLOW, bold=True,
           fixed=True)
    placer.block(pygame.Rect(min(p[0] for p in tri), min(p[1] for p in tri), 2 * r, 2 * r))
    del where
