"""Open a database safely: find its URL, set SQLite up for durability, check the schema version.

A file that is not a database, a database that is not KECI's, and a database written by a
newer version of the game are all reported and left exactly as they were. Only an empty
database (or a file that does not exist yet) is given the schema.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

# Named here too: the schema's revision and the default file are read by game.db.lite, and the
# errors are caught by the command line, neither of which imports SQLAlchemy.
from game.db.errors import DamagedDatabase, StoreError
from game.db.lite import DEFAULT_PATH, HEAD_REVISION, ROOT

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["DEFAULT_PATH", "HEAD_REVISION", "MIGRATIONS", "READ_ONLY", "ROOT", "DamagedDatabase", "StoreError",
           "describe", "open_engine", "resolve_url"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The databases KECI runs on: SQLite files and PostgreSQL through psycopg 3.
SUPPORTED_DRIVERS = ("sqlite", "postgresql+psycopg")
#: Execution option marking a read-only transaction (SQLite then takes no write lock).
READ_ONLY = "keci_read_only"





def resolve_url(url: str | None) -> str:
    """``--db`` wins, then ``KECI_DB``, then the SQLite file under ``saves/``."""
    url = url or os.environ.get("KECI_DB")
    if url:
        if "://" not in url:  # a bare path means a SQLite file
            return f"sqlite:///{Path(url).expanduser().resolve()}"
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{DEFAULT_PATH}"


def describe(url: str) -> str:
    """The URL without a password, for messages (a very long path is shortened in the middle)."""
    if url.startswith("sqlite:///"):
        where = url[len("sqlite:///"):]
    else:
        head, _, tail = url.partition("@")
        where = f"{head.split(':')[0]}://…@{tail}" if tail else url
    return where if len(where) <= 160 else f"{where[:80]}…{where[-60:]}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE (the pysqlite recipe), so two
        # writers queue for the lock instead of failing halfway through a transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit survives even a power cut, not only a crash of the game.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # A reader (execution option READ_ONLY) takes no write lock: in WAL mode it reads the last
        # committed state while another process writes, instead of failing "database is locked".
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def _alembic_config(connection) -> Config:  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _checked_url(url: str, where: str) -> str:
    """Refuse, in one line, a URL whose database KECI cannot use (before any driver is imported)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(f"{where} is not a database URL; give a file path (SQLite) or "
                         "postgresql://USER@HOST/DATABASE") from None
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise StoreError(f"KECI cannot store sessions in {parsed.drivername!r} databases ({where}); "
                         "give a file path (SQLite) or postgresql://USER@HOST/DATABASE")
    if parsed.drivername == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError("sqlite:// without a file keeps nothing once the command ends; "
                         "give a file path instead")
    return url


def open_engine(url: str | None = None) -> tuple[Engine, str]:
    """Connect, check and (only for an empty database) create the schema; returns (engine, url)."""
    try:
        url = resolve_url(url)
    except (OSError, ValueError, RuntimeError) as exc:
        raise StoreError(f"cannot use the database path {url or ''}: {_reason(exc)}") from None
    where = describe(url)
    _checked_url(url, where)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        try:
            if path.exists() and path.is_dir():
                raise StoreError(f"{where} is a folder, not a database file")
            path.parent.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot use the database file {where}: {_reason(exc)}") from None
        engine = create_engine(url)
        _sqlite_setup(engine)
    else:
        # A server that does not answer is reported after 10 seconds instead of hanging the command.
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    try:
        _check_schema(engine, where)
        if engine.dialect.name == "sqlite":
            # Only now that the file is known to be ours: WAL is stored in the file itself.
            raw = engine.raw_connection()
            try:
                raw.execute("PRAGMA journal_mode=WAL")
            finally:
                raw.close()
    except StoreError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the database {where}: {_first_line(exc)}") from None
    except DatabaseError as exc:
        engine.dispose()
        raise DamagedDatabase(f"{where} is damaged or is not a database ({_first_line(exc)}); "
                              "it was left untouched") from None
    return engine, url


def _reason(exc: Exception) -> str:
    """An OS error's own words ("File name too long"), or the exception's first line."""
    strerror = getattr(exc, "strerror", None)
    return str(strerror) if strerror else (str(exc).splitlines() or [type(exc).__name__])[0]


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _stored_revision(conn: Connection) -> tuple[set[str], str | None]:
    """The database's tables and its schema revision, read with plain SQL (no Alembic)."""
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        return tables, None
    versions = [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return tables, versions[0] if len(versions) == 1 else None


def _check_schema(engine: Engine, where: str) -> None:
    with engine.execution_options(**{READ_ONLY: True}).connect() as conn:  # the usual case: no write lock
        if _stored_revision(conn)[1] == HEAD_REVISION:
            return
    with engine.begin() as conn:
        tables, current = _stored_revision(conn)
        if current == HEAD_REVISION:
            return  # the common case: an up-to-date save file, checked without loading Alembic
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(str(MIGRATIONS))
        head = script.get_current_head()
        known = {rev.revision for rev in script.walk_revisions()}
        if current is None:
            if tables - {"alembic_version"}:
                raise StoreError(f"{where} is a database, but not a KECI save file "
                                 f"(it has tables {', '.join(sorted(tables)[:5])}); it was left untouched")
            command.upgrade(_alembic_config(conn), "head")
            return
        if current not in known:
            raise StoreError(f"{where} was written by a newer version of KECI (schema {current}); "
                             "update the game to open it. The file was left untouched.")
        if current != head:
            command.upgrade(_alembic_config(conn), "head")
