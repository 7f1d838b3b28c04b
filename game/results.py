"""The turn's results: what a half-year's resolution did, told from the log's own events.

:func:`turn_results` is pure: from the events of a session's log (``Store.log`` entries or the
engine's events) and one role, it builds a typed :class:`TurnResults` for one turn (by default
the last one resolved). A role sees only what its view would show: secret orders and proposals
between others stay out, and its own confidential score line is shown to it alone. ``role=None``
is the projector (spectator) view; the facilitator sees everything.

The results screen in the window, ``show ID --results`` and the after-action review all read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rules import quantities as q
from rules.core.secrets import sees  # the log's one visibility rule (facilitator: all)
from rules.loader import Content
from rules.values import Event


def log_events(entries: Iterable[dict[str, Any]]) -> list[Event]:
    """Every event of a session's log (``Store.log``), in order; undone moves' events included
    as they were told (an undo only ever takes back a move within its phase)."""
    return [Event.from_json(e) for entry in entries for e in entry["payload"].get("events", [])]


@dataclass(frozen=True, slots=True)
class TrackChange:
    """A quantity's move over the turn: first value, last value, and every cause in order."""

    ref: str
    name: str
    old: int
    new: int
    causes: tuple[str, ...]

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True, slots=True)
class Line:
    """One thing that happened, and why (the event's cause)."""

    text: str
    cause: str = ""

    def __str__(self) -> str:
        return f"{self.text} ({self.cause})" if self.cause else self.text


@dataclass(frozen=True, slots=True)
class TurnResults:
    turn: int
    date: str
    role: str | None
    crisis: tuple[Line, ...] = ()
    #: What each role did, once public: its crisis response and its orders as resolved.
    did: dict[str, tuple[Line, ...]] = field(default_factory=dict)
    changes: tuple[TrackChange, ...] = ()
    deals_made: tuple[Line, ...] = ()
    deals_delivered: tuple[Line, ...] = ()
    deals_broken: tuple[Line, ...] = ()
    council: tuple[Line, ...] = ()
    recognitions: tuple[Line, ...] = ()
    keci: tuple[Line, ...] = ()
    special_rep: tuple[Line, ...] = ()
    reviews: tuple[Line, ...] = ()
    facilitator: tuple[Line, ...] = ()
    scores: dict[str, int] = field(default_factory=dict)
    ending: Line | None = None
    at_stake: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["changes"] = [{**asdict(c), "delta": c.delta} for c in self.changes]
        return data

    def lines(self) -> list[str]:
        """The results as plain text, section by section (empty sections left out)."""
        out = [f"Results of turn {self.turn} ({self.date})"]

        def section(title: str, items: Iterable[object]) -> None:
            items = list(items)
            if items:
                out.append(f"{title}:")
                out.extend(f"  {item}" for item in items)

        section("Facilitator", self.facilitator)
        section("Crisis", self.crisis)
        for role, did in self.did.items():
            section(f"{role} did", did)
        section("What changed", (f"{c.name}: {c.old} → {c.new} ({'; '.join(c.causes)})" for c in self.changes))
        section("Deals agreed", self.deals_made)
        section("Deals delivered", self.deals_delivered)
        section("Deals broken", self.deals_broken)
        section("North Atlantic Council", self.council)
        section("Recognitions", self.recognitions)
        section("KECI", self.keci)
        section("Special Representative", self.special_rep)
        section("Reviews", self.reviews)
        section("Scores", (f"{r}: {s}" for r, s in self.scores.items()))
        if self.ending:
            out.append(f"ENDING: {self.ending}")
        section("At stake", self.at_stake)
        return out


def last_resolved_turn(events: Sequence[Event]) -> int | None:
    """The latest turn whose resolution has run (a 'phase' event opens every resolution)."""
    turns = [e.turn for e in events if e.phase == "resolution"]
    return max(turns) if turns else None


def turn_results(content: Content, events: Sequence[Event], role: str | None, turn: int | None = None,
                 at_stake: Sequence[str] = ()) -> TurnResults:
    """The results of ``turn`` (default: the last resolved one) as ``role`` may see them."""
    if turn is None:
        turn = last_resolved_turn(events)
        if turn is None:
            raise ValueError("no turn has been resolved yet")
    mine = [e for e in events if e.turn == turn and sees(e, role)]
    names = {r: c.name for r, c in content.roles.items()}
    did: dict[str, list[Line]] = {}
    crisis, made, delivered, broken, council, recog, keci, rep, reviews, fac = ([] for _ in range(10))
    scores: dict[str, int] = {}
    ending = None
    for e in mine:
        line = Line(e.text, e.cause)
        if e.kind == "crisis":
            crisis.append(line)
        elif e.kind == "response":
            did.setdefault(names.get(e.data.get("role", ""), "?"), []).append(Line(e.text.split(": ", 1)[-1], e.cause))
        elif e.kind == "order" and e.phase == "resolution" and e.data.get("role"):
            did.setdefault(names[e.data["role"]], []).append(Line(e.text.split(": ", 1)[-1], e.cause))
        elif e.kind == "risk":
            did.setdefault("Backfires", []).append(line)
        elif e.kind == "deal" and "proposal" in e.data:
            made.append(line)
        elif e.kind == "deal":
            delivered.append(line)
        elif e.kind == "default":
            broken.append(line)
        elif e.kind in ("council", "veto"):
            council.append(line)
        elif e.kind == "recognition":
            recog.append(line)
        elif e.kind == "keci":
            keci.append(line)
        elif e.kind == "special_rep":
            rep.append(line)
        elif e.kind == "review" and e.phase == "briefing":
            reviews.append(line)
        elif e.kind == "facilitator":
            fac.append(line)
        elif e.kind == "score" and e.phase == "review":
            # a role's confidential line (told to it alone, after the public one) replaces it
            scores[names[e.data["role"]]] = e.data["score"]
        elif e.kind == "ending":
            ending = line
    return TurnResults(
        turn=turn, date=_date(mine), role=role, crisis=tuple(crisis),
        did={r: tuple(v) for r, v in did.items()}, changes=_changes(mine),
        deals_made=tuple(made), deals_delivered=tuple(delivered), deals_broken=tuple(broken),
        council=tuple(council), recognitions=tuple(recog), keci=tuple(keci), special_rep=tuple(rep),
        reviews=tuple(reviews), facilitator=tuple(fac), scores=scores, ending=ending, at_stake=tuple(at_stake))


def _date(events: Sequence[Event]) -> str:
    for e in events:
        if e.kind == "turn":
            return e.text.split(": ", 1)[-1]
    return ""


def _changes(events: Sequence[Event]) -> tuple[TrackChange, ...]:
    """Net moves of the board over the turn (political capital, spent and refilled, left out)."""
    first: dict[str, tuple[str, int, list[str]]] = {}
    last: dict[str, int] = {}
    for e in events:
        if e.kind != "track" or e.data.get("ref", "").endswith(".political_capital"):
            continue
        kind, key, sub = q.parse(e.data["ref"])
        ref = f"{kind}:{key}:{sub}"  # trust.a.b and trust.b.a are one quantity
        if ref not in first:
            first[ref] = (e.text.rsplit(" ", 3)[0], e.data["old"], [])
        first[ref][2].append(e.cause)
        last[ref] = e.data["new"]
    out = []
    for ref, (name, old, causes) in first.items():
        if last[ref] != old:
            out.append(TrackChange(ref, name, old, last[ref], tuple(dict.fromkeys(causes))))
    return tuple(out)


def stakes(view: dict[str, Any], content: Content) -> list[str]:
    """What is at stake next, read from a role's view of the board as it stands."""
    out: list[str] = []
    left = view["last_turn"] - view["turn"] + 1
    if view["ending"]:
        return out
    out.append(f"{left} turn(s) left, from {view['date']}")
    tension, top = view["tracks"]["north_tension"], content.tracks["north_tension"].max
    if tension >= top - 2:
        out.append(f"Tension in the north is {tension} of {top}: at {top} the game ends in escalation")
    nxt = view.get("keci_next")
    if nxt:
        blockers = "; ".join(nxt["blocked_by"]) or "nothing blocks it now"
        out.append(f"KECI {nxt['name']}: {blockers}")
    if view["keci_suspended"]:
        out.append("KECI is suspended until NATO lifts the suspension")
    due = [d for d in view["commitments"] if d["status"] == "open" and d["due_turn"] == view["turn"]]
    for d in due:
        out.append(f"Deal #{d['proposal']} falls due now: {content.roles[d['giver']].name} owes "
                   f"'{content.items[d['item']].name}'")
    if view["crisis"]:
        out.append(f"Crisis now: {view['crisis']['name']}")
    return out
