"""A window joined to a server: how long another seat's move takes to reach its board, and what
the network costs the frame loop.

    python benchmarks/bench_window_join.py [--moves 30]

Starts ``python main.py serve`` on a free loopback port (SQLite in a scratch folder), opens a
classroom table with two human seats (Kosovo, Serbia) and two AI seats, joins it from a headless
window as Kosovo, and has Serbia's seat (a WebSocket client in this process) take a move and take
it back, again and again, while the window runs its frame loop. For each move: milliseconds from
Serbia's send to the window's board showing it (its frame loop read the push from the network
thread's queue; no key pressed). Also the window's frame times while this goes on (main thread,
wall clock): the network never runs inside a frame. Prints p50/p95 and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()

    import httpx
    import websockets

    from game.ui.net import check_code
    from game.ui.remote import RemoteMatch
    from game.ui.screens.join import open_remote
    from game.ui.screens.new_game import shipped_content
    from game.ui.screenshots import make_app
    from game.ui.screenshots_server import _free_port, _serve

    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        proc = _serve(Path(tmp) / "server.db", port)
        try:
            codes = httpx.post(f"{url}/api/tables", json={"scenario": "classroom", "seed": 3, "seats": [
                "kosovo=human", "serbia=human", "nato=ai:easy", "eu=ai:easy"]}, timeout=30).json()["codes"]
            app = make_app(Path(tmp), (1280, 720))
            match = RemoteMatch(shipped_content(), check_code(url, codes["kosovo"]))
            while not (match.refresh(), match.ready)[1]:
                time.sleep(0.01)
            open_remote(app, match)
            sent: dict[int, float] = {}
            stop = threading.Event()

            async def serbia() -> None:
                async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as ws:
                    await ws.send(json.dumps({"type": "hello", "code": codes["serbia"], "since": -1}))
                    board: dict[str, object] = {}
                    while "serbia" not in board.get("waiting_for", []):  # type: ignore[operator]
                        msg = json.loads(await ws.recv())
                        if msg["type"] == "board":
                            board = msg["board"]
                    await ws.send(json.dumps({"type": "legal"}))
                    legal = None
                    while legal is None:
                        msg = json.loads(await ws.recv())
                        legal = msg.get("legal") if msg["type"] == "legal" else None
                    move = legal[0]
                    params = {k: v[0] for k, v in move["params"].items()}
                    seq = int(board["seq"])  # type: ignore[call-overload]
                    for i in range(args.moves * 2):
                        sent[seq + 1] = time.perf_counter()
                        await ws.send(json.dumps({"type": "undo"} if i % 2 else
                                                 {"type": "act", "id": move["id"], "params": params}))
                        while True:
                            msg = json.loads(await ws.recv())
                            if msg["type"] == "board":
                                seq = int(msg["seq"])
                                break
                            if msg["type"] == "error":
                                raise RuntimeError(msg["message"])
                        await asyncio.sleep(0.15)  # within the server's 10 messages a second
                stop.set()

            runner = threading.Thread(target=lambda: asyncio.run(serbia()), daemon=True)
            runner.start()
            latencies: list[float] = []
            frames: list[float] = []
            cpu: list[float] = []
            seen = match.seq
            end = time.monotonic() + 300
            while not stop.is_set() and time.monotonic() < end:
                t0, c0 = time.perf_counter(), time.thread_time()
                app.step()
                t1, c1 = time.perf_counter(), time.thread_time()
                frames.append((t1 - t0) * 1000)
                cpu.append((c1 - c0) * 1000)
                if match.seq != seen:
                    for s in range(seen + 1, match.seq + 1):
                        if s in sent:
                            latencies.append((t1 - sent[s]) * 1000)
                    seen = match.seq
                time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - t0)))
            match.close()
        finally:
            proc.terminate()
            proc.wait(15)
    load = os.getloadavg()
    print(f"moves seen by the window: {len(latencies)} (of {args.moves * 2} sent: moves and take-backs)")
    print(f"another seat's move on the window's board: p50 {percentile(latencies, 50):.0f} ms, "
          f"p95 {percentile(latencies, 95):.0f} ms, max {max(latencies):.0f} ms")
    print(f"window frames meanwhile ({len(frames)}): p50 {percentile(frames, 50):.1f} ms, "
          f"p99 {percentile(frames, 99):.1f} ms, max {max(frames):.1f} ms")
    print(f"  main-thread CPU per frame: p50 {percentile(cpu, 50):.1f} ms, p99 {percentile(cpu, 99):.1f} ms, "
          f"max {max(cpu):.1f} ms (a frame that takes a push in rebuilds the board and redraws it)")
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
