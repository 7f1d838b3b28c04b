"""A session's wording on the command line: every text a command prints about a session in the
mode the session was opened with (rules/wording.py).

The commands print as they go (``advance`` prints each AI move as it is made), so the mode is
applied to the output stream rather than to each command's strings: in the status-neutral mode
every write is rendered (Kosovo*, Pristina/Prishtinë, both forms of the northern place names),
the first mention of Kosovo in the output is marked ``Kosovo*`` and the footnote is printed
once at the end. JSON output (``--json``, for scripts) is rendered the same way but gets no
footnote line, which would make it invalid JSON; a script reads the mode from ``sessions --json``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rules import wording


class WordedStream:
    """A text stream that writes to ``inner`` in a wording mode (see the module docstring)."""

    def __init__(self, inner: TextIO, mode: str, as_json: bool) -> None:
        self.inner = inner
        self.mode = mode
        self.as_json = as_json
        self.marked = as_json  # JSON keeps its values as rendered, without a first-mention mark
        self.wrote = False

    def write(self, text: str) -> int:
        out = wording.render_json_text(text, self.mode) if self.as_json else wording.render(text, self.mode)
        if not self.marked and "Kosovo" in out:
            out = wording.mark_first(out)
            self.marked = wording.DENOMINATION in out
        self.wrote = self.wrote or bool(out.strip())
        self.inner.write(out)
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def finish(self) -> None:
        """The footnote, once, below what was printed (text output only)."""
        note = wording.footnote(self.mode)
        if note and self.wrote and not self.as_json:
            self.inner.write(f"\n{note}\n")

    def __getattr__(self, name: str) -> object:  # fileno, isatty, encoding...: the real stream's
        return getattr(self.inner, name)


@contextmanager
def worded_stdout(mode: str | None, as_json: bool = False) -> Iterator[None]:
    """Print in ``mode`` inside the block (None or "plain": as it is)."""
    if mode is None or wording.Mode(mode) == wording.Mode.PLAIN:
        yield
        return
    inner = sys.stdout
    stream = WordedStream(inner, mode, as_json)
    sys.stdout = stream
    try:
        yield
        stream.finish()
    finally:
        sys.stdout = inner


def worded_text(text: str, mode: str, as_json: bool = False) -> str:
    """A command's whole answer in ``mode`` (the quick path computes it before printing)."""
    if wording.Mode(mode) == wording.Mode.PLAIN:
        return text
    return wording.render_json_text(text, mode) if as_json else wording.document(text, mode)


def session_wording(db: str | None, session_ids: list[int]) -> str | None:
    """The wording of the first of ``session_ids`` that can be read (None: none can; the command
    itself then reports why, in its own words)."""
    from game.db.errors import StoreError
    from game.db.lite import LiteReader, NotServed, sqlite_path

    # A number no database row can hold names no session: the command itself says so.
    session_ids = [sid for sid in session_ids if 0 < sid < 2**63]
    if not session_ids:
        return None
    path = sqlite_path(db)
    if path is not None:  # a SQLite save is read with the standard library (no SQLAlchemy start-up)
        try:
            with LiteReader(path) as lite:
                return lite.info(session_ids[0]).wording
        except NotServed:
            pass  # another revision, a damaged file, no such session: the store below, or the command, says so
    from game.store import Store

    try:
        with Store(db) as store:
            for sid in session_ids:
                try:
                    return store.info(sid).wording
                except (StoreError, KeyError, ValueError):
                    continue
    except StoreError:
        return None
    return None
