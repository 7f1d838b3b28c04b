"""Statements of the store's frequent paths, compiled once per database and run on the driver's cursor.

Through SQLAlchemy Core, each execution spends about 0.1 ms building a cache key, finding the
compiled statement and wrapping its result, against about 0.03 ms for the driver's own
``execute`` (measured on the development machine). The store reads a session's row with these
and, on a move's full path (a game it does not hold in memory) and an undo, writes the log
entry, the session's row and a snapshot with them; a move on a game it holds goes through
:mod:`game.db.moves` instead, fewer statements still.

Nothing about what is stored changes: the SQL text and the conversion of every value (JSON, dates
and times) come from SQLAlchemy, compiled once for the database's dialect, so a row written here is
byte for byte what the ORM would write and reads back the same way. The statements run on the
DB-API connection of the transaction SQLAlchemy has open, so they commit or roll back with it, and
a driver error is raised as SQLAlchemy's own exception class (``IntegrityError`` for a duplicate
sequence number, ``OperationalError`` for a locked database), as callers expect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler


class Prepared:
    """One statement, compiled for one dialect, with its values' converters."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, keys: Sequence[str] = ()):
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=list(keys) or None))
        self.sql = compiled.string
        self.dialect = dialect
        self.positional = bool(compiled.positional)
        self.names: list[str] = list(compiled.positiontup or ()) if self.positional else list(compiled.binds)
        self.converters: dict[str, Callable[[Any], Any]] = {}
        for name, bind in compiled.binds.items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                self.converters[name] = convert
        columns = statement.selected_columns if isinstance(statement, Select) else ()
        self.results: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]

    def _params(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        converted = {name: (self.converters[name](values[name]) if name in self.converters else values[name])
                     for name in self.names}
        return [converted[name] for name in self.names] if self.positional else converted

    def execute(self, conn: Connection, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run on the connection's open transaction; returns the converted rows of a SELECT."""
        return self.run(conn.connection.dbapi_connection, values)

    def run(self, raw: Any, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run on a DB-API connection (its open transaction); returns the converted rows of a SELECT."""
        params = self._params(values)
        cursor = raw.cursor()
        try:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall() if cursor.description is not None else []
        except self.dialect.loaded_dbapi.Error as exc:
            raise wrapped(self.dialect, self.sql, params, exc) from exc
        finally:
            cursor.close()
        if not any(self.results):
            return [tuple(row) for row in rows]
        return [tuple(value if convert is None else convert(value) for convert, value in zip(self.results, row,
                                                                                              strict=True))
                for row in rows]


def wrapped(dialect: Dialect, sql: str, params: Any, exc: Exception) -> Exception:
    """A driver's error as SQLAlchemy's own class (``IntegrityError``, ``OperationalError``...)."""
    return DBAPIError.instance(sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)

