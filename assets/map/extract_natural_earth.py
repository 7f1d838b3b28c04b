"""Extract the Kosovo region from Natural Earth's 1:10m Admin 0 countries into balkans.json.

Run once by hand (not at game start) with pyshp on the path:
    python assets/map/extract_natural_earth.py PATH/ne_10m_admin_0_countries_deu.shp
The game reads only the small JSON this writes, so it needs neither pyshp nor the shapefile.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import shapefile  # pyshp, only for this one-off extraction

#: The window shown on the board (lon/lat degrees): Kosovo and enough of its neighbours.
WEST, EAST, SOUTH, NORTH = 18.6, 23.4, 40.6, 44.4
KEEP = {"KOS": "Kosovo", "SRB": "Serbia", "ALB": "Albania", "MKD": "North Macedonia", "MNE": "Montenegro",
        "BIH": "Bosnia and Herzegovina", "BGR": "Bulgaria", "GRC": "Greece", "HRV": "Croatia", "ROU": "Romania"}


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keeps the outline's shape at a fraction of the points."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
    best, index = 0.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
        if d > best:
            best, index = d, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[: index + 1], tolerance)[:-1] + _simplify(points[index:], tolerance)


def main(path: str) -> None:
    reader = shapefile.Reader(path, encoding="latin-1")
    fields = [f[0] for f in reader.fields[1:]]
    out: dict[str, list[list[list[float]]]] = {}
    for rec, shape in zip(reader.records(), reader.shapes(), strict=True):
        row = dict(zip(fields, rec, strict=True))
        code = row.get("ADM0_A3") or row.get("SOV_A3")
        if code not in KEEP:
            continue
        parts = list(shape.parts) + [len(shape.points)]
        rings = []
        for a, b in itertools.pairwise(parts):
            ring = [(round(x, 4), round(y, 4)) for x, y in shape.points[a:b]]
            if not any(WEST - 1 < x < EAST + 1 and SOUTH - 1 < y < NORTH + 1 for x, y in ring):
                continue
            tolerance = 0.004 if code == "KOS" else 0.01
            # A closed ring starts where it ends; simplify its two halves so the chord is not empty.
            half = len(ring) // 2
            simple = _simplify(ring[: half + 1], tolerance)[:-1] + _simplify(ring[half:], tolerance)
            if len(simple) >= 4:
                rings.append([list(p) for p in simple])
        if rings:
            out[KEEP[code]] = rings
    target = Path(__file__).with_name("balkans.json")
    target.write_text(json.dumps({"bounds": [WEST, SOUTH, EAST, NORTH], "countries": out},
                                 separators=(",", ":")), encoding="utf-8")
    print(f"wrote {target}: {', '.join(f'{k} {sum(map(len, v))} points' for k, v in out.items())}")


if __name__ == "__main__":
    main(sys.argv[1])
