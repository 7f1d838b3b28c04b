"""The pages served by ``python main.py serve`` itself: its codes, its pushes, its AI seats.

One human seat plays in the browser against three AI seats on the server; the projector page
follows. The AI's moves reach both pages by themselves, and the projector shows no secret.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from rules.loader import shipped_content
from tests.game.server.conftest import Server

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    server = Server(f"sqlite:///{tmp_path / 'served.db'}").start()
    try:
        yield server
    finally:
        server.stop()


def test_a_seat_plays_against_server_ai_with_the_projector_open(chromium: Any, served: Server) -> None:
    from playwright.sync_api import expect

    hostile = "<b>Ëra & Čedomir</b>"
    table = served.open_table([f"kosovo=human={hostile}", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])
    codes = table["codes"]
    seat = chromium.new_context(viewport={"width": 1366, "height": 768}).new_page()
    seat.goto(f"{served.url}/#code={codes['kosovo']}")
    expect(seat.locator("#waiting")).to_have_text("Your move")
    projector = chromium.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{served.url}/#code={codes['spectator']}")
    expect(projector.locator("#conn")).to_contain_text("Connected")
    seat.locator("#do-0").click()
    # The AI seats answer the crisis on the server; both pages move on by themselves.
    expect(seat.locator(".phases li.now")).to_contain_text("Negotiation")
    expect(projector.locator(".phases li.now")).to_contain_text("Negotiation")
    expect(projector.locator("#top")).not_to_contain_text("Your move")
    expect(seat.locator("#top")).to_contain_text(hostile)
    text = projector.evaluate("document.body.textContent")
    for role in shipped_content().roles.values():
        for objective in role.objectives:
            if objective.secret:
                assert objective.text not in text
    # The JSON API and the pages agree on where the table is.
    board = httpx.get(f"{served.url}/api/board", headers={"Authorization": f"Bearer {codes['spectator']}"}).json()
    assert board["phase"] == "negotiation"
    wrong = chromium.new_context().new_page()
    wrong.goto(f"{served.url}/")
    wrong.fill("#code", "not-a-code")
    wrong.click("#join-button")
    expect(wrong.locator("#join-error")).to_have_text(
        "This code opens no table. Check it with the person running the game.")
