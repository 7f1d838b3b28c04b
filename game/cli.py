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

from game.cli_support import UserError, content_with, deal_numbers, deal_param_given, deal_params_shown, emit
from game.db.connect import StoreError
from game.players import PLAYERS, play_out
from game.server.client import add_client_options
from game.session_file import read_export_file
from game.store import Store
from game.table.seat import Seat, SeatError
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game
from rules.loader import CONTENT_DIR, Content, ContentError, load_content, shipped_content
from rules.values import Event

if TYPE_CHECKING:
    from game.table.table import Table
    from rules.core.log import LogEntry
    from rules.core.secrets import Reader, SeenEntry

# The AI (game.table.ai_turns, game.simulate), the table, the view and the window are imported by
# the commands that use them: a command pays only for what it runs (see benchmarks/bench_cli.py).

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
    return Store(args.db)


def _seat(text: str) -> Seat:
    try:
        return Seat.parse(text)
    except SeatError as exc:
        raise UserError(f"--seat: {exc}") from None


def cmd_new(args: argparse.Namespace) -> int:
    content, scenario_id = _content_with(args.scenario)
    scenario = content.scenarios[scenario_id]
    builtin = shipped_content().scenarios.get(scenario_id) == scenario
    seats = [_seat(text) for text in args.seat]
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    with _store(args) as store:
        session_id = store.create(scenario_id if builtin else scenario, seed, seats, args.name or "")
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
    if not rows:
        print("no saved sessions")
        return 0
    print(f"{'session':>7}  {'name':30} {'scenario':10} {'turn':>4}  {'phase':12} {'status':7} updated")
    for r in rows:
        print(f"{r['session']:>7}  {r['name'][:30]:30} {r['scenario'][:10]:10} {r['turn']:>4}  "
              f"{r['phase']:12} {r['status']:7} {r['updated'][:19].replace('T', ' ')}")
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
    c = game.content
    print(f"Session {args.id} — {data['date']}, turn {data['turn']} of {data['last_turn']}, phase {data['phase']}")
    print(f"Waiting for: {', '.join(data['waiting_for']) or 'nobody'}")
    if data["table"]["paused"]:
        print(f"PAUSED by the facilitator: {data['table']['paused']}")
    if data["ending"]:
        print(f"ENDED: {c.endings[data['ending']].name}")
    for track_id, value in data["tracks"].items():
        t = c.tracks[track_id]
        print(f"  {t.name:42} {value:>3} / {t.max}")
    keci = f"KECI phase {data['keci_phase']}" + (" (SUSPENDED)" if data["keci_suspended"] else "")
    print(keci + (f"; next: {data['keci_next']['name']}" if data["keci_next"] else ""))
    if data["keci_next"] and data["keci_next"]["blocked_by"]:
        print("  blocked by: " + "; ".join(data["keci_next"]["blocked_by"]))
    rep = data["special_representative"]
    print(f"Special Representative: {c.candidates[rep].name if rep else 'none'}")
    if data["crisis"]:
        print(f"Crisis: {data['crisis']['name']}")
    for deal in data["commitments"]:
        print(f"  deal #{deal['proposal']}: {c.roles[deal['giver']].name} owes {c.roles[deal['receiver']].name} "
              f"'{c.items[deal['item']].name}' by turn {deal['due_turn']} — {deal['status']}")
    print("Scores: " + ", ".join(f"{r} {s}" for r, s in data["scores"].items()))
    return 0


def cmd_legal(args: argparse.Namespace) -> int:
    with _store(args) as store:
        game = store.load(args.id)
    role: str = args.as_role  # --as is required here
    _role(game, role)
    numbers = _deal_numbers(game, role)
    options = [t.to_json() for t in game.legal_actions(role)]
    for t in options:
        t["params"] = deal_params_shown(t["id"], t["params"], numbers)
    if args.json:
        _emit(options)
        return 0
    if not options:
        print(f"{role} has nothing to do now (waiting for: {', '.join(game.waiting_for()) or 'nobody'})")
    for t in options:
        params = " ".join(f"{k}={'|'.join(map(str, v))}" for k, v in t["params"].items())
        print(f"{t['id']:32} cost {t['cost']}  {t['label']}" + (f"\n{'':32} {params}" if params else ""))
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
    return Action.make(role, action_id, **deal_param_given(action_id, params, _deal_numbers(game, role)))


def _deal_numbers(game: Game, role: str) -> dict[int, int]:
    return deal_numbers([d.to_json() for d in game.state.deals], role)


def _print_events(events: list[Event], as_json: bool, role: str | None = None) -> None:
    from rules.core.secrets import sees

    shown = [e for e in events if sees(e, role)]
    if as_json:
        _emit({"events": [e.to_json() for e in shown]})
    else:
        for e in shown:
            print(e.line())


def _print_entry(entry: SeenEntry, indent: str = "") -> None:
    """One log entry as its reader may see it: the move (with an AI's reason), then its events."""
    if entry.action is not None:
        print(f"{indent}#{entry.seq} {entry.action}" + (f" — {entry.reason}" if entry.reason else ""))
    elif entry.undoes is not None:
        print(f"{indent}#{entry.seq} {entry.role} takes back move #{entry.undoes}")
    elif not entry.known:
        print(f"{indent}#{entry.seq} (a move you cannot see)")
    for ev in entry.events:
        if ev.kind != "undo":
            print(f"{indent}    {ev.line()}")


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
