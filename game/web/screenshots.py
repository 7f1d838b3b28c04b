"""Pictures of the web pages, for the README: ``python -m game.web.screenshots [DIR]``.

A classroom table is played a little through the store (calm moves, a proposal waiting for
Serbia), then each page is opened in the system Chromium at the size it is made for and saved
as a PNG (default ``docs/screenshots/web/``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from game.store import SeatSpec, Store
from game.web.backend import StoreTables
from game.web.harness import browser, live_server
from rules.core.actions import Action

SEATS = [SeatSpec("kosovo", display_name="Arbër Krasniqi"), SeatSpec("serbia", display_name="Dušan Đorđević"),
         SeatSpec("nato", display_name="Team Žaneta"), SeatSpec("eu", display_name="Team Çelik")]


def _move(tables: StoreTables, codes: dict[str, str], session: int, pick: str = "calm") -> str:
    """One move by the first role due: the response or card calmest for the north, else finish."""
    snap = tables.snapshot(session)
    game = snap.game
    role = game.waiting_for()[0]
    legal = game.legal_actions(role)
    c = game.content

    def tension(t: Any) -> int:
        if t.id == "respond" and game.state.crisis:
            resp = {r.id: r for r in c.crises[game.state.crisis].responses[role]}
            return resp[t.params["response"][0]].effects.get("north_tension", 0)
        a = c.actions.get(t.id)
        return a.effects.get("north_tension", 0) if a is not None else 0

    if pick == "propose":
        t = next(t for t in legal if t.id == "propose")
    else:
        cards = [t for t in legal if t.id not in ("end_negotiation", "end_orders", "propose", "accept", "reject",
                                                 "counter")]
        ordered = game.state.orders.get(role, ())
        if game.state.phase == "negotiation" or not cards or (game.state.phase == "actions" and len(ordered) >= 1):
            t = next((t for t in legal if t.id == "accept"), None) or next(
                t for t in legal if t.id in ("end_negotiation", "end_orders"))
        else:
            t = min(cards, key=tension)
    action = Action.make(role, t.id, **{k: v[0] for k, v in t.params.items()})
    tables.act(tables.resolve(codes[role]), action, snap.seq)
    return role


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots/web")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/shots.db")
        tables = StoreTables(store)
        session, codes = tables.open_table("classroom", 7, SEATS, name="Seminar 3 — Prishtinë/Priština")
        # Turn 1 in full (calm play), then turn 2's crisis, and Kosovo's proposal waiting for Serbia.
        while tables.snapshot(session).game.state.turn == 1:
            _move(tables, codes, session)
        while tables.snapshot(session).game.state.phase == "crisis":
            _move(tables, codes, session)
        _move(tables, codes, session, "propose")
        with live_server(tables) as server, browser() as b:
            def shot(who: str, name: str, size: tuple[int, int], full: bool = False) -> None:
                page = b.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
                page.goto(f"{server.url}/#code={codes[who]}")
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
            shot("serbia", "seat_negotiation", (1366, 768))
            shot("spectator", "projector", (1920, 1080))
            shot("facilitator", "facilitator", (1366, 768))
            shot("eu", "seat_phone", (375, 812))
            # On to the actions phase for Kosovo's cards.
            while tables.snapshot(session).game.state.phase == "negotiation":
                _move(tables, codes, session)
            shot("kosovo", "seat_actions", (1366, 768))
            shot("kosovo", "seat_actions", (1920, 1080))
        store.close()
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
