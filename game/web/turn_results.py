"""The turn's results as a web page shows them: :mod:`game.results` put into titled sections.

After each resolution every page shows what the half-year did: what each role did once public,
what changed and why, deals made, delivered and broken, the Council's decisions, recognitions,
KECI phase changes, the Special Representative and what is at stake next. The facts come from
:func:`game.results.turn_results` for the page's reader (a seat, the public for the projector, or
the facilitator), which reads only the log events that reader may see; this module only words
and orders them. Nothing here decides what a reader may know.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from game.results import Line, TrackChange, TurnResults, last_resolved_turn, stakes, turn_results
from game.web import describe
from rules.core.engine import Game
from rules.core.secrets import Reader
from rules.core.view import view
from rules.loader import Content
from rules.values import Event

#: Causes listed per change; the rest are counted ("and 3 more"), so a busy turn stays readable.
MAX_CAUSES = 4


#: The last section laid out for each reader of each content: a turn's results change only when
#: that turn's events or the stakes do, so the pushes between two resolutions (dozens of moves, each
#: pushed to every page) reuse it. Checked against the very events and stakes it was made from.
_MEMO: dict[tuple[int, Reader], tuple[Content, tuple[Event, ...], tuple[str, ...], dict[str, Any]]] = {}


def results_section(game: Game, events: Iterable[Event], reader: Reader) -> dict[str, Any] | None:
    """The last resolved turn's results for ``reader`` (None before the first resolution). The
    section may be shared with other pages of the same reader: it must not be changed."""
    evs = list(events)
    turn = last_resolved_turn(evs)
    if turn is None:  # no turn resolved yet
        return None
    content = game.content
    mine = tuple(e for e in evs if e.turn == turn)
    at_stake = tuple(stakes(view(game, reader if reader in game.state.seats else None), content))
    memo = _MEMO.get((id(content), reader))
    if memo is not None and memo[0] is content and memo[1] == mine and memo[2] == at_stake:
        return memo[3]
    results = turn_results(content, mine, reader, turn, at_stake)
    sections = _sections(game, results)
    for section in sections:  # the rules' words, with every id and blocker named as players read them
        for item in section["items"]:
            item["text"], item["why"] = describe.plain(content, item["text"]), describe.plain(content, item["why"])
    out = {"turn": results.turn, "date": results.date, "sections": sections,
           "ending": describe.plain(content, str(results.ending)) if results.ending else ""}
    if len(_MEMO) > 64:
        _MEMO.clear()
    _MEMO[(id(content), reader)] = (content, mine, at_stake, out)
    return out


def _sections(game: Game, r: TurnResults) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(key: str, title: str, items: list[dict[str, Any]]) -> None:
        if items:
            out.append({"key": key, "title": title, "items": items})

    add("facilitator", "The facilitator", _lines(r.facilitator))
    did = [_item(f"{who}: " + "; ".join(x.text for x in lines)) for who, lines in r.did.items() if who != "Backfires"]
    did += _lines(r.did.get("Backfires", ()), good=False)
    add("did", "What each side did", _lines(r.crisis) + did)
    add("changes", "What changed and why", [_change(game, c) for c in r.changes])
    add("deals", "Deals", [_item("Agreed: " + str(x)) for x in r.deals_made]
        + [_item("✓ Delivered: " + str(x), True) for x in r.deals_delivered]
        + [_item("✗ Broken: " + str(x), False) for x in r.deals_broken])
    add("council", "North Atlantic Council", _lines(r.council))
    add("recognitions", "Recognitions", _lines(r.recognitions, good=True))
    add("keci", "KECI", _lines(r.keci))
    add("special_rep", "Special Representative", _lines(r.special_rep))
    add("reviews", "Reviews", _lines(r.reviews))
    add("stake", "At stake next", [_item(x) for x in r.at_stake])
    return out


def _item(text: str, good: bool | None = None, why: str = "") -> dict[str, Any]:
    return {"text": text, "good": good, "why": why}


def _lines(lines: Iterable[Line], good: bool | None = None) -> list[dict[str, Any]]:
    return [_item(x.text, good, x.cause) for x in lines]


def _good_when_high(game: Game, ref: str) -> bool:
    kind, key, _ = ref.split(":", 2)  # TrackChange.ref is "kind:key:sub" (game.results)
    if kind == "track" and key in game.content.tracks:
        return game.content.tracks[key].good_when == "high"
    return True  # role tracks, trust and commitments: more is better


def _change(game: Game, c: TrackChange) -> dict[str, Any]:
    better = (c.delta > 0) == _good_when_high(game, c.ref)
    mark = f"{'▲' if c.delta > 0 else '▼'}{c.delta:+d} {'✓' if better else '✗'}"
    causes = list(c.causes[:MAX_CAUSES])
    if len(c.causes) > MAX_CAUSES:
        causes.append(f"and {len(c.causes) - MAX_CAUSES} more")
    return _item(f"{mark} {c.name}: {c.old} → {c.new}", better, "; ".join(causes))
