"""``serve`` with an address it cannot use says so in one line, before any server log."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from game import cli


def test_a_port_in_use_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = cli.main(["serve", "--db", str(tmp_path / "k.db"), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("port", ["0", "70000", "-1"])
def test_a_port_out_of_range_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str) -> None:
    code = cli.main(["serve", "--db", str(tmp_path / "k.db"), "--port", port])
    err = capsys.readouterr().err
    assert code == 2 and "--port must be between 1 and 65535" in err
