"""Serve the web pages over a store on their own, with a fresh classroom table and its codes.

``python -m game.web.dev [--db URL] [--port 8765] [--seed N] [--json]`` — for trying the pages,
the screenshot tool and the speed benchmark (which needs the server in a process of its own).
A class is run with ``python main.py serve``, whose app mounts the same routes.
"""

from __future__ import annotations

import argparse
import json
import sys

import uvicorn

from game.store import SeatSpec, Store
from game.web.api import build_app
from game.web.backend import StoreTables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.web.dev", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="store URL (default: saves/keci.db)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scenario", default="classroom")
    parser.add_argument("--json", action="store_true", help="print the codes as one JSON line")
    args = parser.parse_args(argv)
    store = Store(args.db)
    tables = StoreTables(store)
    seats = [SeatSpec("kosovo", display_name="Arbër Krasniqi"), SeatSpec("serbia", display_name="Dušan Đorđević"),
             SeatSpec("nato", display_name="Team Žaneta"), SeatSpec("eu", display_name="Team Çelik")]
    session, codes = tables.open_table(args.scenario, args.seed, seats, name="Seminar — Prishtinë/Priština")
    if args.json:
        print(json.dumps({"session": session, "url": f"http://{args.host}:{args.port}/", "codes": codes}), flush=True)
    else:
        print(f"KECI web pages on http://{args.host}:{args.port}/ — table {session}; codes:", flush=True)
        for who, code in codes.items():
            print(f"  {who:12} {code}", flush=True)
    uvicorn.run(build_app(tables), host=args.host, port=args.port, log_level="warning", ws_max_size=65_536)
    return 0


if __name__ == "__main__":
    sys.exit(main())
