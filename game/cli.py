"""The command line: ``python main.py COMMAND`` (or ``keci COMMAND``).

Every error reaches the user as one clear line on stderr and a non-zero exit code, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from game.engine import Game
from game.players import PLAYERS, play_out
from rules.loader import CONTENT_DIR, Content, ContentError, load_content
from rules.values import Event


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2))


def _content_with(scenario: str) -> tuple[Content, str]:
    """Load the content; a scenario given as a path is validated and added to it."""
    path = Path(scenario)
    if scenario.endswith((".yaml", ".yml")) or path.exists():
        if not path.is_file():
            raise UserError(f"scenario file not found: {scenario}")
        content = load_content(extra_scenarios=[path])
        import yaml
        scenario_id = yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
        return content, scenario_id
    content = load_content()
    if scenario not in content.scenarios:
        raise UserError(f"unknown scenario {scenario!r} (known: {', '.join(sorted(content.scenarios))})")
    return content, scenario


# -- demo ---------------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    content, scenario = _content_with(args.scenario)
    game, events = Game.new(content, scenario, args.seed)
    rng = random.Random(args.seed)
    player = PLAYERS[args.players]
    log: list[Event] = list(events)
    play_out(game, {r: player for r in game.state.seats}, rng, log.extend)
    if args.json:
        _emit(game.summary())
        return 0
    print(f"KECI demo: scenario {scenario}, seed {args.seed}, {args.players} players in every seat")
    for e in log:
        if e.visible_to is not None or e.kind in ("orders", "negotiation"):
            continue  # secret orders and bookkeeping stay out of the public log
        indent = "" if e.kind in ("turn", "ending") else "  "
        if e.kind == "turn":
            print()
        print(f"{indent}{e.line()}")
    summary = game.summary()
    print()
    print(f"Ending: {summary['ending']} after {summary['turns_played']} turns and {summary['actions']} actions")
    print("Scores: " + ", ".join(f"{content.roles[r].name} {s}" for r, s in summary["scores"].items()))
    return 0


# -- rules --------------------------------------------------------------------------------

def cmd_rules_check(args: argparse.Namespace) -> int:
    extra = []
    if args.path:
        path = Path(args.path)
        if not path.exists():
            raise UserError(f"no such file or folder: {args.path}")
        if path.is_file():
            inside_content = path.resolve().is_relative_to(CONTENT_DIR.resolve())
            if not inside_content:
                extra.append(path)
    try:
        content = load_content(CONTENT_DIR if not (args.path and Path(args.path).is_dir()) else args.path,
                               extra_scenarios=extra)
    except ContentError as exc:
        for issue in exc.issues:
            print(str(issue), file=sys.stderr)
        print(f"{len(exc.issues)} problem(s) found", file=sys.stderr)
        return 1
    print(f"OK: {len(content.roles)} roles, {len(content.tracks)} tracks, {len(content.actions)} actions, "
          f"{len(content.crises)} crisis cards, {len(content.commitments)} commitments, "
          f"{len(content.candidates)} candidates, {len(content.allies)} non-recognizing Allies, "
          f"{len(content.scenarios)} scenarios")
    return 0


def export_content(content: Content) -> dict[str, Any]:
    def dump(items: dict[str, Any]) -> list[dict[str, Any]]:
        return [item.model_dump(mode="json") for item in items.values()]

    return {
        "roles": dump(content.roles), "tracks": dump(content.tracks), "role_tracks": dump(content.role_tracks),
        "actions": dump(content.actions), "cards": dump(content.crises), "commitments": dump(content.commitments),
        "candidates": dump(content.candidates), "allies": dump(content.allies),
        "phases": [p.model_dump(mode="json") for p in content.keci.phases],
        "keci": content.keci.model_dump(mode="json", exclude={"phases"}),
        "negotiation": content.negotiation.model_dump(mode="json"), "endings": dump(content.endings),
        "scenarios": dump(content.scenarios),
    }


def cmd_rules_export(args: argparse.Namespace) -> int:
    content = load_content()
    data = export_content(content)
    if args.json:
        _emit(data)
    else:
        for key, value in data.items():
            print(f"{key}: {len(value)}")
    return 0


# -- play -------------------------------------------------------------------------------

def cmd_play(args: argparse.Namespace) -> int:
    """Open the pygame window; imported lazily so the other commands never load pygame."""
    from game.ui import run

    return run()


# -- parser -------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="keci", description="KECI: a Kosovo-NATO negotiation game.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="open the game window (the same as no command)")
    play.set_defaults(func=cmd_play)

    demo = sub.add_parser("demo", help="watch simple players play a whole game")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--scenario", default="standard", help="scenario id or a scenario YAML file")
    demo.add_argument("--players", choices=sorted(PLAYERS), default="greedy")
    demo.add_argument("--json", action="store_true", help="print one JSON summary instead of the log")
    demo.set_defaults(func=cmd_demo)

    rules = sub.add_parser("rules", help="check or export the rules content")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = rules_sub.add_parser("check", help="validate the content (or one file) and report every problem")
    check.add_argument("path", nargs="?", help="a content folder or one scenario/content file")
    check.set_defaults(func=cmd_rules_check)
    export = rules_sub.add_parser("export", help="print the loaded content")
    export.add_argument("--json", action="store_true")
    export.set_defaults(func=cmd_rules_export)
    from game.simulate import add_simulate_parser
    add_simulate_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return cmd_play(args)  # no command: open the game window
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for issue in exc.issues:
            print(str(issue), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
