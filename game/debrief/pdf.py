"""The after-action review as a PDF (reportlab platypus), for the lecturer to grade and hand out.

Text is set in DejaVu Sans from ``assets/fonts`` so ë ç č ć đ š ž print; charts come from
:mod:`game.debrief.charts`. One report covers one session, or several sessions of a class with
a side-by-side comparison first.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from game.debrief import charts
from game.debrief.questions import questions
from game.debrief.record import Record
from game.debrief.standards import Verdict, assess
from game.debrief.story import label_turn, tell
from rules import wording
from rules.counting import points
from rules.endings import objectives_met

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE_WIDTH = A4[0] - 4 * cm


def register_fonts() -> None:
    """DejaVu Sans covers the Albanian and Serbian letters; Helvetica has no č ć đ š ž."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> StyleSheet1:
    register_fonts()
    sheet = getSampleStyleSheet()
    for name in ("Normal", "BodyText", "Bullet"):
        sheet[name].fontName = FONT
        sheet[name].fontSize = 9.5
        sheet[name].leading = 12.5
    for name, size in (("Title", 18), ("Heading1", 15), ("Heading2", 12.5), ("Heading3", 10.5)):
        sheet[name].fontName = BOLD
        sheet[name].fontSize = size
        sheet[name].leading = size + 3
    sheet.add(ParagraphStyle("Small", parent=sheet["Normal"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("Quote", parent=sheet["Normal"], fontSize=8.5, leading=11, leftIndent=12,
                             textColor=colors.HexColor("#444444")))
    return sheet


@dataclass
class _Worded:
    """The wording of the document being written, and whether its first mention is marked yet."""

    mode: str
    marked: bool = False


_WORDING: ContextVar[_Worded | None] = ContextVar("pdf_wording", default=None)


def _current() -> _Worded:
    return _WORDING.get() or _Worded("plain", True)


@contextmanager
def worded(mode: str) -> Iterator[None]:
    """Every text of the document built inside the block in ``mode`` (rules/wording.py): in the
    status-neutral mode, its first mention of Kosovo marked ``Kosovo*`` and the footnote printed
    once, at the foot of the first page (:func:`first_page_note`)."""
    token = _WORDING.set(_Worded(mode, marked=wording.Mode(mode) == wording.Mode.PLAIN))
    try:
        yield
    finally:
        _WORDING.reset(token)


def words(text: str) -> str:
    """``text`` in the wording of the document being written."""
    state = _current()
    out = wording.render(text, state.mode)
    if not state.marked and "Kosovo" in out:
        out = wording.mark_first(out)
        state.marked = wording.DENOMINATION in out
    return out


def first_page_note(canvas: Any, doc: Any) -> None:
    """The status-neutral footnote at the foot of the first page (nothing in the plain mode)."""
    note = wording.footnote(_current().mode)
    if not note or canvas.getPageNumber() != 1:  # once per document, even if the template repeats
        return
    canvas.saveState()
    canvas.setFont(FONT, 7)
    style = ParagraphStyle("Footnote", fontName=FONT, fontSize=7, leading=8.5)
    para = Paragraph(escape(note), style)
    para.wrap(PAGE_WIDTH, 2 * cm)
    para.drawOn(canvas, 2 * cm, 1.35 * cm)
    canvas.restoreState()


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(words(text)), style)


def image(png: bytes, width: float = PAGE_WIDTH) -> Image:
    img = Image(io.BytesIO(png))
    ratio = img.imageHeight / img.imageWidth
    img.drawWidth, img.drawHeight = width, width * ratio
    return img


def table(rows: list[list[Any]], widths: Sequence[float], sheet: StyleSheet1, header: bool = True) -> Table:
    cells = [[c if isinstance(c, Flowable) else p(str(c), sheet["Small"]) for c in row] for row in rows]
    t = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")))
    t.setStyle(TableStyle(style))
    return t


def _verdict_cell(verdict: Verdict, sheet: StyleSheet1) -> Paragraph:
    colour = {"followed": "#2a7a4b", "partly followed": "#a07800", "not followed": "#b8322a",
              "for discussion": "#444444"}[verdict.value]
    return Paragraph(f'<font color="{colour}"><b>{escape(words(verdict.value))}</b></font>', sheet["Small"])


def session_section(record: Record, sheet: StyleSheet1) -> list[Flowable]:
    c, st = record.content, record.state
    out: list[Flowable] = []
    story = tell(record)
    out.append(p(f"After-action review: {record.name}", sheet["Title"]))
    seats = ", ".join(f"{c.roles[s['role']].name} ({s['display_name'] if s['controller'] == 'human' else 'computer, ' + str(s['level'])})"
                      for s in record.seats)
    out.append(p(f"Session {record.session} · scenario {c.scenarios[record.scenario].name} · seed {record.seed} · "
                 f"{st.turn} of {st.last_turn} turns played · seats: {seats}", sheet["Small"]))
    out.append(Spacer(1, 6))
    out.append(p(f"How it ended: {story.ending}", sheet["Heading1"]))
    out.append(p(story.headline, sheet["BodyText"]))
    out.append(p("The causes, from the game's own events:", sheet["Heading3"]))
    for cause in story.causes:
        out.append(p(f"• {cause}", sheet["BodyText"]))
    out.append(PageBreak())
    out.append(p("The board over the game", sheet["Heading1"]))
    out.append(image(charts.tracks(record)))
    out.append(p("KECI and the North Atlantic Council", sheet["Heading2"]))
    out.append(image(charts.keci_timeline(record)))
    council = [e for e in record.events if e.kind in ("council", "veto")]
    if council:
        out.append(table([["When", "Decision", "Why"]] + [[label_turn(record, e.turn), e.text, e.cause] for e in council],
                         [2.2 * cm, 7 * cm, PAGE_WIDTH - 9.2 * cm], sheet))
    else:
        out.append(p("No motion was put to the Council in this game.", sheet["BodyText"]))
    out.append(PageBreak())
    out.append(p("Negotiation", sheet["Heading1"]))
    out.append(image(charts.negotiation_timeline(record)))
    out.append(image(charts.network(record), width=PAGE_WIDTH * 0.62))
    if st.deals:
        deal_rows: list[list[Any]] = [["#", "Owes", "To", "What", "Due", "Outcome"]]
        for d in st.deals:
            deal_rows.append([str(d.id), c.roles[d.giver].name, c.roles[d.receiver].name, c.items[d.item].name,
                         label_turn(record, d.due_turn), {"kept": "delivered", "defaulted": "broken"}.get(d.status, "open")])
        out.append(table(deal_rows, [0.8 * cm, 2.6 * cm, 2.6 * cm, 6.6 * cm, 2 * cm, PAGE_WIDTH - 14.6 * cm], sheet))
    else:
        out.append(p("No deal was agreed in this game.", sheet["BodyText"]))
    out.append(PageBreak())
    out.append(p("Scores and objectives (confidential objectives revealed)", sheet["Heading1"]))
    final = record.points[-1].scores
    for role in st.seats:
        name = c.roles[role].name
        out.append(p(f"{name}: {points(final[role])}", sheet["Heading2"]))
        met = {o.id: o for o in c.objectives(role, st.scenario)}
        held = objectives_met(c, st, role)
        goals: list[list[Any]] = [["Objective", "Kind", "Points", "Met"]]
        for o in met.values():
            goals.append([o.text, "confidential" if o.secret else "public", str(o.points), "yes" if held[o.id] else "no"])
        if st.ending:
            goals.append([f"Ending: {c.endings[st.ending].name}", "", str(c.endings[st.ending].points.get(role, 0)), ""])
        out.append(table(goals, [9.5 * cm, 2.4 * cm, 1.6 * cm, PAGE_WIDTH - 13.5 * cm], sheet))
        moved = sorted((x for x in record.decisions if x.score_delta.get(role)),
                       key=lambda x: -abs(x.score_delta[role]))[:4]
        if moved:
            out.append(p("What moved this score most:", sheet["Small"]))
            for step in moved:
                sign = f"{step.score_delta[role]:+d}"
                out.append(p(f"  {sign} in {label_turn(record, step.turn)}: {step.text}"
                             + (f" ({step.cause})" if step.cause else ""), sheet["Small"]))
        out.append(Spacer(1, 4))
    out.append(PageBreak())
    out.append(p("The paper's recommendations and the 1995 Study's principles, held against this game", sheet["Heading1"]))
    recs, principles = assess(record)
    rows: list[list[Any]]
    for title, items in (("Recommendations of the KCSS paper (March 2025)", recs),
                         ("Principles of the 1995 Study on NATO Enlargement", principles)):
        out.append(p(title, sheet["Heading2"]))
        rows = [["Recommendation" if items is recs else "Principle", "In this game", "Evidence"]]
        for a in items:
            cell = Paragraph(f"<b>{escape(words(a.standard.title))}</b><br/><i>“{escape(words(a.standard.quote))}”</i><br/>"
                             f"<font size=7>{escape(a.standard.source)}</font>", sheet["Small"])
            rows.append([cell, _verdict_cell(a.verdict, sheet), a.evidence])
        out.append(table(rows, [8.5 * cm, 2.4 * cm, PAGE_WIDTH - 10.9 * cm], sheet))
    acts = [e for e in record.events if e.kind == "facilitator"]
    if acts:
        out.append(p("The facilitator's acts", sheet["Heading2"]))
        out.append(table([["When", "Act"]] + [[label_turn(record, e.turn), e.text] for e in acts],
                         [2.2 * cm, PAGE_WIDTH - 2.2 * cm], sheet))
    out.append(p("Questions for discussion", sheet["Heading1"]))
    for n, q in enumerate(questions(record), start=1):
        out.append(p(f"{n}. {q}", sheet["BodyText"]))
        out.append(Spacer(1, 3))
    return out


def comparison_section(records: Sequence[Record], sheet: StyleSheet1) -> list[Flowable]:
    """Several sessions of one class side by side (the same scenario and seed, different groups)."""
    c = records[0].content
    out: list[Flowable] = [p("Class comparison", sheet["Title"]),
                           p(f"{len(records)} sessions side by side.", sheet["BodyText"])]
    header = ["", *[f"{r.name} (#{r.session})" for r in records]]
    rows: list[list[Any]] = [header]
    rows.append(["Ending", *[c.endings[r.state.ending].name if r.state.ending else "running" for r in records]])
    rows.append(["Turns played", *[str(r.state.turn) for r in records]])
    rows.append(["KECI phase", *[str(r.state.keci_phase) + (" (suspended)" if r.state.keci_suspended else "")
                                 for r in records]])
    rows.append(["Allies recognizing", *[", ".join(c.allies[a].name for a in r.state.recognized_by) or "none"
                                         for r in records]])
    rows.append(["Special Representative", *["yes" if r.state.special_rep else "no" for r in records]])
    for track in ("north_tension", "alliance_cohesion", "public_support"):
        unit = "%" if track == "public_support" else ""
        rows.append([c.tracks[track].name, *[f"{r.points[-1].tracks[track]}{unit}" for r in records]])
    for r0 in records[0].state.seats:
        rows.append([f"Score: {c.roles[r0].name}", *[str(r.points[-1].scores.get(r0, '')) for r in records]])
    kept = []
    for r in records:
        settled = [d for d in r.state.deals if d.status != "open"]
        share = f"{100 * sum(1 for d in settled if d.status == 'kept') // len(settled)}%" if settled else "-"
        kept.append(f"{len(r.state.deals)} ({share} kept)")
    rows.append(["Commitments (kept)", *kept])
    width = (PAGE_WIDTH - 4 * cm) / len(records)
    out.append(table(rows, [4 * cm, *[width] * len(records)], sheet))
    out.append(Spacer(1, 8))
    out.append(image(charts.class_comparison(records)))
    out.append(image(charts.class_comparison(records, "public_support")))
    out.append(PageBreak())
    return out


def write_report(records: Sequence[Record], out: Path) -> None:
    """Write the review of one or several sessions to ``out`` (atomically: a temp file, then rename).
    If any of the sessions was played in the status-neutral wording, the whole review is so worded."""
    mode = "neutral" if any(r.wording == "neutral" for r in records) else "plain"
    with worded(mode):
        _write_report(records, out)


def _write_report(records: Sequence[Record], out: Path) -> None:
    sheet = styles()
    flow: list[Flowable] = []
    if len(records) > 1:
        flow += comparison_section(records, sheet)
    for index, record in enumerate(records):
        flow += session_section(record, sheet)
        if index < len(records) - 1:
            flow.append(PageBreak())
    tmp = out.with_name(out.name + ".tmp")
    doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.6 * cm,
                            bottomMargin=1.6 * cm, title="KECI after-action review", author="KECI")
    doc.build(flow, onFirstPage=_footer, onLaterPages=_footer)
    tmp.replace(out)


def _footer(canvas: Any, doc: Any) -> None:
    if doc.page == 1:
        first_page_note(canvas, doc)
    canvas.saveState()
    canvas.setFont(FONT, 7)
    canvas.drawString(2 * cm, 1 * cm, words("KECI after-action review — the KCSS policy paper 'Exploring options for "
                                            "advancing Kosovo–NATO relations' (March 2025)"))
    canvas.drawRightString(A4[0] - 2 * cm, 1 * cm, f"page {doc.page}")
    canvas.restoreState()
