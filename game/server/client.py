"""The command line as a client of a server: ``--server URL --code CODE`` in place of ``--db``.

``new … --server URL`` opens a table on the server and prints its codes; ``show``, ``legal``,
``act``, ``undo``, ``log`` and ``advance`` then act and read as the code's role (``--as`` is not
needed; another role's ``--as`` is refused). The server plays AI seats itself, so ``advance``
only shows what happened since (``--since SEQ``, default: the whole log).
"""

from __future__ import annotations

import argparse
from typing import Any

from game.cli_support import DELIVER, UserError, deal_numbers, deal_param_given, deal_params_shown, emit
from game.cli_wording import worded_stdout


def _call(args: argparse.Namespace, method: str, path: str, body: dict[str, Any] | None = None,
          code: bool = True) -> Any:
    import httpx

    headers = {}
    if code:
        if not args.code:
            raise UserError("--server needs --code CODE (the code you were given for this table)")
        headers["Authorization"] = f"Bearer {args.code}"
    url = args.server.rstrip("/") + path
    try:
        response = httpx.request(method, url, json=body, headers=headers, timeout=30.0)
    except httpx.HTTPError as exc:
        raise UserError(f"cannot reach the server at {args.server}: {exc}") from None
    try:
        data = response.json()
    except ValueError:
        raise UserError(f"the server at {args.server} answered {response.status_code} without JSON") from None
    if response.status_code >= 400:
        raise UserError(str(data.get("error", data)) if isinstance(data, dict) else str(data))
    return data


def _check_role(args: argparse.Namespace) -> tuple[str, str]:
    """The code's role (refusing another ``--as``) and its table's wording."""
    me = _call(args, "GET", "/api/me")
    role = str(me["role"])
    wanted = getattr(args, "as_role", None)
    if wanted is not None and wanted != role:
        raise UserError(f"this code plays {role}; --as {wanted} is refused")
    return role, str(me.get("wording", "plain"))


def _entry_line(entry: dict[str, Any]) -> list[str]:
    lines = []
    if entry["text"]:
        lines.append(f"#{entry['seq']} {entry['text']}" + (f" — {entry['reason']}" if entry["reason"] else ""))
    elif entry["undoes"] is not None:
        lines.append(f"#{entry['seq']} {entry['role']} takes back move #{entry['undoes']}")
    elif entry["kind"] != "start" and not entry["role"]:
        lines.append(f"#{entry['seq']} (a move you cannot see)")
    for ev in entry["events"]:
        if ev["kind"] != "undo":
            lines.append(f"    {ev['text']}" + (f" ({ev['cause']})" if ev.get("cause") else ""))
    return lines


def _deal_numbers(args: argparse.Namespace, role: str) -> dict[int, int]:
    """The seat's deals by the numbers players know them by (see ``deal_numbers``)."""
    return deal_numbers(_call(args, "GET", "/api/board").get("commitments", []), role)


def run_remote(command: str, args: argparse.Namespace) -> int:
    """Run one command against the server; returns the exit code."""
    as_json = getattr(args, "json", False)
    if command == "new":
        data = _call(args, "POST", "/api/tables", {"scenario": args.scenario, "seed": args.seed, "seats": args.seat,
                                                   "name": args.name or "", "wording": args.wording}, code=False)
        if as_json:
            emit(data)
        else:
            print(f"table {data['session']} opened; hand out these codes (each is shown only now):")
            for role, code in data["codes"].items():
                print(f"  {role:12} {code}")
        return 0
    if command not in ("show", "legal", "act", "undo", "log", "advance"):
        raise UserError(f"'{command}' works on the server's machine only (use --db there)")
    role, mode = _check_role(args)
    with worded_stdout(mode, as_json):  # the table's wording, as on the server's machine
        _run_remote(command, args, role, as_json)
    return 0


def _run_remote(command: str, args: argparse.Namespace, role: str, as_json: bool) -> None:
    if command == "show":
        data = _call(args, "GET", "/api/board")
        if as_json:
            emit(data)
        else:
            print(f"Session {data['session']} as {role} — {data['date']}, turn {data['turn']} of {data['last_turn']}, "
                  f"phase {data['phase']}; waiting for: {', '.join(data['waiting_for']) or 'nobody'}")
            for track, value in data["tracks"].items():
                print(f"  {track:42} {value:>3}")
            print("Scores: " + ", ".join(f"{r} {s}" for r, s in data["scores"].items()))
    elif command == "legal":
        data = _call(args, "GET", "/api/legal")["legal"]
        if any(t["id"] == DELIVER for t in data):
            numbers = _deal_numbers(args, role)
            for t in data:
                t["params"] = deal_params_shown(t["id"], t["params"], numbers)
        if as_json:
            emit(data)
        else:
            for t in data:
                choices = " ".join(f"{k}={'|'.join(map(str, v))}" for k, v in t["params"].items())
                print(f"{t['id']:32} cost {t['cost']}  {t['label']}" + (f"\n{'':32} {choices}" if choices else ""))
            if not data:
                print(f"{role} has nothing to do now")
    elif command in ("act", "undo"):
        if command == "act":
            params: dict[str, Any] = {}
            for pair in args.param:
                key, sep, value = pair.partition("=")
                if not sep:
                    raise UserError(f"--param needs KEY=VALUE (got {pair!r})")
                params[key] = int(value) if value.lstrip("-").isdigit() else value
            if args.action == DELIVER:
                params = deal_param_given(args.action, params, _deal_numbers(args, role))
            data = _call(args, "POST", "/api/act", {"id": args.action, "params": params})
        else:
            data = _call(args, "POST", "/api/undo", {})
        if as_json:
            emit({"events": data["entry"]["events"]})
        else:
            print("\n".join(_entry_line(data["entry"])))
    else:
        since = getattr(args, "since", None)
        data = _call(args, "GET", f"/api/log?since={since if since is not None else -1}")["entries"]
        if as_json:
            emit(data)
        else:
            for entry in data:
                print("\n".join(_entry_line(entry)))


def add_client_options(parser: argparse.ArgumentParser, code: bool = True) -> None:
    """``--server`` (and ``--code``) on a command of the command line."""
    parser.add_argument("--server", metavar="URL", help="play on a KECI server (http://HOST:PORT) instead of --db")
    if code:
        parser.add_argument("--code", metavar="CODE", help="your code for the table (with --server)")


__all__ = ["add_client_options", "run_remote"]
