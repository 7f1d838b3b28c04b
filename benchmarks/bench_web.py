"""Web pages' speed on loopback, in the system Chromium: page load to a playable board, and how
long a move takes to appear on every other open page.

    python benchmarks/bench_web.py [--loads 10] [--moves 80] [--seed 7]

The server runs in a process of its own (``python -m game.web.dev``: the app ``main.py serve``
runs) over a fresh SQLite file; four seats and the projector are open in five browser contexts.
A move's time runs from the moment the seat's page sends it (app.js ``act``) to the moment each
other page has the new board in its DOM (app.js ``show``; every page's clock is the machine's
wall clock). Printed beside it, to say where the time goes: when the push arrived, the page's
own work per push (parsing and laying out the board, less sensitive to a busy machine), when the
next frame was drawn, and Chrome's own counters of script, style and layout time per page.
Goals: load <= 1000 ms; a move on every other page p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.web.harness import browser, free_port

ROLES = ("kosovo", "serbia", "nato", "eu")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def start_server(db: str, port: int, seed: int) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    proc = subprocess.Popen([sys.executable, "-m", "game.web.dev", "--db", db, "--port", str(port), "--seed",
                             str(seed), "--json"], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    info = json.loads(proc.stdout.readline())
    return proc, info


def calm_move(page: dict[str, Any], orders: dict[tuple[int, str], int]) -> str:
    """The calmest card (least tension in the north), else finish; Kosovo proposes in turn 1."""
    play = page["play"]

    def tension(card: dict[str, Any]) -> int:
        return next((int(e["text"].split()[1]) for e in card["effects"]
                     if e["text"].endswith(" Tension in the north")), 0)

    cards = play["cards"]
    best = min(range(len(cards)), key=lambda i: tension(cards[i]), default=None)
    if page["phase"] == "crisis":
        return f"#do-{best}"
    if page["phase"] == "negotiation":
        for p in page["proposals"]:
            if p["answers"]:
                return f"#accept-{p['number']}"
        if page["role"] == "kosovo" and page["turn"] == 1 and play["composer"] and not page["proposals"]:
            return "#send-proposal"
        return "#finish"
    key = (page["turn"], page["role"])
    if best is not None and orders.get(key, 0) < 2:
        orders[key] = orders.get(key, 0) + 1
        return f"#do-{best}"
    return "#finish"


#: Resolves with the page's record of board ``s`` (see app.js ``renders``) once it is in the DOM and
#: the next frame is drawn, with whether it is the page's move and when it last sent one. Waits on
#: the page's own events, not by polling: a poll every few ms in five pages would eat the very CPU
#: being measured (and one answer per page per move keeps the harness's own traffic small).
SHOWN = """s => new Promise((resolve, reject) => {
  const board = document.getElementById('board');
  const k = window.__keci;
  const found = () => k && k.renders.find(x => x.seq === s);
  const answer = () => ({ ...found(), yours: k.page.your_move, over: k.page.over, sentAt: k.sentAt });
  const finish = () => requestAnimationFrame(() => setTimeout(() => resolve(answer()), 0));
  if (found()) { finish(); return; }
  const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`board ${board.dataset.seq}, not ${s}`)); }, 30000);
  const mo = new MutationObserver(() => { if (found()) { mo.disconnect(); clearTimeout(timer); finish(); } });
  mo.observe(board, { attributes: true, attributeFilter: ['data-seq'] });
})"""

#: Resolves once the first board is shown (page load).
LOADED = """() => new Promise((resolve) => {
  const ready = () => window.__keci && window.__keci.firstBoardAt !== null;
  if (ready()) { resolve(window.__keci.firstBoardAt); return; }
  new MutationObserver((_, mo) => { if (ready()) { mo.disconnect(); resolve(window.__keci.firstBoardAt); } })
    .observe(document.getElementById('board'), { attributes: true, attributeFilter: ['data-seq'] });
})"""


#: Chrome's cumulative counters (seconds) of a page's main thread, and what they are called here.
METRICS = {"ScriptDuration": "script", "RecalcStyleDuration": "style", "LayoutDuration": "layout",
           "TaskDuration": "all tasks"}


def cpu_metrics(session: Any) -> dict[str, float]:
    got = {m["name"]: float(m["value"]) for m in session.send("Performance.getMetrics")["metrics"]}
    return {k: got.get(k, 0.0) for k in METRICS}


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of process ``root`` and all its descendants, from /proc: what a
    move costs, which a busy machine does not inflate the way it inflates waiting."""
    stats: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo += [child for child, (parent, _) in stats.items() if parent == pid]
    return total


def line(name: str, values: list[float], goal: str = "") -> str:
    return (f"{name}: p50 {statistics.median(values):.1f} ms, p95 {pct(values, 0.95):.1f} ms, "
            f"max {max(values):.1f} ms over {len(values)} samples{goal}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--moves", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # a busy machine may take seconds; every wait is on the page

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc, info = start_server(f"sqlite:///{tmp}/bench.db", port, args.seed)
        url, codes = info["url"], info["codes"]
        try:
            with browser() as b:
                loads = []
                for i in range(args.loads):
                    ctx = b.new_context(viewport={"width": 1366, "height": 768})
                    page = ctx.new_page()
                    page.goto(f"{url}#code={codes[ROLES[i % 4]]}")
                    loads.append(float(page.evaluate(LOADED)))
                    ctx.close()
                pages = {}
                for who in (*ROLES, "spectator"):
                    ctx = b.new_context(viewport={"width": 1920, "height": 1080} if who == "spectator" else
                                        {"width": 1366, "height": 768})
                    pg = ctx.new_page()
                    pg.goto(f"{url}#code={codes[who]}")
                    expect(pg.locator("#conn")).to_contain_text("Connected")
                    pages[who] = pg
                seq = int(pages["spectator"].evaluate("window.__keci.page.seq"))
                records = {who: pg.evaluate(SHOWN, seq) for who, pg in pages.items()}
                cdp = {who: pg.context.new_cdp_session(pg) for who, pg in pages.items()}
                for session in cdp.values():
                    session.send("Performance.enable")
                before = {who: cpu_metrics(session) for who, session in cdp.items()}
                cpu_before = cpu_seconds(proc.pid), cpu_seconds(os.getpid())
                shown: list[float] = []
                received: list[float] = []
                painted: list[float] = []
                work: list[float] = []
                orders: dict[tuple[int, str], int] = {}
                moves = 0
                started = time.perf_counter()
                for _ in range(args.moves):
                    mover = next((r for r in ROLES if records[r]["yours"]), None)
                    if records["kosovo"]["over"] or mover is None:
                        break
                    pages[mover].click(calm_move(pages[mover].evaluate("window.__keci.page"), orders))
                    seq += 1
                    moves += 1
                    records = {who: pg.evaluate(SHOWN, seq) for who, pg in pages.items()}
                    sent = float(records[mover]["sentAt"])
                    for who, rec in records.items():
                        if who == mover:
                            continue
                        shown.append(float(rec["t"]) - sent)
                        received.append(float(rec["recv"]) - sent)
                        painted.append(float(rec["frame"]) - sent)
                        work.append(float(rec["parse"]) + float(rec["build"]))
                elapsed = time.perf_counter() - started
                after = {who: cpu_metrics(session) for who, session in cdp.items()}
                cpu_server, cpu_here = cpu_seconds(proc.pid) - cpu_before[0], cpu_seconds(os.getpid()) - cpu_before[1]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"page load to playable board: p50 {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms "
          f"over {len(loads)} loads (goal <= 1000 ms)")
    if shown:
        print(line("a move shown on every other page (sent -> in the DOM)", shown, " (goal p95 <= 100 ms)"))
        print(line("  of which: sent -> pushed board received", received))
        print(line("  in-page work per push (parse + lay out)", work))
        print(line("  sent -> next frame drawn", painted))
        spent = {k: sum(after[w][k] - before[w][k] for w in pages) / max(1, moves * len(pages)) for k in METRICS}
        print("  renderer time per page per move (Chrome's counters, ms): " +
              ", ".join(f"{METRICS[k]} {v * 1000:.1f}" for k, v in spent.items()))
        print(f"  CPU per move: server {cpu_server / moves * 1000:.1f} ms; the five pages' browser with this "
              f"script and its Playwright driver {cpu_here / moves * 1000:.1f} ms")
        print(f"  {moves} moves, each to {len(pages) - 1} other pages; {moves / elapsed:.1f} moves/s with the checks")
    print(f"machine load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
