"""Sessions are never lost: save/load, resume, undo, concurrency, damage, export/import."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from game.players import random_player
from game.store import SeatSpec, StaleGame, Store, StoreError, UnknownSession
from rules.core.actions import Action, IllegalAction


def play(store: Store, session_id: int, moves: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    for _ in range(moves):
        game = store.load(session_id)
        if game.over:
            return
        role = game.waiting_for()[0]
        store.act(session_id, random_player(game, role, rng))


def test_save_and_load_equal_at_every_phase(db_url: str) -> None:
    """Stop random games after every move; a new Store (a new program) loads the identical state."""
    with Store(db_url) as store:
        sid = store.create("classroom", 21)
        rng = random.Random(21)
        seen_phases = set()
        while True:
            game = store.load(sid)
            if game.over:
                break
            store.act(sid, random_player(game, game.waiting_for()[0], rng))
            expected = store.load(sid).state.to_json()
            seen_phases.add(expected["phase"])
            with Store(db_url) as fresh:
                assert fresh.load(sid).state.to_json() == expected
        assert {"negotiation", "actions", "ended"} <= seen_phases
        assert store.verify(sid)["ok"]


def test_resume_finished_game_and_verify(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 8)
        play(store, sid, 5000, seed=8)
        assert store.info(sid).status == "ended"
    with Store(db_url) as store:
        result = store.verify(sid)
        assert result["ok"] and result["snapshots"] >= 2
        assert store.load(sid).over


def test_undo_own_last_action_within_the_phase(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 3)
        game = store.load(sid)
        while game.state.phase != "actions":
            role = game.waiting_for()[0]
            store.act(sid, Action.make(role, "end_negotiation") if game.state.phase == "negotiation"
                      else random_player(game, role, random.Random(0)))
            game = store.load(sid)
        before = store.load(sid).state.to_json()
        store.act(sid, Action.make("kosovo", "kos_open_defence_budget"))
        with pytest.raises(IllegalAction, match="kosovo's"):
            store.undo(sid, "serbia")
        store.undo(sid, "kosovo")
        assert store.load(sid).state.to_json()["orders"] == before["orders"]
        kinds = [e["kind"] for e in store.log(sid)]
        assert kinds[-2:] == ["action", "undo"], "the undo is recorded; nothing is deleted"
        with pytest.raises(IllegalAction, match="nothing to take back|only the last"):
            store.undo(sid, "kosovo")
        assert store.verify(sid)["ok"]


def test_undo_refused_once_the_phase_has_moved_on(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 3)
        game = store.load(sid)
        while game.state.phase == "crisis":
            role = game.waiting_for()[0]
            store.act(sid, random_player(game, role, random.Random(1)))
            game = store.load(sid)
        for role in game.state.seats:
            store.act(sid, Action.make(role, "end_negotiation"))
        with pytest.raises(IllegalAction, match="closed its phase"):
            store.undo(sid, game.state.seats[-1])


def test_two_writers_one_wins_the_other_is_told_to_reload(db_url: str) -> None:
    with Store(db_url) as first, Store(db_url) as second:
        sid = first.create("standard", 4)
        game = first.load(sid)
        seen = first.info(sid).last_seq
        role = game.waiting_for()[0]
        move = random_player(game, role, random.Random(4))
        first.act(sid, move, expected_seq=seen)
        with pytest.raises(StaleGame, match="moved on"):
            second.act(sid, move, expected_seq=seen)
        assert first.verify(sid)["ok"] and len(first.log(sid)) == 2


def test_names_are_stored_and_shown_unchanged(db_url: str) -> None:
    names = ["Robert'); DROP TABLE game_sessions;--", 'Class "B" — Zvečan', "مرحبا بالعالم", "Team 🇽🇰 🤝 🇷🇸",
             "ë ç č ć đ š ž"]
    with Store(db_url) as store:
        ids = [store.create("classroom", 1, [SeatSpec("kosovo", display_name=n)], name=n) for n in names]
        for sid, name in zip(ids, names, strict=True):
            info = store.info(sid)
            assert info.name == name and info.seats[0].display_name == name
        assert len(store.sessions()) == len(names)


def test_export_import_round_trip(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        sid = store.create("classroom", 13, [SeatSpec("eu", "ai", "normal", "cooperative")], name="Round trip")
        play(store, sid, 60, seed=13)
        game = store.load(sid)
        while game.state.phase != "actions" and not game.over:
            play(store, sid, 1, seed=5)
            game = store.load(sid)
        first = store.export(sid)
        new_id = store.import_session(json.loads(json.dumps(first)))
        assert new_id != sid
        assert store.export(new_id) == first
        assert store.load(new_id).state.to_json() == store.load(sid).state.to_json()


def test_unknown_session(db_url: str) -> None:
    with Store(db_url) as store, pytest.raises(UnknownSession, match="no session 99"):
        store.load(99)


def test_delete_removes_only_that_session(db_url: str) -> None:
    with Store(db_url) as store:
        a, b = store.create("classroom", 1), store.create("classroom", 2)
        play(store, a, 20)
        store.delete(a)
        assert [s.id for s in store.sessions()] == [b]


# -- SQLite files that are not what they should be ------------------------------------------

def test_not_a_database_is_reported_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my lecture notes, not a database.\n" * 50)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a database|damaged"):
        Store(str(path))
    assert path.read_bytes() == before


def test_truncated_database_is_reported_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "keci.db"
    with Store(str(path)) as store:
        sid = store.create("standard", 1)
        play(store, sid, 80)
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\x00garbage" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError), Store(str(path)) as store:
        store.sessions()
        store.load(sid)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE grades (student TEXT, mark INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a KECI save file"):
        Store(str(path))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version of KECI"):
        Store(str(path))


def test_one_damaged_session_leaves_the_others_usable(tmp_path: Path) -> None:
    path = tmp_path / "keci.db"
    with Store(str(path)) as store:
        good, bad = store.create("classroom", 1), store.create("classroom", 2)
        play(store, good, 15)
        play(store, bad, 15)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE log_entries SET payload = ? WHERE session_id = ? AND seq = 3",
                  (json.dumps({"action": {"role": "kosovo", "id": "conquer_belgrade", "params": {}}}), bad))
    conn.commit()
    conn.close()
    with Store(str(path)) as store:
        with pytest.raises(StoreError, match=f"session {bad} is damaged"):
            store.load(bad)
        assert store.load(good).state.moves == 15
        assert len(store.sessions()) == 2
