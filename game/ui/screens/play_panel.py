"""The middle of the board: what the viewing role can do now, its deals, and its objectives.

Three tabs. *Play* changes with the phase: crisis responses and action cards (cost, effect
preview, the paper's passage), or negotiation (compose a proposal; accept, reject or counter
incoming ones). *Deals* lists proposals, commitments and the normalization commitments.
*Objectives* shows the role's own objectives (secret ones included) and the public ones of others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import pygame

from game.ui import describe, text, theme
from game.ui.describe import OP_NOTES
from game.ui.widgets import panel, pick_list
from rules import negotiation as negotiation_rules
from rules import orders as order_rules
from rules.core.actions import Action, LegalAction
from rules.core.engine import ACCEPT, COUNTER, DELIVER, END_NEGOTIATION, END_ORDERS, PROPOSE, REJECT, RESPOND

if TYPE_CHECKING:
    from game.ui.screens.board import BoardScreen

HINTS = {
    "crisis": "First turn hint — a crisis card was drawn (see the right column and the ⚠ on the map). Pick one "
              "response with ↑/↓ and Enter: one is always free; the others cost political capital (◆). "
              "Responses marked ⚠ are unilateral moves that may get KECI suspended.",
    "negotiation": "First turn hint — propose a deal: click a counterpart, one item you give and one you ask "
                   "from the two lists (or G / A to step through them), a deadline, then Send (S). Answer offers "
                   "with Y / N / C. Press E when done: accepted deals become commitments, and breaking one costs "
                   "credibility.",
    "actions": "First turn hint — spend political capital (◆) on action cards: select with ↑/↓ or 1–9, Enter to "
               "order. Orders stay secret until all roles have submitted. Press E to submit your orders.",
}



@dataclass
class PlayState:
    """What the viewer has selected; reset whenever another role takes the screen."""

    tab: str = "play"
    selected: int = 0
    #: The selected card's identity (action id and parameters): the selection follows the card,
    #: not its position, when an order changes the list.
    selected_key: tuple[str, str] | None = None
    top: int = 0
    give_top: int = 0
    ask_top: int = 0
    params: dict[str, int] = field(default_factory=dict)
    to: int = 0
    give: int = 0
    ask: int = 0
    deadline: int = 1
    counter_of: int | None = None
    hidden_hints: set[str] = field(default_factory=set)
    guide_skipped: bool = False

    def reset(self) -> None:
        hidden, skipped = self.hidden_hints, self.guide_skipped
        self.__init__()  # type: ignore[misc]
        self.hidden_hints, self.guide_skipped = hidden, skipped

    def after_move(self) -> None:
        self.params = {}
        self.counter_of = None
        self.give = self.ask = 0

    def scroll(self, step: int, where: str = "cards") -> None:
        if where == "give":
            self.give_top = max(0, self.give_top + step)
        elif where == "ask":
            self.ask_top = max(0, self.ask_top + step)
        else:
            self.top = max(0, self.top + step)

    def handle_text(self, event: pygame.event.Event) -> bool:
        return False  # the board has no text fields; every choice is a click or a key


# -- describing cards ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    template: LegalAction
    title: str
    cost: int
    effects: dict[str, int]
    explanation: str
    source: str
    notes: tuple[str, ...] = ()


def card_for(board: BoardScreen, t: LegalAction) -> Card:
    c = board.match.content
    st = board.match.game.state
    role = board.viewer or ""
    if t.id == RESPOND and st.crisis:
        resp = next(x for x in c.crises[st.crisis].responses[role] if x.id == t.params["response"][0])
        warning = ("⚠ Unilateral: counts as uncoordinated action in the north",) if resp.unilateral else ()
        return Card(t, resp.label, resp.cost, dict(resp.effects), resp.explanation, t.source, warning)
    if t.id == DELIVER:
        deal = st.deals[t.params["deal"][0] - 1]
        item = c.items[deal.item]
        fx = {k.replace("{giver}", role): v for k, v in item.effects.items()}
        return Card(t, t.label, item.deliver_cost, fx, item.explanation, item.source,
                    (f"Keeps your word to {c.roles[deal.receiver].name} (due turn {deal.due_turn})",))
    a = c.actions.get(t.id)
    if a is None:
        return Card(t, t.label, t.cost, {}, t.explanation, t.source)
    notes: list[str] = []
    if a.op in OP_NOTES:
        notes.append(OP_NOTES[a.op])
    if a.risk is not None:
        notes.append(f"Risk {round(a.risk.chance * 100)}%: {a.risk.text} ({describe.effects_line(c, a.risk.effects)})")
    return Card(t, a.name, a.cost, dict(a.effects), a.explanation, a.source, tuple(notes))


def _card_key(card: Card) -> tuple[str, str]:
    return card.template.id, repr(sorted(card.template.params.items()))


def warning_for(board: BoardScreen, action: Action) -> str:
    """Why this move deserves a second thought (escalatory or unilateral), or "" when it does not.

    Escalatory: its direct effect raises tension in the north. Unilateral: an uncoordinated move in
    the north (a crisis response marked unilateral, or an action whose rule is a unilateral move),
    which may get KECI suspended and draws the Allies' objections.
    """
    c = board.match.content
    st = board.match.game.state
    title, effects, unilateral = "", {}, False
    if action.id == RESPOND and st.crisis:
        rid = action.param("response")
        resp = next((x for x in c.crises[st.crisis].responses.get(action.role, []) if x.id == rid), None)
        if resp is None:
            return ""
        title, effects, unilateral = resp.label, dict(resp.effects), bool(resp.unilateral)
    elif action.id in c.actions:
        a = c.actions[action.id]
        title, effects, unilateral = a.name, dict(a.effects), a.op == "unilateral_north"
    escalatory = effects.get("north_tension", 0) > 0
    if not (escalatory or unilateral):
        return ""
    kinds = " and ".join(k for k, on in (("unilateral", unilateral), ("escalatory", escalatory)) if on)
    consequences = ("It raises tension in the north. " if escalatory else "") + (
        "As an uncoordinated move it may get KECI suspended and make Allies object in the Council. "
        if unilateral else "")
    return (f"“{title}” is {kinds}.\nEffect: {describe.effects_line(c, effects)}.\n{consequences}\n"
            "Y or “Yes, do it” plays it; N, Esc or “No, go back” keeps your choice open.")


# -- drawing -----------------------------------------------------------------------------------------

def draw(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, v: dict[str, Any]) -> None:
    px = board.px
    ps = board.play
    viewer = board.viewer
    c = board.match.content
    if viewer is None:
        inner = panel(surface, r, "Public view", px)
        _waiting(board, surface, inner, v)
        return
    me = v["roles"][viewer]
    tr = me["tracks"]
    inner = panel(surface, r, board.match.player_name(viewer), px * 0.95)
    pygame.draw.rect(surface, theme.role_color(viewer), pygame.Rect(r.x + 2, r.y + 2, int(px * 0.35), r.h - 4))
    stats = (f"◆ {tr['political_capital']} political capital · domestic support {tr['domestic_support']}/10 · "
             f"credibility {tr['credibility']}/10")
    sh = text.height_of(stats, inner.w, px * 0.85)
    text.draw(surface, stats, pygame.Rect(inner.x, inner.y, inner.w, sh), px * 0.85, theme.YELLOW)
    inner = pygame.Rect(inner.x, inner.y + sh + 2, inner.w, inner.h - sh - 2)
    tab_h = int(px * 2.1)
    tabs = [("play", "Play", pygame.K_p), ("deals", "Deals", pygame.K_d),
            ("objectives", "Objectives", pygame.K_o)]
    tw = inner.w // len(tabs)
    for i, (tid, label, key) in enumerate(tabs):
        board.ui.button(surface, pygame.Rect(inner.x + i * tw, inner.y, tw - 4, tab_h), label,
                        partial(_tab, board, tid), key, selected=ps.tab == tid, px=px * 0.85)
    body = pygame.Rect(inner.x, inner.y + tab_h + int(px * 0.4), inner.w, inner.h - tab_h - int(px * 0.4))
    if ps.tab == "deals":
        _deals(board, surface, body, v)
    elif ps.tab == "objectives":
        _objectives(board, surface, body, v)
    elif not board.my_move:
        _waiting(board, surface, body, v)
    else:
        body = _hint(board, surface, body, v["phase"], v["turn"])
        legal = board.match.game.legal_actions(viewer)
        if v["phase"] == "negotiation":
            _negotiation(board, surface, body, v, legal)
        else:
            _cards(board, surface, body, v, legal)
    del c


def _tab(board: BoardScreen, tab: str) -> None:
    board.play.tab = tab
    board.play.top = 0


#: The classroom scenario's guided first turn: one crisis response, one proposal, one order.
GUIDE = {
    "crisis": (1, ("Answer the crisis. The card is on the right (framed in yellow) and its place is marked ⚠ on "
                  "the map. Pick one response below with ↑/↓ and press Enter: one is always free, the others cost "
                  "political capital ◆; unilateral or escalatory ones ask you to confirm.")),
    "negotiation": (2, ("Propose one deal (framed in yellow): click who it is for, one item you give, one you ask "
                       "and a deadline, then Send proposal (S). When you are done, Finish negotiating (E).")),
    "actions": (3, ("Order one action (framed in yellow): select a card with ↑/↓ or 1–9 and press Enter; it costs "
                   "◆ and stays secret until everyone has ordered. Then Submit orders (E) to end the turn.")),
}


def guide_active(board: BoardScreen) -> bool:
    """The guided first turn runs in the classroom scenario's first turn, unless skipped."""
    st = board.match.game.state
    return (st.scenario == "classroom" and st.turn == 1 and board.app.settings.hints
            and not board.play.guide_skipped and board.viewer is not None)


def _skip_guide(board: BoardScreen) -> None:
    board.play.guide_skipped = True
    board.app.toast("Guide skipped: F1 explains the game at any time")


def _hint(board: BoardScreen, surface: pygame.Surface, body: pygame.Rect, phase: str, turn: int) -> pygame.Rect:
    px = board.px
    if guide_active(board) and phase in GUIDE:
        step, words = GUIDE[phase]
        hint = f"Guided first turn · step {step} of 3 — {words}"
        label, action, key = "Skip guide", lambda: _skip_guide(board), pygame.K_F2
    elif turn == 1 and board.app.settings.hints and phase in HINTS and phase not in board.play.hidden_hints:
        hint = HINTS[phase]
        label, action, key = "Hide", lambda: board.play.hidden_hints.add(phase), pygame.K_x
    else:
        return body
    size = px * 0.9
    bw = int(px * 9)
    h = max(text.height_of(hint, body.w - bw - int(px), size) + int(px * 0.6), int(px * 2.4))
    box = pygame.Rect(body.x, body.y, body.w, h)
    pygame.draw.rect(surface, (60, 58, 30), box, border_radius=5)
    pygame.draw.rect(surface, theme.YELLOW, box, width=1, border_radius=5)
    text.draw(surface, hint, pygame.Rect(box.x + 6, box.y + 3, box.w - bw - int(px), box.h - 6), size)
    board.ui.button(surface, pygame.Rect(box.right - bw - 4, box.y + 4, bw, min(box.h - 8, int(px * 2.2))), label,
                    action, key, px=px * 0.9)
    return pygame.Rect(body.x, box.bottom + int(px * 0.4), body.w, body.bottom - box.bottom - int(px * 0.4))


def _waiting(board: BoardScreen, surface: pygame.Surface, body: pygame.Rect, v: dict[str, Any]) -> None:
    px = board.px
    m = board.match
    actor = m.actor()
    lines = []
    if actor is not None:
        who = m.player_name(actor)
        kind = "" if m.remote else " (AI)" if m.is_ai(actor) else " (human)"  # a server keeps who plays
        lines.append(f"Waiting for {who}{kind} in the {v['phase']} phase.")
        if m.is_ai(actor):
            seat = m.seats[actor]
            lines.append(f"AI level {seat.level or 'normal'}, temperament {seat.temperament or 'moderate'}. "
                         "It thinks in the background; the window stays responsive.")
    if board.last_ai is not None:
        role, seq = board.last_ai
        seen = m.move_seen_by(seq, board.viewer)
        name = m.content.roles[role].name
        if seen is None:
            lines.append(f"Last AI move — {name}: a secret order (revealed at resolution).")
        else:
            what, why = seen
            lines.append(f"Last AI move — {name}: {board.words(what)}")
            if why:
                lines.append(f"Why: {board.words(why)}")
    if board.viewer is None and board.hotseat:
        lines.append("Hot-seat: the board shows only public information until the next human takes over.")
    text.draw(surface, "\n\n".join(lines), body, px * 0.95)


def _cards(board: BoardScreen, surface: pygame.Surface, body: pygame.Rect, v: dict[str, Any],
           legal: list[LegalAction]) -> None:
    """Crisis responses or action cards: a scrolling list, the selected card's details, and buttons."""
    px = board.px
    ps = board.play
    c = board.match.content
    role = board.viewer or ""
    end_id = END_ORDERS if v["phase"] == "actions" else None
    cards = [card_for(board, t) for t in legal if t.id not in (END_ORDERS, END_NEGOTIATION)]
    keys = [_card_key(card) for card in cards]
    if ps.selected_key in keys:
        ps.selected = keys.index(ps.selected_key)
    ps.selected = max(0, min(ps.selected, len(cards) - 1))
    ps.selected_key = keys[ps.selected] if cards else None
    size = px * 0.82
    lh = text.line_height(int(size))
    header = ("Choose your response to the crisis" if v["phase"] == "crisis" else
              f"Order actions (secret until all are in) · ◆ {order_rules.available_capital(board.match.game.state, role)}"
              " capital left")
    text.draw(surface, header, pygame.Rect(body.x, body.y, body.w, lh + 2), size, theme.SKY, bold=True,
              wrap_lines=False)
    y0 = body.y + lh + int(px * 0.3)
    detail_body = ""
    if cards:
        sel = max(0, min(ps.selected, len(cards) - 1))
        need, detail_body = detail_height(board, cards[sel], body.w - int(px * 0.8), int(body.h * 0.45))
        detail_h = need + int(px * 0.8)
    else:
        detail_h = int(px * 3)
    foot_h = int(px * 2.4)
    orders = v["roles"][role].get("orders", [])
    orders_h = lh + 4 if orders else 0
    counter_h = lh + 2  # "cards 1–3 of 5" under the list
    list_rect = pygame.Rect(body.x, y0, body.w,
                            body.bottom - y0 - detail_h - foot_h - orders_h - counter_h - int(px * 0.3))
    board.rects["cards"] = body
    # Cards take the height their effect preview needs: nothing is cut short.
    cost_w = int(px * 3.2)
    title_hs = [text.height_of(f"{i + 1} ▶ {board.words(card.title)}", list_rect.w - cost_w - 10, size, True)
                for i, card in enumerate(cards)]
    heights = [th + text.height_of(describe.effects_line(c, card.effects), list_rect.w - 10, size * 0.92) + 8
               for th, card in zip(title_hs, cards, strict=True)]
    ps.top = max(0, min(ps.top, ps.selected, len(cards) - 1))

    def fits(first: int) -> int:
        total, n = 0, 0
        for hgt in heights[first:]:
            if total + hgt > list_rect.h and n:
                break
            total += hgt
            n += 1
        return max(1, n)

    while ps.selected >= ps.top + fits(ps.top):
        ps.top += 1
    # Never leave room empty below while cards above are hidden (the list got shorter).
    while ps.top > 0 and ps.top - 1 + fits(ps.top - 1) >= len(cards):
        ps.top -= 1
    visible = fits(ps.top)
    y = list_rect.y
    for i, card in enumerate(cards[ps.top:ps.top + visible], start=ps.top):
        row = pygame.Rect(list_rect.x, y, list_rect.w, heights[i] - 3)
        y += heights[i]
        chosen = i == ps.selected
        pygame.draw.rect(surface, theme.PANEL_HI if chosen else theme.BG, row, border_radius=4)
        pygame.draw.rect(surface, theme.FOCUS if chosen else theme.BORDER, row, width=2 if chosen else 1,
                         border_radius=4)
        key = f"{i + 1}" if i < 9 else " "
        th = title_hs[i]
        text.draw(surface, f"{key} {'▶ ' if chosen else ''}{board.words(card.title)}",
                  pygame.Rect(row.x + 5, row.y + 2, row.w - cost_w - 10, th), size, theme.TEXT, bold=True)
        text.draw(surface, f"◆ {card.cost}", pygame.Rect(row.right - cost_w - 4, row.y + 2, cost_w, lh), size,
                  theme.YELLOW, bold=True, align="right", wrap_lines=False)
        text.draw(surface, describe.effects_line(c, card.effects),
                  pygame.Rect(row.x + 5, row.y + th + 2, row.w - 10, row.h - th - 2), size * 0.92, theme.MUTED)
        board.ui.area(row, partial(_select, board, i), label=f"card-{i}")
    if len(cards) > visible:
        text.draw(surface, f"cards {ps.top + 1}–{min(len(cards), ps.top + visible)} of {len(cards)} (↑/↓, wheel)",
                  pygame.Rect(list_rect.x, list_rect.bottom, list_rect.w, counter_h), size,
                  theme.MUTED, wrap_lines=False, align="right")
    if orders:
        names = [c.actions[o["action"]].name if o["action"] in c.actions
                 else f"deliver deal #{_proposal_of(v, o['params'].get('deal'))}" for o in orders]
        text.draw(surface, "Your secret orders: " + "; ".join(names),
                  pygame.Rect(body.x, body.bottom - detail_h - foot_h - orders_h, body.w, orders_h), size * 0.9,
                  theme.GREEN, wrap_lines=False)
    detail = pygame.Rect(body.x, body.bottom - detail_h - foot_h, body.w, detail_h - int(px * 0.3))
    pygame.draw.rect(surface, theme.BG, detail, border_radius=4)
    inner = detail.inflate(-int(px * 0.8), -int(px * 0.5))
    if cards:
        _detail(board, surface, inner, cards[ps.selected], detail_body)
    else:
        text.draw(surface, "Nothing you can afford now.", inner, size, theme.MUTED)
    foot = pygame.Rect(body.x, body.bottom - foot_h + int(px * 0.3), body.w, foot_h - int(px * 0.3))
    bw = foot.w // 2 - 4
    verb = "Respond" if v["phase"] == "crisis" else "Order this"
    board.ui.button(surface, pygame.Rect(foot.x, foot.y, bw, foot.h), verb,
                    lambda: _play_selected(board, cards), pygame.K_RETURN, enabled=bool(cards), color=theme.GREEN)
    if end_id is not None:
        board.ui.button(surface, pygame.Rect(foot.right - bw, foot.y, bw, foot.h), "Submit orders",
                        lambda: board.act(Action.make(role, END_ORDERS)), pygame.K_e)
    board.ui.key_only(pygame.K_UP, lambda: _select(board, ps.selected - 1))
    board.ui.key_only(pygame.K_DOWN, lambda: _select(board, ps.selected + 1))
    for n in range(min(9, len(cards))):
        board.ui.key_only(pygame.K_1 + n, partial(_select, board, n))


def _proposal_of(v: dict[str, Any], deal_id: object) -> object:
    """The number players know a deal by: the proposal it came from (its internal id otherwise)."""
    return next((d["proposal"] for d in v.get("commitments", []) if d["id"] == deal_id), deal_id)


def _detail_texts(board: BoardScreen, card: Card) -> list[str]:
    """The selected card's details, fullest first; shorter forms move the rest to the hover tip."""
    c = board.match.content
    effects = describe.effects(c, card.effects)
    fx = "  ".join(f"{e.text} {'✓' if e.good else '✗' if e.good is False else ''}".strip() for e in effects)
    head = (f"{board.words(card.title)} — costs ◆ {card.cost} political capital\n"
            f"Effect: {fx or 'no direct effect on the tracks'}\n" + "".join(f"{n}\n" for n in card.notes))
    return [head + f"{card.explanation}\nSource (the paper): {card.source}",
            head + f"{card.explanation}\nSource (the paper): hover here",
            head + "Explanation and source (the paper): hover here"]


def _detail_params(card: Card) -> list[str]:
    params = card.template.params
    return [k for k, vals in params.items() if len(vals) > 1 and card.template.id not in (RESPOND, DELIVER)]


def detail_height(board: BoardScreen, card: Card, width: int, cap: int) -> tuple[int, str]:
    """Height the details need (at most ``cap``) and the form that fits."""
    px = board.px
    param_h = int(px * 2) * len(_detail_params(card))
    texts = _detail_texts(board, card)
    for body in texts:
        h = text.height_of(body, width, px * 0.85) + param_h
        if h <= cap:
            return h, body
    return cap, texts[-1]


def _detail(board: BoardScreen, surface: pygame.Surface, r: pygame.Rect, card: Card, body: str) -> None:
    px = board.px
    c = board.match.content
    size = px * 0.85
    params = card.template.params
    cyclers = _detail_params(card)
    param_h = int(px * 2) * len(cyclers)
    text.draw(surface, body, pygame.Rect(r.x, r.y, r.w, r.h - param_h), size)
    tip = f"{board.words(card.title)}: {card.explanation} — Source (the paper): {card.source}"
    board.ui.area(pygame.Rect(r.x, r.y, r.w, r.h - param_h), lambda: board.app.toast(tip, 12), label="card-detail",
                  tip=tip)
    y = r.bottom - param_h
    for key in cyclers:
        value = params[key][board.play.params.get(key, 0) % len(params[key])]
        shown = c.candidates[value].name if key == "candidate" and value in c.candidates else board.words(str(value))
        board.ui.button(surface, pygame.Rect(r.x, y, r.w, int(px * 1.8)), f"{key.capitalize()}: {shown}",
                        partial(_cycle_param, board, key), pygame.K_v, px=size)
        y += int(px * 2)


def _select(board: BoardScreen, i: int) -> None:
    board.play.selected = max(0, i)
    board.play.selected_key = None
    board.play.params = {}


def _cycle_param(board: BoardScreen, key: str) -> None:
    board.play.params[key] = board.play.params.get(key, 0) + 1


def _play_selected(board: BoardScreen, cards: list[Card]) -> None:
    if not cards:
        return
    card = cards[min(board.play.selected, len(cards) - 1)]
    t = card.template
    values = {k: vals[board.play.params.get(k, 0) % len(vals)] for k, vals in t.params.items()}
    board.act(Action.make(board.viewer or "", t.id, **values))


# -- negotiation -----------------------------------------------------------------------------------

def _item_line(board: BoardScreen, item_id: str, giver: str) -> str:
    c = board.match.content
    item = c.items[item_id]
    fx = {k.replace("{giver}", giver): v for k, v in item.effects.items()}
    return f"“{item.name}” (◆ {item.deliver_cost} to deliver; {describe.effects_line(c, fx)})"


def _item_short(board: BoardScreen, item_id: str) -> str:
    item = board.match.content.items[item_id]
    return f"{item.name} · ◆ {item.deliver_cost}"


def _negotiation(board: BoardScreen, surface: pygame.Surface, body: pygame.Rect, v: dict[str, Any],
                 legal: list[LegalAction]) -> None:
    px = board.px
    ps = board.play
    c = board.match.content
    role = board.viewer or ""
    size = px * 0.8
    lh = text.line_height(int(size))
    y = body.y
    incoming = [t for t in legal if t.id == ACCEPT]
    text.draw(surface, f"Offers to you ({len(incoming)})", pygame.Rect(body.x, y, body.w, lh + 2), size, theme.SKY,
              bold=True)
    y += lh + 4
    by_id = {p["id"]: p for p in v["proposals"]}
    if not incoming:
        text.draw(surface, "None pending.", pygame.Rect(body.x, y, body.w, lh), size, theme.MUTED)
        y += lh + 4
    for n, t in enumerate(incoming[:2]):
        pid = t.params["proposal"][0]
        p = by_id.get(pid)
        if p is None:
            continue
        msg = (f"#{pid} from {c.roles[p['sender']].name}: they give “{_item_short(board, p['give'])}”; they ask "
               f"“{_item_short(board, p['ask'])}”; within {p['deadline']} turn(s) · hover for the effects")
        h = text.height_of(msg, body.w, size * 0.92)
        offer_r = pygame.Rect(body.x, y, body.w, h)
        text.draw(surface, msg, offer_r, size * 0.92)
        tip = (f"They give {_item_line(board, p['give'], p['sender'])}. They ask "
               f"{_item_line(board, p['ask'], role)}.")
        board.ui.area(offer_r, partial(board.app.toast, tip, 12), label=f"offer-{pid}", tip=tip)
        y += h + 2
        bw = body.w // 3 - 4
        bh = int(px * 1.8)
        keys = (pygame.K_y, pygame.K_n, pygame.K_c) if n == 0 else (None, None, None)
        board.ui.button(surface, pygame.Rect(body.x, y, bw, bh), "Accept",
                        partial(board.act, Action.make(role, ACCEPT, proposal=pid)), keys[0], px=size,
                        color=theme.GREEN)
        board.ui.button(surface, pygame.Rect(body.x + bw + 6, y, bw, bh), "Reject",
                        partial(board.act, Action.make(role, REJECT, proposal=pid)), keys[1], px=size,
                        color=theme.VERMILLION)
        can_counter = any(x.id == COUNTER and x.params["proposal"][0] == pid for x in legal)
        board.ui.button(surface, pygame.Rect(body.x + 2 * (bw + 6), y, bw, bh), "Counter",
                        partial(_start_counter, board, pid), keys[2], px=size, enabled=can_counter)
        y += bh + int(px * 0.5)
    # The composer: a new proposal, or a counter to one.
    if ps.counter_of is not None:
        template = next((t for t in legal if t.id == COUNTER and t.params["proposal"][0] == ps.counter_of), None)
        counterparts = [by_id[ps.counter_of]["sender"]] if ps.counter_of in by_id else []
        title = f"Counter-proposal to #{ps.counter_of}"
    else:
        proposes = [t for t in legal if t.id == PROPOSE]
        counterparts = [t.params["to"][0] for t in proposes]
        ps.to %= max(1, len(counterparts))
        template = proposes[ps.to] if proposes else None
        title = "Propose a deal"
    pygame.draw.line(surface, theme.BORDER, (body.x, y), (body.right, y))
    board.rects["composer"] = pygame.Rect(body.x, y, body.w, body.bottom - y)
    y += 4
    text.draw(surface, title, pygame.Rect(body.x, y, body.w, lh + 2), size, theme.SKY, bold=True)
    y += lh + 4
    foot_h = int(px * 2.3)
    if template is None:
        text.draw(surface, _no_proposal_reason(board, role), pygame.Rect(body.x, y, body.w, lh * 3), size,
                  theme.MUTED)
    else:
        gives, asks, deadlines = template.params["give"], template.params["ask"], template.params["deadline"]
        ps.give %= len(gives)
        ps.ask %= len(asks)
        if ps.deadline not in deadlines:
            ps.deadline = deadlines[0]
        other = counterparts[ps.to % len(counterparts)] if counterparts else ""
        bh = int(px * 1.8)
        label_w = int(body.w * 0.16)
        # To: one button per counterpart (a counter goes back to the sender only).
        text.draw(surface, "To", pygame.Rect(body.x, y, label_w, bh), size, theme.MUTED, valign="middle")
        cw = (body.w - label_w) // max(1, len(counterparts))
        f = text.font(text.size_for(size), True)
        side_by_side = all(f.size(text.worded(f"▶ {c.roles[x].name}  [T]"))[0] + size <= cw - 4 for x in counterparts)
        for i, role_id in enumerate(counterparts):
            # Side by side when the names fit; one per row at large text sizes (nothing shrinks).
            where = (pygame.Rect(body.x + label_w + i * cw, y, cw - 4, bh) if side_by_side
                     else pygame.Rect(body.x + label_w, y + i * (bh + 3), body.w - label_w, bh))
            board.ui.button(surface, where, c.roles[role_id].name,
                            partial(_set, board, "to", i), pygame.K_t if i == (ps.to + 1) % len(counterparts)
                            and len(counterparts) > 1 else None, px=size, selected=i == ps.to % len(counterparts))
        y += (bh + 3) * (1 if side_by_side else max(1, len(counterparts)))
        text.draw(surface, "Deadline", pygame.Rect(body.x, y, label_w, bh), size, theme.MUTED, valign="middle")
        dw = (body.w - label_w) // max(1, len(deadlines))
        for i, d in enumerate(deadlines):
            nxt = deadlines[(deadlines.index(ps.deadline) + 1) % len(deadlines)]
            board.ui.button(surface, pygame.Rect(body.x + label_w + i * dw, y, dw - 4, bh),
                            f"{d} turn{'s' if d > 1 else ''}", partial(_set, board, "deadline", d),
                            pygame.K_l if d == nxt and len(deadlines) > 1 else None, px=size,
                            selected=d == ps.deadline)
        y += bh + 4
        preview = (f"You give {_item_line(board, gives[ps.give], role)}. You ask "
                   f"{_item_line(board, asks[ps.ask], other)}.")
        preview_h = text.height_of(preview, body.w, size * 0.9)
        lists_h = body.bottom - foot_h - y - preview_h - int(px * 0.6)
        if lists_h < text.line_height(size) * 5:  # crowded (large text): the lists come first
            preview_h = 0
            lists_h = body.bottom - foot_h - y - int(px * 0.6)
        half = (body.w - int(px * 0.6)) // 2
        give_r = pygame.Rect(body.x, y, half, lists_h)
        ask_r = pygame.Rect(body.right - half, y, half, lists_h)
        board.rects["give"], board.rects["ask"] = give_r, ask_r
        ps.give_top = pick_list(board.ui, surface, give_r, [_item_short(board, g) for g in gives], ps.give,
                                ps.give_top, lambda i: _set(board, "give", i), size * 0.92, "give",
                                f"You give ({len(gives)}) · G")
        ps.ask_top = pick_list(board.ui, surface, ask_r, [_item_short(board, a) for a in asks], ps.ask,
                               ps.ask_top, lambda i: _set(board, "ask", i), size * 0.92, "ask",
                               f"You ask ({len(asks)}) · A")
        if preview_h:
            text.draw(surface, preview, pygame.Rect(body.x, give_r.bottom + int(px * 0.3), body.w, preview_h),
                      size * 0.9, theme.TEXT)
        board.ui.key_only(pygame.K_g, lambda: _cycle(board, "give"), "next-give")
        board.ui.key_only(pygame.K_a, lambda: _cycle(board, "ask"), "next-ask")
        send = pygame.Rect(body.x, body.bottom - foot_h, body.w // 2 - 4, foot_h - 4)
        board.ui.button(surface, send, "Send counter" if ps.counter_of else "Send proposal",
                        lambda: _send(board, template, other, gives, asks), pygame.K_s, color=theme.GREEN, px=size)
    done = role in board.match.game.state.negotiation_done
    end = pygame.Rect(body.right - body.w // 2 + 4, body.bottom - foot_h, body.w // 2 - 4, foot_h - 4)
    board.ui.button(surface, end, "Finish negotiating", lambda: board.act(Action.make(role, END_NEGOTIATION)),
                    pygame.K_e, enabled=not done and any(t.id == END_NEGOTIATION for t in legal), px=size)


def _no_proposal_reason(board: BoardScreen, role: str) -> str:
    """Why the composer is closed, in words that are true (not always "you made them all")."""
    game = board.match.game
    st = game.state
    limit = negotiation_rules.proposal_limit(game.content, st, role)
    made = st.proposals_made.get(role, 0)
    if made >= limit:
        return (f"You have made all the proposals you may this turn ({made} of {limit}); "
                "you can still answer the offers above.")
    if role in st.negotiation_done:
        return "You have finished negotiating this turn; you can still answer offers made to you."
    if not negotiation_rules.items_of(game.content, role):
        return "Your role has nothing it can offer in a deal."
    return "No proposal is possible now."


def _set(board: BoardScreen, what: str, value: int) -> None:
    setattr(board.play, what, value)


def _start_counter(board: BoardScreen, pid: int) -> None:
    board.play.counter_of = pid
    board.play.give = board.play.ask = 0


def _cycle(board: BoardScreen, what: str) -> None:
    setattr(board.play, what, getattr(board.play, what) + 1)


def _cycle_deadline(board: BoardScreen, deadlines: list[int]) -> None:
    i = deadlines.index(board.play.deadline) if board.play.deadline in deadlines else -1
    board.play.deadline = deadlines[(i + 1) % len(deadlines)]


def _send(board: BoardScreen, template: LegalAction, other: str, gives: list[str], asks: list[str]) -> None:
    ps = board.play
    role = board.viewer or ""
    if template.id == COUNTER:
        action = Action.make(role, COUNTER, proposal=ps.counter_of, give=gives[ps.give], ask=asks[ps.ask],
                             deadline=ps.deadline)
    else:
        action = Action.make(role, PROPOSE, to=other, give=gives[ps.give], ask=asks[ps.ask], deadline=ps.deadline)
    if board.act(action):
        board.app.toast("Proposal sent")


# -- the other tabs ----------------------------------------------------------------------------------

STATUS_MARKS = {"open": "◷ open", "kept": "✓ kept", "defaulted": "✗ defaulted", "pending": "◷ pending",
                "accepted": "✓ accepted", "rejected": "✗ rejected", "countered": "↺ countered",
                "expired": "✗ expired"}


def _deals(board: BoardScreen, surface: pygame.Surface, body: pygame.Rect, v: dict[str, Any]) -> None:
    c = board.match.content
    size = board.px * 0.8
    lines = ["Your proposals (sent and received):"]
    for p in v["proposals"][-6:]:
        lines.append(f"  #{p['id']} {c.roles[p['sender']].name} → {c.roles[p['recipient']].name}: gives "
                     f"“{c.items[p['give']].name}”, asks “{c.items[p['ask']].name}” — {STATUS_MARKS[p['status']]}")
    if not v["proposals"]:
        lines.append("  none yet")
    lines.append("Commitments (accepted deals, public):")
    for d in v["commitments"][-8:]:
        lines.append(f"  {describe.deal_ref(c, d)} {c.roles[d['giver']].name} owes {c.roles[d['receiver']].name} "
                     f"“{c.items[d['item']].name}” by turn {d['due_turn']} — {STATUS_MARKS[d['status']]}")
    if not v["commitments"]:
        lines.append("  none yet")
    lines.append("Normalization (2023 Agreement and Ohrid annex):")
    for cid, level in v["normalization"].items():
        com = c.commitments[cid]
        lines.append(f"  {com.name} ({c.roles[com.owner].name}): {com.levels[min(level, len(com.levels) - 1)]} "
                     f"[{level}/{len(com.levels) - 1}]")
    trust = ", ".join(f"{'–'.join(c.roles[r].name for r in k.split('|'))} {t}" for k, t in v["trust"].items())
    lines.append(f"Trust (0–10): {trust}")
    text.draw(surface, "\n".join(lines), body, size)


def _objectives(board: BoardScreen, surface: pygame.Surface, body: pygame.Rect, v: dict[str, Any]) -> None:
    c = board.match.content
    size = board.px * 0.82
    viewer = board.viewer or ""
    lines = [f"Your objectives — score now {v['scores'][viewer]}:"]
    for o in v["roles"][viewer]["objectives"]:
        secret = ""
        lines.append(f"  {'✓' if o['met'] else '✗'} {o['text']} ({o['points']} pts){secret}")
    lines.append("Other roles (public objectives only):")
    for role, data in v["roles"].items():
        if role == viewer:
            continue
        met = sum(o["met"] for o in data["objectives"])
        lines.append(f"  {c.roles[role].name}: public score {v['scores'][role]} · {met}/{len(data['objectives'])} "
                     "public objectives met")
        for o in data["objectives"][:3]:
            lines.append(f"     {'✓' if o['met'] else '✗'} {o['text']}")
    text.draw(surface, "\n".join(lines), body, size)
