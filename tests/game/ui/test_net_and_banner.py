"""The join screen's address rules, the server's clock offset, and the countdown's words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from game.ui import net
from game.ui.banner import clock_label, pause_line


def test_addresses_are_read_as_players_type_them() -> None:
    assert net.normalize("127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert net.normalize(" http://keci.example.org/ ") == "http://keci.example.org"
    assert net.ws_url("https://keci.example.org") == "wss://keci.example.org/ws"
    for bad in ("", "   ", "ftp://x", "http://:80", "host:port"):
        with pytest.raises(net.JoinError):
            net.normalize(bad)


def test_the_servers_clock_offset_comes_from_its_date_header() -> None:
    ahead = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    assert 295 <= net._skew(ahead) <= 305
    assert net._skew(format_datetime(datetime.now(UTC), usegmt=True)) == 0.0  # the same clock: none
    assert net._skew("not a date") == 0.0 and net._skew(None) == 0.0


def test_the_countdown_reads_the_servers_time() -> None:
    now = datetime.now(UTC)
    view = {"clock": {"phase": "negotiation", "minutes": 8, "due_at": (now + timedelta(seconds=90)).isoformat(),
                      "frozen_seconds": None}, "table": {"paused": None}}
    assert clock_label(view, now) == "◷ 1:30 left (negotiation)"
    assert clock_label(view, now + timedelta(seconds=120)) == "◷ time is up (negotiation)"
    view["clock"]["frozen_seconds"] = 61.2
    assert clock_label(view, now + timedelta(hours=1)) == "◷ 1:02 left — stopped"
    assert clock_label({"clock": {}}, now) is None and clock_label({}, now) is None
    assert pause_line(view) is None
    assert pause_line({"table": {"paused": "Lunch"}}) == "❚❚ Paused by the facilitator: Lunch"


class _Line:
    """What the network thread would hand over (the messages are made up; the match is real)."""

    attempts = 0

    def __init__(self, messages: list[dict[str, object]]) -> None:
        self._messages = messages

    def messages(self) -> list[dict[str, object]]:
        out, self._messages = self._messages, []
        return out

    def send(self, message: dict[str, object]) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_board_the_window_cannot_rebuild_is_said_not_raised() -> None:
    from game.ui.remote import RemoteMatch
    from game.ui.screens.new_game import shipped_content

    code = net.Seat("http://127.0.0.1:1", "c", 1, "kosovo")
    line = _Line([{"type": "link", "state": "online"}, {"type": "welcome", "seq": 0},
                  {"type": "board", "seq": 0, "board": {"scenario": "a_file_only_the_server_has", "roles": {}}}])
    match = RemoteMatch(shipped_content(), code, line)  # type: ignore[arg-type]
    assert match.refresh()
    assert match.state == "refused" and not match.ready
    assert "cannot show this table" in match.status()
