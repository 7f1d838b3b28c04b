"""A session's wording mode is stored with it (revision 0005), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from game.db.connect import _alembic_config, resolve_url
from game.db.lite import LiteReader, sqlite_path
from game.store import Store, StoreError


def test_a_session_keeps_its_wording_and_an_older_save_reads_plain(db_url: str) -> None:
    """A save written before the column existed upgrades with its sessions in the paper's words;
    a new session keeps the mode it was opened with, through reading, export and import."""
    url = resolve_url(db_url)
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0004")
        now = datetime(2026, 11, 27, 12, 0)  # naive: how SQLAlchemy writes a time to SQLite
        conn.execute(text("INSERT INTO game_sessions (name, scenario, seed, created_at, updated_at, status, "
                          "turn, phase, last_seq) VALUES ('old', 'classroom', 3, :t, :t, 'active', 1, "
                          "'crisis', 0)"), {"t": now})
        old = conn.execute(text("SELECT id FROM game_sessions WHERE name = 'old'")).scalar_one()
    engine.dispose()
    with Store(db_url) as store:
        assert store.info(old).wording == "plain"
        sid = store.create("classroom", 3, wording="neutral")
        assert store.info(sid).wording == "neutral"
        assert [s.wording for s in store.sessions() if s.id == sid] == ["neutral"]
        exported = store.export(sid)
        assert exported["wording"] == "neutral"
        again = store.import_session(exported)
        assert store.info(again).wording == "neutral"
        with pytest.raises(StoreError, match="unknown wording 'polite'"):
            store.create("classroom", 3, wording="polite")
    path = sqlite_path(db_url) if "://" not in db_url else None
    if path is not None:  # the standard-library reader (show, log, sessions) reads the same
        with LiteReader(path) as lite:
            assert lite.info(sid).wording == "neutral"
            assert lite.info(old).wording == "plain"


def test_an_export_without_wording_imports_in_the_papers_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Store(str(tmp_path / "k.db")) as store:
        sid = store.create("classroom", 5, wording="neutral")
        data = store.export(sid)
        del data["wording"]
        assert store.info(store.import_session(data)).wording == "plain"
