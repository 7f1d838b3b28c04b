"""Persistence speed: a committed action against a bare INSERT + COMMIT on the same database.

Run: ``python benchmarks/bench_store.py [--games N] [--db URL ...] [--no-postgres]``.

By default it measures a temporary SQLite file (WAL, ``synchronous=FULL``, as the game opens it)
and, when a server answers at the tests' URL, PostgreSQL in a fresh schema of its own that is
dropped afterwards (no other schema is touched).

For every move of greedy games it times, back to back on the same database and the same
connection settings, (a) ``Store.act`` — apply the rules, append the log entry, move the
session row on, a snapshot at each new turn, commit — and (b) a bare ``INSERT`` of a row of the
same size into a scratch table plus ``COMMIT`` through the raw driver. The ratio of the medians
is the program's own cost per move in units of what the disk and the server cost anyway; the
goal (issue 15) is a ratio <= 2. Interleaving (a) and (b) makes the ratio fair on a busy machine.
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


def _bare_insert(store: Store) -> tuple[Callable[[str], None], Callable[[], None]]:
    """An INSERT + COMMIT of one row through the raw driver on the store's own database."""
    raw: Any = store.engine.raw_connection()
    sqlite = store.engine.dialect.name == "sqlite"
    cur = raw.cursor()
    if sqlite:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, payload TEXT)")
    else:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_bare (id SERIAL PRIMARY KEY, payload JSONB)")
        raw.commit()
    sql = f"INSERT INTO bench_bare (payload) VALUES ({'?' if sqlite else '%s'})"

    def insert(payload: str) -> None:
        if sqlite:  # the game's connections run in autocommit mode and issue BEGIN IMMEDIATE themselves
            cur.execute("BEGIN IMMEDIATE")
            cur.execute(sql, (payload,))
            cur.execute("COMMIT")
        else:
            cur.execute(sql, (payload,))
            raw.commit()

    return insert, raw.close


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def measure(url: str, label: str, games: int) -> dict[str, Any]:
    acts: list[float] = []
    bares: list[float] = []
    ids: list[int] = []
    with Store(url) as store:
        bare, close = _bare_insert(store)
        try:
            for seed in range(games):
                sid = store.create("standard", seed)
                ids.append(sid)
                rng = random.Random(seed)
                game = store.load(sid)
                while not game.over:
                    action = greedy_player(game, game.waiting_for()[0], rng)
                    row = json.dumps({"action": action.to_json(), "events": [], "turn": game.state.turn})
                    t = time.perf_counter()
                    bare(row + " " * 300)  # about the size of a log entry with its events
                    bares.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    store.act(sid, action)
                    acts.append(time.perf_counter() - t)
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
    act50, bare50 = statistics.median(acts), statistics.median(bares)
    return {"store": label, "actions": len(acts), "act_p50_ms": act50 * 1000, "act_p95_ms": _percentile(acts, 0.95) * 1000,
            "bare_p50_ms": bare50 * 1000, "bare_p95_ms": _percentile(bares, 0.95) * 1000, "ratio_p50": act50 / bare50,
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
    print(f"  Store.act        p50 {result['act_p50_ms']:6.2f} ms   p95 {result['act_p95_ms']:6.2f} ms")
    print(f"  bare INSERT+COMMIT p50 {result['bare_p50_ms']:6.2f} ms   p95 {result['bare_p95_ms']:6.2f} ms")
    verdict = "ok" if result["ratio_p50"] <= 2 else "over"
    print(f"  ratio (p50 act / p50 bare) {result['ratio_p50']:.2f}   goal <= 2: {verdict}")
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
