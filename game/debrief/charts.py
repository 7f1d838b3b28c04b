"""The review's pictures, drawn with matplotlib's Agg backend into PNG bytes.

Each track is drawn on its own true scale (its min..max from the content; public support in
percent), never normalized, so a reader can compare a chart with the board.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.text import Text

from game.debrief.record import Record
from rules import wording

#: One colour per role, the same in every chart of the report.
ROLE_COLOURS = {"kosovo": "#1f5fa8", "serbia": "#b8322a", "nato": "#2a7a4b", "eu": "#c9a227"}
_OTHER = "#6b6b6b"


def _word(fig: Figure, mode: str) -> None:
    """Every text of the picture (titles, ticks, legends, labels) in the session's wording, as
    the review's own text is: a chart must not say "Kosovo" where the page says "Kosovo*"."""
    if wording.Mode(mode) == wording.Mode.PLAIN:
        return
    for text in fig.findobj(Text):
        said = text.get_text()
        if said:
            text.set_text(wording.render(said, mode))


def _png(fig: Figure, mode: str = "plain") -> bytes:
    _word(fig, mode)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _x(record: Record) -> tuple[list[int], list[str]]:
    xs = list(range(len(record.points)))
    return xs, [p.label.replace(" ", "\n") for p in record.points]


def tracks(record: Record) -> bytes:
    """Small multiples: every shared track over the turns, each on its own scale."""
    c = record.content
    ids = list(c.tracks)
    cols = 3
    rows = math.ceil(len(ids) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(10, 2.2 * rows), squeeze=False)
    xs, labels = _x(record)
    for index, track_id in enumerate(ids):
        ax = axes[index // cols][index % cols]
        track = c.tracks[track_id]
        ys = [p.tracks[track_id] for p in record.points]
        ax.plot(xs, ys, marker="o", markersize=3, color="#1f5fa8")
        ax.set_ylim(track.min, track.max)
        unit = " (%)" if track_id == "public_support" else ""
        ax.set_title(track.name + unit, fontsize=8)
        ax.set_xticks(xs[:: max(1, len(xs) // 6)])
        ax.set_xticklabels(labels[:: max(1, len(xs) // 6)], fontsize=6)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(alpha=0.3)
    for index in range(len(ids), rows * cols):
        axes[index // cols][index % cols].axis("off")
    fig.suptitle("The shared tracks at the start of each half-year and at the end", fontsize=10)
    fig.tight_layout()
    return _png(fig, record.wording)


def keci_timeline(record: Record) -> bytes:
    """KECI's phase as a step line, suspensions shaded, and the Council's decisions as marks."""
    fig, ax = plt.subplots(figsize=(10, 3.2))
    xs, labels = _x(record)
    phases = [p.keci_phase for p in record.points]
    ax.step(xs, phases, where="post", color="#1f5fa8", linewidth=2, label="KECI phase")
    for x, p in zip(xs, record.points, strict=True):
        if p.keci_suspended:
            ax.axvspan(x - 0.5, x + 0.5, color="#b8322a", alpha=0.15)
    index_of = {p.turn: i for i, p in enumerate(record.points) if p.label != "end"}
    for e in record.events:
        if e.turn not in index_of:
            continue
        x = index_of[e.turn]
        if e.kind == "council":
            ok = "approves" in e.text
            ax.plot(x + 0.5, 3.4 if ok else 3.1, marker="^" if ok else "v", markersize=9,
                    color="#2a7a4b" if ok else "#b8322a", linestyle="none")
        elif e.kind == "recognition":
            ax.plot(x + 0.5, -0.3, marker="*", markersize=12, color="#c9a227", linestyle="none")
    ax.plot([], [], marker="^", color="#2a7a4b", linestyle="none", label="Council approves")
    ax.plot([], [], marker="v", color="#b8322a", linestyle="none", label="Council cannot agree")
    ax.plot([], [], marker="*", color="#c9a227", linestyle="none", label="an Ally recognizes Kosovo")
    ax.fill_between([], [], color="#b8322a", alpha=0.15, label="KECI suspended")
    ax.set_ylim(-0.6, 3.6)
    ax.set_yticks([0, 1, 2, 3])
    ax.set_yticklabels(["0: none", "1: low-controversy", "2: exercises, standards", "3: PfP / PARP / ITPP"],
                       fontsize=7)
    ax.set_xticks(xs)
    ax.set_xticklabels(labels, fontsize=6)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=5)
    ax.set_title("KECI's phase and the North Atlantic Council's decisions", fontsize=10)
    fig.tight_layout()
    return _png(fig, record.wording)


#: Negotiation steps on the timeline, with the mark each gets.
_NEGOTIATION_MARKS = {"proposal": ("o", "#6b6b6b", "proposal / counter / answer"),
                      "deal": ("s", "#2a7a4b", "deal agreed or delivered"),
                      "default": ("X", "#b8322a", "deal broken")}


def negotiation_timeline(record: Record) -> bytes:
    """Every proposal, counter, acceptance, delivery and default, by turn and by pair of roles."""
    c = record.content
    seats = list(record.state.seats)
    pairs = [(a, b) for i, a in enumerate(seats) for b in seats[i + 1:]]
    lane = {frozenset(p): i for i, p in enumerate(pairs)}
    deals = {d.id: d for d in record.state.deals}
    proposals = {p.id: p for p in record.state.proposals}
    fig, ax = plt.subplots(figsize=(10, 3.4))
    jitter: dict[tuple[int, int], int] = {}
    for e in record.events:
        if e.kind not in _NEGOTIATION_MARKS:
            continue
        who: tuple[str, str] | None = None
        if "deal" in e.data and e.data["deal"] in deals:
            d = deals[e.data["deal"]]
            who = (d.giver, d.receiver)
        elif "proposal" in e.data:
            pid = e.data["proposal"]["id"] if isinstance(e.data["proposal"], dict) else e.data["proposal"]
            if pid in proposals:
                who = (proposals[pid].sender, proposals[pid].recipient)
        if who is None or frozenset(who) not in lane:
            continue
        y = lane[frozenset(who)]
        k = jitter.get((e.turn, y), 0)
        jitter[(e.turn, y)] = k + 1
        marker, colour, _ = _NEGOTIATION_MARKS[e.kind]
        ax.plot(e.turn + (k % 8) * 0.1 - 0.35, y, marker=marker, color=colour, markersize=5, linestyle="none")
    for marker, colour, text in _NEGOTIATION_MARKS.values():
        ax.plot([], [], marker=marker, color=colour, linestyle="none", label=text)
    ax.set_yticks(range(len(pairs)))
    ax.set_yticklabels([f"{c.roles[a].name} – {c.roles[b].name}" for a, b in pairs], fontsize=7)
    ax.set_xlabel("turn", fontsize=8)
    ax.set_xlim(0.4, max(record.state.turn, 1) + 0.6)
    ax.set_xticks(range(1, record.state.turn + 1))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    ax.set_title("Negotiation, turn by turn", fontsize=10)
    fig.tight_layout()
    return _png(fig, record.wording)


def network(record: Record) -> bytes:
    """Who negotiated with whom: a line per pair, as thick as its deals, labelled with the share kept."""
    c = record.content
    seats = list(record.state.seats)
    pos = {r: (math.cos(math.pi / 2 + 2 * math.pi * i / len(seats)), math.sin(math.pi / 2 + 2 * math.pi * i / len(seats)))
           for i, r in enumerate(seats)}
    fig, ax = plt.subplots(figsize=(6, 5))
    pair_index = 0
    for i, a in enumerate(seats):
        for b in seats[i + 1:]:
            pair_index += 1
            sides = [d for d in record.state.deals if {d.giver, d.receiver} == {a, b}]
            if not sides:
                continue
            settled = [d for d in sides if d.status != "open"]
            kept = sum(1 for d in settled if d.status == "kept")
            share = f"{100 * kept // len(settled)}% kept" if settled else "none due yet"
            (xa, ya), (xb, yb) = pos[a], pos[b]
            ax.plot([xa, xb], [ya, yb], color="#6b6b6b", linewidth=1 + 1.2 * len(sides) ** 0.5, alpha=0.6, zorder=1)
            t = 0.36 if pair_index % 2 else 0.64  # crossing lines keep their labels apart
            ax.text(xa + t * (xb - xa), ya + t * (yb - ya), f"{len(sides)} commitments\n{share}", fontsize=7, ha="center",
                    va="center", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8}, zorder=3)
    for r, (x, y) in pos.items():
        ax.scatter([x], [y], s=2300, color=ROLE_COLOURS.get(r, _OTHER), zorder=2)
        ax.text(x, y, c.roles[r].name.replace(" ", "\n"), ha="center", va="center", fontsize=6.5, color="white",
                zorder=4, weight="bold")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.4, 1.4)
    ax.axis("off")
    ax.set_title("Who negotiated with whom (each deal is two commitments)", fontsize=10)
    return _png(fig, record.wording)


def class_comparison(records: Sequence[Record], track_id: str = "north_tension") -> bytes:
    """One track over the turns for several sessions of one class, side by side."""
    c = records[0].content
    fig, ax = plt.subplots(figsize=(10, 3.2))
    for r in records:
        ax.plot([p.turn if p.label != "end" else p.turn + 0.5 for p in r.points], [p.tracks[track_id] for p in r.points],
                marker="o", markersize=3, label=f"{r.name} (#{r.session})")
    track = c.tracks[track_id]
    ax.set_ylim(track.min, track.max)
    ax.set_xlabel("turn", fontsize=8)
    ax.set_title(f"{track.name}, session by session", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return _png(fig, "neutral" if any(r.wording == "neutral" for r in records) else "plain")
