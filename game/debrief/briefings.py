"""Printable role briefings: one PDF per role (public and confidential objectives, actions with
costs, what it may negotiate, key facts) and a one-page public primer for everyone.

A role's briefing prints its own confidential objectives and only the public objectives of the
others: like a classroom negotiation's confidential instructions, it is handed to that team alone.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import yaml
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from game.debrief.pdf import PAGE_WIDTH, first_page_note, p, styles, table, worded
from rules import negotiation
from rules.core.engine import Game
from rules.loader import Content

KEY_FACTS = Path(__file__).with_name("key_facts.yaml")


@lru_cache(maxsize=1)
def key_facts() -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load(KEY_FACTS.read_text(encoding="utf-8"))
    return tuple((f["text"], f["source"]) for f in data["facts"])


def _facts() -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [p("Key facts", s["Heading2"])]
    for text, source in key_facts():
        out.append(p(f"• {text}", s["BodyText"]))
        out.append(p(f"   Source: {source}", s["Small"]))
    return out


def _keci(content: Content) -> list[Flowable]:
    s = styles()
    rows = [["KECI phase", "What it opens"]]
    for ph in content.keci.phases:
        rows.append([ph.name, ", ".join(ph.activities) or ph.explanation])
    return [p("KECI's phases", s["Heading2"]), table(rows, [5.5 * cm, PAGE_WIDTH - 5.5 * cm], s)]


def role_briefing(game: Game, role: str) -> list[Flowable]:
    c, st = game.content, game.state
    s = styles()
    r = c.roles[role]
    sc = c.scenarios[st.scenario]
    out: list[Flowable] = [p(f"Confidential briefing: {r.name}", s["Title"]),
                           p(f"{sc.name} · from {sc.start_year} H1 · {st.last_turn} half-year turns · "
                             "for this team only", s["Small"]), Spacer(1, 6)]
    out.append(p("Your situation", s["Heading2"]))
    out.append(p(r.explanation, s["BodyText"]))
    out.append(p(f"From the paper: {r.source}", s["Quote"]))
    out.append(p("Your objectives", s["Heading2"]))
    rows = [["Objective", "Kind", "Points"]]
    for o in c.objectives(role, st.scenario):
        rows.append([o.text, "CONFIDENTIAL — do not show" if o.secret else "public", str(o.points)])
    out.append(table(rows, [11 * cm, 3.6 * cm, PAGE_WIDTH - 14.6 * cm], s))
    out.append(p("How the game may end: " + "; ".join(f"{e.name} ({e.points.get(role, 0):+d} for you)"
                                                         for e in c.endings_in(st.scenario).values()), s["Small"]))
    for eid in sc.endings:  # what this variant judges an ending on
        out.append(p(f"{c.endings[eid].name} in this variant: {c.ending(eid, st.scenario).explanation}", s["Small"]))
    out.append(p("What the other seats want (their public objectives)", s["Heading2"]))
    for other in st.seats:
        if other == role:
            continue
        public = [o.text for o in c.objectives(other, st.scenario) if not o.secret]
        out.append(p(f"{c.roles[other].name}: " + "; ".join(public), s["BodyText"]))
    out.append(p("Your actions (political capital each costs)", s["Heading2"]))
    rows = [["Action", "Cost", "What it does"]]
    for a in c.actions_by_role.get(role, ()):
        rows.append([a.name, str(a.cost), a.explanation])
    out.append(table(rows, [5.5 * cm, 1.2 * cm, PAGE_WIDTH - 6.7 * cm], s))
    out.append(p(f"You regain {r.capital_refill} political capital at each briefing.", s["Small"]))
    out.append(p("What you may offer in negotiation", s["Heading2"]))
    rows = [["Item", "Cost to deliver", "What it means"]]
    for item_id in negotiation.items_of(c, role):
        item = c.items[item_id]
        rows.append([item.name, str(item.deliver_cost), item.explanation])
    out.append(table(rows, [5.5 * cm, 2 * cm, PAGE_WIDTH - 7.5 * cm], s))
    out.append(p("Each proposal gives one item and asks one in return, with a deadline; an accepted deal binds both "
                 "sides, and a deal not delivered by its deadline costs the defaulter its word and the other side's trust.",
                 s["Small"]))
    out += _keci(c)
    out += _facts()
    return out


def primer(game: Game) -> list[Flowable]:
    """One page for everyone (and the projector): the setting, the seats, the turn, KECI."""
    c, st = game.content, game.state
    s = styles()
    sc = c.scenarios[st.scenario]
    out: list[Flowable] = [p("KECI — public primer", s["Title"]),
                           p(f"{sc.name}: {sc.explanation}", s["BodyText"]),
                           p("Based on the KCSS policy paper 'Exploring options for advancing Kosovo–NATO relations' "
                             "(Ilazi and Loshaj, Prishtinë, March 2025).", s["Small"]),
                           p("The seats", s["Heading2"])]
    for role in st.seats:
        out.append(p(f"{c.roles[role].name}: {c.roles[role].explanation}", s["BodyText"]))
    out.append(p("A turn (half a year)", s["Heading2"]))
    out.append(p("Briefing (the world moves, a crisis card may be drawn) → crisis response → negotiation (one item "
                 "offered for one asked) → secret orders → resolution in a fixed order → review of scores.", s["BodyText"]))
    rows = [["KECI phase", "What it opens"]] + [[ph.name, ", ".join(ph.activities) or ph.explanation]
                                                 for ph in c.keci.phases]
    out.append(table(rows, [5.5 * cm, PAGE_WIDTH - 5.5 * cm], s))
    out.append(p("Key facts", s["Heading2"]))
    for text, _ in key_facts()[:4]:
        out.append(p(f"• {text}", s["Small"]))
    return out


def write_flow(flow: list[Flowable], title: str) -> bytes:
    """One document as PDF bytes (A4, the briefings' margins)."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.6 * cm,
                            bottomMargin=1.6 * cm, title=title, author="KECI")
    doc.build(flow, onFirstPage=first_page_note)
    return out.getvalue()


def _write(data: bytes, path: Path) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def primer_pdf(game: Game, mode: str = "plain") -> bytes:
    """The public primer as PDF bytes, worded in ``mode`` (rules/wording.py)."""
    with worded(mode):
        return write_flow(primer(game), "KECI public primer")


def briefing_pdf(game: Game, role: str, mode: str = "plain") -> bytes:
    """``role``'s confidential briefing as PDF bytes, worded in ``mode``."""
    with worded(mode):
        return write_flow(role_briefing(game, role), f"KECI briefing: {game.content.roles[role].name}")


def write_briefings(game: Game, folder: Path, mode: str = "plain") -> list[Path]:
    """Write ``primer.pdf`` and ``briefing_<role>.pdf`` for every seat into ``folder``, worded
    in ``mode`` (each document its own first mention and footnote)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [_write(primer_pdf(game, mode), folder / "primer.pdf")]
    for role in game.state.seats:
        files.append(_write(briefing_pdf(game, role, mode), folder / f"briefing_{role}.pdf"))

    return files
