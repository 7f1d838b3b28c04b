"""The window joined to a real server, for the README's pictures and the screenshot test.

``python -m game.ui.screenshots_server docs/screenshots`` starts ``python main.py serve`` on a
free loopback port over a scratch database, opens a table, sets a deadline with the facilitator
code, joins it from the window as the projector (spectator code) and as Kosovo, then stops the
server to show what a seat sees while the connection is down.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pygame

from game.ui.app import App
from game.ui.net import check_code
from game.ui.remote import RemoteMatch
from game.ui.screenshots import Shots, make_app, shooter

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "serve", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start within 60 s")


def _wait(app: App, done: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise RuntimeError("the window did not get there in time")
        app.step()
        time.sleep(0.01)


def capture(workdir: Path, size: tuple[int, int]) -> Shots:
    from game.ui.screens.join import open_remote
    from game.ui.screens.new_game import shipped_content

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _serve(workdir / "server.db", port)
    shots: Shots = {}
    app = make_app(workdir, size)
    shot = shooter(app, shots)

    def join(code: str) -> RemoteMatch:
        match = RemoteMatch(shipped_content(), check_code(url, code))
        _wait(app, lambda: (match.refresh(), match.ready)[1])
        open_remote(app, match)
        return match

    try:
        opened = httpx.post(f"{url}/api/tables", json={"scenario": "classroom", "seed": 3, "seats": [
            "kosovo=human", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"]}, timeout=30).json()
        codes = opened["codes"]
        httpx.post(f"{url}/api/act", headers={"Authorization": f"Bearer {codes['facilitator']}"}, timeout=30,
                   json={"id": "deadline", "params": {"phase": "crisis", "minutes": 8, "on_timeout": "finish"}})
        projector = join(codes["spectator"])
        shot("server_projector")
        projector.close()
        seat = join(codes["kosovo"])
        board = app.screen
        board.close_briefing()  # type: ignore[attr-defined]
        shot("server_seat")
        proc.terminate()
        proc.wait(15)
        _wait(app, lambda: seat.state == "offline")
        shot("server_offline")
        seat.close()
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(15)
        app.store.close()
    return shots


def main(argv: list[str]) -> int:
    import tempfile

    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (surface, _) in capture(Path(tmp), (1280, 720)).items():
            pygame.image.save(surface, str(out / f"{name}_1280x720.png"))
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
