"""What a web page shows, as JSON: one role's view (or the public one) put into player's words.

The browser only lays this out; it never decides what a role may know and never turns an id
into a name. Everything here is built from :func:`rules.core.view.view` for the page's role,
that role's legal actions and the log lines the role may read, so a page can show nothing its
seat may not know. Ids still travel (as the values a button sends back), but every text a
player reads is a name, a sentence or a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from game.deadlines import PhaseClock
from game.web import console, describe
from game.web.turn_results import results_section
from rules import wording
from rules.core.actions import LegalAction
from rules.core.engine import ACCEPT, COUNTER, DELIVER, END_NEGOTIATION, END_ORDERS, PROPOSE, REJECT, RESPOND, Game
from rules.core.log import EntryKind
from rules.core.secrets import SeenEntry
from rules.core.view import view
from rules.facilitator import FACILITATOR
from rules.loader import Content
from rules.values import Event

#: The latest log lines a page is sent (it shows the last 200; the rest for scripts reading the board).
LOG_LINES = 400
PHASES = ("briefing", "crisis", "negotiation", "actions", "resolution", "review")
RUNGS = {0: "No KECI yet", 1: "Seminars and courses", 2: "Joint exercises, NATO standards",
         3: "PfP, PARP, ITPP"}
Kind = Literal["seat", "spectator", "facilitator"]


@dataclass(frozen=True)
class LogLine:
    """One line of the history as the page's reader may see it."""

    seq: int
    turn: int
    kind: str
    text: str
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "turn": self.turn, "kind": self.kind, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Move:
    """One log entry that still counts (not undone), with the events its reader may see."""

    seq: int
    reason: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class History:
    """A table's log as one reader may read it (:func:`rules.core.secrets.seen_log`: the only
    place that decides), without the moves taken back."""

    moves: tuple[Move, ...]

    @classmethod
    def of(cls, seen: Iterable[SeenEntry]) -> History:
        entries = list(seen)
        undone = {e.undoes for e in entries if e.kind == EntryKind.UNDO and e.undoes is not None}
        return cls(tuple(Move(e.seq, e.reason, e.events) for e in entries
                         if e.kind in (EntryKind.START, EntryKind.ACTION) and e.seq not in undone))


def log_lines(history: History, limit: int | None = None) -> list[LogLine]:
    """The reader's history as lines (the capital's routine refill left out); with ``limit``, the
    last ``limit`` lines only, read from the end (a page sends the latest lines, and worded the
    whole history again for every page at every move)."""
    chunks: list[list[LogLine]] = []
    count = 0
    for move in reversed(history.moves):
        if limit is not None and count >= limit:
            break
        reason = move.reason
        lines: list[LogLine] = []
        for ev in move.events:
            if ev.kind == "track" and ev.cause.startswith("capital refilled"):
                continue
            lines.append(LogLine(move.seq, ev.turn, ev.kind, ev.line(), reason))
            reason = ""
        chunks.append(lines)
        count += len(lines)
    out = [line for lines in reversed(chunks) for line in lines]
    return out[max(0, len(out) - limit):] if limit is not None else out


def deltas_this_turn(history: History, turn: int) -> dict[str, int]:
    """Change of each quantity since the turn began (public 'track' events only)."""
    out: dict[str, int] = {}
    for move in history.moves:
        for ev in move.events:
            if ev.kind == "track" and ev.turn == turn and ev.visible_to is None and "ref" in ev.data:
                ref = str(ev.data["ref"])
                out[ref] = out.get(ref, 0) + int(ev.data["new"]) - int(ev.data["old"])
    return out


def facilitator_news(history: History, turn: int) -> list[str]:
    """The facilitator's latest public act this turn (the pause has its own banner): every page
    shows it at the top as the facilitator's."""
    acts = [ev.text for move in history.moves for ev in move.events
            if ev.kind == "facilitator" and ev.turn == turn
            and ev.data.get("act") not in ("pause", "resume")]
    return acts[-1:]


def page(game: Game, kind: Kind, role: str | None, history: History, seq: int,
         names: dict[str, str], table_name: str, clock: PhaseClock | None = None,
         controllers: dict[str, str] | None = None, mode: str = "plain", can_undo: bool = False) -> dict[str, Any]:
    """The whole page model for one reader.

    ``kind`` is the code's kind; ``role`` the seat's role (None for the projector and the
    facilitator, who both see the public board; the facilitator also reads the full log).
    ``names`` maps roles to the seats' display names (players' text: the page escapes it).
    ``clock`` is the current phase's clock read from the log (:func:`game.deadlines.phase_clock`);
    without it no countdown is shown. ``controllers`` says who plays each seat now ("human",
    "ai:LEVEL"), for the facilitator's hand-over form. ``mode`` is the session's wording
    (rules/wording.py): every text of the page is given in it, and ``wording`` tells the page the
    mode and the footnote to show once, at the foot of the board. ``can_undo``: the seat may
    take back its last move (:func:`rules.core.log.can_undo`), so its page offers to.
    """
    c = game.content
    v = view(game, role)
    everything = kind == "facilitator"
    lines = log_lines(history, LOG_LINES)
    deltas = deltas_this_turn(history, game.state.turn)
    who = {r: _who(c, r, names) for r in game.state.seats}
    out: dict[str, Any] = {
        "kind": kind,
        "seq": seq,
        "table": table_name,
        "role": role,
        "role_name": c.roles[role].name if role else None,
        "player": names.get(role, "") if role else "",
        "turn": v["turn"], "last_turn": v["last_turn"], "date": v["date"],
        "phase": v["phase"],
        "phases": [{"name": p.capitalize(), "now": p == v["phase"]} for p in PHASES],
        "waiting_for": [who[r] for r in v["waiting_for"]],
        "your_move": role is not None and role in v["waiting_for"],
        "over": game.over,
        "tracks": _tracks(c, v, deltas),
        "roles": _roles(c, v, who, deltas),
        "keci": _keci(c, v),
        "council": _council(c, v),
        "crisis": _crisis(c, v, who),
        "normalization": [{"name": cm.name, "level": v["normalization"].get(cid, 0),
                           "level_name": cm.levels[min(v["normalization"].get(cid, 0), len(cm.levels) - 1)],
                           "max": len(cm.levels) - 1}
                          for cid, cm in c.commitments.items()],
        "deals": _deals(c, v, who),
        "log": [ln.to_json() for ln in lines],
        "map": {"tension": v["tracks"].get("north_tension", 0),
                "tension_max": c.tracks["north_tension"].max,
                "kfor": v["tracks"].get("kfor_posture", 0),
                "crisis": (v["crisis"] or {}).get("id")},
        "debrief": _debrief(game, v, who) if game.over else None,
        "table_state": console.table_state(game, clock),
        "facilitator_news": facilitator_news(history, v["turn"]),
        "results": results_section(game, (ev for m in history.moves for ev in m.events),
                                   FACILITATOR if everything else role),
    }
    if everything:
        out["controls"] = console.controls(game, names, controllers or {})
        last = history.moves[-1] if history.moves else None
        # What the latest act said, for the console's confirmation.
        out["said"] = [ev.text for ev in last.events if ev.kind == "facilitator"] if last and last.seq == seq else []
    if kind == "seat" and role is not None:
        legal = game.legal_actions(role)
        out["objectives"] = _objectives(v, role)
        out["proposals"] = _proposals(c, v, role, who, legal)
        out["play"] = _play(game, role, legal, v)
        out["play"]["can_undo"] = can_undo and not game.over
    out = wording.render_tree(out, mode)
    out["wording"] = {"mode": mode, "footnote": wording.footnote(mode)}
    return out


def _who(c: Content, role: str, names: dict[str, str]) -> str:
    role_name = c.roles[role].name
    shown = names.get(role, "")
    return f"{shown} ({role_name})" if shown and shown != role_name else role_name


def _tracks(c: Content, v: dict[str, Any], deltas: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for tid, value in v["tracks"].items():
        t = c.tracks[tid]
        delta = deltas.get(tid, 0)
        frac = (value - t.min) / max(1, t.max - t.min)
        out.append({
            "name": t.name, "value": value, "min": t.min, "max": t.max,
            "shown": f"{value}%" if t.unit == "percent" else f"{value}/{t.max}",
            "fraction": round(frac, 3),
            "good_side": frac >= 0.5 if t.good_when == "high" else frac <= 0.5,
            "good_when": t.good_when,
            "delta": delta,
            "mark": describe.delta_mark(delta, t.good_when),
            "better": None if not delta else (delta > 0) == (t.good_when == "high"),
            "explanation": t.explanation, "source": t.source,
        })
    return out


def _roles(c: Content, v: dict[str, Any], who: dict[str, str], deltas: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for rid, r in v["roles"].items():
        tracks = []
        for tid, value in r["tracks"].items():
            rt = c.role_tracks[tid]
            delta = deltas.get(f"{rid}.{tid}", 0)
            tracks.append({"name": rt.name, "value": value, "max": rt.max, "delta": delta,
                           "mark": describe.delta_mark(delta, "high") if delta else "–"})
        out.append({"name": who[rid], "role_name": r["name"], "you": rid == v["as"], "tracks": tracks,
                    "orders_given": r["orders_given"], "score": v["scores"][rid],
                    "public_objectives": [{"text": o["text"], "points": o["points"], "met": o["met"]}
                                          for o in r["objectives"] if not o["secret"]]})
    return out


def _keci(c: Content, v: dict[str, Any]) -> dict[str, Any]:
    rungs = [{"number": p.number, "name": p.name, "short": RUNGS.get(p.number, ""),
              "reached": p.number <= v["keci_phase"], "now": p.number == v["keci_phase"]}
             for p in reversed(c.keci.phases)]
    nxt = v.get("keci_next")
    next_out = None
    if nxt is not None:
        blocked = [describe.blocker(c, b) for b in nxt["blocked_by"]]
        objecting = [c.allies[a].name for a, why in nxt["objections"].items() if why]
        next_out = {"name": nxt["name"], "activities": list(nxt["activities"]), "blocked_by": blocked,
                    "objecting": objecting, "clear": not blocked and not objecting}
    return {"phase": v["keci_phase"], "suspended": v["keci_suspended"], "rungs": rungs, "next": next_out,
            "awaiting_signature": bool(v["keci_memorandum_awaiting_signature"])}


def _council(c: Content, v: dict[str, Any]) -> dict[str, Any]:
    nxt = v.get("keci_next") or {}
    objections = nxt.get("objections", {})
    allies = []
    for aid, ally in v["allies"].items():
        if ally["recognizes_kosovo"]:
            stance, state = "✓ now recognizes Kosovo", "good"
        elif objections.get(aid):
            stance = "✗ would object: " + "; ".join(describe.blocker(c, o) for o in objections[aid])
            state = "bad"
        else:
            stance, state = "✓ would consent (does not recognize Kosovo)", "good"
        allies.append({"name": ally["name"], "stance": stance, "state": state})
    sr = v.get("special_representative")
    if sr:
        cand = c.candidates[sr]
        special = {"appointed": True, "text": f"{cand.name} — in office", "explanation": cand.explanation}
    else:
        special = {"appointed": False, "text": "None yet: NATO may propose one to the Secretary General",
                   "explanation": ""}
    return {"allies": allies, "special_rep": special}


def _crisis(c: Content, v: dict[str, Any], who: dict[str, str]) -> dict[str, Any] | None:
    cr = v.get("crisis")
    if not cr:
        return None
    return {"name": cr["name"], "explanation": cr["explanation"], "source": cr["source"],
            "answered": [who[r] for r in cr["responses"]], "waiting": [who[r] for r in cr["waiting_for"]]}


def _deals(c: Content, v: dict[str, Any], who: dict[str, str]) -> list[dict[str, Any]]:
    status = {"open": "open", "kept": "✓ kept", "defaulted": "✗ defaulted"}
    return [{"number": d["proposal"], "giver": who[d["giver"]], "receiver": who[d["receiver"]],
             "item": c.items[d["item"]].name, "due": f"turn {d['due_turn']}", "status": status[d["status"]]}
            for d in v["commitments"]]


def _objectives(v: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [{"text": o["text"], "points": o["points"], "secret": o["secret"], "met": o["met"]}
            for o in v["roles"][role]["objectives"]]


def _proposals(c: Content, v: dict[str, Any], role: str, who: dict[str, str],
               legal: list[LegalAction]) -> list[dict[str, Any]]:
    """Proposals this role sent or received, newest first; pending incoming ones carry their answers."""
    answers: dict[int, dict[str, Any]] = {}
    for t in legal:
        if t.id in (ACCEPT, REJECT, COUNTER):
            pid = int(t.params["proposal"][0])
            a = answers.setdefault(pid, {})
            if t.id == COUNTER:
                a["counter"] = _composer_form(c, t, role, fixed={"proposal": pid})
            else:
                a[t.id] = {"id": t.id, "params": {"proposal": pid}}
    out = []
    for p in reversed(v["proposals"]):
        incoming = p["recipient"] == role
        out.append({
            "number": p["id"], "incoming": incoming,
            "from": who[p["sender"]], "to": who[p["recipient"]],
            "give": c.items[p["give"]].name, "ask": c.items[p["ask"]].name,
            "give_effect": describe.effects_line(c, c.items[p["give"]].effects, p["sender"]),
            "ask_effect": describe.effects_line(c, c.items[p["ask"]].effects, p["recipient"]),
            "deadline": p["deadline"], "turn": p["turn"], "status": p["status"],
            "counter_of": p["counter_of"],
            "answers": answers.get(p["id"]),
        })
    return out


def _option(c: Content, key: str, value: Any, role: str) -> dict[str, Any]:
    """One choice of a parameter, with the words a player reads (``role``: the composing seat)."""
    if key in ("give", "ask"):
        item = c.items[value]
        giver = role if key == "give" or len(item.givers) != 1 else item.givers[0]
        return {"value": value, "label": item.name, "explanation": item.explanation,
                "effect": describe.effects_line(c, item.effects, giver),
                "cost": f"{item.deliver_cost} political capital to deliver", "source": item.source}
    if key == "to":
        return {"value": value, "label": c.roles[value].name}
    if key == "deadline":
        return {"value": value, "label": f"{value} turn{'s' if value != 1 else ''}"}
    if key == "candidate":
        cand = c.candidates[value]
        return {"value": value, "label": cand.name, "explanation": cand.explanation, "source": cand.source}
    return {"value": value, "label": str(value)}


PARAM_LABELS = {"to": "Propose to", "give": "You give", "ask": "You ask in return", "deadline": "Deadline",
                "candidate": "Candidate"}


def _composer_form(c: Content, t: LegalAction, role: str, fixed: dict[str, Any] | None = None) -> dict[str, Any]:
    fixed = fixed or {}
    fields = []
    for key, values in t.params.items():
        if key in fixed:
            continue
        fields.append({"key": key, "label": PARAM_LABELS.get(key, key.replace("_", " ").capitalize()),
                       "options": [_option(c, key, val, role) for val in values]})
    return {"id": t.id, "fixed": fixed, "fields": fields}


def _play(game: Game, role: str, legal: list[LegalAction], v: dict[str, Any]) -> dict[str, Any]:
    """What the seat can do now: crisis responses, the composer, action cards, deliveries, finishing."""
    c, st = game.content, game.state
    cards: list[dict[str, Any]] = []
    composer: list[dict[str, Any]] = []
    finish = None
    for t in legal:
        if t.id == RESPOND and st.crisis:
            resp = next(x for x in c.crises[st.crisis].responses[role] if x.id == t.params["response"][0])
            notes = ["⚠ Unilateral: counts as uncoordinated action in the north"] if resp.unilateral else []
            cards.append(_card(t, "response", resp.label, resp.cost, describe.effect_list(c, resp.effects, role),
                               resp.explanation, t.source, notes, {"response": resp.id}))
        elif t.id == PROPOSE:
            form = _composer_form(c, t, role, fixed={"to": t.params["to"][0]})
            form["to"] = c.roles[t.params["to"][0]].name
            composer.append(form)
        elif t.id == DELIVER:
            deal = st.deals[t.params["deal"][0] - 1]
            item = c.items[deal.item]
            cards.append(_card(t, "delivery", t.label, item.deliver_cost,
                               describe.effect_list(c, item.effects, role), item.explanation, item.source,
                               [f"Keeps your word to {c.roles[deal.receiver].name} (due turn {deal.due_turn})"],
                               {"deal": deal.id}))
        elif t.id in (END_NEGOTIATION, END_ORDERS):
            finish = {"label": t.label, "id": t.id, "params": {}}
        elif t.id in c.actions:
            a = c.actions[t.id]
            notes = []
            if a.op in describe.OP_NOTES:
                notes.append(describe.OP_NOTES[a.op])
            risk = None
            if a.risk is not None:
                risk = {"chance": f"{round(a.risk.chance * 100)}%", "text": a.risk.text,
                        "effect": describe.effects_line(c, a.risk.effects, role)}
            card = _card(t, "action", a.name, a.cost, describe.effect_list(c, a.effects, role), a.explanation,
                         a.source, notes, {})
            card["risk"] = risk
            if t.params:
                card["form"] = _composer_form(c, t, role)
            cards.append(card)
    mine = v["roles"][role]
    return {
        "phase": st.phase,
        "capital": mine["tracks"].get("political_capital", 0),
        "orders": [_order_text(c, o) for o in mine.get("orders", [])],
        "cards": cards,
        "composer": composer,
        "finish": finish,
        "hint": describe.PHASE_HINTS.get(st.phase, "") if role in v["waiting_for"] else "",
    }


def _card(t: LegalAction, kind: str, title: str, cost: int, effects: list[dict[str, Any]], explanation: str,
          source: str, notes: list[str], params: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "title": title, "cost": cost, "effects": effects, "explanation": explanation,
            "source": source, "notes": notes, "risk": None, "act": {"id": t.id, "params": params}}


def _order_text(c: Content, order: dict[str, Any]) -> str:
    action = order.get("action", "")
    if action == DELIVER:
        return "Deliver a deal"
    return c.actions[action].name if action in c.actions else str(action)


def _debrief(game: Game, v: dict[str, Any], who: dict[str, str]) -> dict[str, Any]:
    """The ending and every role's score (secret objectives count once the game is over)."""
    c, st = game.content, game.state
    ending = c.ending(st.ending, st.scenario) if st.ending else None
    scores = sorted(((who[r], s) for r, s in v["scores"].items()), key=lambda x: -x[1])
    return {"ending": ending.name if ending else "The game is over",
            "explanation": ending.explanation if ending else "",
            "source": ending.source if ending else "",
            "scores": [{"name": n, "score": s} for n, s in scores]}
