"""The board's information panels: top bar, map, tracks, KECI ladder, Council, crisis, log.

Each function draws one panel into its rect for one role's view; none of them changes the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.ui import describe, guide, map_view, text, theme
from game.ui.widgets import panel

if TYPE_CHECKING:
    from game.ui.screens.board import BoardScreen

#: Short rung names for the KECI ladder (the full names are beside it).
RUNGS = {0: "none", 1: "seminars", 2: "exercises", 3: "PfP/PARP"}
PHASES = ("briefing", "crisis", "negotiation", "actions", "resolution", "review")


def top_bar(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    px = board.px
    pygame.draw.rect(surface, theme.PANEL, r)
    pygame.draw.line(surface, theme.BORDER, r.bottomleft, r.bottomright)
    pad = int(px * 0.5)
    inner = r.inflate(-2 * pad, -int(px * 0.5))
    w = inner.w
    text.draw(surface, f"KECI · Turn {v['turn']} of {v['last_turn']} · {v['date']}",
              pygame.Rect(inner.x, inner.y, int(w * 0.2), inner.h), px, theme.TEXT, bold=True, valign="middle")
    x = inner.x + int(w * 0.2)
    strip_w = int(w * 0.42)
    step = strip_w // len(PHASES)
    for phase in PHASES:
        now = phase == v["phase"]
        box = pygame.Rect(x, inner.y, step - 3, inner.h)
        if now:
            pygame.draw.rect(surface, theme.BUTTON, box, border_radius=4)
            pygame.draw.rect(surface, theme.FOCUS, box, width=2, border_radius=4)
        label = ("▶ " if now else "") + phase.capitalize()
        text.draw(surface, label, box.inflate(-6, -2), px * 0.85, theme.TEXT if now else theme.MUTED, bold=now,
                  align="center", valign="middle", wrap_lines=False)
        x += step
    status_x = inner.x + int(w * 0.63)
    status = pygame.Rect(status_x + int(px * 1.8), inner.y, int(w * 0.22) - int(px * 1.8), inner.h)
    board.rects["spinner"] = pygame.Rect(status_x, inner.y, int(px * 1.6), inner.h)
    thinking = board.worker.thinking_for
    if thinking is not None:
        msg = f"{board.match.player_name(thinking)} (AI) is thinking…"
    else:
        actor = board.match.actor()
        msg = "" if actor is None else (f"Your move, {board.match.player_name(actor)}" if actor == board.viewer
                                        else f"Waiting for {board.match.player_name(actor)}")
    text.draw(surface, msg, status, px * 0.85, theme.YELLOW if thinking else theme.MUTED, valign="middle")
    bw = int(w * 0.07)
    board.ui.button(surface, pygame.Rect(inner.right - 2 * bw - pad, inner.y, bw, inner.h), "Help",
                    lambda: _toggle_help(board), pygame.K_F1, px=px * 0.85)
    board.ui.button(surface, pygame.Rect(inner.right - bw, inner.y, bw, inner.h), "Menu", board.back_to_title,
                    pygame.K_ESCAPE, px=px * 0.85)


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


def tracks_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """Every shared track: name, bar, value, and its change this turn (▲/▼ with ✓/✗)."""
    px = board.px
    c = board.match.content
    inner = panel(surface, r, "Tracks · ✓ better ✗ worse this turn · click or hover a name", px * 0.9)
    explain_title(board, r, "tracks")
    deltas = board.match.deltas_this_turn()
    tracks = v["tracks"]
    rows = len(tracks)
    rh = inner.h / max(1, rows)
    size = min(px * 0.85, rh * 0.62)
    for i, (tid, value) in enumerate(tracks.items()):
        t = c.tracks[tid]
        y = inner.y + int(i * rh)
        row = pygame.Rect(inner.x, y, inner.w, int(rh))
        name_box = pygame.Rect(row.x, row.y, int(row.w * 0.56), row.h)
        text.draw(surface, t.name, name_box, size, theme.TEXT, valign="middle", wrap_lines=False)
        bar = pygame.Rect(row.x + int(row.w * 0.57), row.centery - int(rh * 0.18), int(row.w * 0.14), int(rh * 0.36))
        pygame.draw.rect(surface, theme.BG, bar)
        frac = (value - t.min) / max(1, t.max - t.min)
        good_side = frac >= 0.5 if t.good_when == "high" else frac <= 0.5
        fill = bar.copy()
        fill.w = max(1, int(bar.w * frac))
        pygame.draw.rect(surface, theme.GOOD if good_side else theme.BAD, fill)
        pygame.draw.rect(surface, theme.BORDER, bar, width=1)
        unit = "%" if t.unit == "percent" else f"/{t.max}"
        value_box = pygame.Rect(row.x + int(row.w * 0.72), row.y, int(row.w * 0.13), row.h)
        text.draw(surface, f"{value}{unit}", value_box, size, theme.TEXT, bold=True, valign="middle",
                  wrap_lines=False, align="right")
        delta = deltas.get(tid, 0)
        if delta:
            better = (delta > 0) == (t.good_when == "high")
            mark = f"{'▲' if delta > 0 else '▼'}{delta:+d} {'✓' if better else '✗'}"
            color = theme.GOOD if better else theme.BAD
        else:
            mark, color = "–", theme.MUTED
        text.draw(surface, mark, pygame.Rect(row.x + int(row.w * 0.86), row.y, int(row.w * 0.14), row.h), size,
                  color, bold=bool(delta), valign="middle", wrap_lines=False, align="right")
        tip = f"{t.name}: {t.explanation} — Source: {t.source}"
        board.ui.area(row, lambda tip=tip: board.app.toast(tip, 12), label=f"track-{tid}", tip=tip)


def keci_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """The ladder: the four phases, where KECI stands, what the next phase unlocks and what blocks it."""
    px = board.px
    c = board.match.content
    title = "KECI ladder" + ("  ⏸ SUSPENDED" if v["keci_suspended"] else "")
    inner = panel(surface, r, title, px * 0.95)
    explain_title(board, r, "keci")
    size = px * 0.8
    lh = text.line_height(int(size))
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
        text.draw(surface, f"{phase.number} {RUNGS.get(phase.number, '')} {mark}", box.inflate(-6, 0), size, theme.TEXT if reached else theme.MUTED,
                  bold=now, valign="middle", wrap_lines=False)
        y += lh + 4
    right = pygame.Rect(inner.x + rung_w + int(px * 0.5), inner.y, inner.w - rung_w - int(px * 0.5), inner.h)
    nxt = v.get("keci_next")
    if nxt is None:
        body = "KECI has reached phase 3: Kosovo is in NATO's standard partnership programmes."
        text.draw(surface, body, right, size)
        return
    lines = [f"Next: {nxt['name']}", "Unlocks: " + ", ".join(nxt["activities"])]
    if v.get("keci_memorandum_awaiting_signature"):
        # The Council has spoken; the one step left is Kosovo's, not NATO's.
        lines.append("◷ Waiting for Kosovo's signature: the Council approved the memorandum, and phase 1 "
                     "begins only when Kosovo signs it (an action card of Kosovo's).")
        text.draw(surface, "\n".join(lines), right, size)
        return
    blocked = [board.words(describe.blocker(c, b)) for b in nxt["blocked_by"]]
    objecting = [a for a, why in nxt["objections"].items() if why]
    if blocked:
        lines.append("✗ Blocked by: " + "; ".join(blocked))
    if objecting:
        lines.append(f"✗ Council: {len(objecting)} Ally(ies) would object")
    if not blocked and not objecting:
        lines.append("✓ Nothing blocks it: NATO may put the motion to the Council")
    text.draw(surface, "\n".join(lines), right, size)
    lower = pygame.Rect(inner.x, y + 2, rung_w, inner.bottom - y - 2)
    if lower.h > lh:
        text.draw(surface, "Phases 0–3 (F1 explains)", lower, size * 0.85, theme.MUTED)


def council_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    """Each non-recognizing Ally's stance on the next KECI motion, and the Special Representative."""
    px = board.px
    c = board.match.content
    inner = panel(surface, r, "North Atlantic Council & Special Representative", px * 0.95)
    explain_title(board, r, "council")
    size = px * 0.78
    nxt = v.get("keci_next") or {}
    objections = nxt.get("objections", {})
    allies = v["allies"]
    sr_h = int(text.line_height(int(size)) * 2.2)
    rh = (inner.h - sr_h) / max(1, len(allies))
    for i, (aid, ally) in enumerate(allies.items()):
        row = pygame.Rect(inner.x, inner.y + int(i * rh), inner.w, int(rh))
        if ally["recognizes_kosovo"]:
            stance, color = "✓ now recognizes Kosovo", theme.GOOD
        elif objections.get(aid):
            stance = "✗ objects: " + "; ".join(board.words(describe.blocker(c, o)) for o in objections[aid])
            color = theme.BAD
        else:
            stance, color = "✓ would consent (does not recognize Kosovo)", theme.GOOD
        text.draw(surface, ally["name"], pygame.Rect(row.x, row.y, int(row.w * 0.22), row.h), size, theme.TEXT,
                  bold=True, wrap_lines=False)
        text.draw(surface, stance, pygame.Rect(row.x + int(row.w * 0.23), row.y, int(row.w * 0.77), row.h), size,
                  color)
    sr = v.get("special_representative")
    if sr:
        cand = c.candidates[sr]
        sr_text = f"Special Representative: {cand.name} — in office"
    else:
        sr_text = "Special Representative: none yet (NATO may propose one to the Secretary General)"
    text.draw(surface, sr_text, pygame.Rect(inner.x, inner.bottom - sr_h, inner.w, sr_h), size, theme.SKY)


def crisis_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    px = board.px
    c = board.match.content
    crisis = v.get("crisis")
    if crisis is None:
        inner = panel(surface, r, "Crisis card", px * 0.95)
        explain_title(board, r, "crisis")
        text.draw(surface, "No crisis this half-year.", inner, px * 0.85, theme.MUTED)
        return
    inner = panel(surface, r, f"⚠ Crisis: {crisis['name']}", px * 0.95, theme.PANEL_HI)
    size = px * 0.76
    answered = [f"{c.roles[role].name} ✓" for role in crisis["responses"]]
    waiting = [c.roles[role].name for role in crisis["waiting_for"]]
    status = ("Answered: " + ", ".join(answered) if answered else "") + (
        ("  ·  Waiting: " + ", ".join(waiting)) if waiting else "")
    body = f"{crisis['explanation']}\n{status.strip()}\nSource: {crisis['source']}"
    text.draw(surface, body, inner, size)
    tip = f"{crisis['name']}: {crisis['explanation']} — Source: {crisis['source']}"
    board.ui.area(r, lambda: board.app.toast(tip, 12), label="crisis-card", tip=tip)


KIND_COLORS = {"crisis": theme.YELLOW, "turn": theme.SKY, "ending": theme.YELLOW, "default": theme.ORANGE,
               "deal": theme.GREEN, "council": theme.PURPLE, "keci": theme.PURPLE}


def log_panel(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect) -> None:
    """Newest lines at the bottom; each line names its cause; AI reasons indented below their move."""
    px = board.px
    inner = panel(surface, r, "Log (why each thing happened) — PgUp/PgDn, wheel", px * 0.9)
    explain_title(board, r, "log")
    size = px * 0.72
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
        for part in text.wrap(msg, int(size), bold, inner.w):
            wrapped.append((part, color, bold))
    capacity = max(1, inner.h // lh)
    board.log_scroll = min(board.log_scroll, max(0, len(wrapped) - capacity))
    end = len(wrapped) - board.log_scroll
    shown = wrapped[max(0, end - capacity):end]
    y = inner.y
    for part, color, bold in shown:
        text.draw(surface, part, pygame.Rect(inner.x, y, inner.w, lh), size, color, bold=bold, wrap_lines=False)
        y += lh
