"""The map's geography: Natural Earth outlines (see assets/MAP_SOURCE.md) and real places.

Coordinates are longitude/latitude in degrees. :class:`Projection` maps them to pixels with an
equirectangular projection corrected by cos(latitude) — faithful enough at this scale.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from game.ui import theme

#: Real coordinates (degrees north, degrees east).
PLACES: dict[str, tuple[float, float]] = {
    "Prishtina": (42.6629, 21.1655),
    "North Mitrovica": (42.8914, 20.8660),
    "Zvečan": (42.9075, 20.8403),
    "Banjska": (42.98, 20.77),
    "Zubin Potok": (42.9144, 20.6897),
    "Leposavić": (43.1039, 20.8028),
    "Prizren": (42.2139, 20.7397),
    "Peja": (42.6593, 20.2883),
    "Ferizaj": (42.3702, 21.1553),
}
#: KFOR: headquarters at Film City (Prishtina) and Camp Bondsteel near Ferizaj.
KFOR_SITES: dict[str, tuple[float, float]] = {"KFOR HQ": (42.6550, 21.1420), "Camp Bondsteel": (42.3640, 21.2500)}
#: The four Serb-majority municipalities in the north, where tension is shown.
NORTH = ("North Mitrovica", "Zvečan", "Zubin Potok", "Leposavić")
#: Where each crisis card strikes on the map (a place, or an edge for events beyond it).
CRISIS_PLACES: dict[str, str] = {
    "banjska_attack": "Banjska", "canal_sabotage": "Zubin Potok", "northern_boycott": "North Mitrovica",
    "earthquake": "Prishtina", "flood": "Peja", "major_fires": "Prizren", "health_emergency": "Prishtina",
    "mass_displacement": "North Mitrovica", "disinformation_wave": "Zvečan", "cyber_interference": "Prishtina",
    "bosnia_instability": "west", "us_policy_shift": "Camp Bondsteel", "ally_reconsidering": "Prishtina",
    "election_prishtina": "Prishtina", "election_belgrade": "north",
}
#: Country labels placed by hand inside each neighbour's visible part.
COUNTRY_LABELS: dict[str, tuple[float, float]] = {
    "Serbia": (43.28, 21.72), "Albania": (42.05, 20.05), "North Macedonia": (41.92, 21.45),
    "Montenegro": (42.93, 19.95), "Kosovo": (42.42, 20.62),
}
#: The board window (west, south, east, north).
VIEW = (19.55, 41.78, 22.05, 43.38)


@dataclass(frozen=True)
class Projection:
    """Fits the view window into a pixel box, keeping true proportions."""

    x0: float
    y0: float
    k: float
    west: float
    north: float
    coslat: float

    @classmethod
    def fit(cls, box: tuple[int, int, int, int], view: tuple[float, float, float, float] = VIEW) -> Projection:
        west, south, east, north = view
        coslat = math.cos(math.radians((south + north) / 2))
        w_deg, h_deg = (east - west) * coslat, north - south
        x, y, w, h = box
        k = min(w / w_deg, h / h_deg)
        x0 = x + (w - w_deg * k) / 2
        y0 = y + (h - h_deg * k) / 2
        return cls(x0, y0, k, west, north, coslat)

    def __call__(self, lat: float, lon: float) -> tuple[int, int]:
        return (round(self.x0 + (lon - self.west) * self.coslat * self.k), round(self.y0 + (self.north - lat) * self.k))


@lru_cache(maxsize=1)
def countries() -> dict[str, list[list[tuple[float, float]]]]:
    """Country name -> rings of (lon, lat), from the extracted Natural Earth data."""
    data = json.loads(theme.MAP_DATA.read_text(encoding="utf-8"))
    return {name: [[(p[0], p[1]) for p in ring] for ring in rings] for name, rings in data["countries"].items()}
