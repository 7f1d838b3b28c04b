"""Server latency and throughput on loopback: N tables x (4 seats + a spectator), bounded in time.

    python benchmarks/bench_server.py [--tables 50] [--seconds 30] [--db URL] [--workers 1]

Starts ``python main.py serve`` on a free port (SQLite in a temporary folder by default; with a
PostgreSQL URL and ``--workers 2``, clients of one table land on different workers and hear each
other's moves through LISTEN/NOTIFY), opens the tables over HTTP and connects five WebSocket
clients per table. Each table's seats then play (a move as soon as they are waited for, the
first legal option that ends their part of the phase), one move at a time per table, all tables
at once. For each move it measures the time from sending it to the moment the last of the five
clients has received it, and prints p50/p95/max in milliseconds and moves per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
SEATS = ["kosovo=human", "serbia=human", "nato=human", "eu=human"]
PREFERRED = ("end_negotiation", "end_orders", "respond", "reject")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "serve", "--db", db, "--port", str(port),
                             "--workers", str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a busy machine starts slowly
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


class TableRun:
    def __init__(self, url: str, codes: dict[str, str]) -> None:
        self.url, self.codes = url, codes
        self.latencies: list[float] = []
        self.moves = 0

    async def run(self, until: float) -> None:
        ws_url = self.url.replace("http", "ws") + "/ws"
        socks = {}
        for role in ("kosovo", "serbia", "nato", "eu", "spectator"):
            ws = await websockets.connect(ws_url, max_size=2**23)
            await ws.send(json.dumps({"type": "hello", "code": self.codes[role], "since": -1}))
            socks[role] = ws
        boards: dict[str, dict[str, Any]] = {}
        received: dict[int, dict[str, float]] = {}
        arrived = asyncio.Event()
        legal_replies: dict[str, asyncio.Queue[list[Any]]] = {r: asyncio.Queue() for r in socks}

        async def reader(role: str, ws: Any) -> None:
            async for text in ws:
                msg = json.loads(text)
                if msg["type"] == "entry":
                    received.setdefault(msg["entry"]["seq"], {})[role] = time.perf_counter()
                    arrived.set()
                elif msg["type"] == "board":
                    boards[role] = msg["board"]
                    arrived.set()
                elif msg["type"] == "legal":
                    legal_replies[role].put_nowait(msg["legal"])

        tasks = [asyncio.create_task(reader(r, ws)) for r, ws in socks.items()]
        try:
            while time.perf_counter() < until:
                board = boards.get("spectator")
                if board is None:
                    arrived.clear()
                    await asyncio.wait_for(arrived.wait(), 30)
                    continue
                if board["phase"] == "ended" or not board["waiting_for"]:
                    break
                role = board["waiting_for"][0]
                await socks[role].send(json.dumps({"type": "legal"}))
                legal = await asyncio.wait_for(legal_replies[role].get(), 30)
                if not legal:
                    arrived.clear()
                    await asyncio.wait_for(arrived.wait(), 30)
                    continue
                t = next((t for p in PREFERRED for t in legal if t["id"] == p), legal[0])
                seq = board["seq"] + 1
                sent = time.perf_counter()
                await socks[role].send(json.dumps({"type": "act", "id": t["id"],
                                                   "params": {k: v[0] for k, v in t["params"].items()}}))
                while len(received.get(seq, {})) < 5 or boards["spectator"]["seq"] < seq:
                    arrived.clear()
                    await asyncio.wait_for(arrived.wait(), 30)
                self.latencies.append((max(received[seq].values()) - sent) * 1000)
                self.moves += 1
        finally:
            for task in tasks:
                task.cancel()
            for ws in socks.values():
                await ws.close()


async def bench(url: str, tables: int, seconds: float) -> tuple[list[TableRun], float]:
    async with httpx.AsyncClient(timeout=60) as client:
        opened = []
        for i in range(tables):
            r = await client.post(f"{url}/api/tables", json={"scenario": "classroom", "seed": 1000 + i,
                                                              "seats": SEATS, "name": f"bench {i}"})
            r.raise_for_status()
            opened.append(r.json()["codes"])
    runs = [TableRun(url, codes) for codes in opened]
    start = time.perf_counter()
    await asyncio.gather(*(run.run(start + seconds) for run in runs))
    return runs, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--url", help="use a server already running at this address (for profiling it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "bench.db")
        proc, url = start_server(db, args.workers) if args.url is None else (None, args.url)
        try:
            runs, took = asyncio.run(bench(url, args.tables, args.seconds))
        finally:
            if proc is not None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
    lat = sorted(x for r in runs for x in r.latencies)
    moves = sum(r.moves for r in runs)
    if not lat:
        raise SystemExit("no move was measured")
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)]
    print(f"{args.tables} tables x (4 seats + spectator), {args.workers} worker(s), "
          f"{'PostgreSQL' if args.db and args.db.startswith('postgres') else 'SQLite'}, {took:.1f} s")
    print(f"moves: {moves} ({moves / took:.1f} moves/s)")
    print(f"submission -> last client received: p50 {statistics.median(lat):.1f} ms, p95 {p95:.1f} ms, "
          f"max {lat[-1]:.1f} ms (goal: p95 <= 50 ms)")


if __name__ == "__main__":
    main()
