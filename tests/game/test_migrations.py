"""The schema's upgrade path: a save written by an older version of the game opens in this one."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from game.db.connect import _alembic_config, resolve_url
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
    assert _revision(db_url) == ("0003", {"alembic_version", "game_sessions", "seats", "log_entries", "snapshots",
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
    assert revision == "0003" and "commitments" not in tables


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
