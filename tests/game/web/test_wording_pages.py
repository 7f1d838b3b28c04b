"""The web pages in the status-neutral wording: the seat's page and the projector show Kosovo*,
both forms of the place names (the map's too) and the footnote exactly once, at the foot."""

from __future__ import annotations

import re
from typing import Any

import pytest

from game.web.harness import LiveServer
from rules import wording

pytestmark = pytest.mark.browser
BARE = re.compile(r"(?<![/\w])(Prishtina|Pristina|Mitrovica|Banjska|Zvečan|Leposavić)(?![/\w])")


def test_a_neutral_table_reads_neutrally_in_the_browser(chromium: Any, server: LiveServer) -> None:
    from playwright.sync_api import expect

    table = server.open_table(["kosovo=human=Arbër", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"], seed=3,
                              wording="neutral")
    plain = server.open_table(["kosovo=human=Arbër", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"], seed=3)
    for who in ("kosovo", "spectator"):
        page = chromium.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.goto(f"{server.url}/#code={table.codes[who]}")
        expect(page.locator("#wording-note")).to_have_text(wording.footnote("neutral"))
        if who == "spectator":
            expect(page.locator("#mapbox svg")).to_contain_text("Pristina/Prishtinë")
            expect(page.locator("#mapbox svg")).to_contain_text("Banjska/Banjskë")
        text = page.evaluate("document.body.innerText")
        assert text.count("*This designation is without prejudice") == 1
        assert "Kosovo*" in text and "Republic of Kosovo" not in text
        assert not BARE.findall(text), BARE.findall(text)[:3]
        page.context.close()
        other = chromium.new_context().new_page()
        other.goto(f"{server.url}/#code={plain.codes[who]}")
        expect(other.locator("#board")).to_be_visible()
        assert other.locator("#wording-note").count() == 0
        assert "Kosovo*" not in other.evaluate("document.body.innerText")
        other.context.close()
