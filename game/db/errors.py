"""The store's errors: defined apart from SQLAlchemy so that the command line can catch them
without importing it (a command that only reads a save never does; see game.db.lite)."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the store, in words a user can act on."""


class DamagedDatabase(StoreError):
    pass


#: What a writer is told when another one held the database's write lock for the whole wait.
BUSY = "the database is busy with another player's move; try again"


class Busy(StoreError):
    """The database stayed locked by another writer for the whole wait (SQLite's busy_timeout)."""
