"""The window joins a table on a real server (uvicorn on 127.0.0.1), driven by keys and clicks.

Each test starts ``python main.py serve`` in a subprocess, opens a table over HTTP, and joins it
from the window through the title screen's "Join a table" with typed text — as a player would.
Other seats are real WebSocket clients (tests/game/server/conftest.Player).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.store import Store
from game.ui.net import Link
from game.ui.remote import RemoteMatch
from rules.core.secrets import FACILITATOR
from tests.game.server.conftest import Player, Server, free_port, run_async

from .conftest import Driver


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(str(tmp_path / "server.db")).start()
    yield s
    s.stop()


def _join(d: Driver, address: str, code: str) -> None:
    """Title → Join a table → type the address and the code → Join."""
    assert d.screen.name == "title"
    d.key(pygame.K_j)
    assert d.screen.name == "join"
    screen = d.screen
    d.click_at(screen.server.rect.center)
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.type(address)
    d.key(pygame.K_TAB)
    assert screen.code.focused
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.type(code)
    d.key(pygame.K_RETURN)  # leaves the field
    d.key(pygame.K_RETURN)  # Join


def _remote(d: Driver) -> RemoteMatch:
    match = d.screen.match
    assert isinstance(match, RemoteMatch)
    return match


def _close(d: Driver) -> None:
    match = getattr(d.screen, "match", None)
    if isinstance(match, RemoteMatch):
        match.close()


def _no_secret_of_others(match: RemoteMatch, role: str) -> None:
    """What the window holds for a seat: its own orders only, proposals it is party to."""
    board = match.view(role)
    for other, info in board["roles"].items():
        if other != role:
            assert "orders" not in info
            assert all(not o["secret"] for o in info["objectives"])
    assert all(role in (p["sender"], p["recipient"]) for p in board["proposals"])
    text = json.dumps(board)
    assert "seed" not in board and "temperament" not in text


def test_a_wrong_code_and_an_unreachable_server_are_said_on_the_join_screen(make_driver, server: Server) -> None:
    d = make_driver()
    nowhere = f"127.0.0.1:{free_port()}"
    _join(d, nowhere, "whatever-code")
    d.until(lambda: bool(d.screen.problem), timeout=30)
    assert d.screen.name == "join"
    assert "cannot reach a KECI server" in d.screen.problem
    # Nothing typed is lost: both fields still hold what was typed.
    assert d.screen.server.value == nowhere and d.screen.code.value == "whatever-code"
    d.click_at(d.screen.server.rect.center)
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.type(server.url)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)
    d.until(lambda: "unknown code" in d.screen.problem, timeout=30)
    assert d.screen.name == "join"


def test_a_seat_plays_from_the_window_and_sees_another_seat_move_without_a_key(make_driver, server: Server,
                                                                              tmp_path: Path) -> None:
    codes = server.open_table(["kosovo=human", "serbia=human", "nato=ai:easy", "eu=ai:easy"])["codes"]
    d = make_driver()
    _join(d, server.url, codes["kosovo"])
    d.until(lambda: d.screen.name == "board", timeout=60)
    match = _remote(d)
    assert match.role == "kosovo" and d.screen.viewer == "kosovo"
    # Remembered for next time.
    assert d.app.settings.server == server.url and d.app.settings.code == codes["kosovo"]
    saved = json.loads(Path(d.app.settings.path).read_text())
    assert saved["server"] == server.url
    if d.screen.briefing_for is not None:
        d.key(pygame.K_RETURN)
    assert match.game.state.phase == "crisis"
    assert sorted(match.game.waiting_for()) == ["kosovo", "serbia"]

    async def serbia_answers() -> int:
        p = await Player.join(server.ws, codes["serbia"], "serbia")
        await p.until(lambda m: m["type"] == "board")
        legal = (await p.send(type="legal"), await p.until(lambda m: m["type"] == "legal"))[1]["legal"]
        choice = legal[0]
        params = {k: v[0] for k, v in choice["params"].items()}
        await p.send(type="act", id=choice["id"], params=params, seq=p.board["seq"])
        msg = await p.until(lambda m: m["type"] == "entry" and m["entry"]["role"] == "serbia")
        await p.close()
        return int(msg["entry"]["seq"])

    seq = run_async(serbia_answers())
    # No key is pressed: the push alone brings Serbia's answer to the window.
    d.until(lambda: match.seq >= seq, timeout=30)
    assert any(e.role == "serbia" and e.seq == seq for e in match.remote_table.entries)
    d.frame(2)
    assert "serbia" not in match.game.waiting_for()
    # Kosovo answers with Enter, like in a local game; the server commits it once.
    before = match.seq
    d.key(pygame.K_RETURN)
    d.until(lambda: match.pending is None and match.seq > before, timeout=60)
    with Store(server.db) as store:
        moves = [e for e in store.log(match.id) if e["kind"] == "action" and e["role"] == "kosovo"]
    assert len(moves) == 1
    _no_secret_of_others(match, "kosovo")
    _close(d)


def test_a_dropped_connection_is_said_and_resumed_with_nothing_lost_or_doubled(make_driver, tmp_path: Path) -> None:
    db = str(tmp_path / "server.db")
    srv = Server(db).start()
    try:
        codes = srv.open_table(["kosovo=human", "serbia=human", "nato=ai:easy", "eu=ai:easy"])["codes"]
        d = make_driver()
        _join(d, srv.url, codes["kosovo"])
        d.until(lambda: d.screen.name == "board", timeout=60)
        match = _remote(d)
        if d.screen.briefing_for is not None:
            d.key(pygame.K_RETURN)
        srv.kill()
        d.until(lambda: match.state == "offline", timeout=30)
        d.frame(2)
        assert "Connection to the server lost" in match.status()
        # A move made while the line is down waits, and is said to wait.
        d.key(pygame.K_RETURN)
        assert match.pending is not None and not match.pending.sent
        assert "will be sent when it is back" in match.status()
        # Meanwhile Serbia answers through the database (as another process would).
        with Store(db) as store:
            table_id = match.id
            from game.table.table import Table
            t = Table(store, table_id)
            legal = t.legal("serbia")[0]
            from rules.core.actions import Action
            t.act(Action.make("serbia", legal.id, **{k: v[0] for k, v in legal.params.items()}))
        srv.start()  # the same port and database
        d.until(lambda: match.state == "online" and match.pending is None, timeout=90)
        d.until(lambda: "kosovo" not in match.game.waiting_for() or match.game.state.phase != "crisis", timeout=60)
        assert match.status() == "" or "Sending" not in match.status()
        with Store(db) as store:
            log = store.log(table_id)
        seqs = [e["seq"] for e in log]
        got = [e.seq for e in match.remote_table.entries]
        assert got == seqs[: len(got)] and len(set(got)) == len(got)  # none lost, none twice
        assert sum(e["kind"] == "action" and e["role"] == "kosovo" for e in log) == 1
        assert any(e.role == "serbia" for e in match.remote_table.entries)
        _close(d)
    finally:
        srv.stop()


def test_spectator_gets_the_projector_and_the_facilitator_pauses_every_seat(make_driver, server: Server) -> None:
    codes = server.open_table(["kosovo=human", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])["codes"]
    spectator = make_driver()
    _join(spectator, server.url, codes["spectator"])
    spectator.until(lambda: spectator.screen.name == "board", timeout=60)
    assert spectator.screen.projector and spectator.screen.viewer is None
    facilitator = make_driver(db="f.db")
    _join(facilitator, server.url, codes["facilitator"])
    facilitator.until(lambda: facilitator.screen.name == "facilitator", timeout=60)
    fs = facilitator.screen
    facilitator.click_at(fs.pause_reason.rect.center)
    facilitator.type("Discussion break")
    facilitator.key(pygame.K_RETURN)
    facilitator.click("Pause")
    spectator.until(lambda: (spectator.screen.match.view(None).get("table") or {}).get("paused")
                    == "Discussion break", timeout=30)
    facilitator.until(lambda: fs.view()["table"]["paused"] == "Discussion break", timeout=30)
    # A deadline: the countdown shows on the projector.
    facilitator.click("Set deadline")
    spectator.until(lambda: (spectator.screen.match.view(None).get("clock") or {}).get("due_at") is not None,
                    timeout=30)
    from game.ui.banner import clock_label

    assert clock_label(spectator.screen.match.view(None)).endswith("stopped")  # paused: the clock stands still
    # The projector holds only public information.
    board = spectator.screen.match.view(None)
    assert all("orders" not in info for info in board["roles"].values())
    assert board["proposals"] == []
    _close(spectator)
    _close(facilitator)


def test_link_catches_up_from_its_last_sequence_number(server: Server) -> None:
    """The network thread asks for what it missed: a second link started from seq N gets only N+1…"""
    codes = server.open_table(["kosovo=human", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])["codes"]
    from game.ui import net

    seat = net.check_code(server.url, codes["kosovo"])
    link = Link(seat)
    got: list[dict[str, Any]] = []

    deadline = time.monotonic() + 30
    while not any(m["type"] == "board" for m in got) and time.monotonic() < deadline:
        got += link.messages()
        time.sleep(0.05)
    link.close()
    entries = [m["entry"]["seq"] for m in got if m["type"] == "entry"]
    assert entries and entries == sorted(entries)
    later = Link(seat, since=entries[-1])
    more: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while not any(m["type"] == "board" for m in more) and time.monotonic() < deadline:
        more += later.messages()
        time.sleep(0.05)
    later.close()
    assert all(m["entry"]["seq"] > entries[-1] for m in more if m["type"] == "entry")
    assert FACILITATOR not in seat.role


def test_the_projector_shows_each_turns_public_results_and_a_seat_sees_only_its_own(make_driver,
                                                                                    server: Server) -> None:
    """Kosovo plays a whole turn from a WebSocket client; the spectator window shows the turn's
    results (public only) without a key, and a second window on Kosovo's code holds exactly what
    the server lets Kosovo read — no other role's secret."""
    from tests.game.server.test_server import seat_loop

    codes = server.open_table(["kosovo=human", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])["codes"]
    projector = make_driver()
    _join(projector, server.url, codes["spectator"])
    projector.until(lambda: projector.screen.name == "board", timeout=60)
    seat = make_driver(db="seat.db")
    _join(seat, server.url, codes["kosovo"])
    seat.until(lambda: seat.screen.name == "board", timeout=60)

    async def play_one_turn() -> None:
        # One request at a time, as a person plays (a loop that asked again on every error fed
        # the rate limit's own errors back to it and never ended).
        p = await Player.join(server.ws, codes["kosovo"], "kosovo")
        await seat_loop(p, "kosovo", done=lambda board: board.get("turn", 1) >= 2)
        await p.close()

    run_async(play_one_turn())
    # No key pressed on the projector: the results screen comes by itself, public results only.
    projector.until(lambda: projector.screen.name == "results", timeout=90)
    results = projector.screen
    assert results.role is None and results.results.turn == 1
    assert results.until is not None  # and it goes back to the board by itself
    assert all(ev.visible_to is None for ev in results.match.events())
    secret_orders = [e for e in results.match.remote_table.entries if e.kind == "action" and not e.role]
    assert secret_orders, "the projector should see that secret orders were given, not what they were"
    projector.key(pygame.K_RETURN)
    assert projector.screen.name == "board" and projector.screen.viewer is None

    # The seat's window: every entry it holds is what the server's filter gives Kosovo, no more.
    seat.until(lambda: seat.screen.name == "results", timeout=90)
    match = seat.screen.match
    assert seat.screen.role == "kosovo"
    from game.table.table import Table

    with Store(server.db) as store:
        table = Table(store, match.id)
        allowed = {e.seq: e for e in table.log("kosovo")}
        secrets_of_others = [o.text for r in ("serbia", "nato", "eu")
                             for o in table.game.content.roles[r].objectives if o.secret]
    for entry in match.remote_table.entries:
        want = allowed[entry.seq]
        assert entry.role == want.role and entry.action == want.action
        assert [ev.text for ev in entry.events] == [ev.text for ev in want.events]
    drawn = json.dumps(match.view("kosovo")) + " ".join(line.text for line in match.log_lines("kosovo"))
    assert not any(secret in drawn for secret in secrets_of_others)
    _no_secret_of_others(match, "kosovo")
    _close(projector)
    _close(seat)


def test_the_joined_windows_screens_are_readable(make_driver, tmp_path: Path) -> None:
    """The projector, a seat and a seat whose server went away, as the README shows them: the
    countdown and the connection's state are on screen, nothing below 13 px, nothing cut."""
    from game.ui.screenshots_server import capture

    make_driver()  # the headless display
    shots = capture(tmp_path, (1280, 720))
    expected = {"server_projector": ["left (crisis)", "Waiting for Kosovo", "KECI ladder"],
                "server_seat": ["left (crisis)", "Choose your response"],
                "server_offline": ["Connection to the server lost", "trying again"]}
    assert set(shots) == set(expected)
    for name, needles in expected.items():
        drawn = shots[name][1]
        texts = "\n".join(d.text for d in drawn)
        for needle in needles:
            assert needle in texts, f"{name}: expected {needle!r}"
        assert not [d.text for d in drawn if d.overflow], name
        assert min(d.px for d in drawn) >= 13, name
    projector_text = "\n".join(d.text for d in shots["server_projector"][1])
    for private in ("Objectives", "Your move", "(Secret)", "Order this", "Choose your response"):
        assert private not in projector_text, private


def test_a_deadline_set_from_the_facilitators_window_counts_down_on_the_seats(make_driver,
                                                                                server: Server) -> None:
    """Set through the facilitator code from the window, a deadline is pushed to the seat's window
    (no key pressed there) and counts down in its top bar; the facilitator's screen shows it too.
    (The server's timekeeper enforces it: tests/game/server.)"""
    from game.ui.banner import clock_label

    codes = server.open_table(["kosovo=human", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])["codes"]
    seat = make_driver()
    _join(seat, server.url, codes["kosovo"])
    seat.until(lambda: seat.screen.name == "board", timeout=60)
    facilitator = make_driver(db="f.db")
    _join(facilitator, server.url, codes["facilitator"])
    facilitator.until(lambda: facilitator.screen.name == "facilitator", timeout=60)
    fs = facilitator.screen
    assert fs.view()["phase"] == "crisis" and "kosovo" in fs.view()["waiting_for"]
    facilitator.click_at(fs.minutes.rect.center)
    facilitator.key(pygame.K_a, pygame.KMOD_CTRL)
    facilitator.type("3")
    facilitator.key(pygame.K_RETURN)
    facilitator.click("Set deadline")
    seat.until(lambda: (clock_label(seat.screen.match.view("kosovo")) or "").startswith(("◷ 3:00", "◷ 2:5")),
               timeout=30)
    assert "clock" in seat.screen.rects
    facilitator.until(lambda: (clock_label(fs.view()) or "").startswith(("◷ 3:00", "◷ 2:5")), timeout=30)
    assert fs.view()["table"]["deadlines"] == {"crisis": 3}
    _close(seat)
    _close(facilitator)


def test_a_seat_takes_its_move_back_over_the_server(make_driver, server: Server) -> None:
    codes = server.open_table(["kosovo=human", "serbia=human", "nato=ai:easy", "eu=ai:easy"])["codes"]
    d = make_driver()
    _join(d, server.url, codes["kosovo"])
    d.until(lambda: d.screen.name == "board", timeout=60)
    match = _remote(d)
    if d.screen.briefing_for is not None:
        d.key(pygame.K_RETURN)
    d.until(lambda: "nato" not in match.game.waiting_for() and "eu" not in match.game.waiting_for(), timeout=60)
    # Seats of a server's table move at the same time: Serbia's window may answer before Kosovo's.
    serbia = make_driver(db="serbia.db")
    _join(serbia, server.url, codes["serbia"])
    serbia.until(lambda: serbia.screen.name == "board", timeout=60)
    assert serbia.screen.viewer == "serbia" and serbia.screen.my_move
    _close(serbia)
    d.key(pygame.K_RETURN)  # answer the crisis; Serbia has not, so the phase stays open
    d.until(lambda: match.pending is None and "kosovo" not in match.game.waiting_for(), timeout=60)
    assert match.can_undo("kosovo")
    said: list[str] = []
    d.app.toast = lambda message, seconds=4.0: said.append(message)  # type: ignore[method-assign]
    # The screen stays Kosovo's while the game waits for Serbia (no other role's briefing or view).
    d.frame(3)
    assert d.screen.viewer == "kosovo" and d.screen.briefing_for is None
    d.key(pygame.K_z, pygame.KMOD_CTRL)
    assert said == ["Asking the server to take your last move back…"]
    d.until(lambda: "kosovo" in match.game.waiting_for(), timeout=60)
    with Store(server.db) as store:
        kinds = [(e["kind"], e["role"]) for e in store.log(match.id)][-2:]
    assert kinds == [("action", "kosovo"), ("undo", "kosovo")]
    assert not match.can_undo("kosovo")
    _close(d)


def test_a_finished_game_opens_on_the_debrief(make_driver, server: Server) -> None:
    """Every seat is the computer's: the server plays the game to its end; the spectator code
    then opens the debrief, with the scores the server gives."""
    codes = server.open_table(["kosovo=ai:easy", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"])["codes"]
    d = make_driver()
    import httpx

    def ended() -> bool:
        board = httpx.get(f"{server.url}/api/board", headers={"Authorization": f"Bearer {codes['spectator']}"},
                          timeout=30).json()
        return board["phase"] == "ended"

    end = time.monotonic() + 300
    while not ended():
        assert time.monotonic() < end, "the server did not finish an all-AI game in 300 s"
        time.sleep(1)
    _join(d, server.url, codes["spectator"])
    d.until(lambda: d.screen.name == "end", timeout=60)
    match = _remote(d)
    d.frame(2)
    assert match.game.over
    assert match.game.scores() == match.view(None)["scores"]
    _close(d)


def test_a_joined_window_words_a_neutral_table(make_driver, server: Server) -> None:
    """The server's welcome says the table's wording: the joined board shows Kosovo*, the map's
    names in both languages and the footnote once, at the foot of the window."""
    from game.ui import text
    from rules import wording

    codes = server.open_table(["kosovo=human", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"],
                              wording="neutral")["codes"]
    d = make_driver()
    _join(d, server.url, codes["kosovo"])
    d.until(lambda: d.screen.name == "board" and _remote(d).wording == "neutral", timeout=60)
    if d.screen.briefing_for is not None:
        d.key(pygame.K_RETURN)
    d.screen.dirty = True
    text.recording(True)
    d.frame(2)
    drawn = [x.text for x in text.RECORD]
    text.recording(False)
    assert drawn.count(wording.footnote("neutral")) == 1
    joined = "\n".join(drawn)
    assert "Kosovo*" in joined and "Pristina/Prishtinë" in joined and "Banjska/Banjskë" in joined
    _close(d)
