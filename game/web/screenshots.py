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


def play_one(tables: StoreTables, codes: dict[str, str], session: int, pick: str = "calm") -> str:
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


def _facilitate(tables: StoreTables, codes: dict[str, str], session: int, act: str, **params: Any) -> None:
    """One facilitator's act, as the console page sends it."""
    tables.act(tables.resolve(codes["facilitator"]), Action.make("facilitator", act, **params),
               tables.snapshot(session).seq)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots/web")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/shots.db")
        tables = StoreTables(store)
        session, codes = tables.open_table("classroom", 7, SEATS, name="Seminar 3 — Prishtinë/Priština")
        # Turn 1 in full (calm play); turn 2 opens with its results. The facilitator sets an
        # 8-minute negotiation deadline and makes a ruling; Kosovo's proposal waits for Serbia.
        while tables.snapshot(session).game.state.turn == 1:
            play_one(tables, codes, session)
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
            shot("kosovo", "seat_results", (1366, 768))
            shot("spectator", "projector_results", (1920, 1080))
            _facilitate(tables, codes, session, "deadline", phase="negotiation", minutes=8, on_timeout="finish")
            _facilitate(tables, codes, session, "adjust", track="north_tension", delta=-1,
                        reason="KFOR's new liaison teams calm the north")
            while tables.snapshot(session).game.state.phase == "crisis":
                play_one(tables, codes, session)
            play_one(tables, codes, session, "propose")
            shot("serbia", "seat_negotiation", (1366, 768))
            shot("spectator", "projector", (1920, 1080))
            shot("facilitator", "facilitator", (1366, 768), full=True)
            shot("eu", "seat_phone", (375, 812))
            _facilitate(tables, codes, session, "pause", reason="Press briefing — back in 5 minutes")
            shot("nato", "seat_paused", (1366, 768))
            shot("eu", "seat_paused_phone", (375, 812))
            _facilitate(tables, codes, session, "resume")
            # On to the actions phase for Kosovo's cards.
            while tables.snapshot(session).game.state.phase == "negotiation":
                play_one(tables, codes, session)
            shot("kosovo", "seat_actions", (1366, 768))
            shot("kosovo", "seat_actions", (1920, 1080))
        store.close()
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
