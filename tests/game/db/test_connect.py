"""Opening a database: the schema revision is checked without Alembic when it is current."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from game.db.connect import HEAD_REVISION, MIGRATIONS
from game.store import Store

ROOT = Path(__file__).resolve().parents[3]


def test_head_revision_constant_is_alembics_head() -> None:
    """Whoever adds a migration must update HEAD_REVISION, or up-to-date files would be 'upgraded' forever."""
    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == HEAD_REVISION


def test_a_current_database_opens_without_importing_alembic(tmp_path: Path) -> None:
    path = tmp_path / "keci.db"
    Store(str(path)).close()  # created (this one does need Alembic)
    code = ("import sys; from game.store import Store; Store(sys.argv[1]).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_an_older_schema_is_still_upgraded(tmp_path: Path) -> None:
    """The fast path must not skip a needed upgrade: a file stamped at no revision gets the schema."""
    path = tmp_path / "keci.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.commit()
    conn.close()
    with Store(str(path)) as store:
        sid = store.create("classroom", 3)
        assert store.info(sid).scenario == "classroom"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
    conn.close()
