"""The text of the commands that read a session (``show``, ``legal``, ``log``, ``sessions``).

One copy, used by the full command line (game.cli, through the store) and by its quick path
for SQLite files (game.cli_fast, through game.db.lite): both print exactly these lines.
Imports nothing heavy: the quick path must not pay for SQLAlchemy or pydantic.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rules.bundle import Content
    from rules.core.secrets import SeenEntry
    from rules.values import Event


def json_text(data: Any) -> str:
    """JSON for scripts: stable key order, readable non-ASCII letters (what ``emit`` prints)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def sessions_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no saved sessions\n"
    lines = [f"{'session':>7}  {'name':30} {'scenario':10} {'turn':>4}  {'phase':12} {'status':7} updated"]
    for r in rows:
        lines.append(f"{r['session']:>7}  {r['name'][:30]:30} {r['scenario'][:10]:10} {r['turn']:>4}  "
                     f"{r['phase']:12} {r['status']:7} {r['updated'][:19].replace('T', ' ')}")
    return "\n".join(lines) + "\n"


def board_text(session_id: int, data: dict[str, Any], c: Content) -> str:
    """A reader's board (rules.core.secrets.board) as ``show`` prints it."""
    lines = [(f"Session {session_id} — {data['date']}, turn {data['turn']} of {data['last_turn']}, "
              f"phase {data['phase']}"),
             f"Waiting for: {', '.join(data['waiting_for']) or 'nobody'}"]
    if data["table"]["paused"]:
        lines.append(f"PAUSED by the facilitator: {data['table']['paused']}")
    if data["ending"]:
        lines.append(f"ENDED: {c.endings[data['ending']].name}")
    for track_id, value in data["tracks"].items():
        t = c.tracks[track_id]
        lines.append(f"  {t.name:42} {value:>3} / {t.max}")
    keci = f"KECI phase {data['keci_phase']}" + (" (SUSPENDED)" if data["keci_suspended"] else "")
    lines.append(keci + (f"; next: {data['keci_next']['name']}" if data["keci_next"] else ""))
    if data["keci_next"] and data["keci_next"]["blocked_by"]:
        lines.append("  blocked by: " + "; ".join(data["keci_next"]["blocked_by"]))
    rep = data["special_representative"]
    lines.append(f"Special Representative: {c.candidates[rep].name if rep else 'none'}")
    if data["crisis"]:
        lines.append(f"Crisis: {data['crisis']['name']}")
    for deal in data["commitments"]:
        lines.append(f"  deal #{deal['proposal']}: {c.roles[deal['giver']].name} owes {c.roles[deal['receiver']].name} "
                     f"'{c.items[deal['item']].name}' by turn {deal['due_turn']} — {deal['status']}")
    lines.append("Scores: " + ", ".join(f"{r} {s}" for r, s in data["scores"].items()))
    return "\n".join(lines) + "\n"


def legal_text(role: str, options: list[dict[str, Any]], waiting_for: list[str]) -> str:
    """A role's legal moves (LegalAction.to_json) as ``legal`` prints them."""
    lines = []
    if not options:
        lines.append(f"{role} has nothing to do now (waiting for: {', '.join(waiting_for) or 'nobody'})")
    for t in options:
        params = " ".join(f"{k}={'|'.join(map(str, v))}" for k, v in t["params"].items())
        lines.append(f"{t['id']:32} cost {t['cost']}  {t['label']}" + (f"\n{'':32} {params}" if params else ""))
    return "".join(line + "\n" for line in lines)


def entry_text(entry: SeenEntry, indent: str = "") -> str:
    """One log entry as its reader may see it: the move (with an AI's reason), then its events."""
    lines = []
    if entry.action is not None:
        lines.append(f"{indent}#{entry.seq} {entry.action}" + (f" — {entry.reason}" if entry.reason else ""))
    elif entry.undoes is not None:
        lines.append(f"{indent}#{entry.seq} {entry.role} takes back move #{entry.undoes}")
    elif not entry.known:
        lines.append(f"{indent}#{entry.seq} (a move you cannot see)")
    for ev in entry.events:
        if ev.kind != "undo":
            lines.append(f"{indent}    {ev.line()}")
    return "".join(line + "\n" for line in lines)


def events_text(events: list[Event], as_json: bool, role: str | None = None) -> str:
    """A move's events as ``act`` and ``undo`` print them: only what ``role`` may see."""
    from rules.core.secrets import sees

    shown = [e for e in events if sees(e, role)]
    if as_json:
        return json_text({"events": [e.to_json() for e in shown]})
    return "".join(e.line() + "\n" for e in shown)
