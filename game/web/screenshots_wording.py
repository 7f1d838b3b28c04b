"""Pictures of the web pages in the status-neutral wording, for the README:
``python -m game.web.screenshots_wording [DIR]`` (default ``docs/screenshots``).

It starts ``python main.py serve`` (the real server) on a free loopback port, opens a classroom
table in the neutral wording (Kosovo played in the browser, the other seats by the server's AI;
seed 3 opens with the armed attack at Banjska/Banjskë), and saves the seat's page at 1366x768
and the projector at 1920x1080 once the map is drawn.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import httpx

from game.ui.screenshots_server import _free_port, _serve
from game.web.harness import browser

SEATS = ["kosovo=human=Arbër Krasniqi", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        proc = _serve(Path(tmp) / "server.db", port)
        url = f"http://127.0.0.1:{port}"
        try:
            table = httpx.post(f"{url}/api/tables", timeout=30, json={
                "scenario": "classroom", "seed": 3, "seats": SEATS, "name": "Workshop — Pristina/Prishtinë",
                "wording": "neutral"}).json()
            with browser() as b:
                for who, name, size in (("kosovo", "web_neutral", (1366, 768)),
                                        ("spectator", "web_neutral_projector", (1920, 1080))):
                    page = b.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
                    page.goto(f"{url}/#code={table['codes'][who]}")
                    page.wait_for_selector("#board:not([hidden])")
                    if who == "spectator":
                        page.wait_for_selector("#mapbox svg")
                    page.wait_for_selector("#wording-note")
                    page.evaluate("document.fonts.ready")
                    page.screenshot(path=str(out / f"{name}_{size[0]}x{size[1]}.png"))
                    page.screenshot(path=str(out / f"{name}_{size[0]}x{size[1]}_full.png"), full_page=True)
                    page.context.close()
        finally:
            proc.terminate()
            proc.wait(15)
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
