"""The quick path of the commands that read a session (``show``, ``legal``, ``log``,
``sessions``) and of ``act``.

A trainer's script runs these again and again; most of such a command's time went into
importing SQLAlchemy and pydantic, which reading a SQLite save does not need. Here the save is
read with :mod:`game.db.lite` (the standard library's ``sqlite3``), the content comes from the
plain-record cache (:func:`rules.content_cache.plain_content`), and the rules, the secrecy
filter (:mod:`rules.core.secrets`) and the printed text (:mod:`game.cli_render`) are the very
ones the full command uses.

``act`` commits its move through :class:`game.db.lite.LiteMove`, which writes the rows
``game.store.Store.act`` writes, under the same write lock, before anything is printed.

It answers only the plain forms of these commands (``show ID [--as ROLE] [--json] [--db DB]``,
``act ID --as ROLE ACTION [--param K=V]...`` and the like, on a SQLite file) and only when
everything reads cleanly and the move is legal. In every other case —
another option, help, a PostgreSQL URL, a missing or damaged file, an unknown session or role,
a log entry the store would mark damaged — :func:`quick_answer` returns None and the full
command runs, with its own messages. Its whole answer is computed before anything is printed,
so falling back never prints twice. It writes nothing: the file is opened read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.cli_render import board_text, entry_text, json_text, legal_text, sessions_text
from game.cli_wording import worded_text

if TYPE_CHECKING:
    from pathlib import Path

    from game.db.lite import LiteReader
    from rules.core.engine import Game

#: The commands answered here, and how many words each takes besides options (id, action id).
COMMANDS = {"show": 1, "legal": 1, "log": 1, "sessions": 0, "act": 2}
#: The largest session id (game.db.models.MAX_SESSION_ID).
MAX_SESSION_ID = 2**31 - 1


@dataclass(frozen=True)
class Request:
    command: str
    session: int
    role: str | None
    as_json: bool
    db: str | None
    action: str = ""
    params: tuple[str, ...] = ()


def parse(words: list[str]) -> Request | None:
    """The request, if ``words`` are one of the plain forms answered here; else None."""
    if not words or words[0] not in COMMANDS:
        return None
    command, rest = words[0], words[1:]
    values: dict[str, str] = {}
    positional: list[str] = []
    params: list[str] = []
    as_json = False
    i = 0
    while i < len(rest):
        word = rest[i]
        name, eq, value = word.partition("=")
        if word == "--json" and not as_json:
            as_json = True
        elif name in ("--as", "--db") or (command == "act" and name == "--param"):
            if not eq:  # the value is the next word
                if i + 1 >= len(rest):
                    return None
                i += 1
                value = rest[i]
            if value.startswith("-") or name in values:
                return None
            if name == "--param":
                params.append(value)
            else:
                values[name] = value
        elif word.startswith("-"):
            return None  # another option, help, a negative number, "--": the full parser decides
        else:
            positional.append(word)
        i += 1
    if len(positional) != COMMANDS[command]:
        return None
    if COMMANDS[command]:
        if not positional[0].isdigit():
            return None
        session = int(positional[0])
        if not 1 <= session <= MAX_SESSION_ID:
            return None
    elif "--as" in values:
        return None
    else:
        session = 0
    role = values.get("--as")
    if command in ("legal", "act") and role is None:
        return None
    return Request(command, session, role, as_json, values.get("--db"), positional[1] if command == "act" else "",
                   tuple(params))


def quick_answer(words: list[str]) -> str | None:
    """The whole output of the command, or None when the full command must answer. Raises
    :class:`game.db.errors.Busy` when ``act`` waited for another writer's lock in vain."""
    request = parse(words)
    if request is None:
        return None
    from game.db.errors import Busy

    try:
        from game.db.lite import LiteReader, sqlite_path

        path = sqlite_path(request.db)
        if path is None:
            return None
        if request.command == "act":
            return _act(path, request)
        with LiteReader(path) as db:
            answer = _answer(db, request)
            if answer is None or request.command == "sessions":
                return answer
            return worded_text(answer, db.info(request.session).wording, request.as_json)
    except Busy:
        raise  # the lock was waited for once; the full command would wait again to say the same
    except Exception:  # noqa: BLE001 - anything unusual is the full command's to report, in its words
        return None


def _answer(db: LiteReader, r: Request) -> str | None:
    if r.command == "sessions":
        rows = [info.to_json() for info in db.sessions()]
        return json_text(rows) if r.as_json else sessions_text(rows)
    from rules.core.secrets import FACILITATOR

    seats = [seat.role for seat in db.info(r.session).seats]
    if r.role is not None and (r.role not in seats if r.command == "legal" else
                               r.role != FACILITATOR and r.role not in seats):
        return None  # the full command names the seats
    if r.command == "log":
        return _log(db, r)
    game = _game(db, r.session)
    if r.command == "legal":
        assert r.role is not None
        from game.cli_support import legal_options

        options = legal_options(game, r.role)
        return json_text(options) if r.as_json else legal_text(r.role, options, game.waiting_for())
    from game.table.board import table_board
    from rules.core.log import LogEntry

    # As game.table.Table reads it: every entry must be readable (else the store reports damage).
    entries = [LogEntry.from_record(e["seq"], e["kind"], e["role"], e["payload"], e["created_at"])
               for e in db.log(r.session)]
    data = table_board(game, r.session, entries, r.role)
    return json_text(data) if r.as_json else board_text(r.session, data, game.content)


def _act(path: Path, r: Request) -> str | None:
    """``act``: the move committed (or nothing written and None), then what its role may see."""
    from game.cli import _parse_action
    from game.cli_render import events_text
    from game.db.lite import LiteMove

    assert r.role is not None
    with LiteMove(path) as db:
        head = db.head(r.session)
        game = _game(db, r.session)
        if r.role not in game.state.seats or head.status == "ended":
            return None  # the full command says why
        action = _parse_action(game, r.role, r.action, list(r.params))
        turn, phase = game.state.turn, game.state.phase
        events = game.apply(action)  # an illegal move raises: nothing was written
        seq = head.last_seq + 1
        payload = {"action": action.to_json(), "events": [e.to_json() for e in events],
                   "turn": turn, "phase": phase, "after": [game.state.turn, game.state.phase]}
        st = game.state
        text = worded_text(events_text(events, r.as_json, r.role), db.info(r.session).wording, r.as_json)
        db.append(r.session, seq, "action", action.role, payload, st.turn, str(st.phase), game.over,
                  st.to_json() if st.turn != turn or game.over else None)
        db.commit()  # committed before shown
    return text


def _game(db: LiteReader, session_id: int) -> Game:
    """The game as game.store.Store loads it: the latest snapshot, then the log after it."""
    from rules.content_cache import plain_content
    from rules.core.actions import Action
    from rules.core.engine import Game
    from rules.core.state import GameState

    head = db.head(session_id)
    if head.scenario_data is not None:
        raise LookupError("a session with its own scenario")  # validated by the store's loader
    content = plain_content()
    snap = db.snapshot(session_id)
    if snap is None:
        game, _ = Game.new(content, head.scenario, head.seed)
        after = 0
    else:
        game, after = Game(content, GameState.from_json(snap[1])), snap[0]
    entries = db.log(session_id, after)
    undone = {int(e["payload"]["undo"]) for e in entries if e["kind"] == "undo"}
    for e in entries:
        if e["kind"] == "action" and e["seq"] not in undone:
            game.apply(Action.from_json(e["payload"]["action"]))
    return game


def _log(db: LiteReader, r: Request) -> str | None:
    """``log`` as the full command prints it when no entry is damaged (else it answers)."""
    from game.db.lite import plainly_valid
    from rules.core.log import LogEntry
    from rules.core.secrets import seen_log

    raw = db.log(r.session)
    if not all(plainly_valid(e) for e in raw):
        return None
    readable = [LogEntry.from_record(e["seq"], e["kind"], e["role"], e["payload"], e["created_at"]) for e in raw]
    seen: dict[int, Any] = {e.seq: e for e in seen_log(readable, r.role)}
    order = sorted(seen)
    if r.as_json:
        return json_text([seen[q].to_json() for q in order])
    return "".join(entry_text(seen[q]) for q in order)
