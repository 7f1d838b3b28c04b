"""Run the server with a fresh classroom table and print its codes: for trying the web pages.

``python -m game.web.dev [--db URL] [--port 8765] [--seed N] [--json]`` — for trying the pages
and for the speed benchmark (which needs the server in a process of its own).
It opens one table through the table layer, issues the server's codes for it, and then runs the
very application ``python main.py serve`` runs (one worker): the same hub, codes, visibility rule
and pushes, so what is tried or measured here is what a class gets.
"""

from __future__ import annotations

import argparse
import json
import sys

import uvicorn

from game.db.connect import resolve_url
from game.server.app import create_app
from game.server.messages import MAX_MESSAGE_BYTES
from game.store import SeatSpec, Store
from game.table import codes
from game.table.table import Table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.web.dev", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="store URL (default: saves/keci.db)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scenario", default="classroom")
    parser.add_argument("--json", action="store_true", help="print the codes as one JSON line")
    args = parser.parse_args(argv)
    url = resolve_url(args.db)
    seats = [SeatSpec("kosovo", display_name="Arbër Krasniqi"), SeatSpec("serbia", display_name="Dušan Đorđević"),
             SeatSpec("nato", display_name="Team Žaneta"), SeatSpec("eu", display_name="Team Çelik")]
    with Store(url) as store:
        table = Table.open(store, args.scenario, args.seed, seats, name="Seminar — Prishtinë/Priština")
        issued = codes.issue(store, table.id)
    if args.json:
        print(json.dumps({"session": table.id, "url": f"http://{args.host}:{args.port}/", "codes": issued}),
              flush=True)
    else:
        print(f"KECI web pages on http://{args.host}:{args.port}/ — table {table.id}; codes:", flush=True)
        for who, code in issued.items():
            print(f"  {who:12} {code}", flush=True)
    uvicorn.run(create_app(url), host=args.host, port=args.port, log_level="warning",
                ws_max_size=MAX_MESSAGE_BYTES * 2, ws_per_message_deflate=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
