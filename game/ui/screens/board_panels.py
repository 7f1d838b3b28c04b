"""The board's information panels: top bar, map, tracks, KECI ladder, Council, crisis, log.

Each function draws one panel into its rect for one role's view; none of them changes the game.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import pygame

from game.ui import banner, describe, guide, map_view, text, theme
from game.ui.widgets import panel

if TYPE_CHECKING:
    from game.ui.screens.board import BoardScreen

#: Short rung names for the KECI ladder (the full names are beside it).
RUNGS = {0: "none", 1: "seminars", 2: "exercises", 3: "PfP/PARP"}
PHASES = ("briefing", "crisis", "negotiation", "actions", "resolution", "review")


def _text_w(label: str, px: float, bold: bool = False) -> int:
    return text.font(text.size_for(px), bold).size(text.worded(label))[0]


def top_bar(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """Turn and date, the six phases (the current one framed), whose move it is, Help and Menu.

    Widths come from the words at the size they are drawn, so nothing is cut at any text size.
    """
    px = board.px
    pygame.draw.rect(surface, theme.PANEL, r)
    pygame.draw.line(surface, theme.BORDER, r.bottomleft, r.bottomright)
    pad = int(px * 0.5)
    inner = r.inflate(-2 * pad, -int(px * 0.5))
    title = f"KECI · Turn {v['turn']} of {v['last_turn']} · {v['date']}"
    title_w = _text_w(title, px, True) + pad
    text.draw(surface, title, pygame.Rect(inner.x, inner.y, title_w, inner.h), px, theme.TEXT, bold=True,
              valign="middle", wrap_lines=False)
    small = px * 0.85
    labels = {"Help": "Help  [F1]", "Menu": "Menu  [Esc]"}
    bws = {k: _text_w(lab, small, True) + 2 * max(3, int(small * 0.4)) + 6 for k, lab in labels.items()}
    x_right = inner.right - bws["Menu"]
    board.ui.button(surface, pygame.Rect(x_right, inner.y, bws["Menu"], inner.h), "Menu", board.back_to_title,
                    pygame.K_ESCAPE, px=small)
    x_right -= bws["Help"] + pad
    board.ui.button(surface, pygame.Rect(x_right, inner.y, bws["Help"], inner.h), "Help",
                    lambda: _toggle_help(board), pygame.K_F1, px=small)
    board.rects.pop("clock", None)
    if (v.get("clock") or {}).get("due_at") is not None:  # the countdown is drawn there every frame
        cw = banner.clock_width(px)
        x_right -= cw + pad
        board.rects["clock"] = pygame.Rect(x_right, inner.y, cw, inner.h)
    step = max(_text_w(p.capitalize(), small, True) for p in PHASES) + pad + 6
    x = inner.x + title_w + pad
    if x_right - x - step * len(PHASES) >= px * 12:
        for phase in PHASES:
            now = phase == v["phase"]
            box = pygame.Rect(x, inner.y, step - 3, inner.h)
            if now:
                pygame.draw.rect(surface, theme.BUTTON, box, border_radius=4)
                pygame.draw.rect(surface, theme.FOCUS, box, width=2, border_radius=4)
            text.draw(surface, phase.capitalize(), box.inflate(-4, -2), small, theme.TEXT if now else theme.MUTED,
                      bold=now, align="center", valign="middle", wrap_lines=False)
            x += step
    else:  # large text (the projector): one box naming the phase instead of six
        n = PHASES.index(v["phase"]) + 1 if v["phase"] in PHASES else 0
        label = f"Phase {n} of {len(PHASES)}: {v['phase'].capitalize()}"
        box = pygame.Rect(x, inner.y, _text_w(label, small, True) + pad + 6, inner.h)
        pygame.draw.rect(surface, theme.BUTTON, box, border_radius=4)
        pygame.draw.rect(surface, theme.FOCUS, box, width=2, border_radius=4)
        text.draw(surface, label, box.inflate(-4, -2), small, theme.TEXT, bold=True, align="center",
                  valign="middle", wrap_lines=False)
        x = box.right + 3
    spin = int(px * 1.6)
    board.rects["spinner"] = pygame.Rect(x + pad, inner.y, spin, inner.h)
    status = pygame.Rect(x + pad + spin, inner.y, max(1, x_right - pad - (x + pad + spin)), inner.h)
    thinking = board.worker.thinking_for
    if (v.get("table") or {}).get("paused"):
        msg = "Paused: moves wait until the facilitator resumes the game"
    elif thinking is not None:
        msg = f"{board.match.player_name(thinking)} (AI) is thinking…"
    else:
        actor = board.match.actor()
        msg = "" if actor is None else (f"Your move, {board.match.player_name(actor)}" if actor == board.viewer
                                        else f"Waiting for {board.match.player_name(actor)}")
    text.draw(surface, msg, status, small, theme.YELLOW if thinking else theme.MUTED, valign="middle")


def top_height(px: float) -> int:
    """Room for two lines of the status ("Your move, <a long name> (Kosovo)") and the buttons."""
    return 2 * text.line_height(px * 0.85) + int(px * 0.9)


def explain_title(board: BoardScreen, r: pygame.Rect, which: str) -> None:
    """The panel's title strip explains the panel when clicked (a toast) or hovered (a tooltip)."""
    tip = guide.panel_help(board.match.content, which)
    strip = pygame.Rect(r.x, r.y, r.w, int(text.line_height(int(board.px), True) + board.px * 0.6))
    board.ui.area(strip, lambda: board.app.toast(tip, 12), label=f"panel-{which}", tip=tip)


def _toggle_help(board: BoardScreen) -> None:
    board.app.help_open = True
    board.app.redraw()


def map_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    inner = panel(surface, r, None, board.px)
    crisis = v.get("crisis")
    map_view.draw_map(surface, inner, v, crisis["name"] if crisis else None, board.px)


def chrome(title_px: float, titled: bool = True) -> int:
    """Height a panel's frame and title take (see :func:`game.ui.widgets.panel`)."""
    pad = max(4, int(title_px * 0.5))
    return 2 * pad + ((text.line_height(int(title_px), True) + pad // 2) if titled else 0)


def _inner_w(r_w: int, title_px: float) -> int:
    return r_w - 2 * max(4, int(title_px * 0.5))


TRACKS_TITLE = "Tracks · ✓ better ✗ worse · hover a name"


def _track_rows(board: BoardScreen, width: int, v: dict[str, Any]) -> list[tuple[str, list[str], int]]:
    """(track id, its name's lines, row height): a long name wraps instead of shrinking."""
    size = board.px * 0.85
    lh = text.line_height(size)
    name_w = int(width * 0.66)
    out = []
    for tid in v["tracks"]:
        lines = text.wrap(board.match.content.tracks[tid].name, text.size_for(size), False, name_w)
        out.append((tid, lines, len(lines) * lh + max(4, int(size * 0.45)) + 3))
    return out


def tracks_height(board: BoardScreen, width: int, v: dict[str, Any]) -> int:
    tp = board.px * 0.9
    return chrome(tp) + sum(h for _, _, h in _track_rows(board, _inner_w(width, tp), v))


def tracks_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """Every shared track: name, value, its change this turn (▲/▼ with ✓/✗), and a bar beneath."""
    px = board.px
    c = board.match.content
    title = text.fitting([TRACKS_TITLE, "Tracks · hover a name", "Tracks"], _inner_w(r.w, px * 0.9), px * 0.9, True)
    inner = panel(surface, r, title, px * 0.9)
    explain_title(board, r, "tracks")
    deltas = board.match.deltas_this_turn()
    tracks = v["tracks"]
    rows = _track_rows(board, inner.w, v)
    spare = max(0, inner.h - sum(h for _, _, h in rows)) // max(1, len(rows))
    size = px * 0.85
    bar_h = max(4, int(size * 0.35))
    y = inner.y
    for tid, lines, rh in rows:
        value = tracks[tid]
        t = c.tracks[tid]
        row = pygame.Rect(inner.x, y, inner.w, rh + spare)
        y += rh + spare
        text_h = rh - bar_h - 3
        name_box = pygame.Rect(row.x, row.y, int(row.w * 0.66), text_h)
        text.draw(surface, "\n".join(lines), name_box, size, theme.TEXT)
        unit = "%" if t.unit == "percent" else f"/{t.max}"
        value_box = pygame.Rect(row.x + int(row.w * 0.66), row.y, int(row.w * 0.16), text_h)
        text.draw(surface, f"{value}{unit}", value_box, size, theme.TEXT, bold=True, wrap_lines=False, align="right")
        delta = deltas.get(tid, 0)
        if delta:
            better = (delta > 0) == (t.good_when == "high")
            mark = f"{'▲' if delta > 0 else '▼'}{delta:+d} {'✓' if better else '✗'}"
            color = theme.GOOD if better else theme.BAD
        else:
            mark, color = "–", theme.MUTED
        text.draw(surface, mark, pygame.Rect(row.x + int(row.w * 0.82), row.y, int(row.w * 0.18), text_h), size,
                  color, bold=bool(delta), wrap_lines=False, align="right")
        bar = pygame.Rect(row.x, row.y + text_h + 1, int(row.w * 0.66), bar_h)
        pygame.draw.rect(surface, theme.BG, bar)
        frac = (value - t.min) / max(1, t.max - t.min)
        good_side = frac >= 0.5 if t.good_when == "high" else frac <= 0.5
        fill = bar.copy()
        fill.w = max(1, int(bar.w * frac))
        pygame.draw.rect(surface, theme.GOOD if good_side else theme.BAD, fill)
        tip = f"{t.name}: {t.explanation} — Source: {t.source}"
        board.ui.area(row, partial(board.app.toast, tip, 12), label=f"track-{tid}", tip=tip)


def _keci_lines(board: BoardScreen, v: dict[str, Any]) -> str:
    c = board.match.content
    nxt = v.get("keci_next")
    if nxt is None:
        return "KECI has reached phase 3: Kosovo is in NATO's standard partnership programmes."
    lines = [f"Next: {nxt['name']}", "Unlocks: " + ", ".join(nxt["activities"])]
    if v.get("keci_memorandum_awaiting_signature"):
        # The Council has spoken; the one step left is Kosovo's, not NATO's.
        lines.append("◷ Waiting for Kosovo's signature: the Council approved the memorandum, and phase 1 "
                     "begins only when Kosovo signs it (an action card of Kosovo's).")
        return "\n".join(lines)
    blocked = [board.words(describe.blocker(c, b)) for b in nxt["blocked_by"]]
    objecting = [a for a, why in nxt["objections"].items() if why]
    if blocked:
        lines.append("✗ Blocked by: " + "; ".join(blocked))
    if objecting:
        lines.append(f"✗ Council: {len(objecting)} Ally(ies) would object")
    if not blocked and not objecting:
        lines.append("✓ Nothing blocks it: NATO may put the motion to the Council")
    return "\n".join(lines)


def _keci_title(v: dict[str, Any]) -> str:
    return "KECI ladder" + ("  ⏸ SUSPENDED" if v["keci_suspended"] else "")


def keci_height(board: BoardScreen, width: int, v: dict[str, Any]) -> int:
    px = board.px
    size = px * 0.85
    w = _inner_w(width, px * 0.95)
    rung_w = int(w * 0.34)
    lh = text.line_height(size)
    rungs = len(board.match.content.keci.phases) * (lh + 4) + lh
    right = text.height_of(_keci_lines(board, v), w - rung_w - int(px * 0.5), size)
    return chrome(px * 0.95) + max(rungs, right)


def keci_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """The ladder: the four phases, where KECI stands, what the next phase unlocks and what blocks it."""
    px = board.px
    c = board.match.content
    inner = panel(surface, r, _keci_title(v), px * 0.95)
    explain_title(board, r, "keci")
    size = px * 0.85
    lh = text.line_height(size)
    rung_w = int(inner.w * 0.34)
    y = inner.y
    for phase in reversed(c.keci.phases):
        reached = phase.number <= v["keci_phase"]
        now = phase.number == v["keci_phase"]
        box = pygame.Rect(inner.x, y, rung_w, lh + 2)
        pygame.draw.rect(surface, theme.BUTTON if now else theme.PANEL_HI if reached else theme.BG, box,
                         border_radius=3)
        if now:
            pygame.draw.rect(surface, theme.FOCUS, box, width=1, border_radius=3)
        mark = "◀ now" if now else "✓" if reached else "·"
        label = text.fitting([f"{phase.number} {RUNGS.get(phase.number, '')} {mark}", f"{phase.number} {mark}"],
                             box.w - 6, size, now)
        text.draw(surface, label, box.inflate(-6, 0), size,
                  theme.TEXT if reached else theme.MUTED, bold=now, valign="middle", wrap_lines=False)
        y += lh + 4
    right = pygame.Rect(inner.x + rung_w + int(px * 0.5), inner.y, inner.w - rung_w - int(px * 0.5), inner.h)
    text.draw(surface, _keci_lines(board, v), right, size)
    lower = pygame.Rect(inner.x, y + 2, rung_w, inner.bottom - y - 2)
    if lower.h >= lh:
        text.draw(surface, "F1 explains", lower, size, theme.MUTED)


def _council_rows(board: BoardScreen, v: dict[str, Any]) -> list[tuple[str, str, theme.Color]]:
    c = board.match.content
    nxt = v.get("keci_next") or {}
    objections = nxt.get("objections", {})
    out = []
    for aid, ally in v["allies"].items():
        if ally["recognizes_kosovo"]:
            stance, color = "✓ now recognizes Kosovo", theme.GOOD
        elif objections.get(aid):
            stance = "✗ objects: " + "; ".join(board.words(describe.blocker(c, o)) for o in objections[aid])
            color = theme.BAD
        else:
            stance, color = "✓ would consent (does not recognize Kosovo)", theme.GOOD
        out.append((ally["name"], stance, color))
    return out


def _sr_text(board: BoardScreen, v: dict[str, Any]) -> str:
    sr = v.get("special_representative")
    if sr:
        return f"Special Representative: {board.match.content.candidates[sr].name} — in office"
    return "Special Representative: none yet (NATO may propose one to the Secretary General)"


COUNCIL_TITLE = "North Atlantic Council"


def council_height(board: BoardScreen, width: int, v: dict[str, Any]) -> int:
    px = board.px
    size = px * 0.85
    w = _inner_w(width, px * 0.95)
    rows = sum(text.height_of(stance, int(w * 0.74), size) + 2 for _, stance, _ in _council_rows(board, v))
    return chrome(px * 0.95) + rows + text.height_of(_sr_text(board, v), w, size) + 2


def council_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """Each non-recognizing Ally's stance on the next KECI motion, and the Special Representative."""
    px = board.px
    inner = panel(surface, r, COUNCIL_TITLE, px * 0.95)
    explain_title(board, r, "council")
    size = px * 0.85
    y = inner.y
    for name, stance, color in _council_rows(board, v):
        h = text.height_of(stance, int(inner.w * 0.74), size)
        text.draw(surface, name, pygame.Rect(inner.x, y, int(inner.w * 0.25), h), size, theme.TEXT, bold=True,
                  wrap_lines=False)
        text.draw(surface, stance, pygame.Rect(inner.x + int(inner.w * 0.26), y, int(inner.w * 0.74), h), size, color)
        y += h + 2
    sr = _sr_text(board, v)
    sr_h = text.height_of(sr, inner.w, size)
    text.draw(surface, sr, pygame.Rect(inner.x, max(y, inner.bottom - sr_h), inner.w, sr_h), size, theme.SKY)


def _crisis_body(board: BoardScreen, crisis: dict[str, Any]) -> str:
    c = board.match.content
    answered = [f"{c.roles[role].name} ✓" for role in crisis["responses"]]
    waiting = [c.roles[role].name for role in crisis["waiting_for"]]
    parts = (["Answered: " + ", ".join(answered)] if answered else []) + (
        ["Waiting: " + ", ".join(waiting)] if waiting else [])
    status = "  ·  ".join(parts)
    return f"{crisis['explanation']}\n{status.strip()}" if status.strip() else crisis["explanation"]


def _crisis_title(board: BoardScreen, crisis: dict[str, Any], width: int) -> tuple[str, bool]:
    """The card's name in the title when it fits on one line; else "⚠ Crisis" and the name below."""
    full = f"⚠ Crisis: {crisis['name']}"
    px = board.px * 0.95
    fits = text.fitting([full, ""], _inner_w(width, px), px, True) == full
    return (full, False) if fits else ("⚠ Crisis", True)


def crisis_height(board: BoardScreen, width: int, v: dict[str, Any]) -> int:
    px = board.px
    crisis = v.get("crisis")
    w = _inner_w(width, px * 0.95)
    body = _crisis_body(board, crisis) if crisis else "No crisis this half-year."
    if crisis and _crisis_title(board, crisis, width)[1]:
        body = f"{crisis['name']}\n{body}"
    extra = text.line_height(px * 0.85) if crisis else 0
    return chrome(px * 0.95) + text.height_of(body, w, px * 0.85) + extra


def crisis_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """The crisis card: what happened and who has answered; its source on hover or click."""
    px = board.px
    crisis = v.get("crisis")
    size = px * 0.85
    if crisis is None:
        inner = panel(surface, r, "Crisis card", px * 0.95)
        explain_title(board, r, "crisis")
        text.draw(surface, "No crisis this half-year.", inner, size, theme.MUTED)
        return
    title, name_below = _crisis_title(board, crisis, r.w)
    inner = panel(surface, r, title, px * 0.95, theme.PANEL_HI)
    body = _crisis_body(board, crisis)
    if name_below:
        body = f"{crisis['name']}\n{body}"
    bh = text.height_of(body, inner.w, size)
    text.draw(surface, body, pygame.Rect(inner.x, inner.y, inner.w, bh), size)
    lh = text.line_height(size)
    text.draw(surface, "Source: hover or click this card", pygame.Rect(inner.x, inner.y + bh, inner.w, lh), size,
              theme.MUTED, wrap_lines=False)
    tip = f"{crisis['name']}: {crisis['explanation']} — Source: {crisis['source']}"
    board.ui.area(r, lambda: board.app.toast(tip, 12), label="crisis-card", tip=tip)


KIND_COLORS = {"crisis": theme.YELLOW, "turn": theme.SKY, "ending": theme.YELLOW, "default": theme.ORANGE,
               "deal": theme.GREEN, "council": theme.PURPLE, "keci": theme.PURPLE}


def log_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect) -> None:
    """Newest lines at the bottom; each line names its cause; AI reasons indented below their move."""
    px = board.px
    inner = panel(surface, r, "Log · why it happened · PgUp/PgDn", px * 0.9)
    explain_title(board, r, "log")
    size = px * 0.85
    lh = text.line_height(int(size))
    items: list[tuple[str, theme.Color, bool]] = []
    for line in board.match.log_lines(board.viewer):
        if line.kind == "turn":
            items.append((board.words(line.text), theme.SKY, True))
            continue
        items.append((f"T{line.turn} · {board.words(line.text)}", KIND_COLORS.get(line.kind, theme.TEXT), False))
        if line.reason:
            who = board.match.content.roles[line.role].name if line.role in board.match.content.roles else line.role
            items.append((f"    ↳ why ({who}, AI): {board.words(line.reason)}", theme.MUTED, False))
    wrapped: list[tuple[str, theme.Color, bool]] = []
    for msg, color, bold in items[-300:]:
        for part in text.wrap(msg, text.size_for(size), bold, inner.w):
            wrapped.append((part, color, bold))
    capacity = max(1, inner.h // lh)
    board.log_scroll = min(board.log_scroll, max(0, len(wrapped) - capacity))
    end = len(wrapped) - board.log_scroll
    shown = wrapped[max(0, end - capacity):end]
    y = inner.y
    for part, color, bold in shown:
        text.draw(surface, part, pygame.Rect(inner.x, y, inner.w, lh), size, color, bold=bold, wrap_lines=False)
        y += lh
