"""``python main.py serve``: run the server (uvicorn) over a database.

``serve [--db URL] [--host 127.0.0.1] [--port 8765] [--workers N]``. SQLite (the default) runs in
one process; with a PostgreSQL URL, ``--workers N`` runs N processes that learn of each other's
moves through ``LISTEN``/``NOTIFY``. Imported by the command line only when ``serve`` runs.
"""

from __future__ import annotations

import argparse
import os
from typing import Any


def add_serve_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the server: tables played from many screens at once")
    p.add_argument("--db", help="database URL or SQLite file (default: $KECI_DB or saves/keci.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL only; default 1)")
    p.set_defaults(func=cmd_serve)


def _check_free(host: str, port: int, error: type[Exception]) -> None:
    """Say in one line that the address cannot be served, before uvicorn prints its own log."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise error(f"cannot listen on {host!r}: {exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise error(f"cannot listen on {host}:{port} ({exc.strerror}); is another server running? "
                        "Choose another port with --port") from None


def cmd_serve(args: argparse.Namespace) -> int:
    from game.cli_support import UserError
    from game.db.connect import open_engine, resolve_url

    url = resolve_url(args.db)
    if args.workers < 1:
        raise UserError("--workers must be at least 1")
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port must be between 1 and 65535, not {args.port}")
    _check_free(args.host, args.port, UserError)
    if args.workers > 1 and not url.startswith("postgresql"):
        raise UserError("several workers need a PostgreSQL database (--db postgresql+psycopg://...): "
                        "SQLite serves from one process")
    engine, _ = open_engine(url)  # check (and create) the schema once, before the workers start
    engine.dispose()
    os.environ["KECI_DB"] = url
    import uvicorn

    from game.server.messages import MAX_MESSAGE_BYTES

    print(f"KECI server on http://{args.host}:{args.port} ({args.workers} worker(s)); Ctrl+C stops it", flush=True)
    # No per-message compression: a board is a few kilobytes, and deflating every push for every
    # client cost a fifth of the event loop's time per move (bench_server, profiled).
    uvicorn.run("game.server.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                ws_max_size=MAX_MESSAGE_BYTES * 2, ws_per_message_deflate=False, log_level="warning")
    return 0
