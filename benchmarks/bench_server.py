"""Server latency and throughput on loopback: N tables x (4 seats + a spectator), bounded in time.

    python benchmarks/bench_server.py [--tables 50] [--seconds 30] [--db URL] [--workers 1]
                                      [--pace SECONDS] [--url http://HOST:PORT]

Starts ``python main.py serve`` on a free port (SQLite in a temporary folder by default; with a
PostgreSQL URL and ``--workers 2``, clients of one table land on different workers and hear each
other's moves through LISTEN/NOTIFY), opens the tables over HTTP and connects five WebSocket
clients per table. Each table's seats then play (the first legal option that ends their part of
the phase), one move at a time per table, all tables at once. For each move it measures the time
from sending it to the moment the last of the five clients has received it, and prints
p50/p95/max in milliseconds, moves per second, and the server's CPU time per move (user +
system of the server and its workers, read from /proc: steadier than wall time on a shared
machine).

Two runs are printed. *Saturation*: every seat moves the moment it is waited for (zero thinking
time), so the server is as busy as it can be and the latency is mostly queueing behind the
other tables' moves. *Class pace*: each table makes a move every ``--pace`` seconds on average
(default 3 s, exponentially distributed). A table is four teams who read the board and talk
before each move; three seconds between the table's moves is already brisk for a class, so
this models 50 busy classes on one server. ``--pace 0`` prints saturation only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
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


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the server process and its children (uvicorn's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


class TableRun:
    def __init__(self, url: str, codes: dict[str, str], pace: float = 0.0, seed: int = 0) -> None:
        self.url, self.codes, self.pace = url, codes, pace
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.moves = 0

    async def connect(self) -> None:
        """The table's five clients join (before the clock starts: joining is not a move)."""
        ws_url = self.url.replace("http", "ws") + "/ws"
        self.socks: dict[str, Any] = {}
        for role in ("kosovo", "serbia", "nato", "eu", "spectator"):
            ws = await websockets.connect(ws_url, max_size=2**23)
            await ws.send(json.dumps({"type": "hello", "code": self.codes[role], "since": -1}))
            self.socks[role] = ws

    async def run(self, until: float) -> None:
        socks = self.socks
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
                if self.pace:  # the teams think before they move
                    await asyncio.sleep(self.rng.expovariate(1 / self.pace))
                    if time.perf_counter() >= until:
                        break
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


async def bench(url: str, tables: int, seconds: float, pace: float, pid: int | None,
                first_seed: int) -> tuple[list[TableRun], float, float | None]:
    """Open the tables, play them for ``seconds``; the runs, the time taken and the server's CPU."""
    async with httpx.AsyncClient(timeout=60) as client:
        opened = []
        for i in range(tables):
            r = await client.post(f"{url}/api/tables", json={"scenario": "classroom", "seed": first_seed + i,
                                                              "seats": SEATS, "name": f"bench {i}"})
            r.raise_for_status()
            opened.append(r.json()["codes"])
    runs = [TableRun(url, codes, pace, first_seed + i) for i, codes in enumerate(opened)]
    for run in runs:
        await run.connect()
    await asyncio.sleep(1.0)  # let the welcomes and first boards arrive before the clock starts
    cpu = server_cpu(pid) if pid is not None else 0.0
    start = time.perf_counter()
    await asyncio.gather(*(run.run(start + seconds) for run in runs))
    took = time.perf_counter() - start
    return runs, took, (server_cpu(pid) - cpu if pid is not None else None)


def report(title: str, runs: list[TableRun], took: float, cpu: float | None) -> None:
    lat = sorted(x for r in runs for x in r.latencies)
    moves = sum(r.moves for r in runs)
    if not lat:
        print(f"{title}: no move was measured")
        return
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)]
    print(f"{title}: {moves} moves in {took:.1f} s ({moves / took:.1f} moves/s)")
    print(f"  submission -> last client received: p50 {statistics.median(lat):.1f} ms, p95 {p95:.1f} ms, "
          f"max {lat[-1]:.1f} ms (goal: p95 <= 50 ms)")
    if cpu is not None:
        print(f"  server CPU: {cpu:.1f} s, {cpu / moves * 1000:.2f} ms per move")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pace", type=float, default=3.0,
                        help="mean seconds between a table's moves in the class-pace run (0: saturation only)")
    parser.add_argument("--url", help="use a server already running at this address (for profiling it)")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"{args.tables} tables x (4 seats + spectator), {args.workers} worker(s), "
          f"{'PostgreSQL' if args.db and args.db.startswith('postgres') else 'SQLite'}, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "bench.db")
        proc, url = start_server(db, args.workers) if args.url is None else (None, args.url)
        pid = proc.pid if proc is not None else None
        try:
            runs, took, cpu = asyncio.run(bench(url, args.tables, args.seconds, 0.0, pid, 1000))
            report("saturation (no thinking time)", runs, took, cpu)
            if args.pace > 0:
                runs, took, cpu = asyncio.run(bench(url, args.tables, args.seconds, args.pace, pid, 5000))
                report(f"class pace (a move per table every {args.pace:g} s on average)", runs, took, cpu)
        finally:
            if proc is not None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()
