"""The command line: ``python main.py COMMAND`` (or ``keci COMMAND``).

Every error reaches the user as one clear line on stderr and a non-zero exit code, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.cli_render import board_text, entry_text, events_text, legal_text, sessions_text
from game.cli_support import UserError, content_with, deal_param_given, emit, game_deal_numbers, legal_options
from game.cli_wording import session_wording, worded_stdout
from game.db.errors import StoreError
from rules.bundle import ContentError
from rules.core.actions import Action, IllegalAction

if TYPE_CHECKING:
    from game.store import Store
    from game.table.seat import Seat
    from game.table.table import Table
    from rules.core.engine import Game
    from rules.core.log import LogEntry
    from rules.core.secrets import Reader, SeenEntry
    from rules.loader import Content
    from rules.values import Event

# Importing this module costs almost nothing: the store (SQLAlchemy), the content's validation
# (pydantic), the AI, the table, the view and the window are imported by the commands that use
# them, and a command that only reads a SQLite save is answered by game.cli_fast without any of
# them (see benchmarks/bench_cli.py).

__all__ = ["UserError", "build_parser", "main"]

#: Commands that also work against a server (``--server URL --code CODE``; ``new`` needs no code).
REMOTE_COMMANDS = ("new", "show", "legal", "act", "undo", "log", "advance")


def one_line(text: str) -> str:
    """A message as one printable line: a newline or a terminal escape in a user's input (a file
    name, a database URL) would otherwise break the line or reach the terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


_emit = emit
_content_with = content_with


# -- demo ---------------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    from game.players import PLAYERS, play_out
    from rules.core.engine import Game

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
    from rules.loader import CONTENT_DIR, load_content

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
            print(one_line(str(issue)), file=sys.stderr)
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
    from rules.loader import load_content

    content = load_content()
    data = export_content(content)
    if args.json:
        _emit(data)
    else:
        for key, value in data.items():
            print(f"{key}: {len(value)}")
    return 0


# -- sessions (persistence) ----------------------------------------------------------------

def _store(args: argparse.Namespace) -> Store:
    from game.store import Store

    return Store(args.db)


def _seat(text: str) -> Seat:
    from game.table.seat import Seat, SeatError

    try:
        return Seat.parse(text)
    except SeatError as exc:
        raise UserError(f"--seat: {exc}") from None


def cmd_new(args: argparse.Namespace) -> int:
    from rules.loader import shipped_content

    content, scenario_id = _content_with(args.scenario)
    scenario = content.scenarios[scenario_id]
    builtin = shipped_content().scenarios.get(scenario_id) == scenario
    seats = [_seat(text) for text in args.seat]
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    with _store(args) as store:
        session_id = store.create(scenario_id if builtin else scenario, seed, seats, args.name or "", args.wording)
    if args.json:
        _emit({"session": session_id})
    else:
        print(session_id)
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    with _store(args) as store:
        rows = [info.to_json() for info in store.sessions()]
    if args.json:
        _emit(rows)
        return 0
    print(sessions_text(rows), end="")
    return 0


def _role(game: Game, role: str | None) -> str | None:
    if role is not None and role not in game.state.seats:
        raise UserError(f"unknown role {role!r} (seats: {', '.join(game.state.seats)})")
    return role


def _table(store: Store, session_id: int) -> Table:
    from game.table.table import Table

    return Table(store, session_id)


def _reader(table: Table, role: str | None) -> Reader:
    """The reader ``--as`` names: a seated role, ``facilitator`` (everything) or none (public)."""
    from rules.core.secrets import FACILITATOR

    if role is not None and role != FACILITATOR and role not in table.seats:
        raise UserError(f"unknown role {role!r} (seats: {', '.join(table.roles)}, or {FACILITATOR})")
    return role


def cmd_show(args: argparse.Namespace) -> int:
    if args.results:
        from game.results_cli import show_results
        with _store(args) as store:
            _role(store.load(args.id), args.as_role)
        return show_results(args)
    with _store(args) as store:
        table = _table(store, args.id)
    game = table.game
    data = table.board(_reader(table, args.as_role))
    if args.json:
        _emit(data)
        return 0
    print(board_text(args.id, data, game.content), end="")
    return 0


def cmd_legal(args: argparse.Namespace) -> int:
    with _store(args) as store:
        game = store.load(args.id)
    role: str = args.as_role  # --as is required here
    _role(game, role)
    options = legal_options(game, role)
    if args.json:
        _emit(options)
        return 0
    print(legal_text(role, options, game.waiting_for()), end="")
    return 0


def _parse_action(game: Game, role: str, action_id: str, pairs: list[str]) -> Action:
    """Build an action from KEY=VALUE words, typing each value as the legal templates expect."""
    params: dict[str, object] = {}
    allowed: dict[str, list[object]] = {}
    for t in game.legal_actions(role):
        if t.id == action_id:
            for key, values in t.params.items():
                allowed.setdefault(key, []).extend(values)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UserError(f"--param needs KEY=VALUE (got {pair!r})")
        typed: object = value
        if any(isinstance(v, int) for v in allowed.get(key, [])):
            try:
                typed = int(value)
            except ValueError:
                raise UserError(f"--param {key} must be a whole number (got {value!r})") from None
        params[key] = typed
    return Action.make(role, action_id, **deal_param_given(action_id, params, game_deal_numbers(game, role)))


def _print_events(events: list[Event], as_json: bool, role: str | None = None) -> None:
    print(events_text(events, as_json, role), end="")


def _print_entry(entry: SeenEntry, indent: str = "") -> None:
    """One log entry as its reader may see it: the move (with an AI's reason), then its events."""
    print(entry_text(entry, indent), end="")


def cmd_act(args: argparse.Namespace) -> int:
    with _store(args) as store:
        game = store.load(args.id)
        role: str = args.as_role  # --as is required here
        _role(game, role)
        action = _parse_action(game, role, args.action, args.param)
        events = store.act(args.id, action)
    _print_events(events, args.json, role)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with _store(args) as store:
        _role(store.load(args.id), args.as_role)
        events = store.undo(args.id, args.as_role)
    _print_events(events, args.json, args.as_role)
    return 0


def cmd_advance(args: argparse.Namespace) -> int:
    """AI seats play until a human must act or the game ends. What is printed is public, or what
    ``--as ROLE`` may see: an AI's secret orders are never shown to another role."""
    played: list[SeenEntry] = []
    with _store(args) as store:
        from game.deadlines import enforce  # the facilitator's deadlines are enforced by whoever runs the table
        for e in enforce(store, args.id):
            if not args.json and e.visible_to is None:
                print(e.line())
        table = _table(store, args.id)
        reader = _reader(table, args.as_role)

        def shown(entry: LogEntry) -> None:
            seen = table.seen(entry, reader)
            played.append(seen)
            if not args.json:
                _print_entry(seen)

        table.advance(on_move=shown)
    game = table.game
    if args.json:
        _emit({"played": [p.to_json() for p in played], "waiting_for": game.waiting_for(), "turn": game.state.turn,
               "phase": game.state.phase, "ending": game.state.ending})
    else:
        waiting = ", ".join(game.waiting_for()) or "nobody"
        print(f"{len(played)} AI move(s); now turn {game.state.turn}, {game.state.phase}; waiting for: {waiting}"
              + (f"; the game has ended ({game.state.ending})" if game.over else "")
              + (f"; PAUSED by the facilitator: {game.state.paused}" if game.state.paused else ""))
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    """The log as ``--as ROLE`` may read it; without ``--as``, only what is public;
    ``--as facilitator``: everything."""
    with _store(args) as store:
        raw = store.log(args.id)  # damaged rows come back marked, the readable rest as stored
        seats = [s.role for s in store.info(args.id).seats]
    from rules.core.log import LogEntry
    from rules.core.secrets import FACILITATOR, seen_log

    reader = args.as_role
    if reader is not None and reader != FACILITATOR and reader not in seats:
        raise UserError(f"unknown role {reader!r} (seats: {', '.join(seats)}, or {FACILITATOR})")
    damaged = {e["seq"]: e for e in raw if e["kind"] == "damaged"}
    readable = [LogEntry.from_record(e["seq"], e["kind"], e["role"], e["payload"], e["created_at"])
                for e in raw if e["kind"] != "damaged"]
    seen = {e.seq: e for e in seen_log(readable, reader)}
    if damaged:
        print(f"error: {len(damaged)} log entr{'y' if len(damaged) == 1 else 'ies'} could not be read: "
              + "; ".join(e["problem"] for e in list(damaged.values())[:3]) + ("; …" if len(damaged) > 3 else ""),
              file=sys.stderr)
    order = sorted([*seen, *damaged])
    if args.json:
        _emit([{"seq": q, "kind": "damaged", "problem": damaged[q]["problem"]} if q in damaged else seen[q].to_json()
               for q in order])
        return 1 if damaged else 0
    for q in order:
        if q in damaged:
            print(f"#{q} [damaged: cannot be read]")
        else:
            _print_entry(seen[q])
    return 1 if damaged else 0


def cmd_replay(args: argparse.Namespace) -> int:
    with _store(args) as store:
        result = store.verify(args.id)
    if args.json:
        _emit(result)
    else:
        verdict = "OK: replay from scratch matches the stored game" if result["ok"] else "MISMATCH"
        print(f"{verdict} ({result['log_entries']} log entries, {result['snapshots']} snapshots, "
              f"turn {result['turn']}, {result['phase']})")
    return 0 if result["ok"] else 1


def cmd_export(args: argparse.Namespace) -> int:
    """The export file holds everything (seed, temperaments, every secret order): while the game
    runs it is the facilitator's, so exporting an unfinished game needs ``--facilitator``."""
    with _store(args) as store:
        if not args.facilitator and store.info(args.id).status != "ended":
            raise UserError(f"session {args.id} is still being played; its file would show every player's "
                            "secrets. Add --facilitator if you are running the game")
        data = store.export(args.id)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
    omitted = data.get("omitted", [])
    if args.json:
        _emit({"session": args.id, "file": str(out), "omitted": omitted})
    else:
        print(f"session {args.id} exported to {out}")
    if omitted:
        print(f"error: exported the game up to move #{omitted[0]['seq'] - 1}; left out {len(omitted)} entr"
              f"{'y' if len(omitted) == 1 else 'ies'} from #{omitted[0]['seq']}: {omitted[0]['problem']}",
              file=sys.stderr)
        return 1
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from game.session_file import read_export_file

    data = read_export_file(args.file)
    with _store(args) as store:
        session_id = store.import_session(data)
    if args.json:
        _emit({"session": session_id})
    else:
        print(session_id)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with _store(args) as store:
        store.delete(args.id)
    if args.json:
        _emit({"deleted": args.id})
    else:
        print(f"session {args.id} deleted")
    return 0


def _add_session_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], remote: bool = False) -> None:
    """The session commands; ``remote`` (``--server`` given): the code names the table, no id."""
    from game.server.client import add_client_options

    def command(name: str, func: Callable[[argparse.Namespace], int], help_text: str, json_flag: bool = True, session: bool = True,
                role: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", help="database URL or SQLite file (default: $KECI_DB or saves/keci.db)")
        if name in REMOTE_COMMANDS:
            add_client_options(p, code=session)
        if session and not (remote and name in REMOTE_COMMANDS):
            p.add_argument("id", type=int, help="session id (not with --server: the code names the table)")
        if role == "required":  # required unless --server gives a code (checked in main)
            p.add_argument("--as", dest="as_role", metavar="ROLE", help="the role acting (required with --db)")
            p.set_defaults(as_required=True)
        elif role == "optional":
            p.add_argument("--as", dest="as_role", metavar="ROLE", help="see the game as this role")
        if json_flag:
            p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)
        return p

    new = command("new", cmd_new, "start a saved game session", session=False)
    new.add_argument("--scenario", default="standard", help="scenario id or a scenario YAML file")
    new.add_argument("--seat", action="append", default=[], metavar="ROLE=human|ai[:LEVEL[:TEMPERAMENT]][=NAME]")
    new.add_argument("--seed", type=int)
    new.add_argument("--name", help="a name for the session")
    new.add_argument("--wording", choices=("plain", "neutral"), default="plain",
                     help="how every text of the session is worded: the paper's words (plain) or the "
                          "status-neutral forms for a workshop with officials from every capital "
                          "(neutral: Kosovo* with the EU footnote, Pristina/Prishtinë)")
    command("sessions", cmd_sessions, "list saved sessions", session=False)
    show = command("show", cmd_show, "show a session as one role sees it (or 'facilitator')", role="optional")
    show.add_argument("--results", action="store_true", help="the results of the last resolved turn")
    show.add_argument("--turn", type=int, help="with --results: the results of this turn")
    command("legal", cmd_legal, "list a role's legal actions now", role="required")
    act = command("act", cmd_act, "take an action", role="required")
    act.add_argument("action", metavar="ACTION_ID")
    act.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    command("undo", cmd_undo, "take back your last action in this phase", role="required")
    command("advance", cmd_advance, "let the AI seats play until a human must act", role="optional")
    command("log", cmd_log, "print a session's log as one role may read it (default: public)", role="optional")
    replay = command("replay", cmd_replay, "rebuild a session from its log and check it")
    replay.add_argument("--verify", action="store_true", default=True, help="compare with the stored state (default)")
    export = command("export", cmd_export, "write a session to a JSON file")
    export.add_argument("--out", required=True, metavar="FILE.json")
    export.add_argument("--facilitator", action="store_true",
                        help="export a game still being played (the file shows every secret)")
    imp = command("import", cmd_import, "read a session from a JSON file", session=False)
    imp.add_argument("file", metavar="FILE.json")
    command("delete", cmd_delete, "delete a session")


# -- play -------------------------------------------------------------------------------

def cmd_play(args: argparse.Namespace) -> int:
    """Open the pygame window; imported lazily so the other commands never load pygame."""
    from game.ui import run

    return run()


# -- parser -------------------------------------------------------------------------------

SIMULATE_HELP = "play many AI games in parallel and print a balance report"


def build_parser(command: str | None = None, remote: bool = False) -> argparse.ArgumentParser:
    """The whole parser; given the ``command`` about to run, the AI-heavy ``simulate`` parser is
    built only when it is that command (or when help for everything may be printed)."""
    from game.players import PLAYERS

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
    if command in (None, "simulate"):
        from game.simulate import add_simulate_parser
        add_simulate_parser(sub)
    else:
        sub.add_parser("simulate", help=SIMULATE_HELP)  # listed in help; not the command being run
    from game.server.serve import add_serve_parser  # light: the server is imported when it runs
    add_serve_parser(sub)
    _add_session_commands(sub, remote)
    from game.facilitator_cli import add_facilitator_commands
    add_facilitator_commands(sub)
    from game.debrief_cli import add_debrief_commands
    add_debrief_commands(sub)
    return parser


def _command_word(argv: list[str]) -> str | None:
    """The sub-command about to run, if the first word names one (else None: build everything)."""
    first = argv[0] if argv else None
    return first if first is not None and not first.startswith("-") else None


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    from game.cli_fast import quick_answer

    try:
        quick = quick_answer(words)  # a read of a SQLite save, answered without SQLAlchemy or pydantic
    except StoreError as exc:  # a quick move met a lock held for its whole wait: one wait, one message
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    if quick is not None:
        return _print_quick(quick)
    remote = any(w == "--server" or w.startswith("--server=") for w in words)
    parser = build_parser(_command_word(words), remote)
    args = parser.parse_args(argv)
    if args.command is None:
        return cmd_play(args)  # no command: open the game window
    try:
        if getattr(args, "server", None):
            from game.server.client import run_remote

            return run_remote(args.command, args)
        if getattr(args, "as_required", False) and args.as_role is None:
            raise UserError(f"{args.command} needs --as ROLE (or --server URL --code CODE)")
        with worded_stdout(_wording_of(args), bool(getattr(args, "json", False))):
            code = int(args.func(args))
            sys.stdout.flush()  # a closed pipe shows here, inside the guard, not at exit
        return code
    except BrokenPipeError:
        # `keci log 1 --json | head`: the reader has gone; stop quietly. Point stdout at devnull
        # so that the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (UserError, StoreError, IllegalAction) as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for issue in exc.issues:
            print(one_line(str(issue)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _wording_of(args: argparse.Namespace) -> str | None:
    """The wording of the session(s) a command prints about (None for other commands)."""
    ids = getattr(args, "ids", None) or ([args.id] if isinstance(getattr(args, "id", None), int) else [])
    if not ids or args.command in ("delete", "import"):
        return None
    return session_wording(getattr(args, "db", None), ids)


def _print_quick(text: str) -> int:
    """Print a quick answer (complete before anything is printed), with main's closed-pipe rule."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
