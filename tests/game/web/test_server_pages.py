"""The pages served by ``python main.py serve`` itself: its codes, its pushes, its AI seats.

One human seat plays in the browser against three AI seats on the server; the projector page
follows. The AI's moves reach both pages by themselves, and the projector shows no secret.
"""

from __future__ import annotations

import re
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


def test_the_console_countdown_pause_and_results_over_the_real_server(chromium: Any, served: Server) -> None:
    """The facilitator's console on ``python main.py serve``: a deadline counts down on the seat's
    page and the projector, a pause stops it, and a seat handed to the computer plays on by itself
    until the projector shows the turn's results — public only."""
    from playwright.sync_api import expect

    table = served.open_table(["kosovo=human=Arbër", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])
    codes = table["codes"]
    pages = {}
    for who, size in (("facilitator", (1366, 768)), ("kosovo", (1366, 768)), ("spectator", (1920, 1080))):
        page = chromium.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
        page.goto(f"{served.url}/#code={codes[who]}")
        expect(page.locator("#conn")).to_contain_text("Connected")
        pages[who] = page
    console, seat, projector = pages["facilitator"], pages["kosovo"], pages["spectator"]
    console.locator("#ctl-deadline-minutes").fill("5")
    console.locator("#ctl-deadline-go").click()
    expect(console.locator("#ctl-deadline-answer")).to_contain_text("✓ Done: The facilitator sets a deadline of 5")
    for page in (seat, projector):
        expect(page.locator("#countdown")).to_contain_text("Crisis: 4:")
    console.locator("#ctl-pause-reason").fill("Ëmergency — čekajte")
    console.locator("#ctl-pause-go").click()
    for page in (seat, projector):
        expect(page.locator("#paused")).to_contain_text("Paused by the facilitator: Ëmergency — čekajte")
        expect(page.locator("#countdown")).to_contain_text("the clock is stopped")
    console.locator("#ctl-resume-go").click()
    expect(seat.locator("#paused")).to_have_count(0)
    # Kosovo's players leave: the computer takes the seat and the table plays on by itself.
    console.locator("#ctl-handover-seat").select_option(value="kosovo")
    console.locator("#ctl-handover-go").click()
    expect(seat.locator("#fac-news")).to_contain_text("hands Kosovo to the computer (normal)")
    # The computer's seats play fast: by the first look the table may be a turn further on.
    expect(projector.locator("#results h2")).to_contain_text(re.compile(r"Results of turn \d"), timeout=180_000)
    text = projector.evaluate("document.body.textContent")
    for role in shipped_content().roles.values():
        for objective in role.objectives:
            if objective.secret:
                assert objective.text not in text
    assert "Order given (secret)" not in text
    expect(seat.locator("#results")).to_be_visible()


def test_pages_print_only_the_documents_their_code_may_have(chromium: Any, served: Server, tmp_path: Path) -> None:
    import io
    import re
    import zipfile

    from playwright.sync_api import expect
    from pypdf import PdfReader

    table = served.open_table(["kosovo=human", "serbia=human", "nato=ai:easy", "eu=ai:easy"])
    codes = table["codes"]
    secrets = {r: [re.sub(r"\s+", " ", o.text)[:40] for o in role.objectives if o.secret]
               for r, role in shipped_content().roles.items()}

    seat = chromium.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True).new_page()
    seat.goto(f"{served.url}/#code={codes['kosovo']}")
    expect(seat.locator("#documents")).to_contain_text("for your team only")
    expect(seat.locator("#doc-review-pdf")).to_have_count(0)  # the review waits for the end
    with seat.expect_download(timeout=120_000) as got:
        seat.locator("#doc-briefing-pdf").click()
    assert got.value.suggested_filename == "keci-briefing-kosovo.pdf"
    text = re.sub(r"\s+", " ", " ".join(pg.extract_text() or "" for pg in PdfReader(got.value.path()).pages))
    assert all(s in text for s in secrets["kosovo"]) and not any(s in text for s in secrets["serbia"])
    expect(seat.locator("#doc-answer")).to_have_text("✓ Downloaded keci-briefing-kosovo.pdf.")

    console = chromium.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True).new_page()
    console.goto(f"{served.url}/#code={codes['facilitator']}")
    with console.expect_download(timeout=120_000) as got:
        console.locator("#doc-briefings-zip").click()
    names = zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes())).namelist()
    assert sorted(names) == sorted(["primer.pdf", *[f"briefing_{r}.pdf" for r in ("kosovo", "serbia", "nato", "eu")]])
