"""The facilitator's Print over a server table: the archive from the server, unpacked to a folder."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

from game.ui import net, printing
from tests.game.server.conftest import Server

ROLES = ("kosovo", "serbia", "nato", "eu")


def test_print_on_a_server_table_fetches_every_briefing_with_the_facilitator_code(tmp_path: Path,
                                                                                 monkeypatch) -> None:
    monkeypatch.setattr(printing, "BRIEFINGS_DIR", tmp_path / "briefings")
    server = Server(f"sqlite:///{tmp_path / 'print.db'}").start()
    try:
        codes = server.open_table([f"{r}=human" for r in ROLES])["codes"]

        def run(code: str) -> printing.BriefingJob:
            seat = net.check_code(server.url, code)
            job = printing.BriefingJob(SimpleNamespace(remote=True, code=seat))  # type: ignore[arg-type]
            deadline = time.monotonic() + 120
            while job.message is None and time.monotonic() < deadline:
                time.sleep(0.05)
            return job

        job = run(codes["facilitator"])
        assert job.ok, job.message
        assert sorted(p.name for p in job.folder.iterdir()) == sorted(
            ["primer.pdf", *[f"briefing_{r}.pdf" for r in ROLES]])
        refused = run(codes["kosovo"])  # a seat's code gets no other role's briefing
        assert not refused.ok and "only the facilitator" in str(refused.message)
    finally:
        server.stop()
