"""The turn's results as the web pages word them: every reader's section reads only what that
reader may see, and no internal id or raw blocker reaches a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.store import SeatSpec, Store
from game.table.table import Table
from game.web.present import History
from game.web.turn_results import results_section
from rules.facilitator import FACILITATOR

ROLES = ("kosovo", "serbia", "nato", "eu")


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, int]:
    path: Path = tmp_path_factory.mktemp("results") / "r.db"
    store = Store(f"sqlite:///{path}")
    session = store.create("standard", 11, [SeatSpec(r, controller="ai", level="easy", temperament="cooperative")
                                            for r in ROLES])
    Table(store, session).advance(limit=150)
    return store, session


def _texts(section: dict) -> list[str]:  # type: ignore[type-arg]
    return [section["ending"]] + [t for s in section["sections"] for i in s["items"] for t in (i["text"], i["why"])]


def test_results_hold_what_each_reader_may_see_in_players_words(played: tuple[Store, int]) -> None:
    store, session = played
    game = store.load(session)
    c = game.content
    events = [ev for m in History.of(Table(store, session).log(FACILITATOR)).moves for ev in m.events]
    assert game.state.turn > 2, "the AI class played past the first resolutions"
    ids = {i for table in (c.tracks, c.actions, c.items, c.role_tracks, c.crises, c.commitments) for i in table
           if "_" in i}
    id_word = re.compile(r"\b(" + "|".join(sorted(ids, key=len, reverse=True)) + r")\b")
    private = {e.text for e in events if e.visible_to is not None} - {e.text for e in events if e.visible_to is None}
    for reader in (*ROLES, None, FACILITATOR):
        section = results_section(game, events, reader)
        assert section is not None and section["turn"] == game.state.turn - (0 if game.over else 1)
        texts = _texts(section)
        leaked = [t for t in texts if id_word.search(t)]
        assert not leaked, f"{reader}: internal ids in {leaked[:3]}"
        if reader is None:
            assert not [t for t in texts if any(p and p in t for p in private)], "the projector reads a private line"
        elif reader != FACILITATOR:
            theirs = {e.text for e in events if e.visible_to is not None and reader not in e.visible_to}
            mine = {e.text for e in events if e.visible_to is None or reader in e.visible_to}
            assert not [t for t in texts if any(p and p in t and p not in mine for p in theirs)], reader


def test_a_blocker_in_the_rules_words_is_named_for_players() -> None:
    from game.web.describe import plain
    from rules.loader import shipped_content

    c = shipped_content()
    assert plain(c, "KECI Phase 1: north_tension is 8, needs at most 6") == \
        "KECI Phase 1: Tension in the north is 8, needs at most 6"


def test_results_laid_out_once_still_follow_the_board_and_the_reader(played: tuple[Store, int]) -> None:
    """The section is reused between pushes (game/web/turn_results.py _MEMO): a move that changes
    what is at stake shows at once, and each reader still gets their own section."""
    store, session = played
    game = store.load(session)
    events = [ev for m in History.of(Table(store, session).log("kosovo")).moves for ev in m.events]
    before = results_section(game, events, "kosovo")
    assert before is not None
    assert results_section(game, events, "kosovo") == before
    tense = game.clone()
    top = game.content.tracks["north_tension"].max
    tense.state.tracks["north_tension"] = top - 1
    after = results_section(tense, events, "kosovo")
    assert after is not None
    stake = next(s for s in after["sections"] if s["key"] == "stake")
    assert any(f"Tension in the north is {top - 1} of {top}" in i["text"] for i in stake["items"])
    assert after != before
    theirs = [ev for m in History.of(Table(store, session).log("serbia")).moves for ev in m.events]
    serbia = results_section(game, theirs, "serbia")
    assert serbia is not None and serbia is not before
    assert serbia == results_section(game, [*theirs], "serbia")
