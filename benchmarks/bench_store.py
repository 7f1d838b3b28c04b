"""Persistence speed: a committed action against a bare INSERT + COMMIT on the same database.

Run: ``python benchmarks/bench_store.py [--games N] [--db URL ...] [--no-postgres]``.

By default it measures a temporary SQLite file (WAL, ``synchronous=FULL``, as the game opens it)
and, when a server answers at the tests' URL, PostgreSQL in a fresh schema of its own that is
dropped afterwards (no other schema is touched).

For every move of greedy games it times, back to back on the same database and the same
connection settings, (a) ``Store.act`` — apply the rules, append the log entry, move the
session row on, a snapshot at each new turn, commit — and a bare ``INSERT`` of a row of the
same size into a scratch table, committed through the raw driver (b) in an explicit transaction
(``BEGIN`` + ``INSERT`` + ``COMMIT``) and (c) in autocommit mode (the ``INSERT`` alone, one
round trip: the stricter yardstick, since the store's move is one statement on PostgreSQL).
The ratios of the medians are the program's own cost per move in units of what the disk and the
server cost anyway; the goal (issue 15) is a ratio <= 2. The three run interleaved, in rotating
order, which keeps the ratios fair on a busy machine; each one's CPU time in this process is
printed too (the program's own work, which load inflates far less than the disk's waits).
Also printed: ms to resume a finished game as a new program would (open the database, read the
content from its cache, latest snapshot + replay; imports excluded), and bytes per game.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.players import greedy_player
from game.store import Store, _content_for
from rules.loader import shipped_content

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: What is timed for every move: the store's commit and the two bare commits (see _bare_inserts).
KINDS = ("act", "tx", "auto")


def _bare_inserts(store: Store) -> tuple[dict[str, Callable[[str], None]], Callable[[], None]]:
    """Two bare commits of one row through the raw driver, on the store's own database and a
    connection from the store's own pool (the same settings: WAL and ``synchronous=FULL`` on
    SQLite, the server's ``synchronous_commit`` on PostgreSQL):

    * ``tx``: an explicit transaction, ``BEGIN [IMMEDIATE]`` + ``INSERT`` + ``COMMIT`` (three
      round trips on PostgreSQL: psycopg sends its ``BEGIN`` on its own);
    * ``auto``: the single ``INSERT`` in autocommit mode, its own transaction (one round trip):
      the cheapest committed insert the driver can do, the stricter yardstick.
    """
    raw: Any = store.engine.raw_connection()
    driver: Any = raw.driver_connection
    sqlite = store.engine.dialect.name == "sqlite"
    if sqlite:  # the store's connections run in autocommit mode and issue BEGIN IMMEDIATE themselves
        driver.execute("CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, payload TEXT)")
    else:
        driver.execute("CREATE TABLE IF NOT EXISTS bench_bare (id SERIAL PRIMARY KEY, payload JSONB)")
        driver.commit()
    sql = f"INSERT INTO bench_bare (payload) VALUES ({'?' if sqlite else '%s'})"
    cur = driver.cursor()

    def tx(payload: str) -> None:
        if sqlite:
            cur.execute("BEGIN IMMEDIATE")
            cur.execute(sql, (payload,))
            cur.execute("COMMIT")
        else:
            cur.execute(sql, (payload,))
            driver.commit()

    def auto(payload: str) -> None:
        if not sqlite:
            driver.autocommit = True
        cur.execute(sql, (payload,))  # committed on its own
        if not sqlite:
            driver.autocommit = False

    def close() -> None:
        cur.close()
        raw.close()

    return {"tx": tx, "auto": auto}, close


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def measure(url: str, label: str, games: int) -> dict[str, Any]:
    wall: dict[str, list[float]] = {kind: [] for kind in KINDS}
    cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}  # this thread's CPU: the program's own work
    ids: list[int] = []
    with Store(url) as store:
        bares, close = _bare_inserts(store)
        try:
            for seed in range(games):
                sid = store.create("standard", seed)
                ids.append(sid)
                rng = random.Random(seed)
                game = store.load(sid)
                while not game.over:
                    action = greedy_player(game, game.waiting_for()[0], rng)
                    # A row about the size of a log entry with its events.
                    row = json.dumps({"action": action.to_json(), "events": [], "turn": game.state.turn}) + " " * 300
                    shift = len(wall["act"]) % 3  # the order rotates: none always runs first
                    for kind in (KINDS[shift:] + KINDS[:shift]):
                        c, t = time.thread_time(), time.perf_counter()
                        if kind == "act":
                            store.act(sid, action)
                        else:
                            bares[kind](row)
                        wall[kind].append(time.perf_counter() - t)
                        cpu[kind].append(time.thread_time() - c)
                    game.apply(action)
        finally:
            close()
    resumes = []
    for sid in ids:
        # As a new program would: nothing in memory, so the timing includes reading the content
        # (from its validated cache on disk), opening the database, the snapshot and the replay.
        shipped_content.cache_clear()
        _content_for.cache_clear()
        t = time.perf_counter()
        with Store(url) as fresh:
            fresh.load(sid)
        resumes.append(time.perf_counter() - t)
    out: dict[str, Any] = {"store": label, "actions": len(wall["act"])}
    for kind, times in wall.items():
        out[f"{kind}_p50_ms"] = statistics.median(times) * 1000
        out[f"{kind}_p95_ms"] = _percentile(times, 0.95) * 1000
        out[f"{kind}_cpu_p50_ms"] = statistics.median(cpu[kind]) * 1000
        out[f"{kind}_cpu_mean_ms"] = statistics.mean(cpu[kind]) * 1000
    out["ratio_tx"] = out["act_p50_ms"] / out["tx_p50_ms"]
    out["ratio_auto"] = out["act_p50_ms"] / out["auto_p50_ms"]
    return {**out,
            "resume_median_ms": statistics.median(resumes) * 1000, "resume_max_ms": max(resumes) * 1000}


@contextmanager
def postgres_schema(base: str) -> Iterator[str | None]:
    """A fresh schema for this run (dropped afterwards), or None if no server answers."""
    import sqlalchemy

    try:
        admin = sqlalchemy.create_engine(base, connect_args={"connect_timeout": 2})
        schema = f"keci_bench_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except Exception:  # noqa: BLE001 - any failure means "no server for us"
        yield None
        return
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def report(result: dict[str, Any]) -> None:
    print(f"{result['store']}: {result['actions']} committed actions")
    rows = (("act", "Store.act"), ("tx", "bare BEGIN+INSERT+COMMIT"), ("auto", "bare INSERT, autocommit"))
    for kind, name in rows:
        print(f"  {name:26s} p50 {result[kind + '_p50_ms']:6.3f} ms   p95 {result[kind + '_p95_ms']:6.3f} ms   "
              f"CPU of this process p50 {result[kind + '_cpu_p50_ms']:6.3f} ms, mean {result[kind + '_cpu_mean_ms']:6.3f} ms")
    for key, name in (("ratio_tx", "BEGIN+INSERT+COMMIT"), ("ratio_auto", "INSERT, autocommit")):
        verdict = "ok" if result[key] <= 2 else "over"
        print(f"  ratio p50 act / p50 bare {name:20s} {result[key]:.2f}   goal <= 2: {verdict}")
    print(f"  resume a finished game: median {result['resume_median_ms']:.1f} ms, max {result['resume_max_ms']:.1f} ms "
          "(goal <= 100 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=4, help="greedy games per database (default 4)")
    parser.add_argument("--db", action="append", default=[], help="a database URL to measure (repeatable)")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL run")
    parser.add_argument("--json", action="store_true", help="also print the results as one JSON line")
    args = parser.parse_args()
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="keci-bench-store-"))
    try:
        path = tmp / "bench.db"
        results.append(measure(str(path), "SQLite file (WAL, synchronous=FULL)", args.games))
        size = sum(f.stat().st_size for f in tmp.iterdir())
        report(results[-1])
        print(f"  database bytes per game (incl. WAL): {size / args.games:,.0f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for url in args.db:
        results.append(measure(url, url, args.games))
        report(results[-1])
    if not args.no_postgres and not args.db:
        with postgres_schema(POSTGRES) as url:
            if url is None:
                print(f"PostgreSQL: no server answers at {POSTGRES}; skipped")
            else:
                results.append(measure(url, "PostgreSQL (fresh schema)", args.games))
                report(results[-1])
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
