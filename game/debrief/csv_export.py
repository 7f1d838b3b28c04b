"""The review as CSV files for a spreadsheet: the moves, the tracks per turn and the deals.

One file of each per call, with a ``session`` column, so several sessions of a class land in
the same three files and can be filtered or pivoted side by side.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from game.debrief.record import Record
from game.debrief.story import label_turn
from rules import wording
from rules.core.actions import Action
from rules.core.secrets import sees
from rules.values import Event

MOVES, TRACKS, DEALS = "moves.csv", "tracks.csv", "deals.csv"


def write_csv(records: Sequence[Record], folder: Path) -> list[Path]:
    """Write moves.csv, tracks.csv and deals.csv into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / MOVES, folder / TRACKS, folder / DEALS]
    with paths[0].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["session", "seq", "turn", "half_year", "phase", "role", "action", "params", "reason", "public_result"])
        for r in records:
            for entry_seq, action, turn, phase, reason, public in _moves(r):
                params = "; ".join(f"{k}={v}" for k, v in action.params)
                # The texts in the session's wording (the CSV has no page for a footnote: the PDF has it).
                w.writerow([r.session, entry_seq, turn, label_turn(r, turn), phase, action.role, action.id, params,
                            wording.render(reason, r.wording), wording.render(public, r.wording)])
    with paths[1].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        tracks = list(records[0].content.tracks) if records else []
        w.writerow(["session", "turn", "half_year", "keci_phase", "keci_suspended", "non_recognizers_left",
                    "special_representative", *tracks, *[f"score_{s}" for s in (records[0].state.seats if records else ())]])
        for r in records:
            for pt in r.points:
                w.writerow([r.session, pt.turn, pt.label, pt.keci_phase, int(pt.keci_suspended),
                            pt.tracks.get("non_recognizers", ""), int(pt.special_rep is not None),
                            *[pt.tracks[t] for t in tracks], *[pt.scores[s] for s in r.state.seats]])
    with paths[2].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["session", "deal", "proposal", "giver", "receiver", "item", "due_turn", "status"])
        for r in records:
            for d in r.state.deals:
                w.writerow([r.session, d.id, d.proposal, d.giver, d.receiver, d.item, d.due_turn, d.status])
    return paths


def _moves(record: Record) -> list[tuple[int, Action, int, str, str, str]]:
    """(seq, action, turn, phase, reason, first public result) for each logged move, undone ones left out."""
    out = []
    for seq, payload in record.log_actions:
        action = Action.from_json(payload["action"])
        public = next((e["text"] for e in payload.get("events", []) if sees(Event.from_json(e), None)), "")
        out.append((seq, action, int(payload.get("turn", 0)), str(payload.get("phase", "")),
                    str(payload.get("reason", "")), public))
    return out
