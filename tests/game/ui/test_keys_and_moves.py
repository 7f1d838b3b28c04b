"""Issue 13's fixes, driven by real key and mouse events: a key acts on the screen it was pressed on,
the card list keeps its place, escalatory moves ask first, the composer lists every item, the
messages say true things in players' words, and the board notices moves made elsewhere."""

from __future__ import annotations

import re
from collections.abc import Callable

import pygame
import pytest

from game.store import SeatSpec, Store
from game.ui import text
from game.ui.screens.board import BoardScreen, open_session
from game.ui.screens.end import EndScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.new_game import NewGameScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen
from game.ui.screenshots import advance
from rules.core.actions import Action
from rules.core.engine import END_NEGOTIATION, END_ORDERS, PROPOSE, RESPOND

from .conftest import Driver

SOLO = [SeatSpec("kosovo", "human", display_name="Arbër"), SeatSpec("serbia", "ai", "easy", "moderate"),
        SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")]
#: Seed 1 of the classroom scenario opens with the Banjska attack; Kosovo may answer it alone.
BANJSKA_SEED = 1


def press_held(d: Driver, key: int, repeats: int = 2) -> None:
    """A key held down: one press, then the keyboard's auto-repeat, all queued before the window
    could react (as when starting a game blocks the window for a moment), then the release."""
    d.frame()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    for _ in range(repeats):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    d.frame()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))  # repeat again
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    d.frame(3)


def kosovo_moves(d: Driver, sid: int) -> int:
    return sum(1 for e in d.app.store.log(sid) if e["kind"] == "action" and e["role"] == "kosovo")


def test_enter_on_new_game_does_not_answer_the_first_crisis(make_driver) -> None:
    """Enter starts the game; held down (auto-repeat) it must not also answer the Banjska attack."""
    d = make_driver()
    d.key(pygame.K_n)
    d.screen.seed.value = str(BANJSKA_SEED)
    press_held(d, pygame.K_RETURN, repeats=3)
    board = d.screen
    assert isinstance(board, BoardScreen)
    assert board.match.game.state.crisis == "banjska_attack"
    assert kosovo_moves(d, board.match.id) == 0
    assert board.match.actor() == "kosovo" and board.match.game.state.phase == "crisis"
    # The held key did not close Kosovo's briefing either; a fresh press does, and the next answers.
    assert board.briefing_for == "kosovo"
    d.until(lambda: not board.worker.busy)
    d.key(pygame.K_RETURN)
    assert board.briefing_for is None and kosovo_moves(d, board.match.id) == 0
    d.key(pygame.K_RETURN)
    assert kosovo_moves(d, board.match.id) == 1


def test_keys_queued_after_a_screen_change_are_dropped(make_driver) -> None:
    """Enter then 2 and Enter typed ahead on the new-game screen: only the first acts."""
    d = make_driver()
    d.key(pygame.K_n)
    d.screen.seed.value = str(BANJSKA_SEED)
    d.frame()
    for key in (pygame.K_RETURN, pygame.K_2, pygame.K_RETURN):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    d.frame(3)
    assert d.screen.name == "board"
    assert kosovo_moves(d, d.screen.match.id) == 0
    assert d.screen.play.selected == 0


def _solo_board(d: Driver, seed: int = BANJSKA_SEED) -> int:
    return d.app.store.create("classroom", seed, SOLO, "solo")


def _open_briefed(d: Driver, sid: int) -> BoardScreen:
    """Open the board and read past the role briefing (Enter: "Start playing")."""
    open_session(d.app, sid)
    d.frame()
    board = d.screen
    assert isinstance(board, BoardScreen)
    if board.briefing_for is not None:
        d.key(pygame.K_RETURN)
    assert board.briefing_for is None
    return board


def _handover(d: Driver) -> int:
    return d.app.store.create("classroom", BANJSKA_SEED, [SeatSpec("kosovo", "human"), SeatSpec("serbia", "human"),
                                                           SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")])


def _ended(d: Driver) -> int:
    sid = d.app.store.create("classroom", 2, [], "ended")
    advance(d.app.store, sid, lambda g: False)
    return sid


# (what to set up and show, the key, the screen it leads to)
CHANGES: list[tuple[str, Callable[[Driver], None], int, str]] = [
    ("title N", lambda d: d.app.show(TitleScreen(d.app)), pygame.K_n, "new_game"),
    ("title L", lambda d: d.app.show(TitleScreen(d.app)), pygame.K_l, "load"),
    ("title S", lambda d: d.app.show(TitleScreen(d.app)), pygame.K_s, "settings"),
    ("title C", lambda d: (_solo_board(d), d.app.show(TitleScreen(d.app))), pygame.K_c, "board"),
    ("new game Esc", lambda d: d.app.show(NewGameScreen(d.app)), pygame.K_ESCAPE, "title"),
    ("new game Enter", lambda d: d.app.show(NewGameScreen(d.app)), pygame.K_RETURN, "board"),
    ("load Esc", lambda d: d.app.show(LoadScreen(d.app)), pygame.K_ESCAPE, "title"),
    ("load Enter", lambda d: (_solo_board(d), d.app.show(LoadScreen(d.app))), pygame.K_RETURN, "board"),
    ("settings Esc", lambda d: d.app.show(SettingsScreen(d.app)), pygame.K_ESCAPE, "title"),
    ("board Esc", lambda d: _open_briefed(d, _solo_board(d)), pygame.K_ESCAPE, "title"),
    ("briefing Enter", lambda d: open_session(d.app, _solo_board(d)), pygame.K_RETURN, "board"),
    ("hand-over Enter", lambda d: open_session(d.app, _handover(d)), pygame.K_RETURN, "board"),
    ("debrief Esc", lambda d: open_session(d.app, _ended(d)), pygame.K_ESCAPE, "title"),
    ("debrief N", lambda d: open_session(d.app, _ended(d)), pygame.K_n, "new_game"),
]


@pytest.mark.parametrize("setup,key,target", [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_every_screen_change_by_key_acts_once(make_driver, setup, key: int, target: str) -> None:  # type: ignore[no-untyped-def]
    """Held down, the key changes the screen once and does nothing on the screen it leads to."""
    d = make_driver()
    setup(d)
    d.frame()
    before = d.app.screen
    handover = isinstance(before, BoardScreen) and before.handover_to is not None
    sessions = {s.id: s.last_seq for s in d.app.store.sessions()}
    press_held(d, key)
    after = d.app.screen
    assert after.name == target
    if handover:
        assert after is before and after.viewer == "kosovo" and after.handover_to is None
        assert after.briefing_for == "kosovo"  # the hand-over leads to the briefing, which stays open
    elif isinstance(before, BoardScreen) and key == pygame.K_RETURN:
        assert after is before and after.briefing_for is None
    else:
        assert after is not before
    # Nothing else happened: no move in any game, no further screen.
    assert {s.id: s.last_seq for s in d.app.store.sessions() if s.id in sessions} == sessions
    assert d.app.screen is after


def _to_orders(d: Driver, sid: int) -> BoardScreen:
    store = d.app.store
    advance(store, sid, lambda g: g.state.phase == "actions" and g.waiting_for()[0] == "kosovo")
    open_session(d.app, sid)
    d.frame()
    board = d.screen
    assert isinstance(board, BoardScreen) and board.my_move
    return board


def test_card_list_keeps_its_selection_and_shows_every_card_it_can(make_driver) -> None:
    d = make_driver()
    board = _to_orders(d, _solo_board(d, seed=4))
    d.key(pygame.K_DOWN)
    d.key(pygame.K_DOWN)
    legal = [t for t in board.match.game.legal_actions("kosovo") if t.id != END_ORDERS]
    assert board.play.selected == 2
    chosen = board.play.selected_key
    d.key(pygame.K_1)  # select the first card and order it
    first_before = legal[0]
    d.key(pygame.K_RETURN)
    if board.confirm is not None:
        d.key(pygame.K_y)
    assert len(board.match.game.state.orders["kosovo"]) == 1
    d.frame()
    cards_now = [t for t in board.match.game.legal_actions("kosovo") if t.id != END_ORDERS]
    # The selection stayed on the card that was ordered, or on the same row if that card is gone.
    if any(t.id == first_before.id for t in cards_now):
        assert board.play.selected_key is not None and board.play.selected_key[0] == first_before.id
    else:
        assert board.play.selected == 0
    assert chosen is not None
    # Nothing is hidden above while there is room: the list starts at its first card.
    assert board.play.top == 0


def test_unilateral_response_asks_for_confirmation(make_driver) -> None:
    d = make_driver()
    sid = _solo_board(d)
    board = _open_briefed(d, sid)
    responses = [t for t in board.match.game.legal_actions("kosovo") if t.id == RESPOND]
    alone = next(i for i, t in enumerate(responses) if t.params["response"] == ["police_sweep_alone"])
    d.key(pygame.K_1 + alone)
    d.key(pygame.K_RETURN)
    assert board.confirm is not None and kosovo_moves(d, sid) == 0
    text.recording(True)
    board.dirty = True
    d.frame()
    shown = "\n".join(x.text for x in text.RECORD)
    text.recording(False)
    assert "unilateral" in shown and "Yes, do it" in shown
    d.key(pygame.K_RETURN)  # a stray Enter does not confirm
    d.key(pygame.K_UP)
    assert board.confirm is not None and kosovo_moves(d, sid) == 0
    d.key(pygame.K_n)
    assert board.confirm is None and kosovo_moves(d, sid) == 0
    d.key(pygame.K_RETURN)
    d.click("Yes, do it")
    assert board.confirm is None and kosovo_moves(d, sid) == 1
    last = [e for e in d.app.store.log(sid) if e["kind"] == "action" and e["role"] == "kosovo"][-1]
    assert last["payload"]["action"]["params"]["response"] == "police_sweep_alone"


def test_coordinated_response_needs_no_confirmation(make_driver) -> None:
    d = make_driver()
    sid = _solo_board(d)
    _open_briefed(d, sid)
    d.key(pygame.K_1)
    d.key(pygame.K_RETURN)
    assert d.screen.confirm is None and kosovo_moves(d, sid) == 1


def _to_negotiation(d: Driver, sid: int) -> BoardScreen:
    advance(d.app.store, sid, lambda g: g.state.phase == "negotiation" and g.waiting_for()[0] == "kosovo")
    open_session(d.app, sid)
    d.frame()
    board = d.screen
    assert isinstance(board, BoardScreen) and board.my_move
    return board


def test_composer_lists_every_item_to_pick(make_driver) -> None:
    d = make_driver()
    sid = _solo_board(d, seed=4)
    board = _to_negotiation(d, sid)
    template = next(t for t in board.match.game.legal_actions("kosovo") if t.id == PROPOSE)
    gives, asks = template.params["give"], template.params["ask"]
    d.frame()
    # Every item is a row of the list (scrolled into view as the selection steps through them).
    for i in range(len(gives)):
        assert board.ui.find(f"give-{i}") is not None, f"give item {i} not listed"
        d.key(pygame.K_g)
    for i in range(len(asks)):
        assert board.ui.find(f"ask-{i}") is not None, f"ask item {i} not listed"
        d.key(pygame.K_a)
    board.play.give = len(gives) - 1  # scrolled to the end: pick the last ones with the mouse
    board.play.ask = len(asks) - 1
    board.dirty = True
    d.frame()
    d.click(f"give-{len(gives) - 2}")
    d.click(f"give-{len(gives) - 1}")
    d.click(f"ask-{len(asks) - 2}")
    d.click(f"ask-{len(asks) - 1}")
    d.click("3 turns")
    d.click("Send proposal")
    sent = board.match.game.state.proposals[-1]
    assert (sent.sender, sent.give, sent.ask, sent.deadline) == ("kosovo", gives[-1], asks[-1], 3)


def _drawn(d: Driver) -> str:
    text.recording(True)
    d.app.redraw()
    d.frame()
    out = "\n".join(x.text for x in text.RECORD)
    text.recording(False)
    return out


def test_no_false_all_proposals_message_after_finishing(make_driver) -> None:
    d = make_driver()
    sid = _solo_board(d, seed=4)
    board = _to_negotiation(d, sid)
    # Serbia offers Kosovo a deal, so Kosovo still has something to do after finishing.
    g = board.match.game
    t = next(x for x in g.legal_actions("serbia") if x.id == PROPOSE and x.params["to"] == ["kosovo"])
    d.app.store.act(sid, Action.make("kosovo", END_NEGOTIATION))
    d.app.store.act(sid, Action.make("serbia", PROPOSE, to="kosovo", give=t.params["give"][0],
                                     ask=t.params["ask"][0], deadline=2))
    open_session(d.app, sid)
    d.until(lambda: d.screen.my_move)
    shown = _drawn(d)
    assert "Offers to you (1)" in shown
    assert "all the proposals" not in shown
    assert "You have finished negotiating this turn" in shown


INTERNAL = re.compile(r"\b(kosovo|serbia|nato|eu|[a-z]+_[a-z_]+)\b")


def test_messages_carry_no_internal_ids(make_driver) -> None:
    """Blockers, objections and refusals reach the player in display names."""
    d = make_driver()
    sid = _solo_board(d, seed=4)
    board = _to_orders(d, sid)
    shown = _drawn(d)
    assert not INTERNAL.findall(shown), INTERNAL.findall(shown)[:5]
    # A refusal from the rules ("kosovo_credibility is 2, ...") is worded for the player.
    words = board.words("kosovo_credibility is 2, needs at least 4; normalization_total is 3; kosovo cannot")
    assert not INTERNAL.findall(words), words


def test_ladder_waits_for_kosovos_signature(make_driver) -> None:
    d = make_driver()
    board = _to_orders(d, _solo_board(d, seed=4))
    board.match.game.state.keci_mou_approved = True  # the Council approved the memorandum
    board.match.version += 1
    shown = _drawn(d)
    assert "Waiting for Kosovo's signature" in shown
    assert "Nothing blocks it" not in shown


def test_board_notices_a_move_made_by_another_process(make_driver, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Another process acts on the same database: the idle board refreshes itself within about a
    second, and the next key press acts on the refreshed game instead of being swallowed."""
    d = make_driver()
    sid = d.app.store.create("classroom", 4, [SeatSpec("kosovo", "human"), SeatSpec("serbia", "human"),
                                              SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")])
    other = Store(str(tmp_path / "t.db"))  # a second connection, as another process would hold
    try:
        advance(other, sid, lambda g: g.state.phase == "negotiation")
        open_session(d.app, sid)
        d.until(lambda: d.screen.match.actor() in ("kosovo", "serbia") and not d.screen.worker.busy)
        board = d.screen
        if board.handover_to is not None:
            d.key(pygame.K_RETURN)
        actor = board.match.actor()
        seq = board.match.seq
        # Elsewhere, the role on screen is not the only one waiting: the other human finishes.
        waiting = [r for r in board.match.game.waiting_for() if r != actor]
        assert waiting
        other.act(sid, Action.make(waiting[0], END_NEGOTIATION))
        board._next_poll = 0.0  # a second has passed
        d.frame()
        assert board.match.seq == seq + 1
        # The next key acts at once.
        d.key(pygame.K_e)
        assert board.match.seq == seq + 2
        assert actor in board.match.game.state.negotiation_done
        # And a move made elsewhere between two polls does not swallow the player's key either.
    finally:
        other.close()


def test_stale_key_press_is_still_played(make_driver, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d = make_driver()
    sid = d.app.store.create("classroom", 4, [SeatSpec("kosovo", "human"), SeatSpec("serbia", "human"),
                                              SeatSpec("nato", "ai", "easy", "moderate"), SeatSpec("eu", "ai", "easy", "moderate")])
    other = Store(str(tmp_path / "t.db"))
    try:
        advance(other, sid, lambda g: g.state.phase == "negotiation")
        open_session(d.app, sid)
        board = d.screen
        d.until(lambda: not board.worker.busy)
        if board.handover_to is not None:
            d.key(pygame.K_RETURN)
        actor = board.match.actor()
        waiting = [r for r in board.match.game.waiting_for() if r != actor]
        other.act(sid, Action.make(waiting[0], END_NEGOTIATION))
        board._next_poll = 10**9  # no poll before the key
        d.key(pygame.K_e)
        assert actor in board.match.game.state.negotiation_done
        assert waiting[0] in board.match.game.state.negotiation_done
    finally:
        other.close()


def test_end_screen_is_reachable(make_driver) -> None:
    d = make_driver()
    open_session(d.app, _ended(d))
    assert isinstance(d.screen, EndScreen)


# -- onboarding ------------------------------------------------------------------------------------

def test_each_human_seat_reads_its_own_briefing_first(make_driver) -> None:
    d = make_driver()
    sid = _handover(d)
    open_session(d.app, sid)
    d.key(pygame.K_RETURN)  # "I am Kosovo"
    board = d.screen
    assert board.briefing_for == "kosovo"
    shown = _drawn(d)
    kosovo, serbia = board.match.content.roles["kosovo"], board.match.content.roles["serbia"]
    assert "Confidential objectives" in shown and "What you can negotiate" in shown or "More" in shown
    secret_k = [o.text.removeprefix("(Secret) ") for o in kosovo.objectives if o.secret]
    secret_s = [o.text.removeprefix("(Secret) ") for o in serbia.objectives if o.secret]
    # Page through the whole briefing: Kosovo's confidential objectives, never Serbia's.
    seen = shown
    for _ in range(5):
        if board.ui.find("More") is None:
            break
        d.click("More")
        seen += _drawn(d)
    assert all(t in seen for t in secret_k)
    assert not any(t in seen for t in secret_s)
    assert "What you can do" in seen and "What you can negotiate" in seen
    d.key(pygame.K_RETURN)
    assert board.briefing_for is None
    d.key(pygame.K_b)  # B reopens it
    assert board.briefing_for == "kosovo"


def test_guided_first_turn_points_at_the_panel_and_can_be_skipped(make_driver) -> None:
    d = make_driver()
    board = _open_briefed(d, _solo_board(d))
    shown = _drawn(d)
    assert "Guided first turn · step 1 of 3" in shown and "Answer the crisis" in shown
    d.key(pygame.K_1)
    d.key(pygame.K_RETURN)
    d.until(lambda: board.my_move and not board.worker.busy)
    if board.match.game.state.phase == "negotiation":
        assert "step 2 of 3" in _drawn(d)
    d.key(pygame.K_F2)  # skip
    assert "Guided first turn" not in _drawn(d)


def test_f1_explains_the_game_and_pages(make_driver) -> None:
    d = make_driver()
    _open_briefed(d, _solo_board(d))
    d.key(pygame.K_F1)
    assert d.app.help_open
    seen = _drawn(d)
    for _ in range(6):
        d.key(pygame.K_PAGEDOWN)
        seen += _drawn(d)
    for needle in ("A turn (half a year)", "KECI", "consensus", "Special Representative", "Deals and defaults",
                   "Endings and scoring", "Escalation"):
        assert needle in seen, needle
    d.key(pygame.K_ESCAPE)
    assert not d.app.help_open


def test_track_names_and_panel_titles_explain_themselves(make_driver) -> None:
    d = make_driver()
    board = _open_briefed(d, _solo_board(d))
    d.frame()
    track = board.ui.find("track-north_tension")
    assert track is not None and "Source" in track.tip
    for which in ("tracks", "keci", "council", "log"):
        hit = board.ui.find(f"panel-{which}")
        assert hit is not None and hit.tip, which
    d.click("panel-keci")
    assert d.app._toast is not None and "KECI ladder" in d.app._toast[0] and "Source" in d.app._toast[0]
    assert "hover a name" in _drawn(d)


# -- text entry and lists ----------------------------------------------------------------------------

def test_name_field_edits_like_a_text_box(make_driver, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from game.ui import widgets

    clipboard = {"text": ""}
    monkeypatch.setattr(widgets, "_clipboard_get", lambda: clipboard["text"])
    monkeypatch.setattr(widgets, "_clipboard_put", lambda value: clipboard.update(text=value))
    d = make_driver()
    d.key(pygame.K_n)
    field = d.screen.seats[0].name
    d.click_at(field.rect.center)
    d.type("Dušan Đorđević")
    assert field.value == "Dušan Đorđević"
    d.key(pygame.K_n)  # a letter key while typing is not a shortcut
    assert d.screen.name == "new_game"
    d.key(pygame.K_HOME)
    for _ in range(5):
        d.key(pygame.K_RIGHT, pygame.KMOD_SHIFT)
    d.key(pygame.K_c, pygame.KMOD_CTRL)
    assert clipboard["text"] == "Dušan"
    d.type("Arbër")  # replaces the selection
    assert field.value == "Arbër Đorđević"
    d.key(pygame.K_END)
    d.key(pygame.K_BACKSPACE)
    d.key(pygame.K_LEFT)
    d.key(pygame.K_DELETE)
    assert field.value == "Arbër Đorđev"
    clipboard["text"] = " çë\nž"
    d.key(pygame.K_v, pygame.KMOD_CTRL)
    assert field.value == "Arbër Đorđev çëž"
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.key(pygame.K_x, pygame.KMOD_CTRL)
    assert field.value == "" and clipboard["text"] == "Arbër Đorđev çëž"
    seed = d.screen.seed
    d.click_at(seed.rect.center)
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.type("12ab34")
    assert seed.value == "1234"


def test_give_list_scrolls_with_the_wheel_and_keys(make_driver) -> None:
    d = make_driver()
    board = _to_negotiation(d, _solo_board(d, seed=4))
    template = next(t for t in board.match.game.legal_actions("kosovo") if t.id == PROPOSE)
    gives = template.params["give"]
    d.frame()
    give = board.rects["give"]
    pygame.mouse.set_pos(give.center)
    for _ in range(len(gives) - 1):
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        d.frame()
    if pygame.mouse.get_pos() == give.center:  # the dummy driver may not move the mouse
        assert board.play.give == len(gives) - 1
    board.play.give = 0
    for _ in range(len(gives) - 1):
        d.key(pygame.K_g)
    assert board.play.give == len(gives) - 1
    d.frame()
    assert board.ui.find(f"give-{len(gives) - 1}") is not None  # scrolled into view


@pytest.mark.parametrize("scale", [1.15, 1.3])
def test_larger_text_reflows_the_board(make_driver, scale: float) -> None:
    """At a larger text size the board's panels grow with their words: nothing is cut, shrunk or
    drawn outside its box, and no text is smaller than at 100 %."""
    d = make_driver()
    d.app.settings.text_scale = scale
    sid = _solo_board(d, seed=4)
    for setup in (lambda: _open_briefed(d, sid), lambda: _to_negotiation(d, sid), lambda: _to_orders(d, sid)):
        setup()
        text.recording(True)
        d.app.redraw()
        d.frame()
        drawn = list(text.RECORD)
        text.recording(False)
        bad = [(x.text[:50], x.box.size) for x in drawn if x.overflow or not x.box.contains(x.rect)]
        assert not bad, f"{d.screen.match.game.state.phase}: {bad[:3]}"
        assert min(x.px for x in drawn) >= 13
