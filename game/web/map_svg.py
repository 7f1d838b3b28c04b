"""The map of Kosovo and the north as one SVG, from the same Natural Earth data as the window.

The geography is drawn once; the page shows tension, KFOR and the crisis by changing the
marked elements (``#north-zone``, ``#crisis-mark``...) and their text, never by colour alone.
Places and their coordinates are the window's (:mod:`game.ui.geo`), so both maps agree.
"""

from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from game.ui import geo
from rules import wording

MAP_DATA = Path(__file__).resolve().parents[2] / "assets" / "map" / "balkans.json"
W, H = 800, 560
ANCHORS = {"Prishtina": "e", "North Mitrovica": "se", "Zvečan": "ne", "Banjska": "nw", "Zubin Potok": "w",
           "Leposavić": "e", "Prizren": "e", "Peja": "e", "Ferizaj": "w"}
#: Where the longer two-language names go in the status-neutral wording, clear of KFOR's label
#: and of MONTENEGRO.
NEUTRAL_ANCHORS = {**ANCHORS, "Prishtina": "ne", "Banjska": "n"}


def _projection() -> geo.Projection:
    return geo.Projection.fit((0, 0, W, H))


def place_xy(name: str) -> tuple[int, int]:
    lat, lon = {**geo.PLACES, **geo.KFOR_SITES}[name]
    return _projection()(lat, lon)


@lru_cache(maxsize=2)
def map_svg(mode: str = "plain") -> str:
    """The whole SVG document (geography, places, KFOR sites, the northern zone, crisis marks),
    its labels in the wording ``mode`` (rules/wording.py: both forms of the place names)."""
    proj = _projection()
    data = json.loads(MAP_DATA.read_text(encoding="utf-8"))
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
             'aria-labelledby="map-title"><title id="map-title">Map of Kosovo and its neighbours</title>'),
             ('<defs><pattern id="hatch" width="10" height="10" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="10" height="10" class="hatch-bg"/>'
             '<line x1="0" y1="0" x2="0" y2="10" class="hatch-line"/></pattern></defs>'),
             f'<rect width="{W}" height="{H}" class="sea"/>']
    for name, rings in data["countries"].items():
        cls = "kosovo" if name == "Kosovo" else "land"
        for ring in rings:
            pts = " ".join(f"{x},{y}" for x, y in (proj(lat, lon) for lon, lat in ring))
            parts.append(f'<polygon points="{pts}" class="{cls}"/>')
    for name, (lat, lon) in geo.COUNTRY_LABELS.items():
        x, y = proj(lat, lon)
        parts.append(f'<text x="{x}" y="{y}" class="country" text-anchor="middle">{escape(wording.render(name, mode).upper())}</text>')
    # The four Serb-majority municipalities of the north: one zone around them.
    north = [proj(*geo.PLACES[n]) for n in geo.NORTH]
    cx = sum(p[0] for p in north) / len(north)
    cy = sum(p[1] for p in north) / len(north)
    r = max(math.dist((cx, cy), p) for p in north) + 22
    parts.append(f'<g id="north-zone"><circle cx="{cx:.0f}" cy="{cy:.0f}" r="{r:.0f}" class="zone"/>'
                 f'<text x="{cx:.0f}" y="{cy - r - 10:.0f}" text-anchor="middle" class="zone-label" id="north-label">'
                 'Tension in the north</text></g>')
    for name, (lat, lon) in geo.KFOR_SITES.items():
        x, y = proj(lat, lon)
        parts.append(f'<g class="kfor"><path d="M{x - 9},{y - 9} h18 v9 l-9,12 l-9,-12 z" class="shield"/>'
                     f'<text x="{x + 13}" y="{y + 18}" class="kfor-label">KFOR</text></g>')
    for name, (lat, lon) in geo.PLACES.items():
        x, y = proj(lat, lon)
        where = (NEUTRAL_ANCHORS if mode == "neutral" else ANCHORS).get(name, "e")
        dx = 9 if "e" in where else -9 if "w" in where else 0
        dy = 16 if "s" in where else -8 if "n" in where else 5
        anchor = "start" if "e" in where else "end" if "w" in where else "middle"
        bold = " capital" if name == "Prishtina" else ""
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" class="place"/>'
                     f'<text x="{x + dx}" y="{y + dy}" text-anchor="{anchor}" class="place-label{bold}">'
                     f'{escape(wording.render(name, mode))}</text>')
    for card, where in geo.CRISIS_PLACES.items():
        if where in geo.PLACES or where in geo.KFOR_SITES:
            x, y = place_xy(where)
        else:
            x, y = (60, H // 2) if where == "west" else (W // 2, 40)
        parts.append(f'<g class="crisis-mark" data-card="{escape(card)}" hidden="">'
                     f'<circle cx="{x}" cy="{y}" r="18" class="crisis-ring"/>'
                     f'<text x="{x}" y="{y + 7}" text-anchor="middle" class="crisis-sign">⚠</text></g>')
    parts.append(f'<text x="{W - 40}" y="{H - 16}" class="compass">N ↑</text></svg>')
    return "".join(parts)
