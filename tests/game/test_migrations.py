"""The schema's upgrade path: a save written by an older version of the game opens in this one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from game.db.connect import HEAD_REVISION, _alembic_config, resolve_url
from game.players import greedy_player
from game.store import SeatSpec, Store


def _revision(url: str) -> tuple[str | None, set[str]]:
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision(), set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_a_database_at_revision_0001_upgrades_to_0002(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("classroom", 9, [SeatSpec("serbia", "ai", "easy", "moderate")], name="Old save")
        before = store.load(sid).state.to_json()
    assert _revision(db_url) == (HEAD_REVISION, {"alembic_version", "game_sessions", "seats", "log_entries", "snapshots",
                                         "table_codes"})

    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:  # back to the first schema, with a row in its commitments table
        command.downgrade(_alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO commitments (session_id, deal_id, proposal, giver, receiver, item, "
                          "due_turn, status) VALUES (:sid, 1, 1, 'kosovo', 'serbia', 'x', 3, 'open')"), {"sid": sid})
    engine.dispose()
    revision, tables = _revision(db_url)
    assert revision == "0001" and "commitments" in tables

    with Store(db_url) as store:  # opening it upgrades it, and the session is intact
        assert store.load(sid).state.to_json() == before
        assert store.verify(sid)["ok"] and store.info(sid).name == "Old save"
    revision, tables = _revision(db_url)
    assert revision == HEAD_REVISION and "commitments" not in tables


def _log_indexes(url: str, table: str = "log_entries") -> list[tuple[str | None, list[str | None]]]:
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            return sorted((ix["name"], list(ix["column_names"])) for ix in inspect(conn).get_indexes(table))
    finally:
        engine.dispose()


def test_a_database_at_revision_0003_upgrades_to_0004_without_the_duplicate_log_index(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("classroom", 4, name="Save with moves")
        rng = random.Random(4)
        for _ in range(6):
            game = store.load(sid)
            store.act(sid, greedy_player(game, game.waiting_for()[0], rng))
        before = store.load(sid).state.to_json()
        last = store.info(sid).last_seq
    # Only the unique (session_id, seq) key remains (PostgreSQL lists its index; SQLite does not).
    assert [cols for _, cols in _log_indexes(db_url)] in ([], [["session_id", "seq"]])

    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0003")
    engine.dispose()
    assert _revision(db_url)[0] == "0003"
    assert ("ix_log_entries_session_id", ["session_id"]) in _log_indexes(db_url)

    with Store(db_url) as store:  # opening it upgrades it; the game, its log and its order are intact
        assert store.load(sid).state.to_json() == before
        assert store.verify(sid)["ok"] and [e["seq"] for e in store.log(sid)] == list(range(last + 1))
    assert _revision(db_url)[0] == HEAD_REVISION
    assert ("ix_log_entries_session_id", ["session_id"]) not in _log_indexes(db_url)


def test_a_database_at_revision_0005_upgrades_to_0006_without_the_duplicate_seat_and_snapshot_indexes(
        db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("classroom", 6, [SeatSpec("serbia", "ai", "easy", "moderate")], name="Save at 0005")
        rng = random.Random(6)
        game = store.load(sid)
        while game.state.turn < 3:  # past a new turn: more than the first snapshot
            store.act(sid, greedy_player(game, game.waiting_for()[0], rng))
            game = store.load(sid)
        before, seats, snapshots = game.state.to_json(), store.info(sid).seats, store.verify(sid)["snapshots"]
    # Only the unique keys remain (PostgreSQL lists their indexes; SQLite does not).
    assert [cols for _, cols in _log_indexes(db_url, "seats")] in ([], [["session_id", "role"]])
    assert [cols for _, cols in _log_indexes(db_url, "snapshots")] in ([], [["session_id", "seq"]])

    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0005")
    engine.dispose()
    assert _revision(db_url)[0] == "0005"
    for table in ("seats", "snapshots"):
        assert (f"ix_{table}_session_id", ["session_id"]) in _log_indexes(db_url, table)

    with Store(db_url) as store:  # opening it upgrades it; the game, its seats and snapshots are intact
        assert store.load(sid).state.to_json() == before
        result = store.verify(sid)
        assert store.info(sid).seats == seats and result["ok"] and result["snapshots"] == snapshots >= 2
    assert _revision(db_url)[0] == HEAD_REVISION == "0006"
    for table in ("seats", "snapshots"):
        assert (f"ix_{table}_session_id", ["session_id"]) not in _log_indexes(db_url, table)


def test_a_newer_schema_is_left_untouched(tmp_path: Path) -> None:
    path = str(tmp_path / "newer.db")
    Store(path).close()
    engine = create_engine(resolve_url(path))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    from game.store import StoreError

    with pytest.raises(StoreError, match="newer version of KECI"):
        Store(path)
    assert _revision(path)[0] == "9999"
