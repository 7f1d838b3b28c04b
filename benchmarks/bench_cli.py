"""Start-up cost of one CLI command: wall time, CPU time and the share spent importing.

Run: ``python benchmarks/bench_cli.py [--runs N] [--baseline DIR]``.

Each command runs as its own process (as a trainer's script runs it) against a temporary SQLite
save with one session in mid-game; the content cache is warmed first, as after the first
command of a day. Printed per command: the median wall time, the median CPU time (user + system,
less sensitive to other programs on a busy machine) and the median time spent importing modules
(measured inside the process, from its first line to the command's start).

``--baseline DIR`` runs the same commands from another checkout too (for example an older
commit unpacked with ``git archive``), interleaved run by run so both see the same load; the
ratio is then a fair comparison even when the machine is busy.

Python's compiled bytecode (``__pycache__``) is written on the warm-up run and used after it,
as on a player's machine (pip compiles an installed program; ``python main.py`` writes it on its
first run), even where ``PYTHONDONTWRITEBYTECODE`` is set, as it is in the development
environment: there every command compiled all of KECI's own modules from source, about 0.3 s of
CPU each time. ``--source`` measures that case instead.

Goals (issue 15): ``show``, ``legal``, ``log``, ``sessions`` <= 0.25 s; ``act`` <= 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Runs main.py's command and reports, on its last stderr line, how long the imports took.
RUNNER = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
import game.cli
t1 = time.perf_counter()
code = 0
try:
    code = game.cli.main(sys.argv[2:])
finally:
    print("BENCH_IMPORT", t1 - t0, file=sys.stderr)
sys.exit(code)
"""

GOALS = {"show": 0.25, "legal": 0.25, "log": 0.25, "sessions": 0.25, "act": 0.3}


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    imports: list[float] = field(default_factory=list)

    def line(self) -> str:
        wall, cpu, imp = (statistics.median(x) for x in (self.wall, self.cpu, self.imports))
        return (f"wall {wall * 1000:6.0f} ms   cpu {cpu * 1000:6.0f} ms   imports {imp * 1000:5.0f} ms "
                f"({imp / wall:4.0%} of wall)")


#: Set by --source: compile every module from source on every run (no __pycache__).
FROM_SOURCE = False


def _env(db: str) -> dict[str, str]:
    env = {**os.environ, "KECI_DB": db}
    if FROM_SOURCE:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="keci-no-pyc-")  # no stale bytecode either
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(checkout: Path, db: str, args: list[str], samples: Samples) -> str:
    env = _env(db)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUNNER, str(checkout), *args], capture_output=True, text=True,
                            cwd=checkout, env=env, check=False)
    samples.wall.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    samples.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    marker = [line for line in result.stderr.splitlines() if line.startswith("BENCH_IMPORT")]
    if result.returncode != 0 or not marker:
        raise SystemExit(f"{' '.join(args)} failed in {checkout}:\n{result.stderr}")
    samples.imports.append(float(marker[-1].split()[1]))
    return result.stdout


#: Run inside a checkout (its own code and schema): one session in mid-game, then its id.
PREPARE = """
import random, sys
from game.players import greedy_player
from game.store import Store
with Store(sys.argv[1]) as store:
    sid = store.create("standard", 5)
    rng = random.Random(5)
    game = store.load(sid)
    while game.state.turn < 4 and not game.over:
        action = greedy_player(game, game.waiting_for()[0], rng)
        store.act(sid, action)
        game.apply(action)
print(sid)
"""

#: Run inside a checkout: the act command for a legal move now (chosen outside the timing).
NEXT_MOVE = """
import json, random, sys
from game.players import greedy_player
from game.store import Store
with Store(sys.argv[1]) as store:
    game = store.load(int(sys.argv[2]))
role = game.waiting_for()[0]
action = greedy_player(game, role, random.Random(0))
print(json.dumps(["act", sys.argv[2], "--as", role, action.id, *[f"--param={k}={v}" for k, v in action.params]]))
"""


def _helper(checkout: Path, code: str, *args: str) -> str:
    """Run a helper with the checkout's own code, so each side reads a database of its own schema."""
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=checkout,
                            env={**os.environ, "PYTHONPATH": str(checkout)}, check=False)
    if result.returncode != 0:
        raise SystemExit(f"helper failed in {checkout}:\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1]


def prepare(checkout: Path, db: str) -> int:
    """One session in mid-game (three turns of greedy play), so show/legal/log have real work."""
    return int(_helper(checkout, PREPARE, db))


def next_move(checkout: Path, db: str, sid: int) -> list[str]:
    args: list[str] = json.loads(_helper(checkout, NEXT_MOVE, db, str(sid)))
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7; the median is printed)")
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with, run interleaved")
    parser.add_argument("--source", action="store_true",
                        help="no compiled bytecode: every run compiles the modules from source")
    args = parser.parse_args()
    global FROM_SOURCE
    FROM_SOURCE = args.source
    tmp = Path(tempfile.mkdtemp(prefix="keci-bench-cli-"))
    sides = {"now": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    dbs = {name: str(tmp / f"{name}.db") for name in sides}
    sids = {name: prepare(sides[name], db) for name, db in dbs.items()}
    commands: dict[str, Callable[[int], list[str]]] = {
        "show": lambda sid: ["show", str(sid), "--as", "kosovo"],
        "legal": lambda sid: ["legal", str(sid), "--as", "kosovo"],
        "log": lambda sid: ["log", str(sid)],
        "sessions": lambda sid: ["sessions"],
    }
    results: dict[str, dict[str, Samples]] = {name: {} for name in sides}
    for name, checkout in sides.items():  # warm the content cache and the OS's file cache
        run(checkout, dbs[name], ["show", str(sids[name])], Samples())
    for command, make in commands.items():
        for _ in range(args.runs):
            for name, checkout in sides.items():
                run(checkout, dbs[name], make(sids[name]), results[name].setdefault(command, Samples()))
    for _ in range(args.runs):
        for name, checkout in sides.items():
            run(checkout, dbs[name], next_move(checkout, dbs[name], sids[name]), results[name].setdefault("act", Samples()))
    print(f"KECI CLI start-up, median of {args.runs} runs per command, one process each "
          f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"{'modules compiled from source every run' if FROM_SOURCE else 'compiled bytecode cached'})")
    for name in sides:
        print(f"\n{name}: {sides[name]}")
        for command, samples in results[name].items():
            goal = GOALS[command]
            verdict = "ok" if statistics.median(samples.wall) <= goal else "over"
            print(f"  {command:9} {samples.line()}   goal <= {goal:.2f} s wall: {verdict}")
    if args.baseline:
        print("\nnow / baseline (median wall, median cpu):")
        for command in results["now"]:
            now, base = results["now"][command], results["baseline"][command]
            print(f"  {command:9} wall {statistics.median(now.wall) / statistics.median(base.wall):.2f}x   "
                  f"cpu {statistics.median(now.cpu) / statistics.median(base.cpu):.2f}x")
    print(json.dumps({name: {c: {"wall_ms": round(statistics.median(x.wall) * 1000),
                                  "cpu_ms": round(statistics.median(x.cpu) * 1000),
                                  "import_ms": round(statistics.median(x.imports) * 1000)}
                             for c, x in res.items()} for name, res in results.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
