"""``debrief ID [ID…] --out report.pdf [--csv DIR]`` and ``briefings ID --out DIR``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.db.errors import StoreError

# The store (SQLAlchemy) is imported by the commands that open it, as in game.facilitator_cli:
# every command builds the whole parser.


def cmd_debrief(args: argparse.Namespace) -> int:
    from game.debrief.csv_export import write_csv
    from game.debrief.pdf import write_report
    from game.debrief.record import build
    from game.store import Store

    with Store(args.db) as store:
        records = [build(store, session_id) for session_id in args.ids]
    out = Path(args.out)
    if not out.parent.is_dir():
        raise StoreError(f"cannot write {out}: no folder {out.parent}")
    try:
        write_report(records, out)
        files = [str(out)] + ([str(p) for p in write_csv(records, Path(args.csv))] if args.csv else [])
    except OSError as exc:
        raise StoreError(f"cannot write the review: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps({"sessions": args.ids, "files": files}, indent=2))
    else:
        print("\n".join(files))
    return 0


def cmd_briefings(args: argparse.Namespace) -> int:
    from game.debrief.briefings import write_briefings
    from game.store import Store

    with Store(args.db) as store:
        game = store.load(args.id)
        mode = store.info(args.id).wording
    try:
        files = write_briefings(game, Path(args.out), mode)
    except OSError as exc:
        raise StoreError(f"cannot write the briefings to {args.out}: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps({"session": args.id, "files": [str(f) for f in files]}, indent=2))
    else:
        print("\n".join(str(f) for f in files))
    return 0


def add_debrief_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    debrief = sub.add_parser("debrief", help="the after-action review of one or several sessions as a PDF (and CSV)")
    debrief.add_argument("ids", type=int, nargs="+", metavar="ID", help="session id(s); several give a class comparison")
    debrief.add_argument("--out", required=True, metavar="REPORT.pdf")
    debrief.add_argument("--csv", metavar="DIR", help="also write moves.csv, tracks.csv and deals.csv here")
    debrief.add_argument("--db", help="database URL or SQLite file (default: $KECI_DB or saves/keci.db)")
    debrief.add_argument("--json", action="store_true")
    debrief.set_defaults(func=cmd_debrief)
    brief = sub.add_parser("briefings", help="one printable PDF briefing per role and a public primer")
    brief.add_argument("id", type=int, metavar="ID")
    brief.add_argument("--out", required=True, metavar="DIR")
    brief.add_argument("--db", help="database URL or SQLite file (default: $KECI_DB or saves/keci.db)")
    brief.add_argument("--json", action="store_true")
    brief.set_defaults(func=cmd_briefings)
