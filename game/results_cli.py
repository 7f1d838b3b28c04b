"""``show ID --results [--as ROLE] [--turn N]``: the turn's results on the command line."""

from __future__ import annotations

import argparse
import json

from game.results import log_events, stakes, turn_results
from game.store import Store
from rules.core.actions import IllegalAction
from rules.core.view import view


def show_results(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        game = store.load(args.id)
        entries = store.log(args.id)
    role = args.as_role
    try:
        results = turn_results(game.content, log_events(entries), role, args.turn,
                               stakes(view(game, role), game.content))
    except ValueError as exc:
        raise IllegalAction(str(exc)) from None
    if args.json:
        print(json.dumps(results.to_json(), ensure_ascii=False, sort_keys=True, indent=2))
    else:
        print("\n".join(results.lines()))
    return 0
