"""The facilitator's console, the countdown, the pause and the turn's results, in a real browser.

The facilitator drives every act from the console page by keyboard and mouse; each answer is a
confirmation or the reason it was refused, and each act reaches the seats' pages and the
projector at once. The seats and the projector are checked for other roles' secrets throughout.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from game.store import Store
from game.web.harness import LiveServer, ServedTable
from tests.game.web.conftest import classroom_seats
from tests.game.web.test_browser import ROLES, SMALLEST_TEXT, Reader, Referee, open_page, wait_seq

pytestmark = pytest.mark.browser


def text(reader: Reader) -> str:
    result: str = reader.page.evaluate("document.body.textContent")
    return result


def checked(referee: Referee, *readers: Reader) -> None:
    for r in readers:
        referee.check(r, text(r))


def submit(console: Reader, act: str, **fields: str) -> None:
    """Fill a console form (a select by its visible label, or by its value given as "=VALUE") and
    send it from its button with Enter."""
    page = console.page
    for key, value in fields.items():
        box = page.locator(f"#ctl-{act}-{key}")
        if box.evaluate("el => el.tagName") == "SELECT":
            box.select_option(**({"value": value[1:]} if value.startswith("=") else {"label": value}))
        else:
            box.fill(value)
    page.locator(f"#ctl-{act}-go").focus()
    page.keyboard.press("Enter")


def test_the_facilitator_runs_the_table_from_the_console(chromium: Any, server: LiveServer) -> None:
    from playwright.sync_api import expect

    table = server.open_table(classroom_seats(), name="Seminar — Mitrovicë/Mitrovica")
    codes = table.codes
    console = open_page(chromium, server, codes["facilitator"], "facilitator", None)
    kosovo = open_page(chromium, server, codes["kosovo"], "kosovo", "kosovo")
    serbia = open_page(chromium, server, codes["serbia"], "serbia", "serbia", (375, 812))
    projector = open_page(chromium, server, codes["spectator"], "projector", None, (1920, 1080))
    players = (kosovo, serbia, projector)
    referee = Referee()
    for form in ("pause", "deadline", "inject", "handover", "adjust"):
        expect(console.page.locator(f"#ctl-{form}")).to_be_visible()
    # Every control is labelled for a screen reader.
    unlabelled = console.page.evaluate("""() => [...document.querySelectorAll('#controls input, #controls select')]
        .filter(el => !el.labels || !el.labels.length).map(el => el.id)""")
    assert unlabelled == []

    # Pause, typed and sent with Enter: every page says so, with the reason; seats cannot move.
    console.page.locator("#ctl-pause-reason").fill("Press briefing — back in 5 minutes")
    console.page.locator("#ctl-pause-reason").press("Enter")
    expect(console.page.locator("#ctl-resume-answer")).to_have_text(
        "✓ Done: The facilitator pauses the game: Press briefing — back in 5 minutes.")
    for r in players:
        expect(r.page.locator("#paused")).to_contain_text("Paused by the facilitator: Press briefing — back in 5 minutes")
    expect(kosovo.page.locator("#waiting")).to_have_text("Paused — your move waits")
    expect(kosovo.page.locator("#do-0")).to_be_disabled()
    seq = table.seq()
    submit(console, "resume")
    for r in players:
        expect(r.page.locator("#paused")).to_have_count(0)
    expect(kosovo.page.locator("#do-0")).to_be_enabled()
    assert table.seq() == seq + 1

    # A deadline for the phase being played: a countdown on every page, ticking.
    submit(console, "deadline", phase="Crisis", minutes="8")
    expect(console.page.locator("#ctl-deadline-answer")).to_contain_text(
        "✓ Done: The facilitator sets a deadline of 8 minutes for the crisis phase")
    for r in players:
        expect(r.page.locator("#countdown")).to_have_text(re.compile(r"Crisis: [78]:\d\d left of 8 min — then "
                                                                     r"unfinished seats are finished for them"))
        expect(r.page.locator("#fac-news")).to_contain_text("sets a deadline of 8 minutes for the crisis phase")
    first = kosovo.page.locator("#countdown").text_content()
    expect(kosovo.page.locator("#countdown")).not_to_have_text(first or "", timeout=5_000)
    # Paused, the clock stands still on every page.
    submit(console, "pause", reason="Fire drill")
    for r in players:
        expect(r.page.locator("#countdown")).to_contain_text("the clock is stopped while the game is paused")
    stopped = serbia.page.locator("#countdown").text_content()
    serbia.page.wait_for_timeout(1500)
    assert serbia.page.locator("#countdown").text_content() == stopped
    submit(console, "resume")
    expect(kosovo.page.locator("#countdown")).to_contain_text("left of 8 min")

    # Refused acts: one line saying why, and the table does not move.
    seq = table.seq()
    submit(console, "inject", card="Earthquake", turn="Now")
    expect(console.page.locator("#ctl-inject-answer")).to_have_text(re.compile(
        r"^✗ Not done: .*a crisis is being answered now; inject this card for a later turn"))
    expect(console.page.locator("#ctl-inject-answer")).to_have_attribute("role", "alert")
    submit(console, "deadline", phase="Negotiation", minutes="999")
    expect(console.page.locator("#ctl-deadline-answer")).to_contain_text("minutes must be a whole number from 0")
    submit(console, "adjust", track="=north_tension", delta="-1", reason="   ")
    expect(console.page.locator("#ctl-adjust-answer")).to_have_text("✗ Not done: please write the reason players will read.")
    assert table.seq() == seq

    # A crisis scripted for a later turn: players learn the deck changed, not the card.
    submit(console, "inject", card="Earthquake", turn="Turn 3")
    expect(console.page.locator("#ctl-inject-answer")).to_contain_text("✓ Done: The facilitator scripts the crisis deck")
    expect(console.page.locator("#log")).to_contain_text("Scripted for turn 3: Earthquake")
    for r in players:
        expect(r.page.locator("#fac-news")).to_contain_text("The facilitator scripts the crisis deck for a later turn")
        assert "Scripted for turn 3" not in text(r)

    # Hand a seat to the computer, which answers the crisis for it at once, and back.
    seat = console.page.locator("#ctl-handover-seat option[value=serbia]")
    expect(seat).to_have_text("Dušan Đorđević (Serbia) — now a human player")
    submit(console, "handover", seat="=serbia", to="the computer (hard)")
    expect(serbia.page.locator("#fac-news")).to_contain_text("The facilitator hands Serbia to the computer (hard)")
    expect(seat).to_have_text("Dušan Đorđević (Serbia) — now the computer (hard)")
    for r in (console, *players):
        expect(r.page.locator("#crisis")).to_contain_text("Dušan Đorđević (Serbia) ✓", timeout=120_000)
    submit(console, "handover", seat="=serbia", to="a human player (the seat's code)")
    expect(projector.page.locator("#fac-news")).to_contain_text("The facilitator hands Serbia to a human player")
    expect(seat).to_have_text("Dušan Đorđević (Serbia) — now a human player")

    # A white-cell ruling: the track moves on every page, with the ruling and its reason.
    tension = table.board()["tracks"]["north_tension"]
    expect(console.page.locator("#ctl-adjust-track")).to_contain_text(f"Tension in the north (now {tension})")
    submit(console, "adjust", track="=north_tension", delta="-2", reason="KFOR patrols calm the north")
    expect(console.page.locator("#ctl-adjust-answer")).to_contain_text(
        "✓ Done: White cell ruling on Tension in the north: KFOR patrols calm the north")
    for r in players:
        expect(r.page.locator("#fac-news")).to_contain_text("White cell ruling on Tension in the north: "
                                                            "KFOR patrols calm the north")
        expect(r.page.locator("#tracks tbody tr").first).to_contain_text(f"{tension - 2}/10")
    expect(kosovo.page.locator("#log")).to_contain_text("White cell ruling on Tension in the north")

    # Once the crisis is answered, a crisis injected now is on every page at once.
    for role in table.humans_due():
        t = table.legal(role)[0]
        table.act(role, t["id"], {k: v[0] for k, v in t["params"].items()}, table.seq())
    expect(console.page.locator(".phases li.now")).to_contain_text("Negotiation")
    submit(console, "inject", card="Earthquake", turn="Now")
    expect(console.page.locator("#ctl-inject-answer")).to_contain_text("✓ Done: The facilitator injects a crisis: Earthquake")
    for r in players:
        expect(r.page.locator("#crisis h2")).to_contain_text("Earthquake")
        expect(r.page.locator("#fac-news")).to_contain_text("The facilitator injects a crisis: Earthquake")
    checked(referee, *players)
    assert not any(r.errors for r in (console, *players)), [r.errors for r in (console, *players)]
    with Store(server.db) as store:
        assert store.verify(table.session)["ok"]


def _play_turn_one(table: ServedTable) -> None:
    """Turn 1 through the server's API: Kosovo offers Serbia a deal, Serbia rejects it (an exchange
    only the two may read), everyone else plays calmly."""
    proposed = False
    while table.board()["turn"] == 1:
        role = table.humans_due()[0]
        legal = table.legal(role)
        offer = next((t for t in legal if t["id"] == "propose" and t["params"]["to"] == ["serbia"]), None)
        reject = next((t for t in legal if t["id"] == "reject"), None)
        if role == "kosovo" and offer is not None and not proposed:
            table.act(role, "propose", {k: v[0] for k, v in offer["params"].items()}, table.seq())
            proposed = True
        elif reject is not None:
            table.act(role, "reject", {"proposal": reject["params"]["proposal"][0]}, table.seq())
        else:
            table.play_one(role=role)


def test_turn_results_on_every_page_hold_no_secret(chromium: Any, server: LiveServer) -> None:
    from playwright.sync_api import expect

    table = server.open_table(classroom_seats(), seed=7)
    codes = table.codes
    _play_turn_one(table)
    seq = table.seq()
    readers = {r: open_page(chromium, server, codes[r], r, r) for r in ROLES}
    projector = open_page(chromium, server, codes["spectator"], "projector", None, (1920, 1080))
    referee = Referee()
    for r in (*readers.values(), projector):
        wait_seq(r, seq)
        results = r.page.locator("#results")
        expect(results).to_be_visible()
        expect(results.locator("h2")).to_contain_text("Results of turn 1 (2025 H1)")
        for section in ("What each side did", "What changed and why", "At stake next"):
            expect(results).to_contain_text(section)
        checked(referee, r)
    # What each side did, once public: every role's resolved orders are on the projector.
    for name in ("Kosovo:", "Serbia:", "NATO Allies:", "European Union:"):
        expect(projector.page.locator("#results")).to_contain_text(name)
    # The offer and its rejection are Kosovo's and Serbia's alone.
    assert any("rejects" in ev["text"] for e in table.log() for ev in e["events"])
    for r in (readers["nato"], readers["eu"], projector):
        assert "rejects" not in text(r) and "proposal #" not in text(r).lower()
    expect(readers["serbia"].page.locator("#log")).to_contain_text("rejects")
    # The projector shows them first after a resolution, in type readable from the back.
    top = projector.page.evaluate("document.querySelector('#results').getBoundingClientRect().top")
    assert top < 200, "the projector leads with the results after a resolution"
    smallest = projector.page.evaluate(SMALLEST_TEXT)
    assert smallest[0] >= 18, f"projector text of {smallest[0]:.1f} px: {smallest[1]!r}"
    # A seat reads them, puts them away by keyboard, and plays on; they stay below the board.
    kosovo = readers["kosovo"]
    kosovo.page.locator("#hide-results").focus()
    kosovo.page.keyboard.press("Enter")
    expect(kosovo.page.locator("#results details")).to_be_attached()
    expect(kosovo.page.locator("#do-0")).to_be_focused()
    kosovo.page.keyboard.press("Enter")
    wait_seq(kosovo, seq + 1)
    expect(kosovo.page.locator("#results h2")).to_contain_text("Results of turn 1")


def test_a_second_tab_on_the_same_code_stays_live_and_consistent(chromium: Any, server: LiveServer) -> None:
    """A team shares one seat on two laptops (or one student opens a second tab): both tabs play
    the seat and show the same board; a tab that missed news is refused with the board as it is."""
    from playwright.sync_api import expect

    table = server.open_table(classroom_seats())
    codes = table.codes
    first = open_page(chromium, server, codes["nato"], "nato-1", "nato")
    second_page = first.page.context.new_page()  # a second tab of the same browser
    second_page.goto(f"{server.url}/#code={codes['nato']}")
    second = Reader("nato-2", "nato", second_page)
    expect(second_page.locator("#conn")).to_contain_text("Connected")
    # The first tab falls asleep (a laptop lid closed: it hears nothing more) ...
    first.page.evaluate("window.__keci.stopped = true; window.__keci.ws.close()")
    # ... while the second answers the crisis for the seat and the others answer too.
    second.page.click("#do-0")
    wait_seq(second, 1)
    for role in ("kosovo", "serbia", "eu"):
        t = table.legal(role)[0]
        table.act(role, t["id"], {k: v[0] for k, v in t["params"].items()}, table.seq())
    wait_seq(second, 4)
    expect(second.page.locator(".phases li.now")).to_contain_text("Negotiation")
    # The sleeping tab still offers the crisis responses; pressing one is refused in one line, the
    # tab is shown the board as it now stands, and nothing is doubled.
    assert first.page.locator("#board").get_attribute("data-seq") == "0"
    first.page.click("#do-1")
    expect(first.page.locator("#notice")).to_contain_text("The game moved on before your move arrived")
    wait_seq(first, 4)
    expect(first.page.locator(".phases li.now")).to_contain_text("Negotiation")
    assert table.seq() == 4
    responses = [e for e in table.log() if e["role"] == "nato"]
    assert len(responses) == 1
    # Either tab plays on; the other shows it.
    first.page.click("#finish")
    wait_seq(first, 5)
    wait_seq(second, 5)
    expect(second.page.locator("#waiting")).to_have_text(first.page.locator("#waiting").text_content() or "")
    assert not first.errors and not second.errors
