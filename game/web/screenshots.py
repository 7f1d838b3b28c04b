"""Pictures of the web pages, for the README: ``python -m game.web.screenshots [DIR]``.

The server (the very app ``python main.py serve`` runs) is started over a fresh SQLite file, a
classroom table is opened and played a little through its public API (calm moves, a proposal
waiting for Serbia), then each page is opened in the system Chromium at the size it is made for
and saved as a PNG (default ``docs/screenshots/web/``). A second table, in the status-neutral
wording (rules/wording.py; seed 3 opens with the armed attack at Banjska/Banjskë, Kosovo played
in the browser, the other seats by the server's AI), gives ``web_neutral_*``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from game.web.harness import browser, live_server

SEATS = ["kosovo=human=Arbër Krasniqi", "serbia=human=Dušan Đorđević", "nato=human=Team Žaneta",
         "eu=human=Team Çelik"]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots/web")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, live_server(f"sqlite:///{tmp}/shots.db") as server, browser() as b:
        table = server.open_table(SEATS, seed=7, name="Seminar 3 — Prishtinë/Priština")
        codes = table.codes
        # Turn 1 in full (calm play); turn 2 opens with its results. The facilitator sets an
        # 8-minute negotiation deadline and makes a ruling; Kosovo's proposal waits for Serbia.
        while table.board()["turn"] == 1:
            table.play_one()

        def shot(who: str, name: str, size: tuple[int, int], full: bool = False,
                 of: dict[str, str] | None = None) -> None:
            page = b.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
            page.goto(f"{server.url}/#code={(of or codes)[who]}")
            page.wait_for_selector("#board:not([hidden])")
            if who == "spectator":
                page.wait_for_selector("#mapbox svg")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(out / f"{name}_{size[0]}x{size[1]}.png"), full_page=full)
            page.context.close()

        join = b.new_context(viewport={"width": 1366, "height": 768}).new_page()
        join.goto(server.url + "/")
        join.fill("#code", "wrong-code")
        join.click("#join-button")
        join.wait_for_selector("#join-error:not(:empty)")
        join.screenshot(path=str(out / "join_1366x768.png"))
        join.context.close()
        shot("kosovo", "seat_results", (1366, 768))
        shot("spectator", "projector_results", (1920, 1080))
        table.facilitate("deadline", phase="negotiation", minutes=8, on_timeout="finish")
        table.facilitate("adjust", track="north_tension", delta=-1, reason="KFOR's new liaison teams calm the north")
        while table.board()["phase"] == "crisis":
            table.play_one()
        table.play_one("propose")
        shot("serbia", "seat_negotiation", (1366, 768))
        shot("spectator", "projector", (1920, 1080))
        shot("facilitator", "facilitator", (1366, 768), full=True)
        shot("eu", "seat_phone", (375, 812))
        table.facilitate("pause", reason="Press briefing — back in 5 minutes")
        shot("nato", "seat_paused", (1366, 768))
        shot("eu", "seat_paused_phone", (375, 812))
        table.facilitate("resume")
        # On to the actions phase for Kosovo's cards.
        while table.board()["phase"] == "negotiation":
            table.play_one()
        shot("kosovo", "seat_actions", (1366, 768))
        shot("kosovo", "seat_actions", (1920, 1080))
        neutral = server.open_table(["kosovo=human=Arbër Krasniqi", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"],
                                    seed=3, name="Workshop — Pristina/Prishtinë", wording="neutral")
        shot("kosovo", "web_neutral", (1366, 768), of=neutral.codes)
        shot("spectator", "web_neutral_projector", (1920, 1080), of=neutral.codes)
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
